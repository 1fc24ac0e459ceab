//! What the GDPR asks, on both databases and through the real router: a person's data in one
//! file, erasure that keeps the accounting lines but nothing that names the person, the
//! retention review, the consent log, and the role checks.

use cheminement::accounts::Role;
use cheminement::db::{DbConn, now, schema};
use cheminement::events::{
    agenda,
    notices::Links,
    registrations::{self, Attendee, Channel},
};
use cheminement::members::{consents, history};
use chrono::{Days, NaiveDate, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::people_io::*;
use crate::common::*;

async fn start(backend: Backend) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    (storage, server)
}

/// An event three days ahead with a web registration of this person; returns the
/// registration's id.
fn register_to_event(conn: &mut DbConn, name: &str, email: &str) -> i64 {
    let start = now() + chrono::Duration::days(3);
    let input = crate::common::events::event_input(serde_json::json!({
        "title": "Concert du jeudi",
        "description": "Salle du bas.",
        "starts_at": start.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "ends_at": (start + chrono::Duration::hours(2)).format("%Y-%m-%dT%H:%M:%S").to_string(),
        "place_name": "Lieu Respirer",
        "place_address": "12 rue des Lilas, Lyon",
        "category": "MUSIC",
        "capacity": 20,
    }));
    let event = agenda::create(conn, &input, chrono_tz::Europe::Paris, None).unwrap();
    let links = Links {
        base: "http://localhost:8080".into(),
        site_name: "Lieu Respirer".into(),
        secret: b"test secret".to_vec(),
    };
    let who = Attendee::web(name, email, "fr").unwrap();
    registrations::register(
        conn,
        &links,
        event.id,
        &who,
        Channel::Web,
        None,
        "Je viens avec ma fille Léa",
    )
    .unwrap();
    registrations::list(conn, event.id).unwrap()[0].id
}

/// A person with a membership, a consent, a tag, a subscription-free history, an event
/// registration and a newsletter sent to them.
struct Person {
    id: i64,
    membership: i64,
    registration: i64,
    recipient: i64,
}

fn full_person(server: &TestServer) -> Person {
    let mut conn = server.app.db.conn().unwrap();
    let id = add_contact(
        &mut conn,
        "Hélène",
        "Dupuis",
        Some("Helene.Dupuis@example.org"),
    );
    diesel::update(schema::contacts::table.find(id))
        .set((
            schema::contacts::phone.eq("06 11 22 33 44"),
            schema::contacts::address.eq("3 rue des Lilas"),
            schema::contacts::city.eq("Lyon"),
            schema::contacts::notes.eq("Allergique aux chats"),
            schema::contacts::birth_date.eq(NaiveDate::from_ymd_opt(1985, 3, 4)),
        ))
        .execute(&mut *conn)
        .unwrap();
    let today = Utc::now().date_naive();
    let membership = add_membership(
        &mut conn,
        id,
        today - Days::new(30),
        today + Days::new(300),
        2500,
        Some("2026-0042"),
    );
    consents::record(
        &mut conn,
        id,
        cheminement::members::consents::ConsentKind::Newsletter,
        true,
        "paper form signed by Hélène Dupuis",
        None,
    )
    .unwrap();
    history::record(
        &mut conn,
        id,
        None,
        history::Action::Edited,
        "phone Hélène Dupuis",
    )
    .unwrap();
    let tag = diesel::insert_into(schema::tags::table)
        .values((
            schema::tags::name.eq("yoga"),
            schema::tags::kind.eq("tag"),
            schema::tags::description.eq(""),
            schema::tags::created_at.eq(now()),
        ))
        .returning(schema::tags::id)
        .get_result::<i64>(&mut *conn)
        .unwrap();
    diesel::insert_into(schema::contact_tags::table)
        .values((
            schema::contact_tags::contact_id.eq(id),
            schema::contact_tags::tag_id.eq(tag),
        ))
        .execute(&mut *conn)
        .unwrap();
    let registration = register_to_event(&mut conn, "Hélène Dupuis", "helene.dupuis@example.org");
    let recipient = add_campaign_recipient(&mut conn, id, "helene.dupuis@example.org");
    Person {
        id,
        membership,
        registration,
        recipient,
    }
}

