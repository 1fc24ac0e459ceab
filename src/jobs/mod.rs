//! The durable job queue: every side effect that leaves the process (an activity to an inbox,
//! a mail) is a row here, written in the same transaction as the change that caused it, and run
//! by workers with retries and backoff. A crash loses nothing: a job whose worker died is taken
//! again once its lock expires.
//!
//! The queue knows nothing of what a job does; `worker::Handlers` maps each kind to the code
//! that runs it, given by the application when it starts.

mod status;
pub mod worker;

pub use status::JobStatus;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::{DbConn, now, schema::jobs};
use crate::error::Result;

/// How long a claimed job stays reserved for its worker. A worker that dies frees its jobs
/// after this long; a job must finish well within it.
pub const LOCK: Duration = Duration::seconds(30);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = jobs)]
struct NewJob<'a> {
    kind: &'a str,
    payload: &'a str,
    status: JobStatus,
    attempts: i32,
    max_attempts: i32,
    run_at: NaiveDateTime,
    created_at: NaiveDateTime,
}

/// Adds a job. Call it inside the transaction of the change that causes it.
pub fn enqueue(
    conn: &mut DbConn,
    kind: &str,
    payload: &impl Serialize,
    max_attempts: i32,
) -> Result<()> {
    let payload = serde_json::to_string(payload).map_err(crate::error::Error::internal)?;
    enqueue_many(conn, kind, std::slice::from_ref(&payload), max_attempts)
}

/// Adds one job per payload (already serialized), in one statement per 500 rows.
pub fn enqueue_many(
    conn: &mut DbConn,
    kind: &str,
    payloads: &[String],
    max_attempts: i32,
) -> Result<()> {
    let at = now();
    for chunk in payloads.chunks(500) {
        let rows: Vec<NewJob> = chunk
            .iter()
            .map(|payload| NewJob {
                kind,
                payload,
                status: JobStatus::Pending,
                attempts: 0,
                max_attempts,
                run_at: at,
                created_at: at,
            })
            .collect();
        // Multi-row inserts are not expressible on the multi-backend type: run them natively.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(jobs::table).values(&rows).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(jobs::table).values(&rows).execute(c)?,
        };
    }
    Ok(())
}

#[derive(QueryableByName, Debug, Clone)]
pub struct Claimed {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub payload: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub attempts: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub max_attempts: i32,
}

/// Reserves up to `limit` jobs that are due (or whose worker died), in one statement. On
/// PostgreSQL `FOR UPDATE SKIP LOCKED` lets any number of processes claim side by side without
/// taking the same job; SQLite has a single writer, so the plain statement is already exclusive.
pub fn claim(conn: &mut DbConn, limit: i64) -> Result<Vec<Claimed>> {
    use diesel::sql_types::{BigInt, Timestamp};
    let at = now();
    let until = at + LOCK;
    let due = "(status = 'pending' AND run_at <= $1) OR (status = 'running' AND locked_until < $1)";
    let claimed = match conn {
        DbConn::Pg(c) => diesel::sql_query(format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $2 \
             WHERE id IN (SELECT id FROM jobs WHERE {due} ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, payload, attempts, max_attempts"
        ))
        .bind::<Timestamp, _>(at)
        .bind::<Timestamp, _>(until)
        .bind::<BigInt, _>(limit)
        .load(c)?,
        // SQLite reads `$1` as a named parameter and numbers them in order of appearance
        // (`$2` would come first); `?1` is the parameter bound first, as `$1` is on PostgreSQL.
        DbConn::Sqlite(c) => diesel::sql_query(
            format!(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $2 \
                 WHERE id IN (SELECT id FROM jobs WHERE {due} ORDER BY run_at, id LIMIT $3) \
                 RETURNING id, kind, payload, attempts, max_attempts"
            )
            .replace('$', "?"),
        )
        .bind::<Timestamp, _>(at)
        .bind::<Timestamp, _>(until)
        .bind::<BigInt, _>(limit)
        .load(c)?,
    };
    Ok(claimed)
}

