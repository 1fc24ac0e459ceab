//! Entries: posted balanced, numbered at validation (continuous per journal and fiscal year,
//! through `db::counters`), never edited nor deleted once validated. A correction is a
//! reversal; a draft may be edited, each edit kept in `entry_changes`. Nothing changes in a
//! closed year.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::JournalKind;
use super::lines::{self, PostingLine};
use super::years::{self, FiscalYear};
use crate::db::{
    DbConn,
    counters::{self, Counters},
    now,
    schema::{entries, entry_changes, entry_lines, journals},
};
use crate::error::{Error, FieldError, Result};

pub type EntryId = i64;

/// What booked an entry: `membership/42`, `gift/7`, `helloasso_payment/123`... A second
/// posting with the same key answers the first entry and writes nothing, as long as that entry
/// is not reversed; once it is, the source may be booked again (a corrected amount): each
/// booking of a source has its generation, one booking per generation (a unique index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceKey {
    pub kind: String,
    pub id: i64,
}

impl SourceKey {
    pub fn new(kind: &str, id: i64) -> SourceKey {
        SourceKey {
            kind: kind.to_string(),
            id,
        }
    }
}

/// One entry to book.
#[derive(Debug, Clone)]
pub struct Posting {
    pub journal: JournalKind,
    pub on_date: NaiveDate,
    pub label: String,
    /// The supporting document's reference (an invoice number), empty for none.
    pub piece_ref: String,
    pub lines: Vec<PostingLine>,
    pub source: Option<SourceKey>,
    pub created_by: Option<i64>,
    /// Validated at once (numbered, final), or kept as a draft.
    pub validate: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = entries)]
pub struct Entry {
    pub id: i64,
    pub fiscal_year_id: i64,
    pub journal_id: i64,
    pub number: Option<i64>,
    pub on_date: NaiveDate,
    pub label: String,
    pub piece_ref: String,
    pub source_kind: Option<String>,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub validated_at: Option<NaiveDateTime>,
    pub chain_sha256: Option<String>,
}

impl Entry {
    pub fn is_draft(&self) -> bool {
        self.validated_at.is_none()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = entry_lines)]
pub struct Line {
    pub id: i64,
    pub entry_id: i64,
    pub account_number: String,
    pub debit_cents: i64,
    pub credit_cents: i64,
    pub contact_id: Option<i64>,
    pub project: String,
    pub label: String,
}

/// Books one balanced entry in the caller's transaction and answers its id. With a source key
/// already booked, answers that entry and writes nothing. Refused: a date in no year or in a
/// closed one, unbalanced lines, an account the year's chart lacks.
pub fn post(conn: &mut DbConn, posting: Posting) -> Result<EntryId> {
    let mut generation = 0;
    if let Some(source) = &posting.source {
        match latest_booking(conn, source)? {
            Some((id, _, false)) => return Ok(id),
            Some((_, g, true)) => generation = g + 1,
            None => {}
        }
    }
    let (year, lines) = check(conn, &posting)?;
    let journal_id = years::journal_id(conn, posting.journal)?;
    // A savepoint: if another transaction booked the same source meanwhile (PostgreSQL), the
    // unique index refuses this one, and the first entry is the answer.
    let inserted = crate::db::transaction(conn, |c| {
        insert(c, &posting, &year, journal_id, None, generation, &lines)
    });
    let id = match inserted {
        Ok(id) => id,
        Err(Error::Db(crate::db::DbError::Query(e))) if crate::db::is_unique_violation(&e) => {
            match &posting.source {
                Some(source) => return booked(conn, source)?.ok_or(Error::NotFound),
                None => return Err(Error::Db(crate::db::DbError::Query(e))),
            }
        }
        Err(e) => return Err(e),
    };
    if posting.validate {
        validate(conn, id)?;
    }
    Ok(id)
}

