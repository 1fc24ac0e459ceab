//! Members and memberships through the real router, database, job queue and a real SMTP
//! server on loopback: role checks, recording memberships from the dashboard (and their bad
//! amounts), the period rules and their settings, family memberships, the member lists and
//! their counts, categories, renewal reminders that go once, a member's own page, and the API.

use cheminement::accounts::Role;
use cheminement::db::schema;
use cheminement::members::{
    categories::{self},
    history, memberships, reminders,
};
use chrono::{NaiveDate, Timelike};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::members::*;
use crate::common::{Backend, SmtpSink, Storage, TestServer, signed_in};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

async fn start(backend: Backend) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    (storage, server)
}

async fn api(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn log_of(server: &TestServer, contact_id: i64) -> Vec<history::Entry> {
    history::list(&mut server.app.db.conn().unwrap(), contact_id).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Recording memberships in the dashboard

both_backends!(async an_editor_is_refused_and_a_treasurer_records_a_membership_from_the_form);
async fn an_editor_is_refused_and_a_treasurer_records_a_membership_from_the_form(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let alice = new_contact(&server, "Alice", "Martin", "alice@example.org");
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let path = format!("/dashboard/contacts/{}/memberships", alice.id);
    let today = iso(today_paris());
    let category = normal.id.to_string();
    let form = [
        ("category_id", category.as_str()),
        ("amount", ""),
        ("paid_on", today.as_str()),
        ("payment_method", "cheque"),
        ("receipt_number", "R-2026-012"),
        ("notes", "Chèque n° 1234"),
    ];

    let editor = signed_in(&server, "ed@example.org", Role::Editor).await.0;
    for p in [
        "/dashboard/members",
        path.as_str(),
        "/dashboard/members/categories",
        "/dashboard/members/settings",
        "/dashboard/members?view=lapsed",
    ] {
        assert_eq!(
            get_page(&editor, &server, p).await.0,
            StatusCode::FORBIDDEN,
            "{p}"
        );
    }
    let (status, _, _) = post_page(&editor, &server, &path, &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(memberships_of(&server, alice.id).is_empty());

    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(&treasurer, &server, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Pas encore adhérent·e"), "{html}");
    // The fixed category proposes its amount.
    assert!(html.contains("Normale (Montant fixe (normale, réduite…), 25,00 €)"));
    // A treasurer keeps members, not the settings.
    assert_eq!(
        get_page(&treasurer, &server, "/dashboard/members/settings")
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let (status, location, _) = post_page(&treasurer, &server, &path, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}?done=saved"));
    let recorded = memberships_of(&server, alice.id);
    assert_eq!(recorded.len(), 1);
    let m = &recorded[0];
    let year = today_paris().format("%Y").to_string().parse().unwrap();
    assert_eq!(m.amount_cents, 2500, "an empty amount is the category's");
    assert_eq!((m.starts_on, m.ends_on), (d(year, 1, 1), d(year, 12, 31)));
    assert_eq!(m.payment_method, memberships::PaymentMethod::Cheque);
    assert_eq!(m.receipt_number.as_deref(), Some("R-2026-012"));
    assert_eq!(m.notes, "Chèque n° 1234");
    assert!(
        log_of(&server, alice.id)
            .iter()
            .any(|e| e.action == history::Action::Membership && e.detail.contains("added")),
        "the membership is in the person's history"
    );

    let (_, html) = get_page(&treasurer, &server, &format!("{path}?done=saved")).await;
    assert!(html.contains(&format!("31/12/{year}")), "{html}");
    assert!(html.contains("R-2026-012"));
    assert!(html.contains("Chèque"));
    server.stop().await;
}

both_backends!(async bad_amounts_and_dates_are_refused_clearly_and_nothing_is_written);
async fn bad_amounts_and_dates_are_refused_clearly_and_nothing_is_written(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let bea = new_contact(&server, "Béa", "Roux", "bea@example.org");
    let free = free_category(&server);
    let path = format!("/dashboard/contacts/{}/memberships", bea.id);
    let today = iso(today_paris());
    let category = free.id.to_string();
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;

    let cases: [(&str, &str, &str, &str); 5] = [
        ("0,50", "cash", today.as_str(), "en dessous du minimum"),
        (
            "douze",
            "cash",
            today.as_str(),
            "Écrivez un montant en euros",
        ),
        (
            "",
            "cash",
            today.as_str(),
            "cette catégorie est à prix libre",
        ),
        (
            "5",
            "",
            today.as_str(),
            "Choisissez comment la personne a payé",
        ),
        ("5", "cash", "2099-01-01", "ne peut pas être dans le futur"),
    ];
    for (amount, method, paid_on, message) in cases {
        let (status, _, html) = post_page(
            &treasurer,
            &server,
            &path,
            &[
                ("category_id", category.as_str()),
                ("amount", amount),
                ("paid_on", paid_on),
                ("payment_method", method),
                ("receipt_number", "R-7"),
            ],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{amount} {method}"
        );
        assert!(html.contains(message), "{amount}: {message}");
        assert!(html.contains("aria-invalid=\"true\""));
        // What was typed is kept.
        assert!(html.contains(&format!("name=\"amount\" value=\"{amount}\"")));
        assert!(html.contains("value=\"R-7\""));
    }
    assert!(memberships_of(&server, bea.id).is_empty());

    let token = server.token_for("script@example.org", Role::Treasurer);
    let post = |body: Value| {
        api(
            &server,
            &token,
            reqwest::Method::POST,
            "/api/v1/memberships",
            Some(body),
        )
    };
    let base = json!({"contact_id": bea.id, "category_id": free.id, "paid_on": today, "payment_method": "card"});
    let with = |extra: Value| {
        let mut body = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for (body, field) in [
        (with(json!({"amount_cents": -100})), "amount"),
        (with(json!({"amount_cents": 50})), "amount"),
        (with(json!({"amount_cents": 1_000_000_000})), "amount"),
        (
            with(json!({"amount_cents": 500, "category_id": 99999})),
            "category_id",
        ),
        (
            with(json!({"amount_cents": 500, "payment_method": "bitcoin"})),
            "payment_method",
        ),
        (
            with(json!({"amount_cents": 500, "paid_on": null})),
            "paid_on",
        ),
    ] {
        let (status, answer) = post(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            answer["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == field),
            "{answer}"
        );
    }
    let (status, _) = post(with(json!({"amount_cents": 500, "contact_id": 99999}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(json!({"contact_id": "nobody"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        memberships_of(&server, bea.id).is_empty(),
        "nothing half-written"
    );

    // A free amount at the minimum or above is fine.
    let (status, answer) = post(with(json!({"amount_cents": 100}))).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// The period

both_backends!(async the_admin_sets_the_season_and_renewals_paid_early_follow_the_current_membership);
async fn the_admin_sets_the_season_and_renewals_paid_early_follow_the_current_membership(
    backend: Backend,
) {
    let (_storage, server) = start(backend).await;
    let admin = signed_in(&server, "admin@example.org", Role::Admin).await.0;
    let (status, html) = get_page(&admin, &server, "/dashboard/members/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"30,7\""), "default reminders before");
    assert!(html.contains("name=\"reminders_after\" value=\"30\""));

    let settings =
        |period: &'static str, day: &'static str, month: &'static str, before: &'static str| {
            vec![
                ("period", period),
                ("start_day", day),
                ("start_month", month),
                ("reminders_before", before),
                ("reminders_after", "30"),
            ]
        };
    let (status, _, html) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("season", "29", "2", "30,7"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("pas le 29 février"));
    let (status, _, html) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("season", "1", "9", "30,x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("value=\"30,x\""), "what was typed is kept");
    let (status, _, _) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("season", "1", "9", "7, 30"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    {
        let mut conn = server.app.db.conn().unwrap();
        let get = |c: &mut _, k| cheminement::db::settings::get(c, k).unwrap();
        assert_eq!(
            get(&mut conn, "membership_period").as_deref(),
            Some("season")
        );
        assert_eq!(
            get(&mut conn, "membership_year_start").as_deref(),
            Some("09-01")
        );
        assert_eq!(
            get(&mut conn, "membership_reminders_before").as_deref(),
            Some("30,7")
        );
        assert_eq!(
            get(&mut conn, "membership_reminders_after").as_deref(),
            Some("30")
        );
    }

    let token = server.token_for("tresor@example.org", Role::Treasurer);
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let bob = new_contact(&server, "Bob", "Durand", "bob@example.org");
    let record = |contact: i64, paid_on: &str| {
        api(
            &server,
            &token,
            reqwest::Method::POST,
            "/api/v1/memberships",
            Some(
                json!({"contact_id": contact, "category_id": normal.id, "paid_on": paid_on, "payment_method": "cash"}),
            ),
        )
    };
    let period = |v: &Value| (v["starts_on"].clone(), v["ends_on"].clone());
    let (status, first) = record(bob.id, "2024-10-01").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(period(&first), (json!("2024-09-01"), json!("2025-08-31")));
    assert_eq!(first["amount_cents"], 2500);
    // Paid in August for the coming season: starts the day after the current one ends.
    let (_, renewal) = record(bob.id, "2025-08-20").await;
    assert_eq!(period(&renewal), (json!("2025-09-01"), json!("2026-08-31")));

    // Twelve rolling months, across a leap day.
    let (status, _, _) = post_page(
        &admin,
        &server,
        "/dashboard/members/settings",
        &settings("rolling", "1", "9", "30,7"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cleo = new_contact(&server, "Cléo", "Faure", "cleo@example.org");
    let (_, leap) = record(cleo.id, "2024-02-29").await;
    assert_eq!(period(&leap), (json!("2024-02-29"), json!("2025-02-28")));
    let (_, early) = record(cleo.id, "2025-02-10").await;
    assert_eq!(period(&early), (json!("2025-03-01"), json!("2026-02-28")));
    // An edit of the first payment's date computes its period again; the renewal stays.
    let (status, edited) = api(
        &server,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/memberships/{}", leap["id"]),
        Some(json!({"category_id": normal.id, "paid_on": "2024-03-01", "payment_method": "cash", "amount_cents": 1000})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(period(&edited), (json!("2024-03-01"), json!("2025-02-28")));
    assert_eq!(edited["amount_cents"], 1000);
    let (_, again) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/memberships/{}", early["id"]),
        None,
    )
    .await;
    assert_eq!(period(&again), (json!("2025-03-01"), json!("2026-02-28")));
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Family memberships

both_backends!(async a_family_membership_covers_the_people_found_and_ticked);
async fn a_family_membership_covers_the_people_found_and_ticked(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let paul = new_contact(&server, "Paul", "Garnier", "paul@example.org");
    let lea = new_contact(&server, "Léa", "Garnier", "lea@example.org");
    let tom = new_contact(&server, "Tom", "Garnier", "");
    let family = new_category(&server, "Famille", "family", 4000);
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let path = format!("/dashboard/contacts/{}/memberships", paul.id);
    let today = iso(today_paris());
    let fam = family.id.to_string();

    // "Find" looks for people and keeps what was typed; it saves nothing.
    let (status, _, html) = post_page(
        &treasurer,
        &server,
        &path,
        &[
            ("category_id", fam.as_str()),
            ("paid_on", today.as_str()),
            ("payment_method", "transfer"),
            ("receipt_number", "F-1"),
            ("find", "LEA garnier"),
            ("op", "find"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("name=\"person_{}\" value=\"on\">", lea.id)),
        "{html}"
    );
    assert!(!html.contains(&format!("name=\"person_{}\"", tom.id)));
    assert!(
        !html.contains(&format!("name=\"person_{}\"", paul.id)),
        "never the payer"
    );
    assert!(html.contains("value=\"F-1\""));
    assert!(memberships_of(&server, paul.id).is_empty());

    let lea_box = format!("person_{}", lea.id);
    let tom_box = format!("person_{}", tom.id);
    let paul_box = format!("person_{}", paul.id);
    // Only a family category covers others; the payer cannot cover themselves.
    let nor = normal.id.to_string();
    for (category, person, message) in [
        (
            nor.as_str(),
            lea_box.as_str(),
            "Seule une adhésion famille couvre",
        ),
        (fam.as_str(), paul_box.as_str(), "ne peut pas être couverte"),
    ] {
        let (status, _, html) = post_page(
            &treasurer,
            &server,
            &path,
            &[
                ("category_id", category),
                ("paid_on", today.as_str()),
                ("payment_method", "transfer"),
                (person, "on"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(message), "{message}");
    }

    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &path,
        &[
            ("category_id", fam.as_str()),
            ("paid_on", today.as_str()),
            ("payment_method", "transfer"),
            (lea_box.as_str(), "on"),
            (tom_box.as_str(), "on"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let m = &memberships_of(&server, paul.id)[0];
    assert_eq!(m.amount_cents, 4000);
    let covered: Vec<i64> = memberships::people(&mut server.app.db.conn().unwrap(), m.id)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(covered.len(), 2);
    assert!(covered.contains(&lea.id) && covered.contains(&tom.id));
    // Everyone it covers is a member up to its last day, and no longer after it.
    let mut conn = server.app.db.conn().unwrap();
    let on_last_day = memberships::current_member_contacts(&mut conn, m.ends_on).unwrap();
    assert!(
        [paul.id, lea.id, tom.id]
            .iter()
            .all(|id| on_last_day.contains(id))
    );
    let after =
        memberships::current_member_contacts(&mut conn, m.ends_on.succ_opt().unwrap()).unwrap();
    assert!(
        [paul.id, lea.id, tom.id]
            .iter()
            .all(|id| !after.contains(id))
    );
    drop(conn);

    // Léa counts as a member, and her page says whose membership covers her.
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (_, answer) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/contacts/{}/memberships", lea.id),
        None,
    )
    .await;
    let status = answer["status"]["status"].as_str().unwrap();
    assert!(status == "current" || status == "to_renew", "{answer}");
    assert_eq!(answer["memberships"][0]["covered_by"]["id"], paul.id);
    let (_, html) = get_page(
        &treasurer,
        &server,
        &format!("/dashboard/contacts/{}/memberships", lea.id),
    )
    .await;
    assert!(html.contains("Couvert·e par l"));
    assert!(html.contains("Paul Garnier"));

    // Editing the membership keeps the people ticked; unticking Tom removes him.
    let (_, html) = get_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}", m.id),
    )
    .await;
    assert!(html.contains(&format!("name=\"{lea_box}\" value=\"on\" checked")));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}", m.id),
        &[
            ("category_id", fam.as_str()),
            ("amount", "40"),
            ("paid_on", today.as_str()),
            ("payment_method", "transfer"),
            (lea_box.as_str(), "on"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let covered = memberships::people(&mut server.app.db.conn().unwrap(), m.id).unwrap();
    assert_eq!(covered.len(), 1);
    assert_eq!(covered[0].id, lea.id);
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Editing and deleting

both_backends!(async deleting_a_membership_asks_to_confirm_and_leaves_a_line_in_the_history);
async fn deleting_a_membership_asks_to_confirm_and_leaves_a_line_in_the_history(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let zoe = new_contact(&server, "Zoé", "Blanc", "zoe@example.org");
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let m = new_membership(&server, zoe.id, &normal, 2500, today_paris(), vec![]);
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}", m.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The delete button sits behind a confirmation step.
    let danger = html
        .find("<details class=\"danger-zone\">")
        .expect("a confirmation step");
    let confirm = html.find("Oui, supprimer cette adhésion").unwrap();
    assert!(confirm > danger);

    let editor = signed_in(&server, "ed@example.org", Role::Editor).await.0;
    let (status, _, _) = post_page(
        &editor,
        &server,
        &format!("/dashboard/memberships/{}/delete", m.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(memberships_of(&server, zoe.id).len(), 1);

    let (status, location, _) = post_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}/delete", m.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!("/dashboard/contacts/{}/memberships?done=deleted", zoe.id)
    );
    assert!(memberships_of(&server, zoe.id).is_empty());
    assert!(
        log_of(&server, zoe.id)
            .iter()
            .any(|e| e.action == history::Action::Membership && e.detail.starts_with("deleted"))
    );
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("/dashboard/memberships/{}/delete", m.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// The member lists

both_backends!(async the_lists_count_and_show_members_those_to_renew_and_those_who_lapsed);
async fn the_lists_count_and_show_members_those_to_renew_and_those_who_lapsed(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let family = new_category(&server, "Famille", "family", 4000);
    let t = days_from_today;
    let anne = new_contact(&server, "Anne", "Martin", "anne@example.org");
    let bruno = new_contact(&server, "Bruno", "Dubois", "bruno@example.org");
    let chloe = new_contact(&server, "Chloé", "Petit", "chloe@example.org");
    let _denis = new_contact(&server, "Denis", "Roux", "denis@example.org");
    let emile = new_contact(&server, "Émile", "Lefèvre", "emile@example.org");
    let fanny = new_contact(&server, "Fanny", "Garnier", "fanny@example.org");
    let gaston = new_contact(&server, "Gaston", "Bernard", "gaston@example.org");

    let fam = new_membership(
        &server,
        anne.id,
        &family,
        4000,
        today_paris(),
        vec![emile.id],
    );
    set_period(&server, fam.id, t(-100), t(200));
    membership_between(&server, bruno.id, &normal, t(-300), t(10));
    membership_between(&server, chloe.id, &normal, t(-400), t(-5));
    membership_between(&server, fanny.id, &normal, t(-10), t(300));
    membership_between(&server, gaston.id, &normal, t(-800), t(-400));
    membership_between(&server, gaston.id, &normal, t(-30), t(330));
    diesel::update(schema::contacts::table.find(fanny.id))
        .set(schema::contacts::anonymized_at.eq(Some(cheminement::db::now())))
        .execute(&mut *server.app.db.conn().unwrap())
        .unwrap();

    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(&treasurer, &server, "/dashboard/members").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("4 adhérents à jour, dont 1 à renouveler bientôt."),
        "{html}"
    );
    assert!(html.contains("Adhérents (4)"));
    assert!(html.contains("À renouveler (1)"));
    assert!(html.contains("Adhésion terminée (1)"));
    // Sorted by last name: Bernard, Dubois, Lefèvre, Martin.
    let at = |name: &str| {
        html.find(name)
            .unwrap_or_else(|| panic!("{name} is listed"))
    };
    assert!(at("Gaston Bernard") < at("Bruno Dubois"));
    assert!(at("Bruno Dubois") < at("Émile Lefèvre"));
    assert!(at("Émile Lefèvre") < at("Anne Martin"));
    for absent in ["Chloé Petit", "Denis Roux", "Fanny"] {
        assert!(!html.contains(absent), "{absent} is not a member today");
    }
    // Émile is a member by Anne's family membership.
    let emile_row = &html[at("Émile Lefèvre")..];
    let emile_row = &emile_row[..emile_row.find("</tr>").unwrap()];
    assert!(emile_row.contains("Famille"));
    assert!(emile_row.contains("40,00 €"));
    assert!(html.contains("href=\"/dashboard/members/export.csv?view=current\""));

    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?view=renew").await;
    assert!(html.contains("Bruno Dubois"));
    assert!(!html.contains("Anne Martin"));
    assert!(html.contains(&t(10).format("%d/%m/%Y").to_string()));
    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?view=lapsed").await;
    assert!(html.contains("Chloé Petit"));
    assert!(html.contains("Terminée le"));
    assert!(!html.contains("Gaston Bernard"), "Gaston renewed");
    assert!(html.contains("href=\"/dashboard/members/export.csv?view=lapsed\""));

    // The search folds accents and case.
    for q in ["lefevre", "EMILE", "émile lef"] {
        let (_, html) = get_page(
            &treasurer,
            &server,
            &format!("/dashboard/members?view=current&q={}", urlencoded(q)),
        )
        .await;
        assert!(html.contains("Émile Lefèvre"), "{q}");
        assert!(!html.contains("Anne Martin"), "{q}");
    }
    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?q=zzz").await;
    assert!(html.contains("Aucune personne de cette liste ne porte ce nom."));

    // 50 a page, through the API as through the page.
    for n in 0..52 {
        let c = new_contact(&server, "Membre", &format!("Zz{n:02}"), "");
        membership_between(&server, c.id, &normal, t(-1), t(100));
    }
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (status, first) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/members",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first["counts"],
        json!({"current": 56, "renew": 1, "lapsed": 1})
    );
    assert_eq!(first["members"].as_array().unwrap().len(), 50);
    assert_eq!(first["more"], true);
    assert_eq!(first["members"][0]["last_name"], "Bernard");
    let (_, second) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/members?view=current&page=2",
        None,
    )
    .await;
    assert_eq!(second["members"].as_array().unwrap().len(), 6);
    assert_eq!(second["more"], false);
    let (_, html) = get_page(&treasurer, &server, "/dashboard/members?page=2").await;
    assert!(html.contains("Zz51"));
    assert!(html.contains("Page précédente"));
    let (status, _) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/members?view=everyone",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let editor_token = server.token_for("ed@example.org", Role::Editor);
    let (status, _) = api(
        &server,
        &editor_token,
        reqwest::Method::GET,
        "/api/v1/members",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Categories

both_backends!(async categories_are_added_edited_deactivated_and_ordered);
async fn categories_are_added_edited_deactivated_and_ordered(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(&treasurer, &server, "/dashboard/members/categories").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Adhésion à prix libre"),
        "made by the migration"
    );
    assert!(html.contains("à partir de 1,00 €"));

    let (status, _, html) = post_page(
        &treasurer,
        &server,
        "/dashboard/members/categories",
        &[("name", "Réduite"), ("kind", "fixed"), ("amount", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Indiquez le montant de cette catégorie."));
    assert!(html.contains("value=\"Réduite\""));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        "/dashboard/members/categories",
        &[("name", "Réduite"), ("kind", "fixed"), ("amount", "10,50")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let all = categories::all(&mut server.app.db.conn().unwrap()).unwrap();
    let reduced = all.iter().find(|c| c.name == "Réduite").unwrap().clone();
    assert_eq!(reduced.amount_cents, Some(1050));
    assert_eq!(all.last().unwrap().id, reduced.id, "added at the end");

    let edit = format!("/dashboard/members/categories/{}", reduced.id);
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &edit,
        &[
            ("name", "Réduite (étudiants)"),
            ("kind", "fixed"),
            ("amount", "8"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("{edit}/move"),
        &[("direction", "up")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let all = categories::all(&mut server.app.db.conn().unwrap()).unwrap();
    assert_eq!(all[0].name, "Réduite (étudiants)");
    assert_eq!(all[0].amount_cents, Some(800));

    // Deactivated: no longer offered for a new membership.
    let alice = new_contact(&server, "Alice", "Martin", "alice@example.org");
    let form = format!("/dashboard/contacts/{}/memberships", alice.id);
    let (_, html) = get_page(&treasurer, &server, &form).await;
    assert!(html.contains("Réduite (étudiants)"));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("{edit}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get_page(&treasurer, &server, &form).await;
    assert!(!html.contains("Réduite (étudiants)"));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &form,
        &[
            ("category_id", &reduced.id.to_string()),
            ("paid_on", &iso(today_paris())),
            ("payment_method", "cash"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an inactive category is refused"
    );

    // The API: the list, and adding one (treasurers yes, editors no).
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (status, list) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/membership-categories",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["active"], false);
    let (status, made) = api(
        &server,
        &token,
        reqwest::Method::POST,
        "/api/v1/membership-categories",
        Some(json!({"name": "Famille", "kind": "family", "amount_cents": 4000})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["kind"], "family");
    let (status, _) = api(
        &server,
        &token,
        reqwest::Method::POST,
        "/api/v1/membership-categories",
        Some(json!({"name": "Don", "kind": "donation"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let editor = server.token_for("ed@example.org", Role::Editor);
    let (status, _) = api(
        &server,
        &editor,
        reqwest::Method::GET,
        "/api/v1/membership-categories",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Renewal reminders

/// Runs the daily reminders now: the waiting run made due, or a run added now; then waits
/// for it and for the mails it queued.
async fn run_reminders(server: &TestServer) {
    {
        let mut conn = server.app.db.conn().unwrap();
        let made_due = diesel::update(
            schema::jobs::table
                .filter(schema::jobs::kind.eq(reminders::JOB_KIND))
                .filter(schema::jobs::status.eq("pending")),
        )
        .set(schema::jobs::run_at.eq(cheminement::db::now()))
        .execute(&mut *conn)
        .unwrap();
        if made_due == 0 {
            cheminement::jobs::enqueue(&mut conn, reminders::JOB_KIND, &reminders::Daily {}, 5)
                .unwrap();
        }
    }
    server.settle().await;
}

fn pending_daily_runs(server: &TestServer) -> Vec<chrono::NaiveDateTime> {
    use schema::jobs;
    jobs::table
        .filter(jobs::kind.eq(reminders::JOB_KIND))
        .filter(jobs::status.eq("pending"))
        .select(jobs::run_at)
        .load(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

/// Waits until the server has scheduled its daily run (it does so as it starts).
async fn daily_runs_after_start(server: &TestServer) -> Vec<chrono::NaiveDateTime> {
    for _ in 0..100 {
        let runs = pending_daily_runs(server);
        if !runs.is_empty() {
            return runs;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Vec::new()
}

fn is_eight_in_paris(run_at: chrono::NaiveDateTime) -> bool {
    let local = run_at.and_utc().with_timezone(&chrono_tz::Europe::Paris);
    (local.hour(), local.minute(), local.second()) == (8, 0, 0) && run_at > cheminement::db::now()
}

both_backends!(async reminders_go_once_and_never_to_someone_who_renewed_or_cannot_receive_mail);
async fn reminders_go_once_and_never_to_someone_who_renewed_or_cannot_receive_mail(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let url = smtp.url();
    let settings = [("CHEMINEMENT_SMTP_URL", url.as_str())];
    let server = TestServer::start_with(&storage, &settings).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        pending_daily_runs(&server).is_empty(),
        "a base without members keeps an empty queue"
    );

    let normal = new_category(&server, "Normale", "fixed", 2500);
    let t = days_from_today;
    let alice = new_contact(&server, "Alice", "Martin", "alice@example.org");
    set_lang(&server, alice.id, "en");
    membership_between(&server, alice.id, &normal, t(-358), t(7));
    // The first membership started the daily run.
    assert_eq!(pending_daily_runs(&server).len(), 1);
    let bob = new_contact(&server, "Bob", "Durand", "bob@example.org");
    membership_between(&server, bob.id, &normal, t(-358), t(7));
    membership_between(&server, bob.id, &normal, t(8), t(372));
    let carol = new_contact(&server, "Carol", "Petit", "carol@example.org");
    membership_between(&server, carol.id, &normal, t(-395), t(-30));
    let dan = new_contact(&server, "Dan", "Roux", "dan@example.org");
    membership_between(&server, dan.id, &normal, t(-358), t(7));
    diesel::update(schema::contacts::table.find(dan.id))
        .set(schema::contacts::email_bounced_at.eq(Some(cheminement::db::now())))
        .execute(&mut *server.app.db.conn().unwrap())
        .unwrap();
    let eve = new_contact(&server, "Eve", "Sans-adresse", "");
    membership_between(&server, eve.id, &normal, t(-358), t(7));
    let fred = new_contact(&server, "Fred", "Blanc", "fred@example.org");
    membership_between(&server, fred.id, &normal, t(-345), t(20));
    // Gina's week-before day was two days ago (the server was down): caught up.
    let gina = new_contact(&server, "Gina", "Faure", "gina@example.org");
    membership_between(&server, gina.id, &normal, t(-360), t(5));
    assert_eq!(
        pending_daily_runs(&server).len(),
        1,
        "one run, whatever the number of memberships"
    );

    run_reminders(&server).await;
    // The run came back for tomorrow morning, 08:00 in Paris.
    let runs = pending_daily_runs(&server);
    assert_eq!(runs.len(), 1);
    assert!(is_eight_in_paris(runs[0]), "{runs:?}");
    run_reminders(&server).await;
    let mails = smtp.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails = if smtp.mails().len() > mails.len() {
        smtp.mails()
    } else {
        mails
    };
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        vec!["alice@example.org", "carol@example.org", "gina@example.org"],
        "one mail each, after two runs"
    );

    let alice_mail = mails
        .iter()
        .find(|m| m.to[0] == "alice@example.org")
        .unwrap();
    let (subject, text) = readable(&alice_mail.data);
    let end = cheminement::i18n::dates::date(cheminement::i18n::Lang::En, &t(7));
    assert_eq!(
        subject,
        format!("Your membership of Lieu Respirer ends on {end}")
    );
    assert!(text.contains(&format!("Your membership of Lieu Respirer ends on {end}.")));
    assert!(
        text.contains(&format!("To renew it: {}", server.base)),
        "{text}"
    );
    let carol_mail = mails
        .iter()
        .find(|m| m.to[0] == "carol@example.org")
        .unwrap();
    let (subject, text) = readable(&carol_mail.data);
    let ended = cheminement::i18n::dates::date(cheminement::i18n::Lang::Fr, &t(-30));
    assert!(
        subject.contains(&format!("s'est terminée le {ended}")),
        "{subject}"
    );
    assert!(
        text.contains(&format!("Pour la renouveler : {}", server.base)),
        "{text}"
    );

    let sent: Vec<(i64, i32)> = schema::membership_reminders::table
        .select((
            schema::membership_reminders::membership_id,
            schema::membership_reminders::offset_days,
        ))
        .load(&mut *server.app.db.conn().unwrap())
        .unwrap();
    let mut offsets: Vec<i32> = sent.iter().map(|(_, o)| *o).collect();
    offsets.sort();
    assert_eq!(offsets, vec![-7, -7, 30]);
    assert!(
        log_of(&server, alice.id)
            .iter()
            .any(|e| e.action == history::Action::Reminded)
    );
    assert!(
        !log_of(&server, bob.id)
            .iter()
            .any(|e| e.action == history::Action::Reminded)
    );
    assert_eq!(
        pending_daily_runs(&server).len(),
        1,
        "never two runs waiting"
    );

    // A server that starts with members and no run waiting schedules one.
    server.stop().await;
    diesel::delete(schema::jobs::table.filter(schema::jobs::kind.eq(reminders::JOB_KIND)))
        .execute(
            &mut *cheminement::db::Db::open(&storage.database_url)
                .unwrap()
                .conn()
                .unwrap(),
        )
        .unwrap();
    let server = TestServer::start_with(&storage, &settings).await;
    let runs = daily_runs_after_start(&server).await;
    assert_eq!(runs.len(), 1);
    assert!(is_eight_in_paris(runs[0]), "{runs:?}");
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// A member's own page

both_backends!(async a_member_sees_and_corrects_only_their_own_record);
async fn a_member_sees_and_corrects_only_their_own_record(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let normal = new_category(&server, "Normale", "fixed", 2500);
    // The association already knows Marie, by her address, with a membership.
    let marie = new_contact(&server, "Marie", "Curie", "marie@example.org");
    new_membership(&server, marie.id, &normal, 2500, today_paris(), vec![]);
    let other = new_contact(&server, "Pierre", "Autre", "pierre@example.org");
    new_membership(&server, other.id, &normal, 3100, today_paris(), vec![]);

    // An event she registered for with the same address.
    let organizer = server.token_for("orga@example.org", Role::Organizer);
    let day = days_from_today(10);
    let (status, event) = api(
        &server,
        &organizer,
        reqwest::Method::POST,
        "/api/v1/events",
        Some(
            json!({"title": "Atelier vélo", "description": "Réparer ensemble.",
            "starts_at": format!("{}T18:00", iso(day)), "ends_at": format!("{}T20:00", iso(day))}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    {
        use cheminement::events::{Channel, registrations};
        let attendee =
            registrations::Attendee::web("Marie Curie", "Marie@Example.org", "fr").unwrap();
        registrations::register(
            &mut server.app.db.conn().unwrap(),
            &server.app.links,
            event["id"].as_i64().unwrap(),
            &attendee,
            Channel::Web,
            None,
            "",
        )
        .unwrap();
    }

    let client = signed_in(&server, "marie@example.org", Role::Member)
        .await
        .0;
    let (status, html) = get_page(&client, &server, "/dashboard/me").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Créer ma fiche à partir de mon compte"));
    let (status, location, _) = post_page(&client, &server, "/dashboard/me/create", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/dashboard/me?done=created");
    let linked =
        cheminement::members::contacts::find(&mut server.app.db.conn().unwrap(), marie.id).unwrap();
    assert!(
        linked.user_id.is_some(),
        "the existing record is linked, not a new one"
    );

    let (_, html) = get_page(&client, &server, "/dashboard/me").await;
    assert!(html.contains("value=\"Curie\""));
    assert!(html.contains("Adhérent·e jusqu"));
    assert!(html.contains("25,00 €"));
    assert!(html.contains("Atelier vélo"));
    assert!(!html.contains("Pierre"), "nothing of anyone else");
    assert!(!html.contains("31,00 €"));

    // She corrects her details; a record id slipped into the form changes nothing else.
    let other_id = other.id.to_string();
    let (status, _, _) = post_page(
        &client,
        &server,
        "/dashboard/me",
        &[
            ("id", other_id.as_str()),
            ("contact_id", other_id.as_str()),
            ("first_name", "Marie"),
            ("last_name", "Curie-Skłodowska"),
            ("phone", "06 12 34 56 78"),
            ("address", "1 rue Pierre et Marie Curie"),
            ("postal_code", "75005"),
            ("city", "Paris"),
            ("country", "France"),
            ("birth_date", "1967-11-07"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut conn = server.app.db.conn().unwrap();
    let after = cheminement::members::contacts::find(&mut conn, marie.id).unwrap();
    assert_eq!(after.last_name, "Curie-Skłodowska");
    assert_eq!(after.phone, "06 12 34 56 78");
    assert_eq!(after.lang, "en");
    assert_eq!(
        after.email.as_deref(),
        Some("marie@example.org"),
        "the address stays"
    );
    let untouched = cheminement::members::contacts::find(&mut conn, other.id).unwrap();
    assert_eq!(untouched.last_name, "Autre");
    assert_eq!(untouched.phone, "");
    drop(conn);

    // A mistake shows on the page and changes nothing.
    let (status, _, html) = post_page(
        &client,
        &server,
        "/dashboard/me",
        &[
            ("first_name", "Marie"),
            ("last_name", "Curie"),
            ("birth_date", "2990-01-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("aria-invalid=\"true\""));

    // Consents: recorded with the source "own page".
    let (status, _, _) = post_page(
        &client,
        &server,
        "/dashboard/me/consents",
        &[("newsletter", "on")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let log =
        cheminement::members::consents::log(&mut server.app.db.conn().unwrap(), marie.id).unwrap();
    assert_eq!(log.len(), 1, "only what changed is recorded");
    assert_eq!(
        (log[0].kind, log[0].given, log[0].source.as_str()),
        (
            cheminement::members::consents::ConsentKind::Newsletter,
            true,
            "own page"
        )
    );
    let (_, html) = get_page(&client, &server, "/dashboard/me").await;
    assert!(html.contains("name=\"newsletter\" value=\"on\" checked"));
    assert!(!html.contains("name=\"photos\" value=\"on\" checked"));

    // Nobody else's record, by any address.
    for path in [
        format!("/dashboard/contacts/{}/memberships", other.id),
        "/dashboard/members".to_string(),
    ] {
        assert_eq!(
            get_page(&client, &server, &path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let token = server.token_for("paul@example.org", Role::Member);
    let (status, _) = api(&server, &token, reqwest::Method::GET, "/api/v1/me", None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no record linked to Paul's account yet"
    );
    for path in [
        format!("/api/v1/contacts/{}/memberships", other.id),
        "/api/v1/memberships".to_string(),
        "/api/v1/members".to_string(),
    ] {
        assert_eq!(
            api(&server, &token, reqwest::Method::GET, &path, None)
                .await
                .0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let marie_user = cheminement::accounts::users::find_by_email(
        &mut server.app.db.conn().unwrap(),
        "marie@example.org",
    )
    .unwrap()
    .unwrap();
    let marie_token = cheminement::accounts::api_tokens::create(
        &mut server.app.db.conn().unwrap(),
        marie_user.id,
        "tests",
    )
    .unwrap();
    let (status, own) = api(
        &server,
        &marie_token,
        reqwest::Method::GET,
        "/api/v1/me",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own["contact"]["id"], marie.id);
    assert_eq!(own["memberships"].as_array().unwrap().len(), 1);

    // An account whose address is not known gets a new record; one whose record belongs
    // to another account is told so, and nothing is linked.
    let paul = signed_in(&server, "paul2@example.org", Role::Member)
        .await
        .0;
    let (status, _, _) = post_page(&paul, &server, "/dashboard/me/create", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut conn = server.app.db.conn().unwrap();
    let made = cheminement::members::contacts::find_by_email(&mut conn, "paul2@example.org")
        .unwrap()
        .unwrap();
    assert!(made.user_id.is_some());
    let jo_record = new_contact(&server, "Jo", "Pris", "jo@example.org");
    let orga = cheminement::accounts::users::find_by_email(&mut conn, "orga@example.org")
        .unwrap()
        .unwrap();
    cheminement::members::contacts::link_user(&mut conn, jo_record.id, Some(orga.id), None)
        .unwrap();
    drop(conn);
    let jo = signed_in(&server, "jo@example.org", Role::Member).await.0;
    let (status, _, html) = post_page(&jo, &server, "/dashboard/me/create", &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("un autre compte"));
    let (_, html) = get_page(&jo, &server, "/dashboard/me").await;
    assert!(
        !html.contains("value=\"Pris\""),
        "never someone else's record"
    );
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// The API

both_backends!(async the_api_records_reads_edits_and_deletes_memberships_with_the_role_checks);
async fn the_api_records_reads_edits_and_deletes_memberships_with_the_role_checks(
    backend: Backend,
) {
    let (_storage, server) = start(backend).await;
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let hugo = new_contact(&server, "Hugo", "Lambert", "hugo@example.org");
    let token = server.token_for("tresor@example.org", Role::Treasurer);
    let editor = server.token_for("ed@example.org", Role::Editor);
    let today = iso(today_paris());
    let body = json!({"contact_id": hugo.id, "category_id": normal.id, "paid_on": today,
        "payment_method": "helloasso", "receipt_number": "HA-99"});

    let (status, _) = api(
        &server,
        &editor,
        reqwest::Method::POST,
        "/api/v1/memberships",
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, made) = api(
        &server,
        &token,
        reqwest::Method::POST,
        "/api/v1/memberships",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["source"], "api");
    assert_eq!(made["receipt_number"], "HA-99");
    let id = made["id"].as_i64().unwrap();
    let path = format!("/api/v1/memberships/{id}");

    let (status, listed) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/memberships?contact_id={}", hugo.id),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (status, _) = api(&server, &editor, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, edited) = api(&server, &token, reqwest::Method::PUT, &path,
        Some(json!({"category_id": normal.id, "paid_on": today, "payment_method": "card", "amount_cents": 3000}))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["amount_cents"], 3000);
    assert_eq!(edited["receipt_number"], Value::Null);
    let (status, of_contact) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/contacts/{}/memberships", hugo.id),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(of_contact["memberships"][0]["category"], "Normale");
    let (status, _) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/contacts/99999/memberships",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api(&server, &editor, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = api(&server, &token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api(&server, &token, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The OpenAPI document describes them.
    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for p in [
        "/api/v1/members",
        "/api/v1/memberships",
        "/api/v1/memberships/{id}",
        "/api/v1/contacts/{id}/memberships",
        "/api/v1/membership-categories",
        "/api/v1/me",
    ] {
        assert!(
            doc["paths"][p].is_object(),
            "{p} is in the OpenAPI document"
        );
    }
    server.stop().await;
}
