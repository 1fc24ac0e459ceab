//! Duplicates and merging.

use super::*;

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
