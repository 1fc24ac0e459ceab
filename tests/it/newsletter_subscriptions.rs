//! Newsletter lists and subscriptions through the real router, database, job queue and a real
//! SMTP server on loopback: the public form with double opt-in (the confirmation mail, its link
//! followed once, expired, forged), at most one mail every ten minutes, the honeypot, a
//! malformed address, one-click unsubscribe (RFC 8058) without login or cookie, the consent
//! log, the embeddable form, the archive, the dashboard and the API with their role checks.

use cheminement::accounts::Role;
use cheminement::db::TextEnum;
use cheminement::db::schema::{campaign_lists, contacts, subscriptions};
use cheminement::newsletter::subscriptions::SubscriptionSource;
use diesel::prelude::*;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::common::subscriptions::*;
use crate::common::*;

const CHECK_MAILBOX: &str = "Check your mailbox";

async fn start(backend: Backend, smtp: &SmtpSink) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let url = smtp.url();
    let server = TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", url.as_str())]).await;
    (storage, server)
}

async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let answer = client.get(url).send().await.unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// POSTs to a mail link as a person's browser does: a fresh client, no cookie, no token.
async fn post_link(url: &str) -> (StatusCode, String) {
    let answer = reqwest::Client::new()
        .post(url)
        .header(header::ACCEPT_LANGUAGE, "en")
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

async fn get_en(url: &str) -> (StatusCode, String) {
    let answer = reqwest::Client::new()
        .get(url)
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// Subscribes through the form and returns the confirmation link of the mail that arrives.
async fn subscribe_and_get_link(server: &TestServer, smtp: &SmtpSink, email: &str) -> String {
    let before = mails_for(smtp, email).len();
    let (status, page) =
        post_subscribe(server, &[("email", email), ("name", "Camille Dupré")]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(CHECK_MAILBOX), "{page}");
    let mails = wait_mails_for(smtp, email, before + 1).await;
    confirm_link(server, &mails[before].text)
}

fn state_of(page: &str) -> &str {
    let marker = "data-state=\"";
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("a state in {page}"))
        + marker.len();
    let end = page[at..].find('"').unwrap() + at;
    &page[at..end]
}

fn set_expiry(server: &TestServer, id: i64, at: chrono::NaiveDateTime) {
    let mut conn = server.app.db.conn().unwrap();
    diesel::update(subscriptions::table.find(id))
        .set(subscriptions::confirm_expires_at.eq(Some(at)))
        .execute(&mut *conn)
        .unwrap();
}

fn unsubscribe_url(server: &TestServer, token: &str) -> String {
    server.url(&format!("/newsletter/unsubscribe/{token}"))
}

// ---------------------------------------------------------------------------------------------
// Double opt-in

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

// ---------------------------------------------------------------------------------------------
// Unsubscribing

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

// ---------------------------------------------------------------------------------------------
// The form: bots, mistakes, lists, other sites

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

// ---------------------------------------------------------------------------------------------
// The dashboard

both_backends!(async the_lists_dashboard_is_for_editors_and_admins_not_organizers);
async fn the_lists_dashboard_is_for_editors_and_admins_not_organizers(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let (organizer, o_csrf) = signed_in(&server, "orga@example.org", Role::Organizer).await;
    for path in [
        "/dashboard/lists",
        "/dashboard/lists/1",
        "/dashboard/lists/1/subscribers.csv",
        "/dashboard/lists/new",
    ] {
        let (status, _) = get(&organizer, &server.url(path)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?} {path}");
    }
    let answer = organizer
        .post(server.url("/dashboard/lists/1/subscribers"))
        .form(&[("csrf", o_csrf.as_str()), ("email", "x@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let (treasurer, _) = signed_in(&server, "tresor@example.org", Role::Treasurer).await;
    assert_eq!(
        get(&treasurer, &server.url("/dashboard/lists")).await.0,
        StatusCode::FORBIDDEN
    );

    let (editor, csrf) = signed_in(&server, "editor@example.org", Role::Editor).await;
    let (status, page) = get(&editor, &server.url("/dashboard/lists")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Lettre d") && page.contains("Adhérents"),
        "{page}"
    );

    // A new private list; a slug that is taken is refused by its field.
    let answer = editor
        .post(server.url("/dashboard/lists/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Bénévoles"),
            ("kind", "private"),
            ("description", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let id: i64 = location
        .trim_start_matches("/dashboard/lists/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let answer = editor
        .post(server.url("/dashboard/lists/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Autre"),
            ("slug", "benevoles"),
            ("kind", "private"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("value=\"Autre\""), "keeps what was typed");

    // Someone who agreed on paper: confirmed at once, the source recorded.
    let answer = editor
        .post(server.url(&format!("/dashboard/lists/{id}/subscribers")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "paper@example.org"),
            ("name", "Jules Bernard"),
            ("how", "consent"),
            ("consent_source", "bulletin papier du 12/09/2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        subscription_of(&server, "paper@example.org", "benevoles")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );
    let consents = consents_of(&server, "paper@example.org");
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].source, "bulletin papier du 12/09/2026");
    assert!(consents[0].recorded_by.is_some());

    // By mail: pending, and the confirmation arrives.
    let answer = editor
        .post(server.url(&format!("/dashboard/lists/{id}/subscribers")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "mail@example.org"),
            ("how", "mail"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        subscription_of(&server, "mail@example.org", "benevoles")
            .unwrap()
            .status
            .as_str(),
        "pending"
    );
    let mails = wait_mails_for(&smtp, "mail@example.org", 1).await;
    confirm_link(&server, &mails[0].text);

    // On the public list, "agreed otherwise" needs to say where and when.
    let answer = editor
        .post(server.url("/dashboard/lists/1/subscribers"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "nosource@example.org"),
            ("how", "consent"),
            ("consent_source", " "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("value=\"nosource@example.org\""), "{page}");
    assert!(subscription_of(&server, "nosource@example.org", "newsletter").is_none());

    // The subscribers page: counts, search, status filter.
    let (status, page) = get(&editor, &server.url(&format!("/dashboard/lists/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("paper@example.org") && page.contains("mail@example.org"),
        "{page}"
    );
    let (_, page) = get(
        &editor,
        &server.url(&format!("/dashboard/lists/{id}?q=bernard")),
    )
    .await;
    assert!(
        page.contains("paper@example.org") && !page.contains("mail@example.org"),
        "{page}"
    );
    let (_, page) = get(
        &editor,
        &server.url(&format!("/dashboard/lists/{id}?status=pending")),
    )
    .await;
    assert!(!page.contains("paper@example.org") && page.contains("mail@example.org"));

    // The CSV export opens in a spreadsheet.
    let answer = editor
        .get(server.url(&format!("/dashboard/lists/{id}/subscribers.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("list-benevoles.csv")
    );
    let bytes = answer.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains("paper@example.org;Jules;Bernard;"), "{text}");
    assert!(text.contains("\r\n"));

    // Taking someone off.
    let sub = subscription_of(&server, "paper@example.org", "benevoles").unwrap();
    let answer = editor
        .post(server.url(&format!("/dashboard/subscriptions/{}/unsubscribe", sub.id)))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        subscription_of(&server, "paper@example.org", "benevoles")
            .unwrap()
            .status
            .as_str(),
        "unsubscribed"
    );
    let (_, page) = get(&editor, &server.url("/dashboard/lists")).await;
    assert!(page.contains(&format!("id=\"list-{id}\"")));

    // The snippets for another site, on a public list.
    let (_, page) = get(&editor, &server.url("/dashboard/lists/1")).await;
    assert!(
        page.contains(&format!(
            "&#60;iframe src=&#34;{}/newsletter/embed?lang=fr&#34;",
            server.base
        )),
        "{page}"
    );
    assert!(page.contains(&format!(
        "&#60;form action=&#34;{}/newsletter/subscribe&#34; method=&#34;post&#34;&#62;",
        server.base
    )));
    assert!(
        page.contains("name=&#34;list&#34; value=&#34;1&#34;"),
        "{page}"
    );

    // A POST without the CSRF token is refused.
    let answer = editor
        .post(server.url(&format!("/dashboard/lists/{id}/subscribers")))
        .form(&[("email", "nocsrf@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// The API

both_backends!(async the_api_manages_lists_and_subscribers_for_editors_only);
async fn the_api_manages_lists_and_subscribers_for_editors_only(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let client = reqwest::Client::new();
    let organizer = server.token_for("orga@example.org", Role::Organizer);
    let editor = server.token_for("editor@example.org", Role::Editor);
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/lists"),
        (reqwest::Method::POST, "/api/v1/lists"),
        (reqwest::Method::GET, "/api/v1/lists/1"),
        (reqwest::Method::PUT, "/api/v1/lists/1"),
        (reqwest::Method::DELETE, "/api/v1/lists/1"),
        (reqwest::Method::GET, "/api/v1/lists/1/subscribers"),
        (reqwest::Method::POST, "/api/v1/lists/1/subscribers"),
        (reqwest::Method::DELETE, "/api/v1/subscriptions/1"),
    ] {
        let answer = client
            .request(method.clone(), server.url(path))
            .bearer_auth(&organizer)
            .json(&json!({"name": "x", "kind": "private", "email": "x@example.org"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::FORBIDDEN,
            "{backend:?} {method} {path}"
        );
        let answer = client
            .request(method.clone(), server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
    }

    let lists: Value = client
        .get(server.url("/api/v1/lists"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["newsletter", "members"]);
    assert_eq!(lists[0]["kind"], "public");
    assert_eq!(lists[0]["counts"]["confirmed"], 0);

    let answer = client
        .post(server.url("/api/v1/lists"))
        .bearer_auth(&editor)
        .json(&json!({"name": "Conseil d'administration", "kind": "private"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let board: Value = answer.json().await.unwrap();
    assert_eq!(board["slug"], "conseil-d-administration");
    let board_id = board["id"].as_i64().unwrap();

    let answer = client
        .post(server.url("/api/v1/lists"))
        .bearer_auth(&editor)
        .json(&json!({"name": "Double", "slug": "newsletter", "kind": "weekly"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"kind"), "{body}");

    let answer = client
        .put(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .json(&json!({"name": "Le CA", "slug": "ca", "kind": "private", "description": "Le bureau et le CA"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let answer = client
        .put(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .json(&json!({"name": "Le CA", "slug": "members", "kind": "private"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the slug is taken"
    );

    // With a consent source: confirmed at once. Without: a confirmation mail.
    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "paper@example.org", "name": "Zoé Petit", "consent_source": "bulletin papier, AG 2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let added: Value = answer.json().await.unwrap();
    assert_eq!(added["outcome"], "confirmed");
    assert_eq!(added["subscription"]["status"], "confirmed");
    assert!(added["subscription"].get("unsubscribe_token").is_none());
    assert_eq!(
        consents_of(&server, "paper@example.org")[0].source,
        "bulletin papier, AG 2026"
    );

    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "mail@example.org", "lang": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let added: Value = answer.json().await.unwrap();
    assert_eq!(added["outcome"], "confirmation_sent");
    assert_eq!(added["subscription"]["status"], "pending");
    let mails = wait_mails_for(&smtp, "mail@example.org", 1).await;
    assert!(
        mails[0].subject.contains("Confirm your subscription"),
        "{}",
        mails[0].subject
    );
    let link = confirm_link(&server, &mails[0].text);
    let (_, page) = post_link(&link).await;
    assert_eq!(state_of(&page), "confirmed");
    assert!(
        consents_of(&server, "mail@example.org")[0]
            .source
            .starts_with("api on "),
        "{:?}",
        consents_of(&server, "mail@example.org")
    );

    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "not an address"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "paper@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.json::<Value>().await.unwrap()["outcome"],
        "already_confirmed"
    );
    let answer = client
        .post(server.url("/api/v1/lists/424242/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "x@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);

    let page: Value = client
        .get(server.url("/api/v1/lists/1/subscribers?status=confirmed"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["per_page"], 50);
    let page: Value = client
        .get(server.url("/api/v1/lists/1/subscribers?q=zo%C3%A9"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["subscribers"][0]["email"], "paper@example.org");
    let sub_id = page["subscribers"][0]["id"].as_i64().unwrap();

    let answer = client
        .delete(server.url(&format!("/api/v1/subscriptions/{sub_id}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.json::<Value>().await.unwrap()["status"],
        "unsubscribed"
    );
    assert!(
        !consents_of(&server, "paper@example.org")
            .last()
            .unwrap()
            .given
    );
    let summary: Value = client
        .get(server.url("/api/v1/lists/1"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary["counts"],
        json!({"confirmed": 1, "pending": 0, "unsubscribed": 1})
    );

    // A list that a campaign uses cannot be deleted; another can.
    let campaign = sent_campaign(&server, "lettre-1", "Lettre 1", true);
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::insert_into(campaign_lists::table)
            .values((
                campaign_lists::campaign_id.eq(campaign),
                campaign_lists::list_id.eq(1i64),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let answer = client
        .delete(server.url("/api/v1/lists/1"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = client
        .delete(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let answer = client
        .get(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);

    let doc: Value = client
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/lists",
        "/api/v1/lists/{id}",
        "/api/v1/lists/{id}/subscribers",
        "/api/v1/subscriptions/{id}",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} in the OpenAPI document"
        );
    }
    server.stop().await;
}
