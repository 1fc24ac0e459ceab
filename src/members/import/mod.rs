//! Importing contacts from a CSV file, all or nothing.
//!
//! The story: the bytes are decoded (`decode`: UTF-8, Windows-1252 as Excel writes it in
//! France, UTF-16 with a byte order mark; anything else is refused), the delimiter is guessed
//! (`guess_delimiter`), the text is cut into lines numbered as a spreadsheet shows them
//! (`parse`), each column gets a meaning (`guess_target` from its header, or the user's
//! choice), then `run` checks EVERY line first and, only when no line has a mistake, writes
//! everything in one transaction with multi-row inserts.
//!
//! The files: `read` (bytes, delimiter, lines), `columns` (what each column holds), `values`
//! (cells as dates, answers, tags, custom fields), `check` (every line checked before anything
//! is written), `write` (the multi-row inserts), `stored` (the file between its preview and its
//! import).

mod check;
mod columns;
mod read;
mod stored;
mod values;
mod write;

pub use columns::{BUILT_IN, FieldDef, Target, field_defs, guess_target};
pub use read::{
    Decoded, Encoding, Row, Table, decode, delimiter_from_name, delimiter_name, guess_delimiter,
    parse,
};
pub use stored::{Stored, find_stored, forget, store};
pub use values::{field_value, parse_consent, parse_date};

use crate::db::DbConn;
use crate::error::Result;
use crate::members::contacts::Source;

/// The largest file taken: 10 MiB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// How long a file waits between its preview and its import.
const KEEP_HOURS: i64 = 24;

// ---------------------------------------------------------------------------------------
// Checking every line, then writing them all
// ---------------------------------------------------------------------------------------

/// A mistake on a line. `code` is a message key whose `{0}`, `{1}`... are `args`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineError {
    pub line: usize,
    pub code: &'static str,
    pub args: Vec<String>,
}

impl LineError {
    fn new(line: usize, code: &'static str, args: &[&str]) -> LineError {
        LineError {
            line,
            code,
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }
}

/// What to do with a line whose address is already in the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Fill in the record's empty details (and add tags, consent and custom fields it lacks).
    UpdateEmpty,
    /// Leave the record as it is.
    Leave,
}

pub struct Options {
    pub existing: Existing,
    /// The file's name, for the history and the consent log.
    pub filename: String,
    /// Who imports (their account), and their name for the consent log.
    pub by: Option<i64>,
    pub by_name: String,
    /// `Source::Import` or `Source::Api`.
    pub source: Source,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// How an import ended: done, or refused with every mistake and nothing written.
#[derive(Debug)]
pub enum Outcome {
    Done(Summary),
    Refused(Vec<LineError>),
}

/// Checks every line of `table` read with `mapping` (one target per column), then, if no
/// line has a mistake, writes them all in one transaction.
pub fn run(
    conn: &mut DbConn,
    table: &Table,
    mapping: &[Target],
    opts: &Options,
) -> Result<Outcome> {
    let defs = field_defs(conn)?;
    if let Err(errors) = check::check_mapping(table, mapping, &defs) {
        return Ok(Outcome::Refused(errors));
    }
    let (prepared, mut errors) = check::prepare(table, mapping, &defs);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Ok(Outcome::Refused(errors));
    }
    crate::db::transaction(conn, |c| write::write(c, prepared, opts).map(Outcome::Done))
}

/// Reads the whole of an API import: the header names are target keys (`first_name`,
/// `email`, `field:<key>` or a custom field's key). Unknown headers are mistakes of line 1.
pub fn run_keyed(conn: &mut DbConn, bytes: &[u8], opts: &Options) -> Result<Outcome> {
    let decoded = decode(bytes)?;
    let table = parse(&decoded.text, guess_delimiter(&decoded.text))?;
    let defs = field_defs(conn)?;
    let mut mapping = Vec::new();
    let mut errors = Vec::new();
    for header in &table.header {
        match Target::from_key(header, &defs) {
            Some(t) => mapping.push(t),
            None => {
                errors.push(LineError::new(
                    table.header_line,
                    "import_err_unknown_column",
                    &[header],
                ));
                mapping.push(Target::Ignore);
            }
        }
    }
    if !errors.is_empty() {
        return Ok(Outcome::Refused(errors));
    }
    run(conn, &table, &mapping, opts)
}