/// Gives a draft its number and makes it final. A validated entry is left as it is.
pub fn validate(conn: &mut DbConn, id: EntryId) -> Result<Entry> {
    let entry = find(conn, id)?;
    years::lock(conn, entry.fiscal_year_id, years::Lock::Share)?;
    let year = years::find(conn, entry.fiscal_year_id)?;
    if year.is_closed() {
        return Err(years::closed(&year));
    }
    if !entry.is_draft() {
        return Ok(entry);
    }
    let kind: JournalKind = journals::table
        .find(entry.journal_id)
        .select(journals::kind)
        .first(conn)?;
    let number = counters::take(conn, Counters::Entries, kind.as_str_word(), year.id)?;
    diesel::update(
        entries::table
            .find(id)
            .filter(entries::validated_at.is_null()),
    )
    .set((
        entries::number.eq(Some(number)),
        entries::validated_at.eq(Some(now())),
    ))
    .execute(conn)?;
    find(conn, id)
}

/// Books the reversal of what `source` booked, dated `on_date` (or, when no open year covers
/// that day, the original's date if its year is still open), and answers its id. Nothing was
/// booked for that source: `None`. Reversed already: that reversal.
pub fn reverse(
    conn: &mut DbConn,
    source_kind: &str,
    source_id: i64,
    on_date: NaiveDate,
    reason: &str,
) -> Result<Option<EntryId>> {
    // The latest booking: reversed already, `reverse_entry` answers its reversal.
    let Some((original, _, _)) = latest_booking(conn, &SourceKey::new(source_kind, source_id))?
    else {
        return Ok(None);
    };
    reverse_entry(conn, original, on_date, reason).map(Some)
}

/// The reversal of one validated entry (see [`reverse`]).
pub fn reverse_entry(
    conn: &mut DbConn,
    id: EntryId,
    on_date: NaiveDate,
    reason: &str,
) -> Result<EntryId> {
    let original = find(conn, id)?;
    if original.is_draft() {
        return Err(Error::conflict("ledger_reverse_draft"));
    }
    if original.reverses_id.is_some() {
        return Err(Error::conflict("ledger_reverse_reversal"));
    }
    if let Some(done) = entries::table
        .filter(entries::reverses_id.eq(id))
        .select(entries::id)
        .first::<i64>(conn)
        .optional()?
    {
        return Ok(done);
    }
    let on_date = match years::open_for(conn, on_date) {
        Ok(_) => on_date,
        Err(e) => match years::find(conn, original.fiscal_year_id)? {
            year if !year.is_closed() => original.on_date,
            _ => return Err(e),
        },
    };
    let year = years::open_for(conn, on_date)?;
    let lines = lines::swapped(&to_posting_lines(&lines_of(conn, id)?));
    check_accounts(conn, &year, &lines)?;
    let posting = Posting {
        journal: journal_kind(conn, original.journal_id)?,
        on_date,
        label: reason.trim().chars().take(200).collect(),
        piece_ref: original.piece_ref.clone(),
        lines,
        source: original
            .source_kind
            .clone()
            .zip(original.source_id)
            .map(|(kind, id)| SourceKey { kind, id }),
        created_by: None,
        validate: true,
    };
    let generation: i64 = entries::table
        .find(id)
        .select(entries::source_generation)
        .first(conn)?;
    let reversal = insert(
        conn,
        &posting,
        &year,
        original.journal_id,
        Some(id),
        generation,
        &posting.lines,
    )?;
    validate(conn, reversal)?;
    Ok(reversal)
}

