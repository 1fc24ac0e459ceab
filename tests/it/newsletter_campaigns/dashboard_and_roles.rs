//! Dashboard and roles.

use super::*;

both_backends!(async the_members_list_goes_to_current_members_only);
async fn the_members_list_goes_to_current_members_only(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let members = list_id(&server, "members");

    let current = contact(&server, "current@example.org");
    membership(&server, current, 100);
    let lapsed = contact(&server, "lapsed@example.org");
    membership(&server, lapsed, -2);
    let payer = contact(&server, "payer@example.org");
    let family = membership(&server, payer, 30);
    let child = contact(&server, "child@example.org");
    covers(&server, family, child);
    let left = contact(&server, "left@example.org");
    membership(&server, left, 100);
    subscribe(&server, members, left, "unsubscribed");
    let no_mail = contact_without_email(&server, "Sans Adresse");
    membership(&server, no_mail, 100);
    // Subscribed to the members' list once, but no longer a member.
    let former = contact(&server, "former@example.org");
    membership(&server, former, -40);
    subscribe(&server, members, former, "confirmed");

    let id = id_of(&api_campaign(&server, &token, "Assemblée générale", &[members]).await);
    let draft: Value = api(
        &server,
        &token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        draft["public_archive"], false,
        "members' news stay off the website"
    );
    assert_eq!(api_send(&server, &token, id).await, 3);
    wait_sent(&server, id, 20).await;
    let got = per_address(&smtp);
    let mut who: Vec<&String> = got.keys().collect();
    who.sort();
    assert_eq!(
        who,
        [
            "child@example.org",
            "current@example.org",
            "payer@example.org"
        ],
        "{got:?}"
    );
    assert!(got.values().all(|n| *n == 1));
    assert_eq!(
        subscription_of(&server, members, current).map(|s| (s.0, s.1)),
        Some(("confirmed".to_string(), "membership".to_string())),
        "members are subscribed by their membership"
    );
    assert_eq!(
        subscription_of(&server, members, left).unwrap().0,
        "unsubscribed"
    );
    assert!(subscription_of(&server, members, lapsed).is_none());

    // A second campaign: the same people, nobody subscribed twice.
    let again = id_of(&api_campaign(&server, &token, "Compte rendu", &[members]).await);
    assert_eq!(api_send(&server, &token, again).await, 3);
    wait_sent(&server, again, 20).await;
    server.stop().await;
}

