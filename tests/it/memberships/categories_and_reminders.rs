//! Categories; Renewal reminders.

use super::*;

both_backends!(async categories_are_added_edited_deactivated_and_ordered);
async fn categories_are_added_edited_deactivated_and_ordered(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let treasurer = signed_in(&server, "tresor@example.org", Role::Treasurer)
        .await
        .0;
    let (status, html) = get_page(&treasurer, &server, "/dashboard/members/categories").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Adhésion à prix libre"),
        "made by the migration"
    );
    assert!(html.contains("à partir de 1,00 €"));

    let (status, _, html) = post_page(
        &treasurer,
        &server,
        "/dashboard/members/categories",
        &[("name", "Réduite"), ("kind", "fixed"), ("amount", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Indiquez le montant de cette catégorie."));
    assert!(html.contains("value=\"Réduite\""));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        "/dashboard/members/categories",
        &[("name", "Réduite"), ("kind", "fixed"), ("amount", "10,50")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let all = categories::all(&mut server.app.db.conn().unwrap()).unwrap();
    let reduced = all.iter().find(|c| c.name == "Réduite").unwrap().clone();
    assert_eq!(reduced.amount_cents, Some(1050));
    assert_eq!(all.last().unwrap().id, reduced.id, "added at the end");

    let edit = format!("/dashboard/members/categories/{}", reduced.id);
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &edit,
        &[
            ("name", "Réduite (étudiants)"),
            ("kind", "fixed"),
            ("amount", "8"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("{edit}/move"),
        &[("direction", "up")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let all = categories::all(&mut server.app.db.conn().unwrap()).unwrap();
    assert_eq!(all[0].name, "Réduite (étudiants)");
    assert_eq!(all[0].amount_cents, Some(800));

    // Deactivated: no longer offered for a new membership.
    let alice = new_contact(&server, "Alice", "Martin", "alice@example.org");
    let form = format!("/dashboard/contacts/{}/memberships", alice.id);
    let (_, html) = get_page(&treasurer, &server, &form).await;
    assert!(html.contains("Réduite (étudiants)"));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &format!("{edit}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get_page(&treasurer, &server, &form).await;
    assert!(!html.contains("Réduite (étudiants)"));
    let (status, _, _) = post_page(
        &treasurer,
        &server,
        &form,
        &[
            ("category_id", &reduced.id.to_string()),
            ("paid_on", &iso(today_paris())),
            ("payment_method", "cash"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an inactive category is refused"
    );

    // The API: the list, and adding one (treasurers yes, editors no).
    let token = server.token_for("script@example.org", Role::Treasurer);
    let (status, list) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/membership-categories",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["active"], false);
    let (status, made) = api(
        &server,
        &token,
        reqwest::Method::POST,
        "/api/v1/membership-categories",
        Some(json!({"name": "Famille", "kind": "family", "amount_cents": 4000})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["kind"], "family");
    let (status, _) = api(
        &server,
        &token,
        reqwest::Method::POST,
        "/api/v1/membership-categories",
        Some(json!({"name": "Don", "kind": "donation"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let editor = server.token_for("ed@example.org", Role::Editor);
    let (status, _) = api(
        &server,
        &editor,
        reqwest::Method::GET,
        "/api/v1/membership-categories",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

/// Runs the daily reminders now: the waiting run made due, or a run added now; then waits
/// for it and for the mails it queued.
async fn run_reminders(server: &TestServer) {
    {
        let mut conn = server.app.db.conn().unwrap();
        let made_due = diesel::update(
            schema::jobs::table
                .filter(schema::jobs::kind.eq(reminders::JOB_KIND))
                .filter(schema::jobs::status.eq("pending")),
        )
        .set(schema::jobs::run_at.eq(cheminement::db::now()))
        .execute(&mut *conn)
        .unwrap();
        if made_due == 0 {
            cheminement::jobs::enqueue(&mut conn, reminders::JOB_KIND, &reminders::Daily {}, 5)
                .unwrap();
        }
    }
    server.settle().await;
}

fn pending_daily_runs(server: &TestServer) -> Vec<chrono::NaiveDateTime> {
    use schema::jobs;
    jobs::table
        .filter(jobs::kind.eq(reminders::JOB_KIND))
        .filter(jobs::status.eq("pending"))
        .select(jobs::run_at)
        .load(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

/// Waits until the server has scheduled its daily run (it does so as it starts).
async fn daily_runs_after_start(server: &TestServer) -> Vec<chrono::NaiveDateTime> {
    for _ in 0..100 {
        let runs = pending_daily_runs(server);
        if !runs.is_empty() {
            return runs;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Vec::new()
}

fn is_eight_in_paris(run_at: chrono::NaiveDateTime) -> bool {
    let local = run_at.and_utc().with_timezone(&chrono_tz::Europe::Paris);
    (local.hour(), local.minute(), local.second()) == (8, 0, 0) && run_at > cheminement::db::now()
}

both_backends!(async reminders_go_once_and_never_to_someone_who_renewed_or_cannot_receive_mail);
async fn reminders_go_once_and_never_to_someone_who_renewed_or_cannot_receive_mail(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let url = smtp.url();
    let settings = [("CHEMINEMENT_SMTP_URL", url.as_str())];
    let server = TestServer::start_with(&storage, &settings).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        pending_daily_runs(&server).is_empty(),
        "a base without members keeps an empty queue"
    );

    let normal = new_category(&server, "Normale", "fixed", 2500);
    let t = days_from_today;
    let alice = new_contact(&server, "Alice", "Martin", "alice@example.org");
    set_lang(&server, alice.id, "en");
    membership_between(&server, alice.id, &normal, t(-358), t(7));
    // The first membership started the daily run.
    assert_eq!(pending_daily_runs(&server).len(), 1);
    let bob = new_contact(&server, "Bob", "Durand", "bob@example.org");
    membership_between(&server, bob.id, &normal, t(-358), t(7));
    membership_between(&server, bob.id, &normal, t(8), t(372));
    let carol = new_contact(&server, "Carol", "Petit", "carol@example.org");
    membership_between(&server, carol.id, &normal, t(-395), t(-30));
    let dan = new_contact(&server, "Dan", "Roux", "dan@example.org");
    membership_between(&server, dan.id, &normal, t(-358), t(7));
    diesel::update(schema::contacts::table.find(dan.id))
        .set(schema::contacts::email_bounced_at.eq(Some(cheminement::db::now())))
        .execute(&mut *server.app.db.conn().unwrap())
        .unwrap();
    let eve = new_contact(&server, "Eve", "Sans-adresse", "");
    membership_between(&server, eve.id, &normal, t(-358), t(7));
    let fred = new_contact(&server, "Fred", "Blanc", "fred@example.org");
    membership_between(&server, fred.id, &normal, t(-345), t(20));
    // Gina's week-before day was two days ago (the server was down): caught up.
    let gina = new_contact(&server, "Gina", "Faure", "gina@example.org");
    membership_between(&server, gina.id, &normal, t(-360), t(5));
    assert_eq!(
        pending_daily_runs(&server).len(),
        1,
        "one run, whatever the number of memberships"
    );

    run_reminders(&server).await;
    // The run came back for tomorrow morning, 08:00 in Paris.
    let runs = pending_daily_runs(&server);
    assert_eq!(runs.len(), 1);
    assert!(is_eight_in_paris(runs[0]), "{runs:?}");
    run_reminders(&server).await;
    let mails = smtp.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails = if smtp.mails().len() > mails.len() {
        smtp.mails()
    } else {
        mails
    };
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        vec!["alice@example.org", "carol@example.org", "gina@example.org"],
        "one mail each, after two runs"
    );

    let alice_mail = mails
        .iter()
        .find(|m| m.to[0] == "alice@example.org")
        .unwrap();
    let (subject, text) = readable(&alice_mail.data);
    let end = cheminement::i18n::dates::date(cheminement::i18n::Lang::En, &t(7));
    assert_eq!(
        subject,
        format!("Your membership of Lieu Respirer ends on {end}")
    );
    assert!(text.contains(&format!("Your membership of Lieu Respirer ends on {end}.")));
    assert!(
        text.contains(&format!("To renew it: {}", server.base)),
        "{text}"
    );
    let carol_mail = mails
        .iter()
        .find(|m| m.to[0] == "carol@example.org")
        .unwrap();
    let (subject, text) = readable(&carol_mail.data);
    let ended = cheminement::i18n::dates::date(cheminement::i18n::Lang::Fr, &t(-30));
    assert!(
        subject.contains(&format!("s'est terminée le {ended}")),
        "{subject}"
    );
    assert!(
        text.contains(&format!("Pour la renouveler : {}", server.base)),
        "{text}"
    );

    let sent: Vec<(i64, i32)> = schema::membership_reminders::table
        .select((
            schema::membership_reminders::membership_id,
            schema::membership_reminders::offset_days,
        ))
        .load(&mut *server.app.db.conn().unwrap())
        .unwrap();
    let mut offsets: Vec<i32> = sent.iter().map(|(_, o)| *o).collect();
    offsets.sort();
    assert_eq!(offsets, vec![-7, -7, 30]);
    assert!(
        log_of(&server, alice.id)
            .iter()
            .any(|e| e.action == history::Action::Reminded)
    );
    assert!(
        !log_of(&server, bob.id)
            .iter()
            .any(|e| e.action == history::Action::Reminded)
    );
    assert_eq!(
        pending_daily_runs(&server).len(),
        1,
        "never two runs waiting"
    );

    // A server that starts with members and no run waiting schedules one.
    server.stop().await;
    diesel::delete(schema::jobs::table.filter(schema::jobs::kind.eq(reminders::JOB_KIND)))
        .execute(
            &mut *cheminement::db::Db::open(&storage.database_url)
                .unwrap()
                .conn()
                .unwrap(),
        )
        .unwrap();
    let server = TestServer::start_with(&storage, &settings).await;
    let runs = daily_runs_after_start(&server).await;
    assert_eq!(runs.len(), 1);
    assert!(is_eight_in_paris(runs[0]), "{runs:?}");
    server.stop().await;
}