/// Replaces a draft's date, journal, label and lines; the entry before and after is kept in
/// `entry_changes`. A validated entry, or one in a closed year, is refused.
pub fn edit_draft(
    conn: &mut DbConn,
    id: EntryId,
    posting: Posting,
    by: Option<i64>,
) -> Result<Entry> {
    let before = find(conn, id)?;
    if !before.is_draft() {
        return Err(Error::conflict("ledger_entry_validated"));
    }
    let old_year = years::find(conn, before.fiscal_year_id)?;
    if old_year.is_closed() {
        return Err(years::closed(&old_year));
    }
    let (year, lines) = check(conn, &posting)?;
    let journal_id = years::journal_id(conn, posting.journal)?;
    let before_text = super::chain::canonical(conn, &before)?;
    diesel::update(entries::table.find(id))
        .set((
            entries::fiscal_year_id.eq(year.id),
            entries::journal_id.eq(journal_id),
            entries::on_date.eq(posting.on_date),
            entries::label.eq(posting.label.trim()),
            entries::piece_ref.eq(posting.piece_ref.trim()),
        ))
        .execute(conn)?;
    diesel::delete(entry_lines::table.filter(entry_lines::entry_id.eq(id))).execute(conn)?;
    insert_lines(conn, id, &lines)?;
    let after = find(conn, id)?;
    let after_text = super::chain::canonical(conn, &after)?;
    diesel::insert_into(entry_changes::table)
        .values((
            entry_changes::entry_id.eq(id),
            entry_changes::changed_by.eq(by),
            entry_changes::changed_at.eq(now()),
            entry_changes::before_text.eq(before_text),
            entry_changes::after_text.eq(after_text),
        ))
        .execute(conn)?;
    if posting.validate {
        return validate(conn, id);
    }
    Ok(after)
}

/// The entry a source booked (not its reversal), if any.
pub fn booked(conn: &mut DbConn, source: &SourceKey) -> Result<Option<EntryId>> {
    Ok(match latest_booking(conn, source)? {
        Some((id, _, false)) => Some(id),
        _ => None,
    })
}

