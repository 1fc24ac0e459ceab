//! The FEC (fichier des écritures comptables, art. A47 A-1 of the LPF) of a fiscal year, as
//! association-fr.md §3.2b says: 18 columns separated by tabs, one header line, dates
//! `AAAAMMJJ`, amounts with a comma and no thousands separator, the validated entries only,
//! the opening journal ("à-nouveaux") first and then the rest in the order they were validated,
//! each line under its real journal's code, EcritureNum continuous per journal (`BQ000001`:
//! the journal's code and the number the entry took at validation), named
//! `{SIREN}FEC{AAAAMMJJ of the year's end}.txt`, or with the RNA when there is no SIREN.
//!
//! The association's numbers are settings (`association_siren`, `association_rna`). The rows
//! are written to any `io::Write`, a thousand entries at a time.

use std::collections::HashMap;
use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::JournalKind;
use super::years::FiscalYear;
use crate::db::{
    DbConn,
    schema::{chart_accounts, contacts, entries, entry_lines, journals},
    settings,
};
use crate::error::{Error, Result};
use crate::i18n::Lang;

/// The settings keys of the association's numbers.
pub const SIREN_SETTING: &str = "association_siren";
pub const RNA_SETTING: &str = "association_rna";

/// The header line, the columns in the order the law sets.
pub const COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

/// How many entries are read at once.
const BATCH: usize = 1000;

/// The file's name: `{SIREN}FEC{AAAAMMJJ}.txt`, the RNA in place of the SIREN when there is
/// none, and `FEC{AAAAMMJJ}.txt` when neither is set.
pub fn file_name(conn: &mut DbConn, year: &FiscalYear) -> Result<String> {
    let number = |conn: &mut DbConn, key| -> Result<Option<String>> {
        Ok(settings::get(conn, key)?
            .map(|s| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect())
            .filter(|s: &String| !s.is_empty()))
    };
    let id = match number(conn, SIREN_SETTING)? {
        Some(siren) => siren,
        None => number(conn, RNA_SETTING)?.unwrap_or_default(),
    };
    Ok(format!("{id}FEC{}.txt", date(year.ends_on)))
}

/// The FEC of a year, whole: its name and its bytes.
pub fn file(conn: &mut DbConn, year_id: i64) -> Result<(String, Vec<u8>)> {
    let year = super::years::find(conn, year_id)?;
    let name = file_name(conn, &year)?;
    let mut body = Vec::new();
    write(conn, &year, &mut body)?;
    Ok((name, body))
}

/// A line as read: entry, account, debit, credit, contact, label.
type LineRow = (i64, String, i64, i64, Option<i64>, String);

/// An entry as read: id, journal, number, date, label, piece, validated at, journal id.
type HeadRow = (
    i64,
    JournalKind,
    Option<i64>,
    NaiveDate,
    String,
    String,
    Option<NaiveDateTime>,
    i64,
);

/// One entry of the file, before its lines.
struct Head {
    id: i64,
    kind: JournalKind,
    number: i64,
    on_date: NaiveDate,
    label: String,
    piece_ref: String,
    validated_at: NaiveDateTime,
}

