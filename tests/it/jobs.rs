//! The durable job queue: transactions, claiming (also from several threads at once, on both
//! databases), backoff and failure, recovery of jobs whose worker died, and the mail jobs
//! through a real SMTP server on loopback or into the outbox folder.

use std::{
    collections::HashSet,
    sync::{Arc, Barrier},
};

use cheminement::{
    app::effects::{self, Effect},
    db::{Db, now, schema::jobs as jobs_table},
    error::Error,
    jobs::{self, Job},
    mail::Mail,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::common::*;

/// A database with its schema, and no worker running: the queue functions alone.
/// A mail recorded as the domain records one: an effect, in the caller's transaction.
fn queue_mail(conn: &mut cheminement::db::DbConn, mail: &Mail) -> cheminement::error::Result<()> {
    effects::record(conn, Effect::Mail(mail.clone()))
}

fn bare_queue(storage: &Storage) -> Db {
    let db = Db::open(&storage.database_url).unwrap();
    db.migrate().unwrap();
    db
}

fn job(db: &Db, id: i64) -> Job {
    let mut conn = db.conn().unwrap();
    jobs_table::table
        .find(id)
        .select(Job::as_select())
        .first(&mut *conn)
        .unwrap()
}

fn all_jobs(db: &Db) -> Vec<Job> {
    let mut conn = db.conn().unwrap();
    jobs_table::table
        .order(jobs_table::id.asc())
        .select(Job::as_select())
        .load(&mut *conn)
        .unwrap()
}

fn make_due(db: &Db, id: i64) {
    let mut conn = db.conn().unwrap();
    diesel::update(jobs_table::table.find(id))
        .set(jobs_table::run_at.eq(now() - Duration::seconds(1)))
        .execute(&mut *conn)
        .unwrap();
}

/// Whether `t` is within two seconds of `expected`.
fn close_to(t: NaiveDateTime, expected: NaiveDateTime) -> bool {
    (t - expected).num_milliseconds().abs() < 2000
}

fn mail_to(to: &str, subject: &str, text: &str) -> Mail {
    Mail {
        to: to.to_string(),
        subject: subject.to_string(),
        text: text.to_string(),
        html: None,
        headers: vec![(
            "List-Unsubscribe".to_string(),
            "<https://asso.example/unsubscribe/abc>".to_string(),
        )],
    }
}

// ---------------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------------

both_backends!(async a_job_written_in_a_rolled_back_transaction_does_not_exist_and_a_committed_one_runs);
async fn a_job_written_in_a_rolled_back_transaction_does_not_exist_and_a_committed_one_runs(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        let rolled_back: Result<(), Error> = conn.transaction(|c| {
            jobs::enqueue(c, "nobody-runs-this", &json!({"n": 1}), 3)?;
            Err(Error::Internal(
                "the change failed after the job was written".into(),
            ))
        });
        assert!(rolled_back.is_err());
    }
    server.app.jobs.wake();
    server.settle().await;
    assert!(all_jobs(&server.app.db).is_empty(), "{backend:?}: no job");

    {
        let mut conn = server.app.db.conn().unwrap();
        conn.transaction(|c| jobs::enqueue(c, "nobody-runs-this", &json!({"n": 2}), 3))
            .unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
    let list = all_jobs(&server.app.db);
    assert_eq!(list.len(), 1);
    let ran = &list[0];
    assert_eq!(ran.payload, r#"{"n":2}"#);
    assert_eq!(
        ran.status,
        jobs::JobStatus::Failed,
        "a kind without handler fails"
    );
    assert_eq!(ran.attempts, 1, "at once, not retried");
    assert!(
        ran.last_error
            .as_deref()
            .unwrap_or("")
            .contains("no handler"),
        "{:?}",
        ran.last_error
    );
    assert!(ran.finished_at.is_some());
    assert!(ran.locked_until.is_none());
}

// ---------------------------------------------------------------------------------------------
// The queue functions
// ---------------------------------------------------------------------------------------------

both_backends!(a_claimed_job_is_reserved_then_completed);
fn a_claimed_job_is_reserved_then_completed(backend: Backend) {
    let storage = Storage::new(backend);
    let db = bare_queue(&storage);
    let mut c = db.conn().unwrap();
    jobs::enqueue(&mut c, "k", &json!({"a": 1}), 3).unwrap();
    let before = now();
    let claimed = jobs::claim(&mut c, 10).unwrap();
    assert_eq!(claimed.len(), 1, "{backend:?}");
    let first = &claimed[0];
    assert_eq!(first.kind, "k");
    assert_eq!(first.payload, r#"{"a":1}"#);
    assert_eq!(first.attempts, 1);
    assert_eq!(first.max_attempts, 3);

    let row = job(&db, first.id);
    assert_eq!(row.status, jobs::JobStatus::Running);
    assert!(
        close_to(row.locked_until.unwrap(), before + jobs::LOCK),
        "{:?} {before}",
        row.locked_until
    );
    assert!(
        jobs::claim(&mut c, 10).unwrap().is_empty(),
        "a reserved job is not claimed again"
    );

    jobs::complete(&mut c, first.id).unwrap();
    let row = job(&db, first.id);
    assert_eq!(row.status, jobs::JobStatus::Done);
    assert!(row.finished_at.is_some());
    assert!(row.locked_until.is_none());
    assert!(jobs::claim(&mut c, 10).unwrap().is_empty(), "done is done");

    // The limit is honoured, and jobs come out oldest first.
    let payloads: Vec<String> = (0..5).map(|i| format!("{i}")).collect();
    jobs::enqueue_many(&mut c, "k", &payloads, 3).unwrap();
    let two = jobs::claim(&mut c, 2).unwrap();
    assert_eq!(
        two.iter().map(|j| j.payload.as_str()).collect::<Vec<_>>(),
        ["0", "1"]
    );
    assert_eq!(jobs::claim(&mut c, 10).unwrap().len(), 3);
}

both_backends!(
    a_failed_attempt_backs_off_then_fails_for_good_after_max_attempts_and_can_be_retried
);
fn a_failed_attempt_backs_off_then_fails_for_good_after_max_attempts_and_can_be_retried(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let db = bare_queue(&storage);
    let mut c = db.conn().unwrap();
    jobs::enqueue(&mut c, "k", &json!("x"), 3).unwrap();

    let first = jobs::claim(&mut c, 10).unwrap().remove(0);
    assert_eq!(first.attempts, 1);
    let at = now();
    jobs::fail(&mut c, &first, "connection refused", false).unwrap();
    let row = job(&db, first.id);
    assert_eq!(row.status, jobs::JobStatus::Pending, "{backend:?}");
    assert!(
        close_to(row.run_at, at + Duration::seconds(30)),
        "{}",
        row.run_at
    );
    assert_eq!(row.last_error.as_deref(), Some("connection refused"));
    assert!(row.locked_until.is_none());
    assert!(
        jobs::claim(&mut c, 10).unwrap().is_empty(),
        "not due before its backoff"
    );

    make_due(&db, first.id);
    let second = jobs::claim(&mut c, 10).unwrap().remove(0);
    assert_eq!(second.id, first.id);
    assert_eq!(second.attempts, 2);
    let at = now();
    jobs::fail(&mut c, &second, "503", false).unwrap();
    let row = job(&db, first.id);
    assert_eq!(row.status, jobs::JobStatus::Pending);
    assert!(
        close_to(row.run_at, at + Duration::seconds(60)),
        "the backoff doubles"
    );

    make_due(&db, first.id);
    let third = jobs::claim(&mut c, 10).unwrap().remove(0);
    assert_eq!(third.attempts, 3);
    jobs::fail(&mut c, &third, "503 again", false).unwrap();
    let row = job(&db, first.id);
    assert_eq!(
        row.status,
        jobs::JobStatus::Failed,
        "its attempts are used up"
    );
    assert_eq!(row.attempts, 3);
    assert_eq!(row.last_error.as_deref(), Some("503 again"));
    assert!(row.finished_at.is_some());
    make_due(&db, first.id);
    assert!(jobs::claim(&mut c, 10).unwrap().is_empty(), "failed stays");

    // An admin puts it back.
    jobs::retry(&mut c, first.id).unwrap();
    let row = job(&db, first.id);
    assert_eq!(row.status, jobs::JobStatus::Pending);
    assert_eq!(row.attempts, 0);
    assert!(row.finished_at.is_none());
    let again = jobs::claim(&mut c, 10).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    jobs::complete(&mut c, first.id).unwrap();
    assert!(
        matches!(jobs::retry(&mut c, first.id), Err(Error::NotFound)),
        "only a failed job can be retried"
    );
    assert!(matches!(jobs::retry(&mut c, 999_999), Err(Error::NotFound)));

    // A permanent failure ends the job at once.
    jobs::enqueue(&mut c, "k", &json!("y"), 5).unwrap();
    let claimed = jobs::claim(&mut c, 10).unwrap().remove(0);
    jobs::fail(&mut c, &claimed, "550 no such mailbox", true).unwrap();
    let row = job(&db, claimed.id);
    assert_eq!(row.status, jobs::JobStatus::Failed);
    assert_eq!(row.attempts, 1);
}

both_backends!(a_running_job_whose_lock_expired_is_claimed_again);
fn a_running_job_whose_lock_expired_is_claimed_again(backend: Backend) {
    let storage = Storage::new(backend);
    let db = bare_queue(&storage);
    let mut c = db.conn().unwrap();
    jobs::enqueue(&mut c, "k", &json!("crash"), 3).unwrap();
    let taken = jobs::claim(&mut c, 10).unwrap().remove(0);
    assert!(jobs::claim(&mut c, 10).unwrap().is_empty());

    // The worker died: its lock runs out.
    diesel::update(jobs_table::table.find(taken.id))
        .set(jobs_table::locked_until.eq(Some(now() - Duration::seconds(1))))
        .execute(&mut *c)
        .unwrap();
    assert_eq!(job(&db, taken.id).status, jobs::JobStatus::Running);
    let again = jobs::claim(&mut c, 10).unwrap();
    assert_eq!(again.len(), 1, "{backend:?}: recovered");
    assert_eq!(again[0].id, taken.id);
    assert_eq!(again[0].attempts, 2, "the lost attempt counts");
    assert!(job(&db, taken.id).locked_until.unwrap() > now());
}

both_backends!(async a_job_left_running_by_a_crashed_process_is_done_by_the_next_one);
async fn a_job_left_running_by_a_crashed_process_is_done_by_the_next_one(backend: Backend) {
    let storage = Storage::new(backend);
    let id = {
        // The first process claimed a mail and died before sending it.
        let db = bare_queue(&storage);
        let mut c = db.conn().unwrap();
        queue_mail(
            &mut c,
            &mail_to("ines@example.org", "Lost and found", "Recovered."),
        )
        .unwrap();
        let taken = jobs::claim(&mut c, 10).unwrap().remove(0);
        diesel::update(jobs_table::table.find(taken.id))
            .set(jobs_table::locked_until.eq(Some(now() - Duration::seconds(1))))
            .execute(&mut *c)
            .unwrap();
        taken.id
    };
    let server = TestServer::start(&storage).await;
    server.settle().await;
    let row = job(&server.app.db, id);
    assert_eq!(
        row.status,
        jobs::JobStatus::Done,
        "{backend:?}: {:?}",
        row.last_error
    );
    assert_eq!(row.attempts, 2);
    let outbox = storage.data_dir().join("mail-outbox");
    assert_eq!(std::fs::read_dir(outbox).unwrap().count(), 1);
}

both_backends!(async a_restart_on_sqlite_takes_back_running_jobs_at_once_and_postgresql_waits_for_the_lock);
/// On SQLite one process owns the database, so a new start takes back at once the jobs the
/// last one left running, without waiting for their lock; on PostgreSQL another process may be
/// running them, so they wait for the lock to expire.
async fn a_restart_on_sqlite_takes_back_running_jobs_at_once_and_postgresql_waits_for_the_lock(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let id = {
        let db = bare_queue(&storage);
        let mut c = db.conn().unwrap();
        queue_mail(
            &mut c,
            &mail_to("ines@example.org", "Left running", "Still locked."),
        )
        .unwrap();
        jobs::claim(&mut c, 10).unwrap().remove(0).id
    };
    let server = TestServer::start(&storage).await;
    match backend {
        Backend::Sqlite => {
            server.settle().await;
            let row = job(&server.app.db, id);
            assert_eq!(row.status, jobs::JobStatus::Done, "{:?}", row.last_error);
            assert_eq!(row.attempts, 2, "the lost attempt counts");
        }
        Backend::Postgres => {
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            let row = job(&server.app.db, id);
            assert_eq!(
                row.status,
                jobs::JobStatus::Running,
                "still locked by the other process"
            );
        }
    }
}

both_backends!(parallel_claimers_never_get_the_same_job);
fn parallel_claimers_never_get_the_same_job(backend: Backend) {
    let storage = Storage::new(backend);
    let db = bare_queue(&storage);
    let payloads: Vec<String> = (0..500).map(|i| format!("{{\"n\":{i}}}")).collect();
    jobs::enqueue_many(&mut db.conn().unwrap(), "k", &payloads, 3).unwrap();

    let start = Arc::new(Barrier::new(4));
    let claimers: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let mut c = db.conn().unwrap();
                start.wait();
                let mut mine = Vec::new();
                let mut idle = 0;
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
                // Bounded, so that a queue handing out jobs twice fails instead of looping.
                while idle < 5 && mine.len() <= 500 && std::time::Instant::now() < deadline {
                    let got = jobs::claim(&mut c, 7).unwrap();
                    if got.is_empty() {
                        idle += 1;
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    } else {
                        idle = 0;
                        mine.extend(got.into_iter().map(|j| j.id));
                    }
                }
                mine
            })
        })
        .collect();
    let per_thread: Vec<Vec<i64>> = claimers.into_iter().map(|t| t.join().unwrap()).collect();
    let all: Vec<i64> = per_thread.iter().flatten().copied().collect();
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(
        all.len(),
        500,
        "{backend:?}: claimed {} in all ({:?} per thread)",
        all.len(),
        per_thread.iter().map(Vec::len).collect::<Vec<_>>()
    );
    assert_eq!(distinct.len(), 500, "{backend:?}: a job was claimed twice");
    let rows = all_jobs(&db);
    assert!(
        rows.iter()
            .all(|j| j.status == jobs::JobStatus::Running && j.attempts == 1)
    );
}

