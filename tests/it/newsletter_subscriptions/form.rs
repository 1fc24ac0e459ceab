//! The form: bots, mistakes, lists, other sites.

use super::*;

both_backends!(async the_honeypot_makes_the_form_do_nothing_but_answer_the_same);
async fn the_honeypot_makes_the_form_do_nothing_but_answer_the_same(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let (status, page) = post_subscribe(
        &server,
        &[
            ("email", "bot@example.org"),
            ("name", "Buy now"),
            ("website", "http://spam.example"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{backend:?}");
    assert!(page.contains(CHECK_MAILBOX), "{page}");
    assert!(contact_of(&server, "bot@example.org").is_none());
    assert_eq!(mail_jobs(&server), 0);
    server.stop().await;
}

both_backends!(async a_malformed_email_shows_the_form_again_with_what_was_typed);
async fn a_malformed_email_shows_the_form_again_with_what_was_typed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let (status, page) = post_subscribe(
        &server,
        &[
            ("email", "camille(at)example"),
            ("name", "Camille <b>D</b>"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}: {page}"
    );
    assert!(page.contains("value=\"camille(at)example\""), "{page}");
    assert!(
        page.contains("value=\"Camille &#60;b&#62;D&#60;/b&#62;\"")
            || page.contains("value=\"Camille &lt;b&gt;D&lt;/b&gt;\""),
        "{page}"
    );
    assert!(page.contains("This email address is not valid."), "{page}");
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(!page.contains(CHECK_MAILBOX));

    let (status, page) = post_subscribe(&server, &[("email", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("This field is required."), "{page}");

    assert_eq!(mail_jobs(&server), 0);
    let count: i64 = {
        let mut conn = server.app.db.conn().unwrap();
        subscriptions::table.count().get_result(&mut *conn).unwrap()
    };
    assert_eq!(count, 0);
    server.stop().await;
}

both_backends!(async with_several_public_lists_people_tick_which_and_one_mail_confirms_them_all);
async fn with_several_public_lists_people_tick_which_and_one_mail_confirms_them_all(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = server.token_for("editor@example.org", Role::Editor);
    let created: Value = reqwest::Client::new()
        .post(server.url("/api/v1/lists"))
        .bearer_auth(&token)
        .json(&json!({"name": "Ateliers yoga", "kind": "public", "description": "Les dates des ateliers."}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let yoga = created["id"].as_i64().unwrap();

    let (_, page) = get_en(&server.url("/newsletter")).await;
    assert!(
        page.contains("Ateliers yoga") && page.contains("type=\"checkbox\""),
        "{page}"
    );

    // The boxes shown and none ticked: a mistake, said by the boxes.
    let (status, page) = post_subscribe(
        &server,
        &[("email", "both@example.org"), ("lists_shown", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
    assert!(page.contains("Tick at least one newsletter."), "{page}");

    // A private list cannot be asked for on the public form.
    let mut conn = server.app.db.conn().unwrap();
    let members = cheminement::newsletter::lists::find_by_slug(&mut conn, "members").unwrap();
    let newsletter = cheminement::newsletter::lists::find_by_slug(&mut conn, "newsletter").unwrap();
    drop(conn);
    let (status, _) = post_subscribe(
        &server,
        &[
            ("email", "both@example.org"),
            ("list", &members.id.to_string()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, _) = post_subscribe(
        &server,
        &[
            ("email", "both@example.org"),
            ("lists_shown", "1"),
            ("list", &newsletter.id.to_string()),
            ("list", &yoga.to_string()),
            // The same box twice (a crafted form) is one choice.
            ("list", &newsletter.id.to_string()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mails = wait_mails_for(&smtp, "both@example.org", 1).await;
    assert!(
        mails[0].text.contains("Ateliers yoga") && mails[0].text.contains("Lettre d'information")
    );
    let link = confirm_link(&server, &mails[0].text);
    let (_, page) = post_link(&link).await;
    assert_eq!(state_of(&page), "confirmed");
    assert_eq!(
        subscription_of(&server, "both@example.org", "newsletter")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );
    assert_eq!(
        subscription_of(&server, "both@example.org", "ateliers-yoga")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );
    assert!(subscription_of(&server, "both@example.org", "members").is_none());
    server.stop().await;
}

both_backends!(async the_embedded_form_can_sit_in_a_frame_on_another_site);
async fn the_embedded_form_can_sit_in_a_frame_on_another_site(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let answer = reqwest::Client::new()
        .get(server.url("/newsletter/embed"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let headers = answer.headers().clone();
    let page = answer.text().await.unwrap();
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.ends_with("frame-ancestors *"), "{policy}");
    let xfo = headers[header::X_FRAME_OPTIONS]
        .to_str()
        .unwrap()
        .to_ascii_uppercase();
    assert!(xfo != "DENY" && xfo != "SAMEORIGIN", "{backend:?}: {xfo}");
    assert!(
        headers.get(header::SET_COOKIE).is_none(),
        "no cookie in a frame"
    );
    assert!(page.contains("action=\"/newsletter/subscribe\""), "{page}");
    assert!(page.contains("name=\"embed\" value=\"1\""));
    assert!(!page.contains("<header class=\"site\""), "the form alone");

    // Its answer sits in the frame too, and names the page it came from as the source.
    let answer = reqwest::Client::new()
        .post(server.url("/newsletter/subscribe"))
        .header(header::REFERER, "https://partner.example/agenda?utm=x")
        .form(&[("email", "framed@example.org"), ("embed", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .ends_with("; frame-ancestors *")
    );
    assert!(answer.text().await.unwrap().contains("id=\"nl-sent\""));
    let sub = subscription_of(&server, "framed@example.org", "newsletter").unwrap();
    assert_eq!(sub.source, SubscriptionSource::Form);
    assert_eq!(
        sub.source_url.as_deref(),
        Some("https://partner.example/agenda")
    );
    // From this site's own pages, the source is the form's page.
    let answer = reqwest::Client::new()
        .post(server.url("/newsletter/subscribe"))
        .header(header::REFERER, server.url("/newsletter/subscribe"))
        .form(&[("email", "here@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let sub = subscription_of(&server, "here@example.org", "newsletter").unwrap();
    assert_eq!(sub.source, SubscriptionSource::Form);
    assert_eq!(sub.source_url, Some(format!("{}/newsletter", server.base)));

    // The site's own pages still refuse frames.
    let answer = reqwest::Client::new()
        .get(server.url("/newsletter"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()[header::X_FRAME_OPTIONS], "DENY");
    server.stop().await;
}

both_backends!(async the_newsletter_page_shows_the_form_and_the_archive_of_sent_newsletters);
async fn the_newsletter_page_shows_the_form_and_the_archive_of_sent_newsletters(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    sent_campaign(&server, "lettre-de-novembre", "Lettre de novembre", true);
    sent_campaign(&server, "lettre-interne", "Lettre interne", false);
    let (status, page) = get_en(&server.url("/newsletter")).await;
    assert_eq!(status, StatusCode::OK, "{backend:?}");
    assert!(page.contains("action=\"/newsletter/subscribe\""));
    assert!(
        page.contains("By subscribing you agree to receive this newsletter"),
        "{page}"
    );
    assert!(page.contains("unsubscribe in one click"));
    assert!(
        page.contains("href=\"/newsletter/lettre-de-novembre\""),
        "{page}"
    );
    assert!(page.contains("Lettre de novembre"));
    assert!(!page.contains("Lettre interne"), "kept out of the archive");
    assert!(
        !page.contains("type=\"checkbox\""),
        "one public list: no box to tick"
    );
    assert!(!page.contains("<script"), "no JavaScript needed");
    let (_, home) = get_en(&server.url("/")).await;
    assert!(
        home.contains("href=\"/newsletter\""),
        "the site links to it"
    );
    // A GET of the form's address leads to the form.
    let answer = browser()
        .get(server.url("/newsletter/subscribe"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    server.stop().await;
}
