//! Double opt-in; Unsubscribing.

use super::*;

both_backends!(async the_confirmation_mail_arrives_and_its_link_confirms_once);
async fn the_confirmation_mail_arrives_and_its_link_confirms_once(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "camille@example.org";

    let (status, page) = post_subscribe(
        &server,
        &[
            ("email", " Camille@Example.org "),
            ("name", "Camille Dupré"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
    assert!(page.contains(CHECK_MAILBOX), "{page}");

    let mails = wait_mails_for(&smtp, email, 1).await;
    let mail = &mails[0];
    assert!(
        mail.subject.contains("Confirm your subscription"),
        "{:?}",
        mail.subject
    );
    assert!(mail.subject.contains("Lieu Respirer"), "{:?}", mail.subject);
    assert!(mail.text.contains("Lettre d'information"), "{}", mail.text);
    let link = confirm_link(&server, &mail.text);
    assert!(
        mail.html.contains(&link),
        "the HTML part holds the link too: {}",
        mail.html
    );
    assert!(mail.header("List-Unsubscribe").is_none(), "not a list mail");

    // Pending, with only the hash of the secret stored.
    let sub = subscription_of(&server, email, "newsletter").expect("a subscription");
    assert_eq!(sub.status.as_str(), "pending");
    let secret = link.rsplit('/').next().unwrap();
    let hash = sub.confirm_hash.clone().unwrap();
    assert_ne!(hash, secret);
    assert_eq!(hash, cheminement::accounts::tokens::hash(secret));
    let expires = sub.confirm_expires_at.unwrap() - sub.confirm_sent_at.unwrap();
    assert_eq!(expires, chrono::Duration::days(7));
    let contact = contact_of(&server, email).unwrap();
    assert_eq!(contact.first_name, "Camille");
    assert_eq!(contact.last_name, "Dupré");
    assert_eq!(
        contact.source,
        cheminement::members::contacts::Source::Newsletter
    );
    assert!(
        consents_of(&server, email).is_empty(),
        "no consent before the click"
    );

    // Opening the link (as a mail scanner does) changes nothing: a page with one button.
    let (status, page) = get_en(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(state_of(&page), "ask");
    assert!(
        page.contains("Lettre d&#39;information") || page.contains("Lettre d'information"),
        "{page}"
    );
    assert!(
        page.contains(&format!("action=\"/newsletter/confirm/{secret}\"")),
        "{page}"
    );
    assert_eq!(
        subscription_of(&server, email, "newsletter")
            .unwrap()
            .status
            .as_str(),
        "pending"
    );

    // The button confirms, without cookie or token.
    let (status, page) = post_link(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(state_of(&page), "confirmed");
    let sub = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(sub.status.as_str(), "confirmed");
    assert!(sub.confirmed_at.is_some());
    assert!(
        page.contains(&format!(
            "/newsletter/unsubscribe/{}",
            sub.unsubscribe_token
        )),
        "the page shows how to leave: {page}"
    );
    let consents = consents_of(&server, email);
    assert_eq!(consents.len(), 1, "{consents:?}");
    assert!(consents[0].given);
    assert_eq!(
        consents[0].kind,
        cheminement::members::consents::ConsentKind::Newsletter
    );
    assert!(
        consents[0].source.starts_with("form http://localhost:")
            && consents[0].source.contains("/newsletter on ")
            && consents[0].source.ends_with(", confirmed by the link"),
        "{}",
        consents[0].source
    );
    assert!(
        history_of(&server, email).contains(&("subscribed".into(), "newsletter".into())),
        "{:?}",
        history_of(&server, email)
    );

    // A second use says so and changes nothing.
    let (status, page) = post_link(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state_of(&page), "already", "{page}");
    let (status, page) = get_en(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state_of(&page), "already");
    assert_eq!(consents_of(&server, email).len(), 1);
    let again = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(again.confirmed_at, sub.confirmed_at);

    server.settle().await;
    assert_eq!(mails_for(&smtp, email).len(), 1, "nothing else was sent");
    server.stop().await;
}

both_backends!(async an_expired_link_says_so_and_changes_nothing);
async fn an_expired_link_says_so_and_changes_nothing(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "late@example.org";
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    let sub = subscription_of(&server, email, "newsletter").unwrap();
    set_expiry(
        &server,
        sub.id,
        cheminement::db::now() - chrono::Duration::minutes(1),
    );

    let (status, page) = get_en(&link).await;
    assert_eq!(status, StatusCode::GONE, "{backend:?}: {page}");
    assert_eq!(state_of(&page), "expired");
    assert!(
        page.contains("href=\"/newsletter\""),
        "a way to subscribe again"
    );
    let (status, page) = post_link(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(state_of(&page), "expired");
    assert!(page.contains("has expired"), "{page}");

    let after = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(after.status.as_str(), "pending");
    assert!(after.confirmed_at.is_none());
    assert!(consents_of(&server, email).is_empty());
    server.stop().await;
}

both_backends!(async a_forged_link_is_a_404_page_and_changes_nothing);
async fn a_forged_link_is_a_404_page_and_changes_nothing(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "real@example.org";
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    let forged = format!("{}x", link);
    for url in [
        forged.clone(),
        server.url("/newsletter/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
    ] {
        let (status, page) = get_en(&url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?} {url}: {page}");
        assert_eq!(state_of(&page), "unknown");
        assert!(page.contains("href=\"/newsletter\""), "{page}");
        let (status, page) = post_link(&url).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(state_of(&page), "unknown");
    }
    assert_eq!(
        subscription_of(&server, email, "newsletter")
            .unwrap()
            .status
            .as_str(),
        "pending"
    );

    // A forged unsubscribe token: a 404 page, on GET and POST.
    for url in [
        unsubscribe_url(&server, "forged-token"),
        unsubscribe_url(&server, "forged-token?c=1"),
    ] {
        let (status, page) = get_en(&url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
        assert_eq!(state_of(&page), "unknown");
        let (status, _) = post_link(&url).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    server.stop().await;
}

both_backends!(async subscribing_twice_within_ten_minutes_sends_one_mail);
async fn subscribing_twice_within_ten_minutes_sends_one_mail(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "twice@example.org";
    let first = subscribe_and_get_link(&server, &smtp, email).await;

    let (status, page) = post_subscribe(&server, &[("email", email)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(CHECK_MAILBOX), "the same answer: {page}");
    server.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        mails_for(&smtp, email).len(),
        1,
        "{backend:?}: one mail only"
    );
    let (status, _) = get_en(&first).await;
    assert_eq!(status, StatusCode::OK, "the first link still works");

    // Eleven minutes later, a new request sends a new link, which replaces the first.
    let sub = subscription_of(&server, email, "newsletter").unwrap();
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(subscriptions::table.find(sub.id))
            .set(
                subscriptions::confirm_sent_at
                    .eq(Some(cheminement::db::now() - chrono::Duration::minutes(11))),
            )
            .execute(&mut *conn)
            .unwrap();
    }
    let second = subscribe_and_get_link(&server, &smtp, email).await;
    assert_ne!(first, second);
    assert_eq!(mails_for(&smtp, email).len(), 2);
    let (status, page) = get_en(&first).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
    let (status, page) = post_link(&second).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state_of(&page), "confirmed");
    server.stop().await;
}

both_backends!(async a_confirmed_subscriber_gets_no_mail_and_the_same_answer);
async fn a_confirmed_subscriber_gets_no_mail_and_the_same_answer(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "known@example.org";
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    post_link(&link).await;
    {
        // Long after: not held back by the ten minutes.
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(subscriptions::table)
            .set(
                subscriptions::confirm_sent_at
                    .eq(Some(cheminement::db::now() - chrono::Duration::days(3))),
            )
            .execute(&mut *conn)
            .unwrap();
    }
    let (_, unknown_page) = post_subscribe(&server, &[("email", "stranger@example.org")]).await;
    let (status, known_page) = post_subscribe(&server, &[("email", email)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        known_page, unknown_page,
        "{backend:?}: the page never tells whether an address is known"
    );
    server.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mails_for(&smtp, email).len(), 1);
    assert_eq!(
        subscription_of(&server, email, "newsletter")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );
    server.stop().await;
}

both_backends!(async confirming_forgets_a_past_bounce_of_the_address);
async fn confirming_forgets_a_past_bounce_of_the_address(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "bounced@example.org";
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    let contact = contact_of(&server, email).unwrap();
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(contacts::table.find(contact.id))
            .set((
                contacts::email_bounced_at.eq(Some(cheminement::db::now())),
                contacts::bounce_reason.eq(Some("550 no such user")),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let (status, _) = post_link(&link).await;
    assert_eq!(status, StatusCode::OK);
    let after = contact_of(&server, email).unwrap();
    assert!(after.email_bounced_at.is_none(), "{backend:?}");
    assert!(after.bounce_reason.is_none());
    server.stop().await;
}

both_backends!(async one_click_unsubscribe_works_without_cookie_and_a_get_changes_nothing);
async fn one_click_unsubscribe_works_without_cookie_and_a_get_changes_nothing(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "leaving@example.org";
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    post_link(&link).await;
    let sub = subscription_of(&server, email, "newsletter").unwrap();
    let campaign = sent_campaign(&server, "lettre-de-decembre", "Lettre de décembre", true);
    let url = format!(
        "{}?c={campaign}",
        unsubscribe_url(&server, &sub.unsubscribe_token)
    );

    // GET: the page with one button and the list; nothing changes.
    let (status, page) = get_en(&url).await;
    assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
    assert_eq!(state_of(&page), "ask");
    assert!(page.contains("Lettre d"), "the page names the list: {page}");
    assert!(page.contains(email));
    assert!(
        page.contains(&format!(
            "action=\"/newsletter/unsubscribe/{}?c={campaign}\"",
            sub.unsubscribe_token
        )),
        "{page}"
    );
    assert_eq!(
        subscription_of(&server, email, "newsletter")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );

    // The RFC 8058 one-click POST: no cookie, no token.
    let answer = reqwest::Client::new()
        .post(&url)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.headers().get(header::SET_COOKIE).is_none());
    let after = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(after.status.as_str(), "unsubscribed");
    assert!(after.unsubscribed_at.is_some());
    assert_eq!(after.unsubscribed_campaign_id, Some(campaign));
    assert!(
        after.confirm_hash.is_none(),
        "the old confirmation link is spent"
    );
    let consents = consents_of(&server, email);
    assert_eq!(consents.len(), 2, "{consents:?}");
    assert!(!consents[1].given, "the consent is withdrawn");
    assert!(
        consents[1].source.contains("unsubscribe link"),
        "{}",
        consents[1].source
    );
    assert!(history_of(&server, email).contains(&("unsubscribed".into(), "newsletter".into())));

    // Twice: said, nothing changes.
    let (status, page) = post_link(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state_of(&page), "already", "{page}");
    assert!(page.contains("already unsubscribed"), "{page}");
    let (_, page) = get_en(&url).await;
    assert_eq!(state_of(&page), "already");
    let again = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(again.unsubscribed_at, after.unsubscribed_at);
    assert_eq!(consents_of(&server, email).len(), 2);

    // The old confirmation link does not subscribe them again.
    let (status, _) = post_link(&link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        subscription_of(&server, email, "newsletter")
            .unwrap()
            .status
            .as_str(),
        "unsubscribed"
    );
    server.stop().await;
}

both_backends!(async an_unsubscribed_person_who_subscribes_again_is_pending_until_confirmed);
async fn an_unsubscribed_person_who_subscribes_again_is_pending_until_confirmed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let email = "back@example.org";
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    post_link(&link).await;
    let sub = subscription_of(&server, email, "newsletter").unwrap();
    // A campaign id that is not ours is ignored.
    post_link(&format!(
        "{}?c=999999",
        unsubscribe_url(&server, &sub.unsubscribe_token)
    ))
    .await;
    let gone = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(gone.status.as_str(), "unsubscribed");
    assert_eq!(gone.unsubscribed_campaign_id, None, "{backend:?}");
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(subscriptions::table.find(sub.id))
            .set(
                subscriptions::confirm_sent_at
                    .eq(Some(cheminement::db::now() - chrono::Duration::hours(1))),
            )
            .execute(&mut *conn)
            .unwrap();
    }
    let link = subscribe_and_get_link(&server, &smtp, email).await;
    let back = subscription_of(&server, email, "newsletter").unwrap();
    assert_eq!(back.status.as_str(), "pending");
    assert_eq!(
        back.unsubscribe_token, sub.unsubscribe_token,
        "the token is stable"
    );
    let (_, page) = post_link(&link).await;
    assert_eq!(state_of(&page), "confirmed");
    assert_eq!(
        subscription_of(&server, email, "newsletter")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );
    let given: Vec<bool> = consents_of(&server, email)
        .iter()
        .map(|c| c.given)
        .collect();
    assert_eq!(given, [true, false, true]);
    server.stop().await;
}