/// Puts back in the queue the jobs that were running when the process stopped. Only for
/// SQLite, where one process owns the database file: on PostgreSQL other processes may be
/// running those jobs right now, and their locks expire on their own after `LOCK`.
pub fn release_orphans(conn: &mut DbConn) -> Result<usize> {
    if !matches!(conn, DbConn::Sqlite(_)) {
        return Ok(0);
    }
    Ok(
        diesel::update(jobs::table.filter(jobs::status.eq(JobStatus::Running)))
            .set((
                jobs::status.eq(JobStatus::Pending),
                jobs::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?,
    )
}

pub fn complete(conn: &mut DbConn, id: i64) -> Result<()> {
    let at = now();
    diesel::update(jobs::table.find(id))
        .set((
            jobs::status.eq(JobStatus::Done),
            jobs::finished_at.eq(Some(at)),
            jobs::locked_until.eq(None::<NaiveDateTime>),
            jobs::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: the job runs again after a backoff, or is marked failed for good
/// once it has used its attempts (or when `permanent`, for an answer that will never change).
/// Says whether it failed for good.
pub fn fail(conn: &mut DbConn, job: &Claimed, error: &str, permanent: bool) -> Result<bool> {
    let at = now();
    let error: String = error.chars().take(2000).collect();
    if permanent || job.attempts >= job.max_attempts {
        diesel::update(jobs::table.find(job.id))
            .set((
                jobs::status.eq(JobStatus::Failed),
                jobs::finished_at.eq(Some(at)),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(error)),
            ))
            .execute(conn)?;
        Ok(true)
    } else {
        diesel::update(jobs::table.find(job.id))
            .set((
                jobs::status.eq(JobStatus::Pending),
                jobs::run_at.eq(at + backoff(job.attempts)),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(error)),
            ))
            .execute(conn)?;
        Ok(false)
    }
}

/// 30 s after the first failure, doubling each time, at most six hours apart.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 20) - 1;
    let seconds = 30i64.saturating_mul(1i64 << exponent);
    Duration::seconds(seconds.min(6 * 3600))
}

/// Puts a failed job back in the queue, for an admin who fixed the cause.
pub fn retry(conn: &mut DbConn, id: i64) -> Result<()> {
    let changed = diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::status.eq(JobStatus::Failed)),
    )
    .set((
        jobs::status.eq(JobStatus::Pending),
        jobs::attempts.eq(0),
        jobs::run_at.eq(now()),
        jobs::finished_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(crate::error::Error::NotFound);
    }
    Ok(())
}

/// The most recent jobs, optionally of one status, for the dashboard and the API.
pub fn recent(conn: &mut DbConn, status: Option<JobStatus>, limit: i64) -> Result<Vec<Job>> {
    let mut query = jobs::table.select(Job::as_select()).into_boxed();
    if let Some(status) = status {
        query = query.filter(jobs::status.eq(status));
    }
    Ok(query.order(jobs::id.desc()).limit(limit).load(conn)?)
}

/// How many jobs are in each status: (pending, running, done, failed).
pub fn counts(conn: &mut DbConn) -> Result<Vec<(JobStatus, i64)>> {
    use diesel::dsl::count_star;
    Ok(jobs::table
        .group_by(jobs::status)
        .select((jobs::status, count_star()))
        .load(conn)?)
}

/// Adds a job that is not to run before `run_at` (a delayed job). Call it inside the
/// transaction of the change that causes it.
pub fn enqueue_at(
    conn: &mut DbConn,
    kind: &str,
    payload: &impl Serialize,
    max_attempts: i32,
    run_at: NaiveDateTime,
) -> Result<()> {
    let payload = serde_json::to_string(payload).map_err(crate::error::Error::internal)?;
    diesel::insert_into(jobs::table)
        .values(NewJob {
            kind,
            payload: &payload,
            status: JobStatus::Pending,
            attempts: 0,
            max_attempts,
            run_at,
            created_at: now(),
        })
        .execute(conn)?;
    Ok(())
}

/// Whether a job of this kind with exactly this payload waits to run (not yet started).
pub fn is_pending(conn: &mut DbConn, kind: &str, payload: &impl Serialize) -> Result<bool> {
    let payload = serde_json::to_string(payload).map_err(crate::error::Error::internal)?;
    let n: i64 = jobs::table
        .filter(jobs::status.eq(JobStatus::Pending))
        .filter(jobs::kind.eq(kind))
        .filter(jobs::payload.eq(payload))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// When a daily job runs next: the next `at` (local time in `tz`) strictly after `after`
/// (UTC), as a UTC time. A local time skipped by a change of clocks gives the hour after.
pub fn next_daily(after: NaiveDateTime, at: chrono::NaiveTime, tz: chrono_tz::Tz) -> NaiveDateTime {
    use chrono::TimeZone;
    let local = after.and_utc().with_timezone(&tz);
    let mut day = local.date_naive();
    if local.time() >= at {
        day = day.succ_opt().unwrap_or(day);
    }
    let mut when = day.and_time(at);
    loop {
        if let Some(t) = tz.from_local_datetime(&when).earliest() {
            return t.naive_utc();
        }
        when += Duration::hours(1);
    }
}

/// Takes back the jobs of this kind with exactly this payload that wait to run (a schedule that
/// changed); returns how many.
pub fn cancel_pending(conn: &mut DbConn, kind: &str, payload: &impl Serialize) -> Result<usize> {
    let payload = serde_json::to_string(payload).map_err(crate::error::Error::internal)?;
    Ok(diesel::delete(
        jobs::table
            .filter(jobs::status.eq(JobStatus::Pending))
            .filter(jobs::kind.eq(kind))
            .filter(jobs::payload.eq(payload)),
    )
    .execute(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(30), Duration::seconds(6 * 3600));
    }
}
