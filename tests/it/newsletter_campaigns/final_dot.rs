//! Exactly once around the final dot, through a server that misbehaves on cue..

use super::*;

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
