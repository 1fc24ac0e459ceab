//! The contact's page.

use super::*;

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