both_backends!(async a_persons_export_holds_details_memberships_consents_and_traces);
async fn a_persons_export_holds_details_memberships_consents_and_traces(backend: Backend) {
    let (_s, server) = start(backend).await;
    let person = full_person(&server);
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let answer = admin
        .get(server.url(&format!("/dashboard/contacts/{}/export", person.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let disposition = answer.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"person-{}.json\"", person.id)
    );
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(json["contact"]["first_name"], "Hélène");
    assert_eq!(json["contact"]["phone"], "06 11 22 33 44");
    assert_eq!(json["memberships"][0]["amount_cents"], 2500);
    assert_eq!(json["memberships"][0]["receipt_number"], "2026-0042");
    assert!(json["memberships"][0]["category"].as_str().unwrap().len() > 1);
    assert_eq!(json["consents"][0]["kind"], "newsletter");
    assert_eq!(json["consents"][0]["given"], true);
    assert_eq!(json["tags"][0]["name"], "yoga");
    assert_eq!(json["event_registrations"][0]["event"], "Concert du jeudi");
    assert_eq!(json["campaigns"][0]["subject"], "La lettre de novembre");
    assert!(json["history"].as_array().unwrap().len() >= 2);

    // The export is noted in the person's history.
    let mut conn = server.app.db.conn().unwrap();
    let log = history::list(&mut conn, person.id).unwrap();
    assert_eq!(log[0].action, history::Action::Exported);
}

both_backends!(async erasure_keeps_the_membership_amounts_but_no_name_or_address_anywhere);
async fn erasure_keeps_the_membership_amounts_but_no_name_or_address_anywhere(backend: Backend) {
    let (_s, server) = start(backend).await;
    let person = full_person(&server);
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let path = format!("/dashboard/contacts/{}/anonymize", person.id);
    let page = admin
        .get(server.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Ce qui est effacé") && page.contains("Ce qui reste"),
        "{page}"
    );
    assert!(page.contains("dix ans"), "{page}");
    let csrf = csrf_in(&page);
    let answer = admin
        .post(server.url(&path))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let page = admin
        .get(server.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Cette fiche est anonyme"), "{page}");
    assert!(!page.contains("Hélène"), "{page}");

    let mut conn = server.app.db.conn().unwrap();
    let c = cheminement::members::contacts::find(&mut conn, person.id).unwrap();
    assert!(c.anonymized_at.is_some());
    assert_eq!(
        (
            c.first_name.as_str(),
            c.email.as_deref(),
            c.email_key.as_deref()
        ),
        ("", None, None)
    );
    assert_eq!(
        (
            c.phone.as_str(),
            c.address.as_str(),
            c.city.as_str(),
            c.notes.as_str()
        ),
        ("", "", "", "")
    );
    assert_eq!((c.birth_date, c.name_key.as_str()), (None, ""));
    assert!(!c.last_name.to_lowercase().contains("dupuis"));

    // The membership stays, with its amount, dates and receipt, on the anonymized record.
    let (owner, amount, receipt): (i64, i64, Option<String>) = schema::memberships::table
        .find(person.membership)
        .select((
            schema::memberships::contact_id,
            schema::memberships::amount_cents,
            schema::memberships::receipt_number,
        ))
        .first(&mut *conn)
        .unwrap();
    assert_eq!(
        (owner, amount, receipt.as_deref()),
        (person.id, 2500, Some("2026-0042"))
    );

    let (name, email, key, message): (String, Option<String>, String, String) =
        schema::registrations::table
            .find(person.registration)
            .select((
                schema::registrations::name,
                schema::registrations::email,
                schema::registrations::attendee_key,
                schema::registrations::message,
            ))
            .first(&mut *conn)
            .unwrap();
    assert!(
        !name.contains("Hélène") && email.is_none() && !key.contains('@') && message.is_empty()
    );

    let (r_email, r_contact): (String, Option<i64>) = schema::campaign_recipients::table
        .find(person.recipient)
        .select((
            schema::campaign_recipients::email,
            schema::campaign_recipients::contact_id,
        ))
        .first(&mut *conn)
        .unwrap();
    assert_eq!(
        (r_email, r_contact),
        (format!("erased-{}", person.recipient), None)
    );

    let tags: i64 = schema::contact_tags::table
        .filter(schema::contact_tags::contact_id.eq(person.id))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(tags, 0);
    let log = history::list(&mut conn, person.id).unwrap();
    assert_eq!(log[0].action, history::Action::Anonymized);
    assert!(log.iter().all(|h| h.detail.is_empty()), "{log:?}");
    let kept = consents::log(&mut conn, person.id).unwrap();
    assert_eq!(kept.len(), 1, "the consent's date and kind stay");
    assert!(kept[0].given && !kept[0].source.contains("Hélène"));

    // Nothing that names her anywhere in her export either.
    let data = cheminement::members::gdpr::export_person(&mut conn, person.id).unwrap();
    let text = serde_json::to_string(&data).unwrap().to_lowercase();
    assert!(
        !text.contains("hélène") && !text.contains("dupuis") && !text.contains("helene"),
        "{text}"
    );
    assert!(text.contains("2026-0042"));

    // Twice is harmless.
    drop(conn);
    let page = admin
        .get(server.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Cette fiche est anonyme"), "{page}");
    let token = server.token_for("api@x.test", Role::Treasurer);
    let answer = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/contacts/{}/anonymize", person.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let mut conn = server.app.db.conn().unwrap();
    let marks = history::list(&mut conn, person.id)
        .unwrap()
        .iter()
        .filter(|h| h.action == history::Action::Anonymized)
        .count();
    assert_eq!(marks, 1);
}

both_backends!(async the_retention_review_lists_inactive_people_without_a_current_membership);
async fn the_retention_review_lists_inactive_people_without_a_current_membership(backend: Backend) {
    let (_s, server) = start(backend).await;
    let today = Utc::now().date_naive();
    let (old, old_member, old_lapsed, recent) = {
        let mut conn = server.app.db.conn().unwrap();
        let old = add_contact(&mut conn, "Octave", "Ancien", Some("octave@example.org"));
        let old_member = add_contact(&mut conn, "Marie", "Fidèle", Some("marie@example.org"));
        let old_lapsed = add_contact(&mut conn, "Luc", "Parti", Some("luc@example.org"));
        let recent = add_contact(&mut conn, "Rita", "Récente", Some("rita@example.org"));
        for id in [old, old_member, old_lapsed] {
            age_contact(&mut conn, id, 4 * 366);
        }
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        add_membership(
            &mut conn,
            old_member,
            start,
            today + Days::new(5),
            1000,
            None,
        );
        add_membership(
            &mut conn,
            old_lapsed,
            start,
            today - Days::new(1),
            1000,
            None,
        );
        (old, old_member, old_lapsed, recent)
    };
    let treasurer = signed_in(&server, "tresorier@x.test", Role::Treasurer)
        .await
        .0;
    let page = treasurer
        .get(server.url("/dashboard/privacy"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Octave Ancien") && page.contains("Luc Parti"),
        "{page}"
    );
    assert!(
        !page.contains("Marie Fidèle") && !page.contains("Rita"),
        "{page}"
    );
    assert!(
        !page.contains("action=\"/dashboard/privacy/retention\""),
        "only admins set the period"
    );

    // Tick two, see them listed for confirmation, then erase them together.
    let csrf = csrf_in(&page);
    let ticked = [
        ("csrf", csrf.clone()),
        ("id", old.to_string()),
        ("id", old_lapsed.to_string()),
    ];
    let confirm_page = treasurer
        .post(server.url("/dashboard/privacy/anonymize"))
        .form(&ticked)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        confirm_page.contains("Confirmer l&#39;effacement"),
        "{confirm_page}"
    );
    {
        let mut conn = server.app.db.conn().unwrap();
        let c = cheminement::members::contacts::find(&mut conn, old).unwrap();
        assert!(
            c.anonymized_at.is_none(),
            "nothing happens before the confirmation"
        );
    }
    let mut confirmed = ticked.to_vec();
    confirmed.push(("confirm", "yes".into()));
    let answer = treasurer
        .post(server.url("/dashboard/privacy/anonymize"))
        .form(&confirmed)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let mut conn = server.app.db.conn().unwrap();
    for id in [old, old_lapsed] {
        assert!(
            cheminement::members::contacts::find(&mut conn, id)
                .unwrap()
                .anonymized_at
                .is_some()
        );
    }
    for id in [old_member, recent] {
        assert!(
            cheminement::members::contacts::find(&mut conn, id)
                .unwrap()
                .anonymized_at
                .is_none()
        );
    }
    drop(conn);
    let page = treasurer
        .get(server.url("/dashboard/privacy?erased=2"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Personne n&#39;est inactif"), "{page}");

    // The admin shortens the period: the recent one is not listed (3 months), the
    // settings form refuses nonsense.
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let page = admin
        .get(server.url("/dashboard/privacy"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let answer = admin
        .post(server.url("/dashboard/privacy/retention"))
        .form(&[("csrf", csrf.as_str()), ("months", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = admin
        .post(server.url("/dashboard/privacy/retention"))
        .form(&[("csrf", csrf.as_str()), ("months", "12")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let token = server.token_for("api@x.test", Role::Admin);
    let json: serde_json::Value = reqwest::Client::new()
        .get(server.url("/api/v1/privacy/retention"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["months"], 12);
    assert_eq!(json["people"].as_array().unwrap().len(), 0, "{json}");

    // A treasurer cannot change the period.
    let page = treasurer
        .get(server.url("/dashboard/privacy"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let answer = treasurer
        .post(server.url("/dashboard/privacy/retention"))
        .form(&[("csrf", csrf.as_str()), ("months", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
}

both_backends!(async the_consent_log_lists_every_line_newest_first_with_a_csv);
async fn the_consent_log_lists_every_line_newest_first_with_a_csv(backend: Backend) {
    let (_s, server) = start(backend).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        let anne = add_contact(&mut conn, "Anne", "Martin", Some("anne@example.org"));
        let bruno = add_contact(&mut conn, "Bruno", "Petit", Some("bruno@example.org"));
        consents::record(
            &mut conn,
            anne,
            cheminement::members::consents::ConsentKind::Newsletter,
            true,
            "web form /newsletter",
            None,
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        consents::record(
            &mut conn,
            bruno,
            cheminement::members::consents::ConsentKind::Photos,
            true,
            "paper form",
            None,
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        consents::record(
            &mut conn,
            anne,
            cheminement::members::consents::ConsentKind::Newsletter,
            false,
            "unsubscribe link",
            None,
        )
        .unwrap();
    }
    let admin = signed_in(&server, "admin@x.test", Role::Admin).await.0;
    let page = admin
        .get(server.url("/dashboard/privacy/consents"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let withdrawn = page
        .find(cheminement::i18n::Lang::Fr.t("consent_source_unsubscribe_link"))
        .expect("the newest line");
    let photos = page.find("paper form").unwrap();
    let given = page.find("web form /newsletter").unwrap();
    assert!(withdrawn < photos && photos < given, "newest first: {page}");
    assert!(
        page.contains("Bruno Petit") && page.contains("retiré"),
        "{page}"
    );
    let csv = admin
        .get(server.url("/dashboard/privacy/consents.csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv.to_vec()).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(
        text.contains(
            ";Anne Martin;anne@example.org;lettre d'information;retiré;lien de désinscription"
        ),
        "{text}"
    );
}

both_backends!(async editors_cannot_see_or_erase_people);
async fn editors_cannot_see_or_erase_people(backend: Backend) {
    let (_s, server) = start(backend).await;
    let id = {
        let mut conn = server.app.db.conn().unwrap();
        add_contact(&mut conn, "Anne", "Martin", Some("anne@example.org"))
    };
    let editor = signed_in(&server, "editor@x.test", Role::Editor).await.0;
    for path in [
        format!("/dashboard/contacts/{id}/export"),
        format!("/dashboard/contacts/{id}/anonymize"),
        "/dashboard/privacy".to_string(),
        "/dashboard/privacy/consents".to_string(),
        "/dashboard/privacy/consents.csv".to_string(),
    ] {
        let answer = editor.get(server.url(&path)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let token = server.token_for("editor-api@x.test", Role::Editor);
    let api = reqwest::Client::new();
    for (method, path) in [
        ("GET", format!("/api/v1/contacts/{id}/export")),
        ("POST", format!("/api/v1/contacts/{id}/anonymize")),
        ("GET", "/api/v1/privacy/retention".to_string()),
    ] {
        let answer = api
            .request(method.parse().unwrap(), server.url(&path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let mut conn = server.app.db.conn().unwrap();
    assert!(
        cheminement::members::contacts::find(&mut conn, id)
            .unwrap()
            .anonymized_at
            .is_none()
    );
    // The API's own export works for the treasurer, and says 404 for nobody.
    drop(conn);
    let token = server.token_for("tresorier@x.test", Role::Treasurer);
    let answer = api
        .get(server.url(&format!("/api/v1/contacts/{id}/export")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(json["contact"]["email"], "anne@example.org");
    let answer = api
        .get(server.url("/api/v1/contacts/999999/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}

#[test]
fn the_openapi_document_describes_import_export_erasure_and_retention() {
    let doc = serde_json::to_value(cheminement::web::api::document()).unwrap();
    for path in [
        "/api/v1/contacts/{id}/export",
        "/api/v1/contacts/{id}/anonymize",
        "/api/v1/contacts/import",
        "/api/v1/privacy/retention",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is missing");
    }
    assert!(
        doc["paths"]["/api/v1/contacts/import"]["post"]["requestBody"]["content"]["text/csv"]
            .is_object()
    );
}
