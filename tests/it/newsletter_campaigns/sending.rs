//! Sending.

use super::*;

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
