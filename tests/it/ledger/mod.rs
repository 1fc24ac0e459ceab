//! The books through the application layer and the real databases: the shipped charts loaded
//! once, fiscal years and their rules, balanced entries booked once per source, numbers given
//! at validation without gap under concurrency, drafts and their audit, reversals, closing a
//! year (carry-forward, seal, nothing changes after) and `cheminement ledger verify`, and the
//! dues a membership posts.

use cheminement::accounts::Role;
use cheminement::app;
use cheminement::db::schema;
use cheminement::error::Error;
use cheminement::ledger::{
    self, JournalKind, Posting, PostingLine, SourceKey, chain, charts, closing, entries, years,
};
use cheminement::members::memberships::{MembershipInput, Source};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::common::members::*;
use crate::common::{Backend, Storage, TestServer};

mod api_and_dashboard;
mod booking;
mod charts_and_years;
mod closing_and_seal;
mod flows_in;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn start(backend: Backend) -> (Storage, TestServer) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    (storage, server)
}

async fn year(server: &TestServer, starts_on: NaiveDate, ends_on: NaiveDate) -> years::FiscalYear {
    app::ledger::create_year(
        &server.app,
        years::YearInput {
            starts_on: Some(starts_on),
            ends_on: Some(ends_on),
            chart: String::new(),
        },
    )
    .await
    .unwrap()
}

fn posting(journal: JournalKind, on_date: NaiveDate, lines: Vec<PostingLine>) -> Posting {
    Posting {
        journal,
        on_date,
        label: "Facture EDF".into(),
        piece_ref: String::new(),
        lines,
        source: None,
        created_by: None,
        validate: true,
    }
}

fn paid(expense: &str, cents: i64) -> Vec<PostingLine> {
    vec![
        PostingLine::debit(expense, cents),
        PostingLine::credit("512", cents),
    ]
}

/// A new account of that role; its id.
fn user(server: &TestServer, email: &str, role: Role) -> i64 {
    server.create_user(email, role);
    schema::users::table
        .filter(schema::users::email.eq(email))
        .select(schema::users::id)
        .first(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

fn count_entries(server: &TestServer) -> i64 {
    schema::entries::table
        .count()
        .get_result(&mut *server.app.db.conn().unwrap())
        .unwrap()
}

fn codes(e: &Error) -> Vec<&'static str> {
    match e {
        Error::Invalid(fields) => fields.iter().map(|f| f.code).collect(),
        Error::Conflict(m) => vec![m.key],
        other => panic!("a field mistake or a conflict was expected, got {other:?}"),
    }
}
