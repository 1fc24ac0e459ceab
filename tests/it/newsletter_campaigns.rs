//! Newsletter campaigns through the real router, database, job queue and a real SMTP server on
//! loopback: who gets a campaign (confirmed subscribers only, once each, current members for
//! the members' list), the one-click unsubscribe, bounces, a server stopped half-way, a row left
//! `sending` by a crash, scheduled sending, tests that count nothing, the public archive, the
//! dashboard editor and the role checks.

use cheminement::accounts::Role;
use cheminement::db::schema::{campaign_recipient_tries, campaign_recipients, contact_log};
use diesel::prelude::*;
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::common::campaigns::*;
use crate::common::*;

const PASSWORD: &str = "correct horse battery staple";

async fn start(backend: Backend, smtp: &SmtpSink, extra: &[(&str, &str)]) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let url = smtp.url();
    let mut settings = vec![("CHEMINEMENT_SMTP_URL", url.as_str())];
    settings.extend_from_slice(extra);
    let server = TestServer::start_with(&storage, &settings).await;
    (storage, server)
}

fn editor_token(server: &TestServer) -> String {
    server.token_for("edith@example.org", Role::Editor)
}

fn id_of(campaign: &Value) -> i64 {
    campaign["id"].as_i64().unwrap()
}

async fn counts(server: &TestServer, token: &str, id: i64) -> Value {
    let answer = api(
        server,
        token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    body["counts"].clone()
}

both_backends!(async only_confirmed_subscribers_get_it_once_with_a_one_click_unsubscribe);
async fn only_confirmed_subscribers_get_it_once_with_a_one_click_unsubscribe(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let friends = make_list(&server, "amis", "private");

    // On both lists: one mail. On one list each: one mail.
    let (_, both_token) = subscriber(&server, news, "both@example.org");
    let both = contact(&server, "Both@Example.net");
    subscribe(&server, news, both, "confirmed");
    subscribe(&server, friends, both, "confirmed");
    let (_, _) = subscriber(&server, news, "news@example.org");
    let (_, _) = subscriber(&server, friends, "friend@example.org");
    // Never: waiting for confirmation, unsubscribed, bounced, erased.
    let pending = contact(&server, "pending@example.org");
    subscribe(&server, news, pending, "pending");
    let gone = contact(&server, "gone@example.org");
    subscribe(&server, news, gone, "unsubscribed");
    let (bounced, _) = subscriber(&server, news, "bounced@example.org");
    let (erased, _) = subscriber(&server, friends, "erased@example.org");
    {
        use cheminement::db::schema::contacts;
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(contacts::table.find(bounced))
            .set(contacts::email_bounced_at.eq(Some(cheminement::db::now())))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(contacts::table.find(erased))
            .set(contacts::anonymized_at.eq(Some(cheminement::db::now())))
            .execute(&mut *conn)
            .unwrap();
    }

    let campaign = api_campaign(&server, &token, "Programme de décembre", &[news, friends]).await;
    let id = id_of(&campaign);
    assert_eq!(campaign["status"], "draft");
    assert_eq!(
        campaign["public_archive"], true,
        "a public list: archived by default"
    );
    assert_eq!(api_send(&server, &token, id).await, 4);
    server.settle().await;
    wait_sent(&server, id, 20).await;

    let got = per_address(&smtp);
    for addr in [
        "both@example.org",
        "both@example.net",
        "news@example.org",
        "friend@example.org",
    ] {
        assert_eq!(
            got.get(addr),
            Some(&1),
            "{addr} gets exactly one mail: {got:?}"
        );
    }
    for addr in [
        "pending@example.org",
        "gone@example.org",
        "bounced@example.org",
        "erased@example.org",
    ] {
        assert_eq!(got.get(addr), None, "{addr} gets nothing");
    }
    assert_eq!(smtp.mails().len(), 4);

    // The one-click unsubscribe, in the headers and the bodies.
    let mail = &mails_to(&smtp, "both@example.org")[0];
    let expected = server.url(&format!("/newsletter/unsubscribe/{both_token}?c={id}"));
    assert_eq!(
        header(mail, "List-Unsubscribe").as_deref(),
        Some(format!("<{expected}>").as_str())
    );
    assert_eq!(
        header(mail, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        header(mail, "Message-ID").is_some_and(|m| m.contains(&format!("campaign-{id}-"))),
        "a Message-ID stable for the campaign and recipient"
    );
    assert!(header(mail, "Subject").is_some_and(|s| !s.is_empty()));
    let (text, html) = text_and_html(mail);
    assert!(text.contains(&expected), "the text has the link: {text}");
    assert!(text.contains("Programme de décembre") && text.contains("**Programme"));
    assert!(
        html.contains(&expected.replace('&', "&amp;")) || html.contains(&expected),
        "{html}"
    );
    assert!(
        html.contains("<strong>Programme de décembre</strong>"),
        "{html}"
    );
    let archive = server.url(&format!(
        "/newsletter/{}",
        campaign_slug(&server, &token, id).await
    ));
    assert!(
        text.contains(&archive),
        "the text links to the archive: {text}"
    );

    // Following it: a POST of List-Unsubscribe=One-Click, no cookie, no login.
    let answer = reqwest::Client::new()
        .post(&expected)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert!(
        answer.status().is_success(),
        "one-click unsubscribe answers {}",
        answer.status()
    );
    let both_news = {
        use cheminement::db::schema::{contacts, subscriptions};
        let mut conn = server.app.db.conn().unwrap();
        let who: i64 = contacts::table
            .filter(contacts::email_key.eq("both@example.org"))
            .select(contacts::id)
            .first(&mut *conn)
            .unwrap();
        subscriptions::table
            .filter(subscriptions::contact_id.eq(who))
            .filter(subscriptions::list_id.eq(news))
            .select((
                subscriptions::status,
                subscriptions::unsubscribed_campaign_id,
            ))
            .first::<(String, Option<i64>)>(&mut *conn)
            .unwrap()
    };
    assert_eq!(both_news, ("unsubscribed".to_string(), Some(id)));
    let n = counts(&server, &token, id).await;
    assert_eq!(
        (
            n["recipients"].as_i64(),
            n["sent"].as_i64(),
            n["unsubscribed"].as_i64()
        ),
        (Some(4), Some(4), Some(1)),
        "{n}"
    );
    server.stop().await;
}

async fn campaign_slug(server: &TestServer, token: &str, id: i64) -> String {
    let answer = api(
        server,
        token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}"),
        None,
    )
    .await;
    let body: Value = answer.json().await.unwrap();
    body["slug"].as_str().unwrap().to_string()
}

both_backends!(async a_refused_address_is_marked_bounced_and_skipped_next_time);
async fn a_refused_address_is_marked_bounced_and_skipped_next_time(backend: Backend) {
    let smtp = SmtpSink::start(&["refused@example.org"]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let (refused, _) = subscriber(&server, news, "refused@example.org");
    subscriber(&server, news, "fine@example.org");

    let first = id_of(&api_campaign(&server, &token, "Première lettre", &[news]).await);
    assert_eq!(api_send(&server, &token, first).await, 2);
    wait_sent(&server, first, 20).await;
    let statuses = recipient_statuses(&server, first);
    assert_eq!(statuses["refused@example.org"], "bounced");
    assert_eq!(statuses["fine@example.org"], "sent");
    assert!(
        bounced_at(&server, refused).is_some(),
        "the contact is marked"
    );
    let logged: i64 = {
        let mut conn = server.app.db.conn().unwrap();
        contact_log::table
            .filter(contact_log::contact_id.eq(refused))
            .filter(contact_log::action.eq("bounced"))
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    assert_eq!(logged, 1, "the bounce is in the person's history");
    let n = counts(&server, &token, first).await;
    assert_eq!(
        (n["sent"].as_i64(), n["bounced"].as_i64()),
        (Some(1), Some(1))
    );

    let second = id_of(&api_campaign(&server, &token, "Deuxième lettre", &[news]).await);
    assert_eq!(
        api_send(&server, &token, second).await,
        1,
        "the bounced address is left out"
    );
    wait_sent(&server, second, 20).await;
    assert!(!recipient_statuses(&server, second).contains_key("refused@example.org"));
    assert_eq!(mails_to(&smtp, "fine@example.org").len(), 2);
    server.stop().await;
}

both_backends!(async a_server_stopped_half_way_sends_the_rest_after_restart_and_nobody_twice);
async fn a_server_stopped_half_way_sends_the_rest_after_restart_and_nobody_twice(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let slow = [
        ("CHEMINEMENT_NEWSLETTER_BATCH", "2"),
        ("CHEMINEMENT_NEWSLETTER_RATE", "40"),
    ];
    let (storage, server) = start(backend, &smtp, &slow).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let addresses: Vec<String> = (0..8).map(|i| format!("p{i}@example.org")).collect();
    for a in &addresses {
        subscriber(&server, news, a);
    }
    let id = id_of(&api_campaign(&server, &token, "Lettre lente", &[news]).await);
    assert_eq!(api_send(&server, &token, id).await, 8);
    // Two mails per batch, a batch every three seconds: stop after the first batch.
    smtp.wait_for(2).await;
    server.stop().await;
    let before = smtp.mails().len();
    assert!(before < 8, "stopped before the end ({before} sent)");
    assert_eq!(campaign_status_in(&storage, backend, id), "sending");

    let url = smtp.url();
    let server = TestServer::start_with(
        &storage,
        &[
            ("CHEMINEMENT_SMTP_URL", url.as_str()),
            ("CHEMINEMENT_NEWSLETTER_BATCH", "2"),
            ("CHEMINEMENT_NEWSLETTER_RATE", "0"),
        ],
    )
    .await;
    // A row left `sending` by the stop goes again after the job lock (30 s).
    wait_sent(&server, id, 60).await;
    let got = per_address(&smtp);
    let statuses = recipient_statuses(&server, id);
    for a in &addresses {
        let n = got.get(a).copied().unwrap_or(0);
        assert_eq!(n, 1, "{a} got {n} mails");
        assert_eq!(statuses[a], "sent", "{statuses:?}");
    }
    server.stop().await;
}

fn campaign_status_in(storage: &Storage, _backend: Backend, id: i64) -> String {
    use cheminement::db::schema::campaigns;
    let db = cheminement::db::Db::open(&storage.database_url).unwrap();
    let mut conn = db.conn().unwrap();
    campaigns::table
        .find(id)
        .select(campaigns::status)
        .first(&mut *conn)
        .unwrap()
}

both_backends!(async a_row_left_sending_by_a_crash_is_sent_again_by_itself_and_an_unknown_one_only_when_asked);
async fn a_row_left_sending_by_a_crash_is_sent_again_by_itself_and_an_unknown_one_only_when_asked(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    for a in ["a@example.org", "b@example.org", "c@example.org"] {
        subscriber(&server, news, a);
    }
    let id = id_of(&api_campaign(&server, &token, "Après la panne", &[news]).await);
    // Start, and in the same transaction leave one row as a crashed sender would: marked
    // `sending` a minute ago, with nobody alive sending it (so never recorded sent, so its
    // final dot never written); and one `unknown`, as a lost answer to the dot leaves it.
    {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::db::transaction(&mut conn, |c| {
            cheminement::newsletter::sending::start(c, id, today())?;
            let row: i64 = campaign_recipients::table
                .filter(campaign_recipients::campaign_id.eq(id))
                .filter(campaign_recipients::email.eq("b@example.org"))
                .select(campaign_recipients::id)
                .first(c)?;
            diesel::update(campaign_recipient_tries::table.find(row))
                .set((
                    campaign_recipient_tries::status.eq("sending"),
                    campaign_recipient_tries::attempts.eq(1),
                    campaign_recipient_tries::attempted_at
                        .eq(Some(cheminement::db::now() - chrono::Duration::minutes(1))),
                ))
                .execute(c)?;
            diesel::update(
                campaign_recipients::table
                    .filter(campaign_recipients::campaign_id.eq(id))
                    .filter(campaign_recipients::email.eq("c@example.org")),
            )
            .set(campaign_recipients::status.eq("unknown"))
            .execute(c)?;
            Ok::<_, cheminement::error::Error>(())
        })
        .unwrap();
    }
    server.app.jobs.wake();
    wait_sent(&server, id, 20).await;
    let statuses = recipient_statuses(&server, id);
    assert_eq!(statuses["b@example.org"], "sent", "{statuses:?}");
    assert_eq!(statuses["a@example.org"], "sent");
    assert_eq!(statuses["c@example.org"], "unknown");
    assert_eq!(
        mails_to(&smtp, "b@example.org").len(),
        1,
        "the row left sending did not leave: sent again by itself, once"
    );
    assert!(
        mails_to(&smtp, "c@example.org").is_empty(),
        "an unknown one is never sent again by itself"
    );
    let n = counts(&server, &token, id).await;
    assert_eq!(n["unknown"].as_i64(), Some(1));

    // The report says so and offers the button; pressing it is someone's decision.
    let client = browser();
    server.create_user("admin@example.org", Role::Admin);
    assert_eq!(
        login(&client, &server, "admin@example.org", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    let report_url = server.url(&format!("/dashboard/campaigns/{id}/report"));
    let report = client
        .get(&report_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(report.contains("resend-unknown"), "the button is there");
    let csrf = csrf_in(&report);
    let answer = client
        .post(server.url(&format!("/dashboard/campaigns/{id}/resend-unknown")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    wait_sent(&server, id, 20).await;
    assert_eq!(mails_to(&smtp, "c@example.org").len(), 1);
    let got = per_address(&smtp);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.values().all(|n| *n == 1), "{got:?}");
    assert_eq!(recipient_statuses(&server, id)["c@example.org"], "sent");
    server.stop().await;
}

both_backends!(async a_scheduled_campaign_goes_out_at_its_time_and_a_cancelled_schedule_does_not);
async fn a_scheduled_campaign_goes_out_at_its_time_and_a_cancelled_schedule_does_not(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    subscriber(&server, news, "reader@example.org");
    let id = id_of(&api_campaign(&server, &token, "Plus tard", &[news]).await);
    let cancelled = id_of(&api_campaign(&server, &token, "Jamais", &[news]).await);

    // In the past: refused.
    let past = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339();
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/schedule"),
        Some(json!({"at": past})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/schedule"),
        Some(json!({"at": "tomorrow"})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let at = (chrono::Utc::now() + chrono::Duration::seconds(3))
        .with_timezone(&chrono_tz::Europe::Paris)
        .to_rfc3339();
    for which in [id, cancelled] {
        let answer = api(
            &server,
            &token,
            Method::POST,
            &format!("/api/v1/campaigns/{which}/schedule"),
            Some(json!({"at": at})),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::OK);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["status"], "scheduled");
    }
    // A scheduled campaign cannot be edited until its schedule is cancelled.
    let answer = api(
        &server,
        &token,
        Method::PUT,
        &format!("/api/v1/campaigns/{id}"),
        Some(json!({"subject": "Changé", "body": "x", "lists": [news]})),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = api(
        &server,
        &token,
        Method::DELETE,
        &format!("/api/v1/campaigns/{cancelled}/schedule"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["status"], "draft");

    server.settle().await;
    assert!(smtp.mails().is_empty(), "nothing before its time");
    assert_eq!(campaign_status(&server, id), "scheduled");
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    server.settle().await;
    wait_sent(&server, id, 20).await;
    assert_eq!(mails_to(&smtp, "reader@example.org").len(), 1);
    assert_eq!(campaign_status(&server, cancelled), "draft");
    server.stop().await;
}

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

both_backends!(async a_campaign_for_the_fediverse_reaches_followers_as_an_article_once_sent);
async fn a_campaign_for_the_fediverse_reaches_followers_as_an_article_once_sent(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp, &[]).await;
    let peer = peer::Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let follow = json!({
        "@context": peer::AS,
        "id": peer.new_id(),
        "type": "Follow",
        "actor": alice,
        "object": server.app.actor.id.to_string(),
    });
    let answer = peer
        .post_signed("alice", server.app.actor.inbox.as_ref(), &follow)
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    server.settle().await;
    peer.clear();

    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let members = list_id(&server, "members");
    subscriber(&server, news, "reader@example.org");
    // Kept off the website: it cannot go to the fediverse either.
    let answer = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/campaigns",
        Some(json!({
            "subject": "Réservé", "body": "x", "lists": [members], "to_fediverse": true,
        })),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "to_fediverse");

    let answer = api(&server, &token, Method::POST, "/api/v1/campaigns", Some(json!({
        "subject": "Lettre fédérée", "body": "Des **nouvelles**.", "lists": [news], "to_fediverse": true,
    }))).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let id = id_of(&answer.json().await.unwrap());
    server.settle().await;
    assert!(peer.received().is_empty(), "nothing before it is sent");
    api_send(&server, &token, id).await;
    wait_sent(&server, id, 20).await;
    server.settle().await;
    let got = peer::peer_wait_for(&peer, 1).await;
    let activity = got[0].json();
    peer::verify_server_signature(&got[0], &server);
    let slug = campaign_slug(&server, &token, id).await;
    let url = server.url(&format!("/newsletter/{slug}"));
    assert_eq!(activity["type"], "Create");
    assert_eq!(activity["object"]["type"], "Article");
    assert_eq!(activity["object"]["id"], url.as_str());
    assert_eq!(activity["object"]["name"], "Lettre fédérée");
    assert!(
        activity["object"]["content"]
            .as_str()
            .unwrap()
            .contains("<strong>nouvelles</strong>")
    );
    // Its id answers the Article to an ActivityPub client.
    let doc: Value = reqwest::Client::new()
        .get(&url)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["type"], "Article");
    assert_eq!(doc["id"], url.as_str());
    server.stop().await;
}

both_backends!(async a_stopped_sending_sends_nothing_more_and_the_api_document_lists_campaigns);
async fn a_stopped_sending_sends_nothing_more_and_the_api_document_lists_campaigns(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let slow = [
        ("CHEMINEMENT_NEWSLETTER_BATCH", "1"),
        ("CHEMINEMENT_NEWSLETTER_RATE", "30"),
    ];
    let (_storage, server) = start(backend, &smtp, &slow).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    for a in ["s1@example.org", "s2@example.org", "s3@example.org"] {
        subscriber(&server, news, a);
    }
    let id = id_of(&api_campaign(&server, &token, "Oups, mauvaise liste", &[news]).await);
    api_send(&server, &token, id).await;
    smtp.wait_for(1).await;
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/stop"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["status"], "cancelled");
    assert_eq!(
        (
            body["counts"]["sent"].as_i64(),
            body["counts"]["skipped"].as_i64()
        ),
        (Some(1), Some(2)),
        "{body}"
    );
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    server.settle().await;
    assert_eq!(smtp.mails().len(), 1, "nothing more leaves");
    let answer = api(
        &server,
        &token,
        Method::POST,
        &format!("/api/v1/campaigns/{id}/stop"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);

    // The two left are skipped for a reason stored as a word, and shown in the reader's words.
    let skipped: Value = api(
        &server,
        &token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}/recipients?status=skipped"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(skipped["total"], 2, "{skipped}");
    assert_eq!(skipped["recipients"][0]["error"], "stopped", "{skipped}");
    let unknown = api(
        &server,
        &token,
        Method::GET,
        &format!("/api/v1/campaigns/{id}/recipients?status=lost"),
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (client, _) = signed_in(&server, "admin@example.org", Role::Admin).await;
    for (lang, words) in [
        ("fr", "envoi a été arrêté"),
        ("en", "The sending was stopped"),
    ] {
        let report = client
            .get(server.url(&format!("/dashboard/campaigns/{id}/report?status=skipped")))
            .header(header::ACCEPT_LANGUAGE, lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(report.matches(words).count(), 2, "{lang}: {report}");
    }

    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/campaigns",
        "/api/v1/campaigns/{id}",
        "/api/v1/campaigns/{id}/test",
        "/api/v1/campaigns/{id}/send",
        "/api/v1/campaigns/{id}/schedule",
        "/api/v1/campaigns/{id}/recipients",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Exactly once around the final dot, through a server that misbehaves on cue.

async fn start_at(backend: Backend, smtp_url: &str) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", smtp_url)]).await;
    (storage, server)
}

/// Waits until a recipient's row has this status (20 s at most).
async fn wait_row(server: &TestServer, id: i64, email: &str, status: &str) {
    for _ in 0..200 {
        if recipient_statuses(server, id)
            .get(email)
            .map(String::as_str)
            == Some(status)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "{email} never became {status}: {:?}",
        recipient_statuses(server, id)
    );
}

/// The next batch waits the backoff after a temporary failure (30 s): bring it to now, as if
/// that time had passed.
fn batches_due_now(storage: &Storage) {
    use cheminement::db::schema::jobs;
    let db = cheminement::db::Db::open(&storage.database_url).unwrap();
    let mut conn = db.conn().unwrap();
    diesel::update(jobs::table.filter(jobs::status.eq("pending")))
        .set(jobs::run_at.eq(cheminement::db::now()))
        .execute(&mut *conn)
        .unwrap();
}

both_backends!(async a_connection_cut_before_the_final_dot_is_sent_again_after_a_restart_and_arrives_once);
async fn a_connection_cut_before_the_final_dot_is_sent_again_after_a_restart_and_arrives_once(
    backend: Backend,
) {
    let smtp = smtp_script::ScriptedSmtp::start();
    smtp.then("cut@example.org", smtp_script::OnData::CutBeforeTheDot);
    let (storage, server) = start_at(backend, &smtp.url()).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    subscriber(&server, news, "cut@example.org");
    subscriber(&server, news, "fine@example.org");
    let id = id_of(&api_campaign(&server, &token, "Coupée", &[news]).await);
    assert_eq!(api_send(&server, &token, id).await, 2);

    // The mail whose end never reached the server did not leave: back in the queue, not
    // `unknown`, and not counted sent.
    wait_row(&server, id, "cut@example.org", "pending").await;
    wait_row(&server, id, "fine@example.org", "sent").await;
    assert_eq!(smtp.tries_of("cut@example.org"), 1);
    assert_eq!(smtp.received_by("cut@example.org"), 0);
    assert_eq!(counts(&server, &token, id).await["sent"].as_i64(), Some(1));
    server.stop().await;

    // Started again: it goes, once.
    batches_due_now(&storage);
    let server = TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", &smtp.url())]).await;
    wait_sent(&server, id, 20).await;
    let statuses = recipient_statuses(&server, id);
    assert_eq!(statuses["cut@example.org"], "sent", "{statuses:?}");
    assert_eq!(smtp.received_by("cut@example.org"), 1);
    assert_eq!(smtp.received_by("fine@example.org"), 1);
    assert_eq!(counts(&server, &token, id).await["sent"].as_i64(), Some(2));
    server.stop().await;
}

both_backends!(async the_normal_path_marks_each_mail_sent_once_the_server_took_it);
async fn the_normal_path_marks_each_mail_sent_once_the_server_took_it(backend: Backend) {
    let smtp = smtp_script::ScriptedSmtp::start();
    let (_storage, server) = start_at(backend, &smtp.url()).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let addresses: Vec<String> = (0..20).map(|i| format!("n{i}@example.org")).collect();
    for a in &addresses {
        subscriber(&server, news, a);
    }
    let id = id_of(&api_campaign(&server, &token, "Ordinaire", &[news]).await);
    assert_eq!(api_send(&server, &token, id).await, 20);
    wait_sent(&server, id, 20).await;
    let statuses = recipient_statuses(&server, id);
    for a in &addresses {
        assert_eq!(statuses[a], "sent", "{statuses:?}");
        assert_eq!(smtp.received_by(a), 1, "{a}");
        assert_eq!(smtp.tries_of(a), 1, "{a}");
    }
    let sent_at: Vec<Option<chrono::NaiveDateTime>> = {
        let mut conn = server.app.db.conn().unwrap();
        campaign_recipients::table
            .filter(campaign_recipients::campaign_id.eq(id))
            .select(campaign_recipients::sent_at)
            .load(&mut *conn)
            .unwrap()
    };
    assert!(sent_at.iter().all(Option::is_some), "{sent_at:?}");
    assert_eq!(counts(&server, &token, id).await["sent"].as_i64(), Some(20));
    server.stop().await;
}

both_backends!(async a_refusal_at_the_final_dot_is_not_counted_sent);
async fn a_refusal_at_the_final_dot_is_not_counted_sent(backend: Backend) {
    let smtp = smtp_script::ScriptedSmtp::start();
    smtp.then(
        "spam@example.org",
        smtp_script::OnData::ReplyToTheDot("554 5.7.1 rejected: looks like spam"),
    );
    smtp.then(
        "later@example.org",
        smtp_script::OnData::ReplyToTheDot("451 4.3.0 try again later"),
    );
    let (storage, server) = start_at(backend, &smtp.url()).await;
    let token = editor_token(&server);
    let news = list_id(&server, "newsletter");
    let (spam, _) = subscriber(&server, news, "spam@example.org");
    subscriber(&server, news, "later@example.org");
    subscriber(&server, news, "ok@example.org");
    let id = id_of(&api_campaign(&server, &token, "Refusée au point", &[news]).await);
    assert_eq!(api_send(&server, &token, id).await, 3);

    // Recorded sent before the dot, corrected by the answer to it.
    wait_row(&server, id, "spam@example.org", "bounced").await;
    wait_row(&server, id, "later@example.org", "pending").await;
    assert!(bounced_at(&server, spam).is_some(), "the address is marked");
    assert_eq!(counts(&server, &token, id).await["sent"].as_i64(), Some(1));

    // The temporary refusal goes again (after its backoff) and is taken.
    batches_due_now(&storage);
    server.app.jobs.wake();
    wait_sent(&server, id, 20).await;
    let statuses = recipient_statuses(&server, id);
    assert_eq!(statuses["spam@example.org"], "bounced", "{statuses:?}");
    assert_eq!(statuses["later@example.org"], "sent");
    assert_eq!(statuses["ok@example.org"], "sent");
    assert_eq!(smtp.received_by("spam@example.org"), 0);
    assert_eq!(smtp.tries_of("spam@example.org"), 1, "never again");
    assert_eq!(smtp.received_by("later@example.org"), 1);
    assert_eq!(smtp.tries_of("later@example.org"), 2);
    let n = counts(&server, &token, id).await;
    assert_eq!(
        (n["sent"].as_i64(), n["bounced"].as_i64()),
        (Some(2), Some(1)),
        "{n}"
    );
    server.stop().await;
}