/// Writes the year's FEC; answers the number of lines written (the header left out).
pub fn write(conn: &mut DbConn, year: &FiscalYear, out: &mut dyn Write) -> Result<u64> {
    let io = |e: std::io::Error| Error::internal(e);
    out.write_all(COLUMNS.join("\t").as_bytes()).map_err(io)?;
    out.write_all(b"\r\n").map_err(io)?;
    let labels: HashMap<String, String> = chart_accounts::table
        .filter(chart_accounts::chart_id.eq(year.chart_id))
        .select((chart_accounts::number, chart_accounts::label))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let heads = heads(conn, year.id)?;
    let mut written = 0u64;
    for batch in heads.chunks(BATCH) {
        let ids: Vec<i64> = batch.iter().map(|h| h.id).collect();
        let rows: Vec<LineRow> = entry_lines::table
            .filter(entry_lines::entry_id.eq_any(&ids))
            .order((entry_lines::entry_id, entry_lines::id))
            .select((
                entry_lines::entry_id,
                entry_lines::account_number,
                entry_lines::debit_cents,
                entry_lines::credit_cents,
                entry_lines::contact_id,
                entry_lines::label,
            ))
            .load(conn)?;
        let mut contact_ids: Vec<i64> = rows.iter().filter_map(|r| r.4).collect();
        contact_ids.sort_unstable();
        contact_ids.dedup();
        let names: HashMap<i64, String> = contacts::table
            .filter(contacts::id.eq_any(&contact_ids))
            .select((contacts::id, contacts::first_name, contacts::last_name))
            .load::<(i64, String, String)>(conn)?
            .into_iter()
            .map(|(id, first, last)| (id, format!("{first} {last}").trim().to_string()))
            .collect();
        let mut by_entry: HashMap<i64, Vec<&LineRow>> = HashMap::new();
        for row in &rows {
            by_entry.entry(row.0).or_default().push(row);
        }
        for head in batch {
            let code = head.kind.code();
            let journal_lib = Lang::Fr.t(journal_key(head.kind));
            let num = ecriture_num(head.kind, head.number);
            let piece_ref = if head.piece_ref.is_empty() {
                num.clone()
            } else {
                clean(&head.piece_ref)
            };
            for (_, account, debit, credit, contact, label) in
                by_entry.get(&head.id).into_iter().flatten()
            {
                let (aux_num, aux_lib) = match contact {
                    Some(id) => (
                        format!("C{id}"),
                        names.get(id).map(|n| clean(n)).unwrap_or_default(),
                    ),
                    None => (String::new(), String::new()),
                };
                let label = if label.is_empty() { &head.label } else { label };
                let fields: [&str; 18] = [
                    code,
                    journal_lib,
                    &num,
                    &date(head.on_date),
                    account,
                    &clean(labels.get(account).map(String::as_str).unwrap_or("")),
                    &aux_num,
                    &aux_lib,
                    &piece_ref,
                    &date(head.on_date),
                    &clean(label),
                    &amount(*debit),
                    &amount(*credit),
                    "",
                    "",
                    &date(head.validated_at.date()),
                    "",
                    "",
                ];
                out.write_all(fields.join("\t").as_bytes()).map_err(io)?;
                out.write_all(b"\r\n").map_err(io)?;
                written += 1;
            }
        }
    }
    out.flush().map_err(io)?;
    Ok(written)
}

/// The validated entries of the year in the file's order: the opening journal first, then
/// by the moment of validation (and, at the same moment, by journal and number).
fn heads(conn: &mut DbConn, year_id: i64) -> Result<Vec<Head>> {
    let rows: Vec<HeadRow> = entries::table
        .inner_join(journals::table)
        .filter(entries::fiscal_year_id.eq(year_id))
        .filter(entries::validated_at.is_not_null())
        .select((
            entries::id,
            journals::kind,
            entries::number,
            entries::on_date,
            entries::label,
            entries::piece_ref,
            entries::validated_at,
            entries::journal_id,
        ))
        .load(conn)?;
    let mut heads: Vec<(i64, Head)> = rows
        .into_iter()
        .filter_map(
            |(id, kind, number, on_date, label, piece_ref, at, journal)| {
                Some((
                    journal,
                    Head {
                        id,
                        kind,
                        number: number?,
                        on_date,
                        label,
                        piece_ref,
                        validated_at: at?,
                    },
                ))
            },
        )
        .collect();
    heads.sort_by(|(ja, a), (jb, b)| {
        (a.kind != JournalKind::Opening, a.validated_at, ja, a.number).cmp(&(
            b.kind != JournalKind::Opening,
            b.validated_at,
            jb,
            b.number,
        ))
    });
    Ok(heads.into_iter().map(|(_, h)| h).collect())
}

/// The journal's name, from the catalogue (the file is read in French).
fn journal_key(kind: JournalKind) -> &'static str {
    use crate::i18n::msg;
    match kind {
        JournalKind::Bank => msg("ledger_journal_bank"),
        JournalKind::Cash => msg("ledger_journal_cash"),
        JournalKind::Sales => msg("ledger_journal_sales"),
        JournalKind::Purchases => msg("ledger_journal_purchases"),
        JournalKind::Misc => msg("ledger_journal_misc"),
        JournalKind::Opening => msg("ledger_journal_opening"),
    }
}

/// `BQ000042`: the journal's code and the entry's number in it.
pub fn ecriture_num(kind: JournalKind, number: i64) -> String {
    format!("{}{number:06}", kind.code())
}

/// `AAAAMMJJ`.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// `1234,56`: a comma, two decimals, no thousands separator.
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{},{:02}", cents / 100, cents % 100)
}

/// A text field without what would break a line or a column.
fn clean(text: &str) -> String {
    text.replace(['\t', '\r', '\n', '|'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_dates_and_numbers_are_written_as_the_fec_wants() {
        assert_eq!(amount(0), "0,00");
        assert_eq!(amount(5), "0,05");
        assert_eq!(amount(123_456_789), "1234567,89");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()),
            "20260831"
        );
        assert_eq!(ecriture_num(JournalKind::Bank, 42), "BQ000042");
        assert_eq!(clean("a\tb\nc"), "a b c");
        assert_eq!(COLUMNS.len(), 18);
    }
}