both_backends!(async a_test_send_changes_no_count_and_the_archive_shows_sent_campaigns_only);
async fn a_test_send_changes_no_count_and_the_archive_shows_sent_campaigns_only(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let private = make_list(&server, "bureau", "private");
    subscriber(&server, news, "reader@example.org");
    subscriber(&server, private, "board@example.org");

    let campaign = api_campaign(&server, &token, "Lettre d'été", &[news]).await;
    let id = id_of(&campaign);
    let slug = campaign["slug"].as_str().unwrap().to_string();
    assert!(slug.contains("lettre-d-ete"), "{slug}");

    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/test"),
        Some(json!({"to": "not an address"})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/test"),
        Some(json!({"to": "Checker@Example.org"})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    server.settle().await;
    let tests = mails_to(&smtp, "checker@example.org");
    assert_eq!(tests.len(), 1);
    assert!(header(&tests[0], "Subject").unwrap().contains("[Test]"));
    let n = counts(&server, &token, id).await;
    assert_eq!(
        (n["recipients"].as_i64(), n["sent"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(campaign_status(&server, id), "draft");

    // A draft is not in the archive; once sent it is.
    let page = reqwest::get(server.url(&format!("/newsletter/{slug}")))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    api_send(&server, &token, id).await;
    wait_sent(&server, id, 20).await;
    let slug = campaign_slug(&server, &token, id).await;
    let page = reqwest::get(server.url(&format!("/newsletter/{slug}")))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Lettre d&#39;été") || html.contains("Lettre d&#x27;été"),
        "{html}"
    );
    assert!(html.contains("<strong>Lettre d"), "{html}");
    assert_eq!(mails_to(&smtp, "reader@example.org").len(), 1);

    // One to a private list is kept off the archive.
    let board = api_campaign(&server, &token, "Réunion du bureau", &[private]).await;
    let board_id = id_of(&board);
    api_send(&server, &token, board_id).await;
    wait_sent(&server, board_id, 20).await;
    let board_slug = campaign_slug(&server, &token, board_id).await;
    let page = reqwest::get(server.url(&format!("/newsletter/{board_slug}")))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);

    // A sent campaign is read-only, and cannot be sent twice.
    let answer = api(
        &server,
        &token,
        Method::PUT,
        &format!("/api/v1/campaigns/{id}"),
        Some(json!({"subject": "Autre", "body": "x", "lists": [news]})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/send"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = api(
        &server,
        &token,
        Method::DELETE,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = api(
        &server,
        &token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}/recipients"),
        None,
    )
    .await;
    let page: Value = answer.json().await.unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["recipients"][0]["status"], "sent");
    server.stop().await;
}

both_backends!(async bad_input_is_refused_clearly_and_nothing_is_written);
async fn bad_input_is_refused_clearly_and_nothing_is_written(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let answer = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/campaigns",
        Some(json!({"subject": "", "body": " ", "lists": [9999]})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["subject", "body", "lists"],
        "every mistake at once"
    );
    let answer = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/campaigns",
        Some(json!({"subject": 3})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let list: Value = api(&server, &token, Method::GET, "/api/v1/campaigns", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0);
    let answer = api(
        &server,
        &token,
        Method::GET,
        "/api/v1/campaigns/424242",
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

both_backends!(async organizers_are_refused_and_editors_allowed);
async fn organizers_are_refused_and_editors_allowed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let organizer = server.token_for("karim@example.org", Role::Organizer);
    let editor = editor_token(&server);
    let news = list_id(&server, "newsletter");
    for (method, path) in [
        (Method::GET, "/api/v1/campaigns"),
        (Method::POST, "/api/v1/campaigns"),
        (Method::GET, "/api/v1/campaigns/1"),
        (Method::POST, "/api/v1/campaigns/1/send"),
        (Method::GET, "/api/v1/campaigns/1/recipients"),
    ] {
        let answer = api(
            &server,
            &organizer,
            method.clone(),
            path,
            Some(json!({"subject": "x", "body": "x", "lists": [news]})),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    let answer = api(&server, &editor, Method::GET, "/api/v1/campaigns", None).await;
    assert_eq!(answer.status(), StatusCode::OK);

    server.create_user("orga@example.org", Role::Organizer);
    let client = browser();
    login(&client, &server, "orga@example.org", PASSWORD).await;
    for path in ["/dashboard/campaigns", "/dashboard/campaigns/new"] {
        let answer = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
    }
    server.create_user("redac@example.org", Role::Editor);
    let client = browser();
    login(&client, &server, "redac@example.org", PASSWORD).await;
    let answer = client
        .get(server.url("/dashboard/campaigns"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    server.stop().await;
}

both_backends!(async the_dashboard_writes_previews_inserts_events_and_sends_after_confirmation);
async fn the_dashboard_writes_previews_inserts_events_and_sends_after_confirmation(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let news = list_id(&server, "newsletter");
    subscriber(&server, news, "one@example.org");
    subscriber(&server, news, "two@example.org");
    // An event in the agenda, for the events block.
    let organizer = server.token_for("karim@example.org", Role::Organizer);
    let day = (chrono::Utc::now() + chrono::Duration::days(6))
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let event: Value = api(
        &server,
        &organizer,
        Method::POST,
        "/api/v1/events",
        Some(json!({
            "title": "Concert du trio",
            "description": "Salle du bas.",
            "starts_at": format!("{}T20:30", day.format("%Y-%m-%d")),
            "ends_at": format!("{}T22:30", day.format("%Y-%m-%d")),
            "place_name": "Lieu Respirer",
        })),
    )
    .await
    .json()
    .await
    .unwrap();
    let event_slug = event["slug"].as_str().unwrap().to_string();

    server.create_user("redac@example.org", Role::Editor);
    let client = browser();
    login(&client, &server, "redac@example.org", PASSWORD).await;
    let csrf = csrf_of(&client, &server.url("/dashboard/campaigns/new")).await;
    let list_field = format!("list_{news}");
    let post = |action: &'static str, body: &'static str| {
        let client = client.clone();
        let (csrf, list_field, url) = (
            csrf.clone(),
            list_field.clone(),
            server.url("/dashboard/campaigns/new"),
        );
        async move {
            client
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("subject", "Nouvelles de l'automne"),
                    ("body", body),
                    (list_field.as_str(), "on"),
                    ("archive", "auto"),
                    ("action", action),
                ])
                .send()
                .await
                .unwrap()
        }
    };

    // The preview shows the mail below the form and keeps what was typed.
    let answer = post("preview", "Un **atelier** samedi.").await;
    assert_eq!(answer.status(), StatusCode::OK);
    let page = answer.text().await.unwrap();
    assert!(page.contains("srcdoc="), "the rendered mail");
    assert!(page.contains("Un **atelier** samedi."), "the text as typed");
    assert!(
        page.contains("&#60;strong&#62;atelier&#60;/strong&#62;"),
        "the mail's HTML, in the frame: {page}"
    );

    // The events button appends the agenda, without saving.
    let answer = post("events", "Bonjour.").await;
    assert_eq!(answer.status(), StatusCode::OK);
    let page = answer.text().await.unwrap();
    assert!(page.contains(&format!("/events/{event_slug})")), "{page}");
    assert!(page.contains("Concert du trio"));

    // A mistake keeps what was typed.
    let answer = client
        .post(server.url("/dashboard/campaigns/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("subject", ""),
            ("body", "Texte gardé"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("Texte gardé") && page.contains("aria-invalid"));

    // Saving.
    let answer = post("save", "Un **atelier** samedi.").await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = location
        .trim_start_matches("/dashboard/campaigns/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // A test to the signed-in account's address.
    let edit = client
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        edit.contains("redac@example.org"),
        "the test goes to me by default"
    );
    let answer = client
        .post(server.url(&format!("/dashboard/campaigns/{id}/test")))
        .form(&[("csrf", csrf.as_str()), ("to", "redac@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    server.settle().await;
    assert_eq!(mails_to(&smtp, "redac@example.org").len(), 1);

    // "Send now" says how many first.
    let confirm = client
        .get(server.url(&format!("/dashboard/campaigns/{id}/send")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(confirm.contains("<strong>2</strong>"), "{confirm}");
    let answer = client
        .post(server.url(&format!("/dashboard/campaigns/{id}/send")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    wait_sent(&server, id, 20).await;
    assert_eq!(mails_to(&smtp, "one@example.org").len(), 1);

    // Sent: the editor is gone, the report is there.
    let answer = client
        .get(server.url(&format!("/dashboard/campaigns/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let report = client
        .get(server.url(&format!("/dashboard/campaigns/{id}/report")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(report.contains("one@example.org") && report.contains("two@example.org"));
    let answer = post("save", "Changé").await;
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "a new draft, not a change"
    );
    let answer = client
        .post(server.url(&format!("/dashboard/campaigns/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("subject", "Autre"),
            ("body", "x"),
            (list_field.as_str(), "on"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::CONFLICT,
        "a sent campaign is read-only"
    );
    let list = client
        .get(server.url("/dashboard/campaigns"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("2 / 2"), "the list shows the counts");
    server.stop().await;
}
