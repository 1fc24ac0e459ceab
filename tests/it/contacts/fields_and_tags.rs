//! Custom fields; Tags and groups.

use super::*;

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
