//! Contacts through the real router and database, on SQLite and PostgreSQL: the list with its
//! search, filters and pages; a contact's page (details, custom fields, tags, consents,
//! subscriptions, history, login account); custom field definitions; tags and groups with the
//! bulk tag; duplicates and merging; the API and its OpenAPI paths; and the role checks.

use cheminement::accounts::Role;
use cheminement::db::schema;
use cheminement::i18n::Lang;
use cheminement::members::{
    consents,
    contacts::{self, ContactInput},
    duplicates, fields, history, tags,
};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::contacts::*;
use crate::common::*;

fn fr(key: &str) -> String {
    escaped(Lang::Fr.t(key))
}

fn location(answer: &reqwest::Response) -> String {
    answer
        .headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

/// The ids of the contacts a list page links to, in order.
fn listed_ids(html: &str) -> Vec<i64> {
    html.split("name=\"ids\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Creating, and bad input

both_backends!(async a_new_contact_with_a_bad_email_gets_a_field_error_and_nothing_is_saved);
async fn a_new_contact_with_a_bad_email_gets_a_field_error_and_nothing_is_saved(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;

    let (status, form) = page(&client, &server, "/dashboard/contacts/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("name=\"first_name\""));

    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/new",
        &[
            ("first_name", "Jeanne"),
            ("last_name", "Martin"),
            ("email", "jeanne(at)example.org"),
            ("city", "Lyon"),
            ("lang", "fr"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(
        html.contains(&fr("email_invalid")),
        "the email's mistake is said"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("value=\"jeanne(at)example.org\""),
        "what was typed stays"
    );
    assert!(html.contains("value=\"Lyon\""));
    assert_eq!(contact_count(&server), 0, "nothing was saved");

    // Neither name nor address: one clear mistake, still nothing saved.
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/new",
        &[("city", "Lyon")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains(&fr("name_or_email_required"))
    );
    assert_eq!(contact_count(&server), 0);

    // The API says the same, as JSON.
    let token = server.token_for("script@example.org", Role::Admin);
    let (status, body) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"last_name": "Martin", "email": "not an address"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "email");
    assert_eq!(body["fields"][0]["code"], "email_invalid");
    assert_eq!(contact_count(&server), 0);

    // A good one is made, and its page opens.
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/new",
        &[
            ("first_name", "Jeanne"),
            ("last_name", "Martin"),
            ("email", "Jeanne@Example.org"),
            ("birth_date", "1980-05-17"),
            ("lang", "fr"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let to = location(&answer);
    assert!(to.starts_with("/dashboard/contacts/"), "{to}");
    let (status, html) = page(&client, &server, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Jeanne Martin"));
    assert!(html.contains(&fr("saved")));
    let found = contacts::find_by_email(&mut conn(&server), "jeanne@example.org")
        .unwrap()
        .expect("saved");
    assert_eq!(found.birth_date.unwrap().to_string(), "1980-05-17");
    assert_eq!(found.source, contacts::Source::Dashboard);
}

// ---------------------------------------------------------------------------------------------
// The list: search, filters, pages

both_backends!(async the_search_box_finds_elodie_by_elodie_and_by_email_phone_or_town);
async fn the_search_box_finds_elodie_by_elodie_and_by_email_phone_or_town(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    let elodie = add_full_contact(
        &server,
        ContactInput {
            first_name: "Élodie".into(),
            last_name: "Dupont-Lefèvre".into(),
            email: "elo.dupont@example.org".into(),
            phone: "06 12 34 56 78".into(),
            city: "Besançon".into(),
            ..Default::default()
        },
    );
    let marc = add_full_contact(
        &server,
        ContactInput {
            first_name: "Marc".into(),
            last_name: "Petit".into(),
            email: "marc@example.net".into(),
            phone: "07 00 00 00 01".into(),
            city: "Lyon".into(),
            ..Default::default()
        },
    );

    for (q, expected) in [
        ("elodie", vec![elodie.id]),
        ("ELODIE dupont", vec![elodie.id]),
        ("lefevre", vec![elodie.id]),
        ("dupont elodie", vec![elodie.id]),
        ("elo.dupont@", vec![elodie.id]),
        ("0612345678", vec![elodie.id]),
        ("06 12 34", vec![elodie.id]),
        ("lyon", vec![marc.id]),
        ("example", vec![elodie.id, marc.id]),
        ("zoé", vec![]),
        ("100%", vec![]),
    ] {
        let url = format!("/dashboard/contacts?q={}", urlencode(q));
        let (status, html) = page(&client, &server, &url).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        let mut ids = listed_ids(&html);
        ids.sort();
        assert_eq!(ids, expected, "searching {q:?}");
    }
    let (_, html) = page(&client, &server, "/dashboard/contacts?q=elodie").await;
    assert!(html.contains("Élodie Dupont-Lefèvre"));
    assert!(html.contains(&format!("href=\"/dashboard/contacts/{}\"", elodie.id)));
    assert!(
        html.contains("value=\"elodie\""),
        "the search box keeps what was typed"
    );
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

both_backends!(async filters_by_tag_group_email_bounce_and_newsletter_consent);
async fn filters_by_tag_group_email_bounce_and_newsletter_consent(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "admin@example.org", Role::Admin).await;
    let a = add_contact(&server, "Anne", "Aubert", "anne@example.org");
    let b = add_contact(&server, "Bruno", "Blanc", "bruno@example.org");
    let c = add_contact(&server, "Chloé", "Colin", "");
    let d = add_contact(&server, "David", "Durand", "david@example.org");
    {
        let mut db = conn(&server);
        let volunteer = tags::create(&mut db, &tag_input("Bénévole", "tag")).unwrap();
        let board = tags::create(&mut db, &tag_input("Bureau", "group")).unwrap();
        tags::set_for(&mut db, a.id, &[volunteer.id, board.id]).unwrap();
        tags::set_for(&mut db, c.id, &[volunteer.id]).unwrap();
        tags::set_for(&mut db, d.id, &[board.id]).unwrap();
        mark_bounced(&mut db, b.id);
        consents::record(
            &mut db,
            a.id,
            consents::ConsentKind::Newsletter,
            true,
            "paper form",
            None,
        )
        .unwrap();
        consents::record(
            &mut db,
            d.id,
            consents::ConsentKind::Newsletter,
            true,
            "web form",
            None,
        )
        .unwrap();
        // Withdrawn later: no longer counts.
        consents::record(
            &mut db,
            d.id,
            consents::ConsentKind::Newsletter,
            false,
            "mail",
            None,
        )
        .unwrap();
        consents::record(
            &mut db,
            b.id,
            consents::ConsentKind::Photos,
            true,
            "paper form",
            None,
        )
        .unwrap();
    }
    let volunteer = tags::find_by_name(&mut conn(&server), "bénévole")
        .unwrap()
        .unwrap();
    let board = tags::find_by_name(&mut conn(&server), "BUREAU")
        .unwrap()
        .unwrap();

    for (query, expected) in [
        (format!("tag={}", volunteer.id), vec![a.id, c.id]),
        (format!("group={}", board.id), vec![a.id, d.id]),
        (
            format!("tag={}&group={}", volunteer.id, board.id),
            vec![a.id],
        ),
        ("has_email=1".to_string(), vec![a.id, b.id, d.id]),
        ("bounced=1".to_string(), vec![b.id]),
        ("consent=1".to_string(), vec![a.id]),
        ("has_email=1&q=durand".to_string(), vec![d.id]),
        (String::new(), vec![a.id, b.id, c.id, d.id]),
    ] {
        let (status, html) = page(&client, &server, &format!("/dashboard/contacts?{query}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(listed_ids(&html), expected, "filter {query:?}");
    }
    // The filters show what is chosen.
    let (_, html) = page(&client, &server, "/dashboard/contacts?bounced=1").await;
    assert!(html.contains("name=\"bounced\" value=\"1\" checked"));
    assert!(html.contains(&fr("contact_bounced")));

    // The API filters the same way.
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (status, body) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts?tag={}", volunteer.id),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 2);
    let (_, body) = api(
        &server,
        Method::GET,
        "/api/v1/contacts?newsletter_consent=true",
        &token,
        None,
    )
    .await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["contacts"][0]["id"], a.id);
    let (status, _) = api(
        &server,
        Method::GET,
        "/api/v1/contacts?page=two",
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

both_backends!(async the_list_is_sorted_by_name_fifty_a_page_with_the_total_and_page_links);
async fn the_list_is_sorted_by_name_fifty_a_page_with_the_total_and_page_links(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    {
        let mut db = conn(&server);
        // 120 people, typed in no particular order.
        for i in (0..120).rev() {
            let input = ContactInput {
                first_name: format!("Prénom{i:03}"),
                last_name: format!("Nom{:03}", (i * 7) % 120),
                ..Default::default()
            };
            contacts::create(&mut db, &input, contacts::Source::Import, None).unwrap();
        }
    }
    let (status, first) = page(&client, &server, "/dashboard/contacts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed_ids(&first).len(), 50);
    assert!(first.contains(&Lang::Fr.t_args("contact_total", &[("n", 120.into())])));
    assert!(first.contains("href=\"/dashboard/contacts?page=2\""));
    assert!(first.contains("href=\"/dashboard/contacts?page=3\""));
    assert!(!first.contains("page=4"));
    let pos = |html: &str, name: &str| html.find(name).unwrap_or(usize::MAX);
    assert!(pos(&first, "Nom000") < pos(&first, "Nom001"));
    assert!(pos(&first, "Nom001") < pos(&first, "Nom049"));
    assert!(!first.contains("Nom050"));

    let (_, third) = page(&client, &server, "/dashboard/contacts?page=3").await;
    assert_eq!(listed_ids(&third).len(), 20);
    assert!(third.contains("Nom119"));
    assert!(third.contains("aria-current=\"page\">3<"));

    // A page past the end is empty, not an error; nonsense is page 1.
    let (status, past) = page(&client, &server, "/dashboard/contacts?page=99").await;
    assert_eq!(status, StatusCode::OK);
    assert!(listed_ids(&past).is_empty());
    let (status, _) = page(&client, &server, "/dashboard/contacts?page=abc").await;
    assert_eq!(status, StatusCode::OK);

    // The page links keep the search.
    let (_, searched) = page(&client, &server, "/dashboard/contacts?q=nom").await;
    assert!(searched.contains("href=\"/dashboard/contacts?q=nom&#38;page=2\""));
}

// ---------------------------------------------------------------------------------------------
// Custom fields

both_backends!(async custom_fields_are_defined_by_admins_and_values_are_checked_by_kind);
async fn custom_fields_are_defined_by_admins_and_values_are_checked_by_kind(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let admin = browser_as(&server, "admin@example.org", Role::Admin).await;
    let treasurer = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;

    // Definitions are for admins only.
    let (status, _) = page(&treasurer, &server, "/dashboard/contacts/fields").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let answer = post_form(
        &treasurer,
        &server,
        "/dashboard/contacts/fields",
        &[("key", "x"), ("label", "X"), ("kind", "text")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);

    for (key, label, kind, choices, position) in [
        ("pointure", "Pointure", "number", "", "1"),
        ("arrivee", "Arrivée au lieu", "date", "", "2"),
        ("taille", "Taille de t-shirt", "choice", "S\nM\nL\n", "3"),
        ("atelier", "Atelier préféré", "text", "", "4"),
    ] {
        let answer = post_form(
            &admin,
            &server,
            "/dashboard/contacts/fields",
            &[
                ("key", key),
                ("label", label),
                ("kind", kind),
                ("choices", choices),
                ("position", position),
            ],
        )
        .await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{key}");
    }
    // Bad definitions: a key taken, a choice without choices, a kind that does not exist.
    let answer = post_form(
        &admin,
        &server,
        "/dashboard/contacts/fields",
        &[
            ("key", "taille"),
            ("label", "Autre"),
            ("kind", "choice"),
            ("choices", ""),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains(&fr("contact_field_key_taken")));
    assert!(html.contains(&fr("contact_field_choices_required")));
    let answer = post_form(
        &admin,
        &server,
        "/dashboard/contacts/fields",
        &[("key", "Bad Key"), ("label", "B"), ("kind", "colour")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains(&fr("contact_field_key_invalid")));
    assert!(html.contains(&fr("contact_field_kind_invalid")));
    let defs = fields::all(&mut conn(&server)).unwrap();
    assert_eq!(
        defs.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(),
        ["pointure", "arrivee", "taille", "atelier"]
    );
    let (status, html) = page(&admin, &server, "/dashboard/contacts/fields").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Arrivée au lieu") && !html.contains("??"));
    let (status, html) = page(
        &admin,
        &server,
        &format!("/dashboard/contacts/fields/{}", defs[2].id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"taille\""));
    assert!(html.contains(&format!(
        "action=\"/dashboard/contacts/fields/{}/delete\"",
        defs[2].id
    )));

    let person = add_contact(&server, "Inès", "Roux", "ines@example.org");
    let path = format!("/dashboard/contacts/{}", person.id);
    let (_, html) = page(&treasurer, &server, &path).await;
    assert!(html.contains("name=\"field_pointure\""));
    assert!(html.contains("Taille de t-shirt"));

    // Three wrong values: each field says so, and nothing is saved, not even the details.
    let answer = post_form(
        &treasurer,
        &server,
        &path,
        &[
            ("first_name", "Inès"),
            ("last_name", "Roux-Changed"),
            ("email", "ines@example.org"),
            ("lang", "fr"),
            ("field_pointure", "quarante"),
            ("field_arrivee", "31/02/2025"),
            ("field_taille", "XXL"),
            ("field_atelier", "Yoga"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains(&fr("contact_field_number_invalid")));
    assert!(html.contains(&fr("contact_field_date_invalid")));
    assert!(html.contains(&fr("contact_field_choice_invalid")));
    assert!(html.contains("value=\"quarante\""), "what was typed stays");
    assert!(html.contains("value=\"Roux-Changed\""));
    assert!(
        fields::values_of(&mut conn(&server), person.id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        contacts::find(&mut conn(&server), person.id)
            .unwrap()
            .last_name,
        "Roux"
    );

    // Right values are kept, in their stored form.
    let answer = post_form(
        &treasurer,
        &server,
        &path,
        &[
            ("first_name", "Inès"),
            ("last_name", "Roux"),
            ("email", "ines@example.org"),
            ("lang", "fr"),
            ("field_pointure", "38,5"),
            ("field_arrivee", "2025-09-01"),
            ("field_taille", "m"),
            ("field_atelier", "Yoga"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let values: Vec<(String, String)> = fields::values_of(&mut conn(&server), person.id)
        .unwrap()
        .into_iter()
        .map(|v| (v.key, v.value))
        .collect();
    assert_eq!(
        values,
        [
            ("pointure".to_string(), "38.5".to_string()),
            ("arrivee".into(), "2025-09-01".into()),
            ("taille".into(), "M".into()),
            ("atelier".into(), "Yoga".into()),
        ]
    );
    // An empty value removes the row.
    let answer = post_form(
        &treasurer,
        &server,
        &path,
        &[
            ("first_name", "Inès"),
            ("last_name", "Roux"),
            ("email", "ines@example.org"),
            ("lang", "fr"),
            ("field_pointure", ""),
            ("field_arrivee", "2025-09-01"),
            ("field_taille", "M"),
            ("field_atelier", ""),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let rows: i64 = schema::contact_field_values::table
        .filter(schema::contact_field_values::contact_id.eq(person.id))
        .count()
        .get_result(&mut *conn(&server))
        .unwrap();
    assert_eq!(rows, 2);

    // The importer's entry point checks the same way and writes nothing on a mistake.
    let taille = defs.iter().find(|f| f.key == "taille").unwrap().id;
    let pointure = defs.iter().find(|f| f.key == "pointure").unwrap().id;
    let refused = fields::set_values(
        &mut conn(&server),
        person.id,
        &[(pointure, "41".into()), (taille, "XL".into())],
    );
    assert!(refused.is_err());
    assert_eq!(
        fields::values_of(&mut conn(&server), person.id)
            .unwrap()
            .len(),
        2
    );

    // Deleting a definition deletes its values.
    let answer = post_form(
        &admin,
        &server,
        &format!("/dashboard/contacts/fields/{taille}/delete"),
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        fields::values_of(&mut conn(&server), person.id)
            .unwrap()
            .len(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Tags and groups

both_backends!(async ticking_contacts_in_the_list_adds_a_tag_to_all_of_them_at_once);
async fn ticking_contacts_in_the_list_adds_a_tag_to_all_of_them_at_once(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    let a = add_contact(&server, "Anne", "Aubert", "anne@example.org");
    let b = add_contact(&server, "Bruno", "Blanc", "bruno@example.org");
    let c = add_contact(&server, "Chloé", "Colin", "chloe@example.org");

    // Made on the tags page.
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/tags",
        &[
            ("name", "Bénévoles 2026"),
            ("kind", "tag"),
            ("description", ""),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/tags",
        &[("name", "bénévoles 2026"), ("kind", "group")],
    )
    .await;
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the same name twice"
    );
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains(&fr("contact_tag_name_taken"))
    );
    let tag = tags::find_by_name(&mut conn(&server), "Bénévoles 2026")
        .unwrap()
        .unwrap();
    tags::add(&mut conn(&server), b.id, tag.id).unwrap();

    let (_, list) = page(&client, &server, "/dashboard/contacts?q=example").await;
    assert!(list.contains("name=\"ids\""));
    assert!(list.contains("name=\"tag_id\""));
    let tag_id = tag.id.to_string();
    let (ida, idb, idc) = (a.id.to_string(), b.id.to_string(), c.id.to_string());
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/bulk-tag",
        &[
            ("back", "q=example"),
            ("tag_id", &tag_id),
            ("ids", &ida),
            ("ids", &idb),
            ("ids", &idc),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let to = location(&answer);
    assert_eq!(
        to, "/dashboard/contacts?q=example&tagged=2",
        "two did not have it yet"
    );
    let (_, html) = page(&client, &server, &to).await;
    assert!(html.contains(&Lang::Fr.t_args("contact_bulk_done", &[("n", 2.into())])));
    for id in [a.id, b.id, c.id] {
        let names: Vec<String> = tags::of_contact(&mut conn(&server), id)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["Bénévoles 2026"], "contact {id}");
    }
    let (_, html) = page(
        &client,
        &server,
        &format!("/dashboard/contacts?tag={}", tag.id),
    )
    .await;
    assert_eq!(listed_ids(&html).len(), 3);

    // Nothing ticked: a clear message, nothing changes.
    let answer = post_form(
        &client,
        &server,
        "/dashboard/contacts/bulk-tag",
        &[("back", ""), ("tag_id", &tag_id)],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains(&fr("contact_bulk_none_selected"))
    );

    // On a contact's page: take it off, put a group on.
    let group = tags::create(
        &mut conn(&server),
        &tags::TagInput {
            name: "Conseil d'administration".into(),
            kind: "group".into(),
            description: String::new(),
        },
    )
    .unwrap();
    let path = format!("/dashboard/contacts/{}", a.id);
    let answer = post_form(
        &client,
        &server,
        &format!("{path}/tags/{}/remove", tag.id),
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let answer = post_form(
        &client,
        &server,
        &format!("{path}/tags"),
        &[("tag_id", &group.id.to_string())],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let mine: Vec<i64> = tags::of_contact(&mut conn(&server), a.id)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(mine, [group.id]);
    let (_, html) = page(&client, &server, &path).await;
    assert!(html.contains(&escaped("Conseil d'administration")));

    // The tags page counts, and a tag is found by its name whatever the case.
    let (status, html) = page(&client, &server, "/dashboard/contacts/tags").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/dashboard/contacts?tag={}\">2<", tag.id)));
    let again = tags::find_by_name(&mut conn(&server), " BÉNÉVOLES 2026 ").unwrap();
    assert_eq!(again.map(|t| t.id), Some(tag.id));
}

// ---------------------------------------------------------------------------------------------
// The contact's page

both_backends!(async the_contact_page_edits_details_records_consents_links_an_account_and_shows_the_rest);
async fn the_contact_page_edits_details_records_consents_links_an_account_and_shows_the_rest(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    server.create_user("paul@example.org", Role::Member);
    let paul_user =
        cheminement::accounts::users::find_by_email(&mut conn(&server), "paul@example.org")
            .unwrap()
            .unwrap();
    let paul = add_contact(&server, "Paul", "Girard", "paul@example.org");
    let other = add_contact(&server, "Léa", "Girard", "lea@example.org");
    {
        let mut db = conn(&server);
        let newsletter = list_id(&mut db, "newsletter");
        add_subscription(&mut db, newsletter, paul.id, "confirmed");
    }
    let path = format!("/dashboard/contacts/{}", paul.id);

    let (status, html) = page(&client, &server, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"{path}/memberships\"")));
    assert!(html.contains(&format!("href=\"{path}/export\"")));
    assert!(html.contains(&format!("href=\"{path}/anonymize\"")));
    assert!(html.contains(&fr("contact_export")));
    assert!(html.contains(&fr("contact_anonymize")));
    assert!(
        html.contains(&escaped("Lettre d'information")),
        "the list's name"
    );
    assert!(html.contains(&fr("contact_sub_confirmed")));
    assert!(
        html.contains(&fr("contact_history_created")),
        "the history, in words"
    );

    // A mistake keeps what was typed, with the error at its field.
    let answer = post_form(
        &client,
        &server,
        &path,
        &[
            ("first_name", "Paul"),
            ("last_name", "Girard"),
            ("email", "paul@example.org"),
            ("phone", "04 78 00 00 00"),
            ("birth_date", "2999-01-01"),
            ("lang", "de"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains(&fr("birth_date_invalid")));
    assert!(html.contains(&fr("lang_invalid")));
    assert!(html.contains("value=\"04 78 00 00 00\""));
    assert_eq!(
        contacts::find(&mut conn(&server), paul.id).unwrap().phone,
        ""
    );

    let answer = post_form(
        &client,
        &server,
        &path,
        &[
            ("first_name", "Paul"),
            ("last_name", "Girard"),
            ("email", "paul@example.org"),
            ("phone", "04 78 00 00 00"),
            ("city", "Villeurbanne"),
            ("notes", "Vient le mardi."),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let saved = contacts::find(&mut conn(&server), paul.id).unwrap();
    assert_eq!(
        (saved.city.as_str(), saved.lang.as_str()),
        ("Villeurbanne", "en")
    );

    // Consents: a source is needed; then the line is in the log and holds.
    let consents_path = format!("{path}/consents");
    let answer = post_form(
        &client,
        &server,
        &consents_path,
        &[("kind", "photos"), ("given", "yes"), ("source", "  ")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains(&fr("required")));
    assert!(
        consents::log(&mut conn(&server), paul.id)
            .unwrap()
            .is_empty()
    );
    let answer = post_form(
        &client,
        &server,
        &consents_path,
        &[
            ("kind", "photos"),
            ("given", "yes"),
            ("source", "formulaire papier"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let answer = post_form(
        &client,
        &server,
        &consents_path,
        &[
            ("kind", "newsletter"),
            ("given", "no"),
            ("source", "au téléphone"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert!(consents::holds(&mut conn(&server), paul.id, consents::ConsentKind::Photos).unwrap());
    assert!(
        !consents::holds(
            &mut conn(&server),
            paul.id,
            consents::ConsentKind::Newsletter
        )
        .unwrap()
    );
    let log = consents::log(&mut conn(&server), paul.id).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].source, "formulaire papier");
    assert!(log[0].recorded_by.is_some(), "who typed it is kept");
    let (_, html) = page(&client, &server, &path).await;
    assert!(html.contains("formulaire papier"));
    assert!(html.contains(&escaped("au téléphone")));
    assert!(html.contains(&fr("contact_consent_withdrawn")));
    assert!(html.contains(&fr("contact_history_consent")));

    // The login account: linked, and refused on a second record.
    let uid = paul_user.id.to_string();
    let answer = post_form(
        &client,
        &server,
        &format!("{path}/account"),
        &[("user_id", &uid)],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        contacts::find(&mut conn(&server), paul.id).unwrap().user_id,
        Some(paul_user.id)
    );
    let answer = post_form(
        &client,
        &server,
        &format!("/dashboard/contacts/{}/account", other.id),
        &[("user_id", &uid)],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains(&fr("account_already_linked"))
    );
    // A choice that is not an account, a number or not, is refused and changes nothing.
    for choice in ["abc", "0", "999999"] {
        let answer = post_form(
            &client,
            &server,
            &format!("/dashboard/contacts/{}/account", other.id),
            &[("user_id", choice)],
        )
        .await;
        assert_eq!(
            answer.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{choice}"
        );
        let html = answer.text().await.unwrap();
        assert!(
            html.contains(&fr("contact_account_unknown")),
            "{choice}: {html}"
        );
        assert_eq!(
            contacts::find(&mut conn(&server), other.id)
                .unwrap()
                .user_id,
            None
        );
    }
    let (_, html) = page(&client, &server, &path).await;
    assert!(html.contains("paul@example.org"));
    assert!(html.contains(&fr("contact_history_account_linked")));
    let answer = post_form(
        &client,
        &server,
        &format!("{path}/account"),
        &[("user_id", "")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        contacts::find(&mut conn(&server), paul.id).unwrap().user_id,
        None
    );

    // The history reads in the reader's language.
    let english = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(
            [(reqwest::header::ACCEPT_LANGUAGE, "en".parse().unwrap())]
                .into_iter()
                .collect(),
        )
        .build()
        .unwrap();
    server.create_user("treasurer-en@example.org", Role::Treasurer);
    assert!(
        login(
            &english,
            &server,
            "treasurer-en@example.org",
            "correct horse battery staple"
        )
        .await
        .is_redirection()
    );
    let (_, html) = page(&english, &server, &path).await;
    for key in [
        "contact_history_created",
        "contact_history_edited",
        "contact_history_consent",
        "contact_history_account_linked",
        "contact_history_account_unlinked",
    ] {
        assert!(html.contains(&escaped(Lang::En.t(key))), "{key}");
    }
    let actions: Vec<history::Action> = history::list(&mut conn(&server), paul.id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&history::Action::Edited));
}

both_backends!(async an_anonymized_record_is_shown_as_such_and_cannot_be_edited);
async fn an_anonymized_record_is_shown_as_such_and_cannot_be_edited(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    let token = server.token_for("script@example.org", Role::Treasurer);
    let gone = add_contact(&server, "Yves", "Morel", "yves@example.org");
    mark_anonymized(&mut conn(&server), gone.id);
    let path = format!("/dashboard/contacts/{}", gone.id);

    let (status, html) = page(&client, &server, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&fr("contact_anonymized_notice")));
    assert!(!html.contains("name=\"first_name\""), "no edit form");
    assert!(!html.contains(&format!("action=\"{path}/consents\"")));

    let answer = post_form(
        &client,
        &server,
        &path,
        &[
            ("first_name", "Yves"),
            ("last_name", "Morel"),
            ("lang", "fr"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = post_form(
        &client,
        &server,
        &format!("{path}/consents"),
        &[("kind", "photos"), ("given", "yes"), ("source", "papier")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let (status, _) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{}", gone.id),
        &token,
        Some(json!({"first_name": "Yves", "last_name": "Morel"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let after = contacts::find(&mut conn(&server), gone.id).unwrap();
    assert_eq!(after.last_name, "Anonyme");
    assert!(
        consents::log(&mut conn(&server), gone.id)
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Duplicates and merging

both_backends!(async duplicates_are_found_by_email_and_by_folded_name);
async fn duplicates_are_found_by_email_and_by_folded_name(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    let a1 = add_contact(&server, "Amélie", "Roy", "amelie@example.org");
    let a2 = add_contact(&server, "A.", "Roy", "AMELIE@example.org");
    let e1 = add_contact(&server, "Élodie", "Dupont-Marie", "");
    let e2 = add_contact(&server, " elodie ", "DUPONT  marie", "e.dupont@example.net");
    let alone = add_contact(&server, "Marc", "Petit", "marc@example.org");
    // An anonymized record is nobody's duplicate.
    let ghost = add_contact(&server, "Marc", "Petit", "marc@example.org");
    mark_anonymized(&mut conn(&server), ghost.id);

    let groups = duplicates::groups(&mut conn(&server)).unwrap();
    let sets: Vec<(duplicates::Reason, Vec<i64>)> = groups
        .iter()
        .map(|g| (g.reason, g.contacts.iter().map(|c| c.id).collect()))
        .collect();
    assert_eq!(
        sets,
        [
            (duplicates::Reason::SameEmail, vec![a1.id, a2.id]),
            (duplicates::Reason::SameName, vec![e1.id, e2.id]),
        ]
    );
    let _ = alone;

    let (status, html) = page(&client, &server, "/dashboard/contacts/duplicates").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&fr("contact_dup_same_email")));
    assert!(html.contains(&fr("contact_dup_same_name")));
    assert!(html.contains("amelie@example.org"));
    assert!(html.contains("elodie dupont marie"));
    assert!(html.contains(&format!(
        "href=\"/dashboard/contacts/{}/merge/{}\"",
        a1.id, a2.id
    )));
    assert!(html.contains(&format!(
        "href=\"/dashboard/contacts/{}/merge/{}\"",
        e1.id, e2.id
    )));

    let token = server.token_for("script@example.org", Role::Admin);
    let (status, body) = api(
        &server,
        Method::GET,
        "/api/v1/contacts/duplicates",
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 2);
    assert_eq!(body[1]["reason"], "name");
    assert_eq!(body[1]["contacts"][1]["id"], e2.id);
}

both_backends!(async merging_keeps_memberships_consents_tags_fields_subscriptions_and_history);
async fn merging_keeps_memberships_consents_tags_fields_subscriptions_and_history(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    server.create_user("sophie@example.org", Role::Member);
    let sophie_user =
        cheminement::accounts::users::find_by_email(&mut conn(&server), "sophie@example.org")
            .unwrap()
            .unwrap();
    let kept = add_full_contact(
        &server,
        ContactInput {
            first_name: "Sophie".into(),
            last_name: "Bernard".into(),
            email: "".into(),
            notes: "Inscrite à l'atelier poterie.".into(),
            ..Default::default()
        },
    );
    let other = add_full_contact(
        &server,
        ContactInput {
            first_name: "sophie".into(),
            last_name: "BERNARD".into(),
            email: "sophie@example.org".into(),
            phone: "06 00 00 00 02".into(),
            address: "3 rue Neuve".into(),
            postal_code: "69001".into(),
            city: "Lyon".into(),
            notes: "Aide au bar.".into(),
            ..Default::default()
        },
    );
    let (size, shoe, tag_both, tag_other, lists);
    {
        let mut db = conn(&server);
        let db = &mut *db;
        // Memberships paid by each, and a family membership that covers the other.
        add_membership(db, kept.id, 1500);
        let paid_by_other = add_membership(db, other.id, 2000);
        let family = add_membership(db, kept.id, 4000);
        diesel::insert_into(schema::membership_people::table)
            .values((
                schema::membership_people::membership_id.eq(family),
                schema::membership_people::contact_id.eq(other.id),
            ))
            .execute(db)
            .unwrap();
        let _ = paid_by_other;
        consents::record(
            db,
            kept.id,
            consents::ConsentKind::Photos,
            true,
            "paper form",
            None,
        )
        .unwrap();
        consents::record(
            db,
            other.id,
            consents::ConsentKind::Newsletter,
            true,
            "web form",
            None,
        )
        .unwrap();
        consents::record(
            db,
            other.id,
            consents::ConsentKind::Photos,
            false,
            "mail",
            None,
        )
        .unwrap();
        tag_both = tags::create(db, &tag_input("Bénévole", "tag")).unwrap().id;
        tag_other = tags::create(db, &tag_input("Bureau", "group")).unwrap().id;
        tags::set_for(db, kept.id, &[tag_both]).unwrap();
        tags::set_for(db, other.id, &[tag_both, tag_other]).unwrap();
        size = fields::create(
            db,
            &fields::FieldInput {
                key: "taille".into(),
                label: "Taille".into(),
                kind: "choice".into(),
                choices: "S\nM\nL".into(),
                position: 1,
            },
        )
        .unwrap()
        .id;
        shoe = fields::create(
            db,
            &fields::FieldInput {
                key: "pointure".into(),
                label: "Pointure".into(),
                kind: "number".into(),
                choices: String::new(),
                position: 2,
            },
        )
        .unwrap()
        .id;
        fields::set_values(db, kept.id, &[(size, "S".into())]).unwrap();
        fields::set_values(db, other.id, &[(size, "L".into()), (shoe, "39".into())]).unwrap();
        // Subscriptions: the newsletter (kept pending, other confirmed: confirmed wins);
        // the members' list (other unsubscribed: stays unsubscribed); a list only the other
        // is on (moves); a list the kept one left (never resubscribed).
        let newsletter = list_id(db, "newsletter");
        let members = list_id(db, "members");
        let choir = add_list(db, "chorale", "Chorale");
        let garden = add_list(db, "jardin", "Jardin partagé");
        add_subscription(db, newsletter, kept.id, "pending");
        add_subscription(db, newsletter, other.id, "confirmed");
        add_subscription(db, members, kept.id, "confirmed");
        add_subscription(db, members, other.id, "unsubscribed");
        add_subscription(db, choir, other.id, "confirmed");
        add_subscription(db, garden, kept.id, "unsubscribed");
        add_subscription(db, garden, other.id, "confirmed");
        lists = (newsletter, members, choir, garden);
        diesel::update(schema::contacts::table.find(other.id))
            .set(schema::contacts::user_id.eq(Some(sophie_user.id)))
            .execute(db)
            .unwrap();
    }
    let other_log_lines = history::list(&mut conn(&server), other.id).unwrap().len();
    let kept_log_lines = history::list(&mut conn(&server), kept.id).unwrap().len();

    // Side by side first.
    let merge_path = format!("/dashboard/contacts/{}/merge/{}", kept.id, other.id);
    let (status, html) = page(&client, &server, &merge_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("sophie@example.org"));
    assert!(html.contains(&escaped("Inscrite à l'atelier poterie.")));
    assert!(html.contains(&format!(
        "href=\"/dashboard/contacts/{}/merge/{}\"",
        other.id, kept.id
    )));

    let answer = post_form(&client, &server, &merge_path, &[]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&answer),
        format!("/dashboard/contacts/{}?done=merged", kept.id)
    );

    let mut db = conn(&server);
    let db = &mut *db;
    assert!(matches!(
        contacts::find(db, other.id),
        Err(cheminement::error::Error::NotFound)
    ));
    let after = contacts::find(db, kept.id).unwrap();
    assert_eq!(after.first_name, "Sophie", "the kept record's details stay");
    assert_eq!(
        after.email.as_deref(),
        Some("sophie@example.org"),
        "empty ones are filled"
    );
    assert_eq!(after.phone, "06 00 00 00 02");
    assert_eq!(
        (after.address.as_str(), after.city.as_str()),
        ("3 rue Neuve", "Lyon")
    );
    assert_eq!(after.notes, "Inscrite à l'atelier poterie.\n\nAide au bar.");
    assert_eq!(
        after.user_id,
        Some(sophie_user.id),
        "the login account came along"
    );

    let memberships: i64 = schema::memberships::table
        .filter(schema::memberships::contact_id.eq(kept.id))
        .count()
        .get_result(db)
        .unwrap();
    assert_eq!(memberships, 3, "every membership is on the kept record");
    let covered: Vec<i64> = schema::membership_people::table
        .select(schema::membership_people::contact_id)
        .load(db)
        .unwrap();
    assert_eq!(
        covered,
        [kept.id],
        "the family membership now covers the kept record"
    );

    let log = consents::log(db, kept.id).unwrap();
    assert_eq!(log.len(), 3, "no consent line is lost");
    assert!(consents::holds(db, kept.id, consents::ConsentKind::Newsletter).unwrap());

    let mut tag_ids: Vec<i64> = tags::of_contact(db, kept.id)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    tag_ids.sort();
    assert_eq!(tag_ids, [tag_both, tag_other]);

    let values: Vec<(i64, String)> = fields::values_of(db, kept.id)
        .unwrap()
        .into_iter()
        .map(|v| (v.field_id, v.value))
        .collect();
    assert_eq!(values, [(size, "S".to_string()), (shoe, "39".to_string())]);

    let (newsletter, members, choir, garden) = lists;
    let mut expected = vec![
        (newsletter, "confirmed".to_string()),
        (members, "unsubscribed".to_string()),
        (choir, "confirmed".to_string()),
        (garden, "unsubscribed".to_string()),
    ];
    expected.sort();
    assert_eq!(subscriptions_of(db, kept.id), expected);
    assert!(subscriptions_of(db, other.id).is_empty());

    let lines = history::list(db, kept.id).unwrap();
    assert_eq!(
        lines.len(),
        kept_log_lines + other_log_lines + 1,
        "both histories are kept, plus the merge"
    );
    assert_eq!(lines[0].action, history::Action::Merged);

    let (merged_id, data): (i64, String) = schema::contact_merges::table
        .filter(schema::contact_merges::kept_id.eq(kept.id))
        .select((
            schema::contact_merges::merged_id,
            schema::contact_merges::merged_data,
        ))
        .first(db)
        .unwrap();
    assert_eq!(merged_id, other.id);
    let data: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["contact"]["email"], "sophie@example.org");
    assert_eq!(data["contact"]["notes"], "Aide au bar.");

    let (_, html) = page(
        &client,
        &server,
        &format!("/dashboard/contacts/{}?done=merged", kept.id),
    )
    .await;
    assert!(html.contains(&fr("contact_merged")));
    assert!(html.contains(&fr("contact_history_merged")));

    // The removed record's pages are gone; merging twice is refused.
    let (status, _) = page(
        &client,
        &server,
        &format!("/dashboard/contacts/{}", other.id),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let answer = post_form(&client, &server, &merge_path, &[]).await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    let answer = post_form(
        &client,
        &server,
        &format!("/dashboard/contacts/{}/merge/{}", kept.id, kept.id),
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

// ---------------------------------------------------------------------------------------------
// Roles

both_backends!(async only_admins_and_treasurers_reach_contacts_in_the_dashboard_and_the_api);
async fn only_admins_and_treasurers_reach_contacts_in_the_dashboard_and_the_api(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let person = add_contact(&server, "Rose", "Lambert", "rose@example.org");
    let other = add_contact(&server, "Rose", "Lambert", "");
    let tag = tags::create(&mut conn(&server), &tag_input("Bénévole", "tag")).unwrap();
    let id = person.id.to_string();
    let pages = [
        "/dashboard/contacts".to_string(),
        "/dashboard/contacts/new".to_string(),
        format!("/dashboard/contacts/{id}"),
        "/dashboard/contacts/tags".to_string(),
        "/dashboard/contacts/duplicates".to_string(),
        format!("/dashboard/contacts/{id}/merge/{}", other.id),
    ];
    let tag_id = tag.id.to_string();
    let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            "/dashboard/contacts/new".into(),
            vec![("last_name", "Intrus"), ("lang", "fr")],
        ),
        (
            format!("/dashboard/contacts/{id}"),
            vec![("last_name", "Intrus"), ("lang", "fr")],
        ),
        (
            "/dashboard/contacts/bulk-tag".into(),
            vec![("tag_id", tag_id.as_str()), ("ids", id.as_str())],
        ),
        (
            format!("/dashboard/contacts/{id}/consents"),
            vec![("kind", "photos"), ("given", "yes"), ("source", "x")],
        ),
        (
            format!("/dashboard/contacts/{id}/tags"),
            vec![("tag_id", tag_id.as_str())],
        ),
        ("/dashboard/contacts/tags".into(), vec![("name", "Intrus")]),
    ];
    let api_calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/contacts".into(), None),
        (
            Method::POST,
            "/api/v1/contacts".into(),
            Some(json!({"last_name": "Intrus"})),
        ),
        (Method::GET, format!("/api/v1/contacts/{id}"), None),
        (
            Method::PUT,
            format!("/api/v1/contacts/{id}"),
            Some(json!({"last_name": "Intrus"})),
        ),
        (Method::GET, format!("/api/v1/contacts/{id}/consents"), None),
        (
            Method::POST,
            format!("/api/v1/contacts/{id}/consents"),
            Some(json!({"kind": "photos", "given": true, "source": "x"})),
        ),
        (
            Method::PUT,
            format!("/api/v1/contacts/{id}/tags"),
            Some(json!({"tag_ids": []})),
        ),
        (Method::GET, "/api/v1/contact-fields".into(), None),
        (Method::GET, "/api/v1/tags".into(), None),
        (
            Method::POST,
            "/api/v1/tags".into(),
            Some(json!({"name": "Intrus"})),
        ),
        (Method::GET, "/api/v1/contacts/duplicates".into(), None),
        (
            Method::POST,
            format!("/api/v1/contacts/{id}/merge"),
            Some(json!({"other_id": other.id})),
        ),
    ];

    for (i, role) in [Role::Editor, Role::Organizer, Role::Member]
        .into_iter()
        .enumerate()
    {
        let client = browser_as(&server, &format!("refused{i}@example.org"), role).await;
        for path in &pages {
            let (status, _) = page(&client, &server, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} GET {path}");
        }
        for (path, fields) in &forms {
            let answer = post_form(&client, &server, path, fields).await;
            assert_eq!(
                answer.status(),
                StatusCode::FORBIDDEN,
                "{role:?} POST {path}"
            );
        }
        let token = server.token_for(&format!("refused-api{i}@example.org"), role);
        for (method, path, body) in &api_calls {
            let (status, _) = api(&server, method.clone(), path, &token, body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {method} {path}");
        }
    }
    // Nothing changed.
    assert_eq!(contact_count(&server), 2);
    assert!(
        tags::of_contact(&mut conn(&server), person.id)
            .unwrap()
            .is_empty()
    );
    assert!(
        consents::log(&mut conn(&server), person.id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(tags::all(&mut conn(&server)).unwrap().len(), 1);

    // A treasurer may.
    let treasurer = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    for path in &pages {
        let (status, html) = page(&treasurer, &server, path).await;
        assert_eq!(status, StatusCode::OK, "treasurer GET {path}");
        assert!(!html.contains("??"), "a word is missing on {path}");
    }
    let answer = post_form(
        &treasurer,
        &server,
        &format!("/dashboard/contacts/{id}/consents"),
        &[("kind", "photos"), ("given", "yes"), ("source", "x")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let token = server.token_for("tresorier-api@example.org", Role::Treasurer);
    let (status, _) = api(&server, Method::GET, "/api/v1/contacts", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    // Without a token: 401; without a session: the login page.
    let (status, _) = api(
        &server,
        Method::GET,
        "/api/v1/contacts",
        "chm_nothing",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let answer = browser()
        .get(server.url("/dashboard/contacts"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
}

// ---------------------------------------------------------------------------------------------
// The API

both_backends!(async the_api_round_trip_covers_contacts_consents_fields_tags_and_merging);
async fn the_api_round_trip_covers_contacts_consents_fields_tags_and_merging(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let token = server.token_for("tresorier@example.org", Role::Treasurer);
    fields::create(
        &mut conn(&server),
        &fields::FieldInput {
            key: "atelier".into(),
            label: "Atelier".into(),
            kind: "choice".into(),
            choices: "Yoga\nPoterie".into(),
            position: 1,
        },
    )
    .unwrap();

    let (status, body) = api(&server, Method::GET, "/api/v1/contact-fields", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body[0]["key"], "atelier");
    assert_eq!(body[0]["kind"], "choice");

    // A wrong custom value, or an unknown field: 422 and nothing made.
    let (status, body) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"first_name": "Hugo", "fields": {"atelier": "Danse"}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "field_atelier");
    assert_eq!(body["fields"][0]["code"], "contact_field_choice_invalid");
    let (status, _) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"first_name": "Hugo", "fields": {"nope": "x"}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(contact_count(&server), 0);

    let (status, made) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({
            "first_name": "Hugo", "last_name": "Faure", "email": "hugo@example.org",
            "city": "Grenoble", "birth_date": "1990-03-04", "fields": {"atelier": "yoga"}
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_i64().unwrap();
    assert_eq!(made["source"], "api");
    assert_eq!(made["fields"][0]["value"], "Yoga");
    assert!(made.get("email_key").is_none());

    let (status, body) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{id}"),
        &token,
        Some(json!({"first_name": "Hugo", "last_name": "Faure", "email": "hugo@example.org", "city": "Lyon"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["city"], "Lyon");
    assert_eq!(
        body["fields"][0]["value"], "Yoga",
        "fields not named are kept"
    );

    let (status, log) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/consents"),
        &token,
        Some(json!({"kind": "newsletter", "given": true, "source": "paper form"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(log.as_array().unwrap().len(), 1);
    let (status, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/consents"),
        &token,
        Some(json!({"kind": "dance", "given": true, "source": ""})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"].as_array().unwrap().len(), 2);
    let (_, log) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts/{id}/consents"),
        &token,
        None,
    )
    .await;
    assert_eq!(log[0]["source"], "paper form");

    let (status, tag) = api(
        &server,
        Method::POST,
        "/api/v1/tags",
        &token,
        Some(json!({"name": "Bénévole", "kind": "tag"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, group) = api(
        &server,
        Method::POST,
        "/api/v1/tags",
        &token,
        Some(json!({"name": "Bureau", "kind": "group", "description": "Le bureau"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = api(
        &server,
        Method::POST,
        "/api/v1/tags",
        &token,
        Some(json!({"name": "bénévole"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, own) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{id}/tags"),
        &token,
        Some(json!({"tag_ids": [tag["id"], group["id"]]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own.as_array().unwrap().len(), 2);
    let (status, _) = api(
        &server,
        Method::PUT,
        &format!("/api/v1/contacts/{id}/tags"),
        &token,
        Some(json!({"tag_ids": [9999]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, tags_list) = api(&server, Method::GET, "/api/v1/tags", &token, None).await;
    assert_eq!(tags_list[0]["name"], "Bureau", "groups first");

    let (status, detail) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["email"], "hugo@example.org");
    assert_eq!(detail["current_consents"][0]["kind"], "newsletter");
    assert_eq!(detail["consents"].as_array().unwrap().len(), 1);
    assert_eq!(detail["tags"].as_array().unwrap().len(), 2);
    assert_eq!(detail["fields"][0]["key"], "atelier");

    let (_, found) = api(
        &server,
        Method::GET,
        "/api/v1/contacts?q=faure",
        &token,
        None,
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["per_page"], 50);

    // A duplicate made by a script, found and merged.
    let (_, twin) = api(
        &server,
        Method::POST,
        "/api/v1/contacts",
        &token,
        Some(json!({"first_name": "HUGO", "last_name": "faure", "phone": "0600000003"})),
    )
    .await;
    let twin_id = twin["id"].as_i64().unwrap();
    let (_, groups) = api(
        &server,
        Method::GET,
        "/api/v1/contacts/duplicates",
        &token,
        None,
    )
    .await;
    assert_eq!(groups[0]["reason"], "name");
    let (status, kept) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/merge"),
        &token,
        Some(json!({"other_id": twin_id})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["phone"], "0600000003");
    let (status, _) = api(
        &server,
        Method::GET,
        &format!("/api/v1/contacts/{twin_id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api(
        &server,
        Method::POST,
        &format!("/api/v1/contacts/{id}/merge"),
        &token,
        Some(json!({"other_id": id})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The OpenAPI document has every path.
    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, methods) in [
        ("/api/v1/contacts", &["get", "post"][..]),
        ("/api/v1/contacts/{id}", &["get", "put"]),
        ("/api/v1/contacts/{id}/consents", &["get", "post"]),
        ("/api/v1/contacts/{id}/tags", &["put"]),
        ("/api/v1/contacts/{id}/merge", &["post"]),
        ("/api/v1/contacts/duplicates", &["get"]),
        ("/api/v1/contact-fields", &["get"]),
        ("/api/v1/tags", &["get", "post"]),
    ] {
        for method in methods {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} in the document"
            );
        }
    }
    assert!(doc["components"]["schemas"]["ContactDetail"].is_object());
}

// ---------------------------------------------------------------------------------------------
// Speed

both_backends!(#[ignore] async the_first_page_of_ten_thousand_contacts_is_quick);
/// The list with 10,000 contacts: one query for the page and one for the count. Prints the
/// time of the first page through the router (run with `--ignored --nocapture`, release build).
async fn the_first_page_of_ten_thousand_contacts_is_quick(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let client = browser_as(&server, "tresorier@example.org", Role::Treasurer).await;
    {
        let mut db = conn(&server);
        cheminement::db::transaction(&mut db, |c| {
            for i in 0..10_000 {
                let input = ContactInput {
                    first_name: format!("Prénom{i}"),
                    last_name: format!("Nom{:05}", (i * 7919) % 10_000),
                    email: format!("p{i}@example.org"),
                    city: if i % 3 == 0 { "Lyon" } else { "Grenoble" }.into(),
                    ..Default::default()
                };
                contacts::create(c, &input, contacts::Source::Import, None)?;
            }
            Ok::<_, cheminement::error::Error>(())
        })
        .unwrap();
    }
    page(&client, &server, "/dashboard/contacts").await;
    for query in [
        "",
        "?q=nom01234",
        "?has_email=1&page=100",
        "?q=lyon&consent=1",
    ] {
        let started = std::time::Instant::now();
        let (status, _) = page(&client, &server, &format!("/dashboard/contacts{query}")).await;
        assert_eq!(status, StatusCode::OK);
        println!(
            "{backend:?} /dashboard/contacts{query}: {:?}",
            started.elapsed()
        );
    }
}

fn tag_input(name: &str, kind: &str) -> tags::TagInput {
    tags::TagInput {
        name: name.into(),
        kind: kind.into(),
        description: String::new(),
    }
}