// ---------------------------------------------------------------------------------------------
// Mail jobs
// ---------------------------------------------------------------------------------------------

both_backends!(async a_mail_job_goes_through_smtp_with_its_subject_and_body);
async fn a_mail_job_goes_through_smtp_with_its_subject_and_body(backend: Backend) {
    let storage = Storage::new(backend);
    let sink = SmtpSink::start(&[]);
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", sink.url().as_str())]).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        queue_mail(
            &mut conn,
            &mail_to(
                "ines@example.org",
                "Your registration for Sunday yoga",
                "See you on Sunday at ten.",
            ),
        )
        .unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{backend:?}");
    let received = &mails[0];
    assert_eq!(received.to, vec!["ines@example.org".to_string()]);
    assert!(
        received.from.contains("noreply@localhost"),
        "{}",
        received.from
    );
    assert!(
        received
            .data
            .contains("Subject: Your registration for Sunday yoga"),
        "{}",
        received.data
    );
    assert!(received.data.contains("See you on Sunday at ten."));
    assert!(
        received
            .data
            .contains("List-Unsubscribe: <https://asso.example/unsubscribe/abc>"),
        "{}",
        received.data
    );
    let list = all_jobs(&server.app.db);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, jobs::JobStatus::Done);
    assert_eq!(list[0].attempts, 1);
}