/// The latest booking of a source: its id, its generation, and whether it is reversed.
fn latest_booking(conn: &mut DbConn, source: &SourceKey) -> Result<Option<(EntryId, i64, bool)>> {
    let latest: Option<(i64, i64)> = entries::table
        .filter(entries::source_kind.eq(&source.kind))
        .filter(entries::source_id.eq(source.id))
        .filter(entries::reverses_id.is_null())
        .order(entries::source_generation.desc())
        .select((entries::id, entries::source_generation))
        .first(conn)
        .optional()?;
    let Some((id, generation)) = latest else {
        return Ok(None);
    };
    let reversals: i64 = entries::table
        .filter(entries::reverses_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(Some((id, generation, reversals > 0)))
}

pub fn find(conn: &mut DbConn, id: EntryId) -> Result<Entry> {
    Ok(entries::table
        .find(id)
        .select(Entry::as_select())
        .first(conn)?)
}

/// An entry's lines, in their order.
pub fn lines_of(conn: &mut DbConn, id: EntryId) -> Result<Vec<Line>> {
    Ok(entry_lines::table
        .filter(entry_lines::entry_id.eq(id))
        .order(entry_lines::id)
        .select(Line::as_select())
        .load(conn)?)
}

/// A year's entries in the order of the journal: date, then number (drafts last), then id.
pub fn of_year(conn: &mut DbConn, year_id: i64) -> Result<Vec<Entry>> {
    Ok(entries::table
        .filter(entries::fiscal_year_id.eq(year_id))
        .order((
            entries::on_date,
            entries::number.is_null(),
            entries::number,
            entries::id,
        ))
        .select(Entry::as_select())
        .load(conn)?)
}

pub fn journal_kind(conn: &mut DbConn, journal_id: i64) -> Result<JournalKind> {
    Ok(journals::table
        .find(journal_id)
        .select(journals::kind)
        .first(conn)?)
}

/// The checks of a posting against the rules and the books: the open year of its date, its
/// lines balanced, its accounts on that year's chart. Answers the year and the lines trimmed.
fn check(conn: &mut DbConn, posting: &Posting) -> Result<(FiscalYear, Vec<PostingLine>)> {
    let mut errors = Vec::new();
    let label = posting.label.trim();
    if label.is_empty() {
        errors.push(FieldError {
            field: "label",
            code: "ledger_entry_label_required",
        });
    } else if label.chars().count() > 200 || posting.piece_ref.trim().chars().count() > 100 {
        errors.push(FieldError {
            field: "label",
            code: "too_long",
        });
    }
    let trimmed: Vec<PostingLine> = posting
        .lines
        .iter()
        .map(|l| PostingLine {
            account: l.account.trim().to_string(),
            project: l.project.trim().to_string(),
            label: l.label.trim().to_string(),
            ..l.clone()
        })
        .collect();
    if let Err(mut e) = lines::check(&trimmed) {
        errors.append(&mut e);
    }
    let year = match years::open_for(conn, posting.on_date) {
        Ok(year) => Some(year),
        Err(Error::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(year) = &year
        && let Err(Error::Invalid(mut e)) = check_accounts(conn, year, &trimmed)
    {
        errors.append(&mut e);
    }
    match year {
        Some(year) if errors.is_empty() => Ok((year, trimmed)),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Every account of the lines must be on the year's chart.
fn check_accounts(conn: &mut DbConn, year: &FiscalYear, lines: &[PostingLine]) -> Result<()> {
    use crate::db::schema::chart_accounts;
    let wanted: Vec<&str> = lines.iter().map(|l| l.account.as_str()).collect();
    let known: Vec<String> = chart_accounts::table
        .filter(chart_accounts::chart_id.eq(year.chart_id))
        .filter(chart_accounts::number.eq_any(&wanted))
        .select(chart_accounts::number)
        .load(conn)?;
    if wanted.iter().all(|w| known.iter().any(|k| k == w)) {
        Ok(())
    } else {
        Err(Error::invalid("account", "ledger_account_unknown"))
    }
}

fn insert(
    conn: &mut DbConn,
    posting: &Posting,
    year: &FiscalYear,
    journal_id: i64,
    reverses: Option<EntryId>,
    generation: i64,
    lines: &[PostingLine],
) -> Result<EntryId> {
    let id: i64 = diesel::insert_into(entries::table)
        .values((
            entries::fiscal_year_id.eq(year.id),
            entries::journal_id.eq(journal_id),
            entries::on_date.eq(posting.on_date),
            entries::label.eq(posting.label.trim()),
            entries::piece_ref.eq(posting.piece_ref.trim()),
            entries::source_kind.eq(posting.source.as_ref().map(|s| s.kind.as_str())),
            entries::source_id.eq(posting.source.as_ref().map(|s| s.id)),
            entries::reverses_id.eq(reverses),
            entries::source_generation.eq(generation),
            entries::created_by.eq(posting.created_by),
            entries::created_at.eq(now()),
        ))
        .returning(entries::id)
        .get_result(conn)?;
    insert_lines(conn, id, lines)?;
    Ok(id)
}

fn insert_lines(conn: &mut DbConn, entry_id: EntryId, lines: &[PostingLine]) -> Result<()> {
    let rows: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                entry_lines::entry_id.eq(entry_id),
                entry_lines::account_number.eq(l.account.clone()),
                entry_lines::debit_cents.eq(l.debit_cents),
                entry_lines::credit_cents.eq(l.credit_cents),
                entry_lines::contact_id.eq(l.contact_id),
                entry_lines::project.eq(l.project.clone()),
                entry_lines::label.eq(l.label.clone()),
            )
        })
        .collect();
    crate::db::insert_many(conn, entry_lines::table, rows)?;
    Ok(())
}

fn to_posting_lines(lines: &[Line]) -> Vec<PostingLine> {
    lines
        .iter()
        .map(|l| PostingLine {
            account: l.account_number.clone(),
            debit_cents: l.debit_cents,
            credit_cents: l.credit_cents,
            contact_id: l.contact_id,
            project: l.project.clone(),
            label: l.label.clone(),
        })
        .collect()
}

impl JournalKind {
    /// The counter series of the journal: its word.
    fn as_str_word(self) -> &'static str {
        crate::db::TextEnum::as_str(self)
    }
}
