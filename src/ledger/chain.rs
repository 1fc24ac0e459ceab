//! The seal of a closed year: each of its entries, in the order of their ids, is chained to
//! the one before by SHA-256 (`entries.chain_sha256` = SHA-256(previous hash || canonical text
//! of the entry and its lines)), starting from the hash of the year's own line; the last hash
//! is the year's `seal_sha256`. [`verify`] computes it all again: a row changed, added or
//! removed in a closed year breaks it.
//!
//! The canonical text holds what the books say (journal, number, date, label, piece, source,
//! reversal, validation time; each line's account, amounts, project and label), not the
//! contact a line names: erasing a person (GDPR) may unlink them without breaking the seal.

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::entries::{self, Entry};
use super::years::{self, FiscalYear};
use crate::db::{DbConn, TextEnum, schema::entries as entries_t};
use crate::error::Result;

/// The canonical text of an entry and its lines: one line each, fields separated by `|`,
/// texts as JSON strings (so that no label can forge a separator).
pub fn canonical(conn: &mut DbConn, entry: &Entry) -> Result<String> {
    let journal = entries::journal_kind(conn, entry.journal_id)?;
    let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let opt = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut out = format!(
        "entry|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n",
        entry.id,
        journal.as_str(),
        opt(entry.number),
        entry.on_date.format("%Y-%m-%d"),
        text(&entry.label),
        text(&entry.piece_ref),
        text(entry.source_kind.as_deref().unwrap_or("")),
        opt(entry.source_id),
        opt(entry.reverses_id),
        entry
            .validated_at
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string())
            .unwrap_or_default(),
    );
    for line in entries::lines_of(conn, entry.id)? {
        out.push_str(&format!(
            "line|{}|{}|{}|{}|{}\n",
            line.account_number,
            line.debit_cents,
            line.credit_cents,
            text(&line.project),
            text(&line.label),
        ));
    }
    Ok(out)
}

/// The first link of a year's chain: the hash of its own line.
pub fn start(conn: &mut DbConn, year: &FiscalYear) -> Result<String> {
    let chart = super::charts::find(conn, year.chart_id)?;
    Ok(link(
        "",
        &format!(
            "fiscal_year|{}|{}|{}|{}\n",
            year.id, year.starts_on, year.ends_on, chart.code
        ),
    ))
}

/// SHA-256 of the previous hash (hex) followed by the text, in hex.
pub fn link(previous: &str, text: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    hasher.update(text.as_bytes());
    hex::encode(hasher.finalize())
}

/// A year's entries in the chain's order.
pub fn chained_entries(conn: &mut DbConn, year_id: i64) -> Result<Vec<Entry>> {
    Ok(entries_t::table
        .filter(entries_t::fiscal_year_id.eq(year_id))
        .order(entries_t::id)
        .select(Entry::as_select())
        .load(conn)?)
}

/// Writes the chain of a year's entries; answers the last hash (the seal).
pub fn seal(conn: &mut DbConn, year: &FiscalYear) -> Result<String> {
    let mut hash = start(conn, year)?;
    for entry in chained_entries(conn, year.id)? {
        hash = link(&hash, &canonical(conn, &entry)?);
        diesel::update(entries_t::table.find(entry.id))
            .set(entries_t::chain_sha256.eq(Some(&hash)))
            .execute(conn)?;
    }
    Ok(hash)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every closed year's chain holds: how many years and entries were checked.
    Intact { years: usize, entries: usize },
    /// The first place the chain breaks.
    Broken(Break),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub year_id: i64,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    /// The first entry whose hash does not match; `None` when the entries match but the
    /// year's seal does not (an entry removed at the end, or the seal itself changed).
    pub entry_id: Option<i64>,
    pub journal: Option<String>,
    pub number: Option<i64>,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.entry_id {
            Some(id) => write!(
                f,
                "the chain of the year {} to {} breaks at entry #{id} (journal {}, number {})",
                self.starts_on,
                self.ends_on,
                self.journal.as_deref().unwrap_or("?"),
                self.number
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "none".into()),
            ),
            None => write!(
                f,
                "the seal of the year {} to {} does not match its entries",
                self.starts_on, self.ends_on
            ),
        }
    }
}

/// Computes every closed year's chain again and compares it with what is stored.
pub fn verify(conn: &mut DbConn) -> Result<Verdict> {
    let mut counted = (0, 0);
    for year in years::all(conn)?.into_iter().filter(FiscalYear::is_closed) {
        let broken = |entry: Option<&Entry>, journal: Option<String>| Break {
            year_id: year.id,
            starts_on: year.starts_on,
            ends_on: year.ends_on,
            entry_id: entry.map(|e| e.id),
            journal,
            number: entry.and_then(|e| e.number),
        };
        let mut hash = start(conn, &year)?;
        for entry in chained_entries(conn, year.id)? {
            hash = link(&hash, &canonical(conn, &entry)?);
            if entry.chain_sha256.as_deref() != Some(hash.as_str()) {
                let journal = entries::journal_kind(conn, entry.journal_id)?;
                return Ok(Verdict::Broken(broken(
                    Some(&entry),
                    Some(journal.code().to_string()),
                )));
            }
            counted.1 += 1;
        }
        if year.seal_sha256.as_deref() != Some(hash.as_str()) {
            return Ok(Verdict::Broken(broken(None, None)));
        }
        counted.0 += 1;
    }
    Ok(Verdict::Intact {
        years: counted.0,
        entries: counted.1,
    })
}

#[cfg(test)]
mod tests {
    use super::link;

    #[test]
    fn each_link_depends_on_the_one_before_and_on_the_text() {
        let a = link("", "entry|1\n");
        assert_eq!(a.len(), 64);
        assert_eq!(a, link("", "entry|1\n"));
        assert_ne!(link(&a, "entry|2\n"), link("", "entry|2\n"));
        assert_ne!(link(&a, "entry|2\n"), link(&a, "entry|3\n"));
        // SHA-256 of the empty text, as every implementation knows it.
        assert_eq!(
            link("", ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