both_backends!(async a_permanent_smtp_refusal_fails_the_mail_job_at_once);
async fn a_permanent_smtp_refusal_fails_the_mail_job_at_once(backend: Backend) {
    let storage = Storage::new(backend);
    let sink = SmtpSink::start(&["bounced@example.org"]);
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", sink.url().as_str())]).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        queue_mail(
            &mut conn,
            &mail_to("bounced@example.org", "Hello", "Nobody reads this."),
        )
        .unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
    let list = all_jobs(&server.app.db);
    assert_eq!(list.len(), 1);
    let bounced = &list[0];
    assert_eq!(bounced.status, jobs::JobStatus::Failed, "{backend:?}");
    assert_eq!(bounced.attempts, 1, "a 5xx is not retried");
    assert!(bounced.last_error.is_some());
    assert!(sink.mails().is_empty());

    // The same server still sends to an address that exists.
    {
        let mut conn = server.app.db.conn().unwrap();
        queue_mail(&mut conn, &mail_to("ines@example.org", "Hello", "Read me.")).unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
    assert_eq!(sink.wait_for(1).await.len(), 1);
}

both_backends!(async a_mail_job_that_cannot_be_read_fails_at_once);
async fn a_mail_job_that_cannot_be_read_fails_at_once(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    {
        let mut conn = server.app.db.conn().unwrap();
        jobs::enqueue(
            &mut conn,
            effects::kinds::MAIL,
            &json!({"not": "a mail"}),
            6,
        )
        .unwrap();
        queue_mail(&mut conn, &mail_to("not an address", "Hello", "x")).unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
    for row in all_jobs(&server.app.db) {
        assert_eq!(
            row.status,
            jobs::JobStatus::Failed,
            "{backend:?}: {}",
            row.payload
        );
        assert_eq!(row.attempts, 1);
    }
}

both_backends!(async without_smtp_a_mail_job_writes_an_eml_file_in_the_outbox_folder);
async fn without_smtp_a_mail_job_writes_an_eml_file_in_the_outbox_folder(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    assert!(server.app.settings.smtp_url.is_none());
    {
        let mut conn = server.app.db.conn().unwrap();
        queue_mail(
            &mut conn,
            &mail_to("ines@example.org", "Kept in a folder", "Read me later."),
        )
        .unwrap();
    }
    server.app.jobs.wake();
    server.settle().await;
    let list = all_jobs(&server.app.db);
    assert_eq!(
        list[0].status,
        jobs::JobStatus::Done,
        "{backend:?}: {:?}",
        list[0].last_error
    );

    let outbox = storage.data_dir().join("mail-outbox");
    let files: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap_or_else(|e| panic!("{}: {e}", outbox.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().unwrap(), "eml");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("To: ines@example.org"), "{text}");
    assert!(text.contains("Subject: Kept in a folder"), "{text}");
    assert!(text.contains("Read me later."), "{text}");
}
