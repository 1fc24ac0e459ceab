//! Importing contacts from a CSV file, all or nothing.
//!
//! The story: the bytes are decoded (`decode`: UTF-8, Windows-1252 as Excel writes it in
//! France, UTF-16 with a byte order mark; anything else is refused), the delimiter is guessed
//! (`guess_delimiter`), the text is cut into lines numbered as a spreadsheet shows them
//! (`parse`), each column gets a meaning (`guess_target` from its header, or the user's
//! choice), then `run` checks EVERY line first and, only when no line has a mistake, writes
//! everything in one transaction with multi-row inserts.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{consents, contacts::ContactInput, history, names};
use crate::db::{
    DbConn, now,
    schema::{
        consents as consents_t, contact_field_values, contact_imports, contact_log, contact_tags,
        contacts, tags,
    },
};
use crate::error::{Error, FieldError, Result};

/// Runs a multi-row statement on the connection's own backend: diesel's connection over both
/// databases does not build multi-row inserts itself.
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            DbConn::Sqlite($c) => $body,
            DbConn::Pg($c) => $body,
        }
    };
}

/// The largest file taken: 10 MiB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// How long a file waits between its preview and its import.
const KEEP_HOURS: i64 = 24;
/// Rows per multi-row insert: well under SQLite's and PostgreSQL's limits on parameters.
const CHUNK: usize = 500;

// ---------------------------------------------------------------------------------------
// Reading the bytes
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// What Excel writes in France when "CSV (separator: semicolon)" is chosen.
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    pub fn parse(text: &str) -> Encoding {
        match text {
            "windows-1252" => Encoding::Windows1252,
            "utf-16le" => Encoding::Utf16Le,
            "utf-16be" => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }
}

/// A file's text and how it was read.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Bytes that Windows-1252 leaves undefined: a file holding one was written in another
/// encoding, and reading it as Windows-1252 would garble it.
const NOT_WINDOWS_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Reads the bytes of an uploaded file. Refuses (field `file`) what is not text in a known
/// encoding: `import_file_empty`, `import_file_binary`, `import_file_encoding`.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest)
            .map_err(|_| Error::invalid("file", "import_file_encoding"))?;
        (text.to_string(), Encoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(encoding_rs::UTF_16LE, rest)?, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(encoding_rs::UTF_16BE, rest)?, Encoding::Utf16Be)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), Encoding::Utf8)
    } else if bytes.contains(&0) {
        return Err(Error::invalid("file", "import_file_binary"));
    } else if bytes.iter().any(|b| NOT_WINDOWS_1252.contains(b)) {
        return Err(Error::invalid("file", "import_file_encoding"));
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), Encoding::Windows1252)
    };
    // Text has no control characters besides tabs and line ends: a file that does is a
    // spreadsheet's own format, an image, an archive...
    if text
        .chars()
        .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFD}')
    {
        return Err(Error::invalid("file", "import_file_binary"));
    }
    if text.trim().is_empty() {
        return Err(Error::invalid("file", "import_file_empty"));
    }
    Ok(Decoded { text, encoding })
}

fn utf16(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| Error::invalid("file", "import_file_encoding"))
}

/// The character between fields, among `;` (Excel in French), `,` and tab: the one that cuts
/// the first lines into the same number of fields, the most of them.
pub fn guess_delimiter(text: &str) -> u8 {
    let mut best = (b';', 0usize, 0usize);
    for delimiter in [b';', b',', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .take(30)
            .filter_map(|r| r.ok())
            .map(|r| r.len())
            .collect();
        let Some(&header) = counts.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&n| n == header).count();
        if (agreeing, header) > (best.1, best.2) {
            best = (delimiter, agreeing, header);
        }
    }
    best.0
}

/// How a delimiter is named on the preview.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => ",",
        b'\t' => "tab",
        _ => ";",
    }
}

pub fn delimiter_from_name(name: &str) -> u8 {
    match name {
        "," => b',',
        "tab" => b'\t',
        _ => b';',
    }
}

// ---------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------

/// A line of the file, numbered as a spreadsheet shows it (the header is line 1).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

/// The header and the lines that hold something (lines of empty cells, which spreadsheets
/// leave at the end, are skipped).
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub header_line: usize,
    pub rows: Vec<Row>,
}

/// Cuts the text into lines. A cell may hold line breaks (in quotes); it stays one line.
pub fn parse(text: &str, delimiter: u8) -> Result<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Row> = Vec::new();
    // Line breaks inside the cells of the records read so far: the spreadsheet shows each
    // record on one row.
    let mut breaks_before = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(Error::BadRequest(format!(
                    "the file could not be read: {e}"
                )));
            }
        }
        let (start_line, byte) = record
            .position()
            .map(|p| (p.line() as usize, p.byte() as usize))
            .unwrap_or((1, 0));
        // The reader's position includes the blank lines before the record; they are rows of
        // the spreadsheet too.
        let blank = text.as_bytes().get(byte..).map_or(0, |rest| {
            rest.iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count()
        });
        let line = (start_line + blank).saturating_sub(breaks_before);
        breaks_before += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            line,
            fields: record.iter().map(str::to_string).collect(),
        });
    }
    if rows.is_empty() {
        return Err(Error::invalid("file", "import_file_empty"));
    }
    let first = rows.remove(0);
    Ok(Table {
        header: first
            .fields
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect(),
        header_line: first.line,
        rows,
    })
}

// ---------------------------------------------------------------------------------------
// What each column holds
// ---------------------------------------------------------------------------------------

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Ignore,
    FirstName,
    LastName,
    Email,
    Phone,
    Address,
    PostalCode,
    City,
    Country,
    BirthDate,
    Notes,
    Lang,
    /// Tags, comma-separated.
    Tags,
    /// Newsletter consent: yes/no/oui/non/1/0/x.
    Newsletter,
    /// A custom field, by its key.
    Field(String),
}

/// The built-in targets, by key, in the order the preview offers them.
pub const BUILT_IN: [(&str, Target); 13] = [
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("email", Target::Email),
    ("phone", Target::Phone),
    ("address", Target::Address),
    ("postal_code", Target::PostalCode),
    ("city", Target::City),
    ("country", Target::Country),
    ("birth_date", Target::BirthDate),
    ("notes", Target::Notes),
    ("lang", Target::Lang),
    ("tags", Target::Tags),
    ("newsletter", Target::Newsletter),
];

impl Target {
    /// The key used in forms and, for the API, as the column's header.
    pub fn key(&self) -> String {
        match self {
            Target::Ignore => "ignore".into(),
            Target::Field(key) => format!("field:{key}"),
            other => BUILT_IN
                .iter()
                .find(|(_, t)| t == other)
                .map(|(k, _)| k.to_string())
                .unwrap_or_default(),
        }
    }

    /// Reads a key; custom fields as `field:<key>` (or their bare key when `fields` has it).
    pub fn from_key(key: &str, fields: &[FieldDef]) -> Option<Target> {
        let key = key.trim();
        if key == "ignore" || key.is_empty() {
            return Some(Target::Ignore);
        }
        if let Some((_, t)) = BUILT_IN.iter().find(|(k, _)| *k == key) {
            return Some(t.clone());
        }
        let bare = key.strip_prefix("field:").unwrap_or(key);
        fields
            .iter()
            .find(|f| f.key == bare)
            .map(|f| Target::Field(f.key.clone()))
    }
}

/// What a header such as "Prénom", "Code postal" or "E-mail" most likely holds.
pub fn guess_target(header: &str, fields: &[FieldDef]) -> Target {
    let folded = names::fold(header);
    let compact: String = folded.chars().filter(|c| *c != ' ').collect();
    if let Some(f) = fields
        .iter()
        .find(|f| names::fold(&f.label) == folded || names::fold(&f.key) == folded)
    {
        return Target::Field(f.key.clone());
    }
    match compact.as_str() {
        "prenom" | "prenoms" | "firstname" | "givenname" | "forename" => Target::FirstName,
        "nom" | "nomdefamille" | "nomdusage" | "lastname" | "surname" | "familyname" | "name" => {
            Target::LastName
        }
        "email" | "mail" | "courriel" | "adressemail" | "adresseemail" | "emailaddress"
        | "adressecourriel" | "mel" => Target::Email,
        "telephone" | "tel" | "phone" | "portable" | "mobile" | "phonenumber"
        | "numerodetelephone" | "telephoneportable" => Target::Phone,
        "adresse" | "address" | "rue" | "street" | "adressepostale" | "postaladdress" => {
            Target::Address
        }
        "codepostal" | "cp" | "postalcode" | "zip" | "zipcode" | "postcode" => Target::PostalCode,
        "ville" | "city" | "commune" | "town" | "localite" => Target::City,
        "pays" | "country" => Target::Country,
        "datedenaissance" | "naissance" | "nele" | "neele" | "birthdate" | "dateofbirth"
        | "birthday" | "dob" => Target::BirthDate,
        "notes" | "note" | "remarques" | "remarque" | "commentaire" | "commentaires"
        | "comment" | "comments" | "observations" => Target::Notes,
        "langue" | "language" | "lang" => Target::Lang,
        "tags" | "tag" | "etiquettes" | "etiquette" | "motscles" => Target::Tags,
        "newsletter"
        | "lettredinformation"
        | "lettreinformation"
        | "infolettre"
        | "consentementnewsletter"
        | "newsletterconsent"
        | "inscritnewsletter" => Target::Newsletter,
        _ => Target::Ignore,
    }
}

/// A custom field, as `members::fields` defines it.
pub type FieldDef = super::fields::Field;

/// The custom fields, in their order.
pub fn field_defs(conn: &mut DbConn) -> Result<Vec<FieldDef>> {
    super::fields::all(conn)
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/// A date as people type it in France or as ISO: `31/12/1990`, `1/2/1990` or `1990-12-31`.
/// Two-digit years are refused: "01/02/03" could be any of three dates.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    if parts[0].len() == 4 && text.contains('-') {
        // YYYY-MM-DD
        NaiveDate::from_ymd_opt(parts[0].parse().ok()?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        // DD/MM/YYYY
        NaiveDate::from_ymd_opt(parts[2].parse().ok()?, num(parts[1])?, num(parts[0])?)
    } else {
        None
    }
}

/// A newsletter answer: yes/no/oui/non/1/0/x (and true/false/vrai/faux); empty says nothing.
/// A mistake is its message key.
pub fn parse_consent(text: &str) -> std::result::Result<Option<bool>, &'static str> {
    match names::fold(text).as_str() {
        "" => Ok(None),
        "yes" | "oui" | "1" | "x" | "true" | "vrai" | "y" | "o" => Ok(Some(true)),
        "no" | "non" | "0" | "false" | "faux" | "n" => Ok(Some(false)),
        _ => Err("import_err_consent"),
    }
}

fn parse_lang(text: &str) -> std::result::Result<&'static str, ()> {
    match names::fold(text).as_str() {
        "" => Ok(""),
        "fr" | "francais" | "french" => Ok("fr"),
        "en" | "anglais" | "english" => Ok("en"),
        _ => Err(()),
    }
}

/// Tags of a cell: comma-separated, trimmed, each once.
fn split_tags(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .filter(|t| seen.insert(t.to_lowercase()))
        .map(str::to_string)
        .collect()
}

/// Checks a custom field's value for its kind with `members::fields`' rules; returns what is
/// stored, or the message key of the mistake. Dates are read as everywhere in the import
/// (no two-digit years).
pub fn field_value(def: &FieldDef, raw: &str) -> std::result::Result<String, &'static str> {
    let raw = raw.trim();
    let typed = if def.kind == super::fields::DATE {
        match parse_date(raw) {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => return Err("import_err_field_date"),
        }
    } else {
        raw.to_string()
    };
    match def.check_value(&typed) {
        Ok(value) => Ok(value.unwrap_or_default()),
        Err("contact_field_number_invalid") => Err("import_err_number"),
        Err("contact_field_date_invalid") => Err("import_err_field_date"),
        Err("contact_field_choice_invalid") => Err("import_err_choice"),
        Err("too_long") => Err("import_err_too_long"),
        Err(_) => Err("import_err_invalid"),
    }
}

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
    /// `contacts::source::IMPORT` or `API`.
    pub source: &'static str,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
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

/// One line, checked.
struct Prepared {
    input: ContactInput,
    email_key: Option<String>,
    tags: Vec<String>,
    newsletter: Option<bool>,
    /// (field id, value)
    fields: Vec<(i64, String)>,
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
    if let Err(errors) = check_mapping(table, mapping, &defs) {
        return Ok(Outcome::Refused(errors));
    }
    let (prepared, mut errors) = prepare(table, mapping, &defs);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Ok(Outcome::Refused(errors));
    }
    crate::db::transaction(conn, |c| write(c, prepared, opts).map(Outcome::Done))
}

/// The columns make sense: each meaning once, and a name or an address somewhere.
fn check_mapping(
    table: &Table,
    mapping: &[Target],
    defs: &[FieldDef],
) -> std::result::Result<(), Vec<LineError>> {
    let line = table.header_line;
    let mut errors = Vec::new();
    if mapping.len() != table.header.len() {
        errors.push(LineError::new(line, "import_err_mapping_incomplete", &[]));
        return Err(errors);
    }
    let mut seen: HashMap<&Target, usize> = HashMap::new();
    for (i, target) in mapping.iter().enumerate() {
        if *target == Target::Ignore {
            continue;
        }
        if let Target::Field(key) = target
            && !defs.iter().any(|d| &d.key == key)
        {
            errors.push(LineError::new(
                line,
                "import_err_unknown_column",
                &[&table.header[i]],
            ));
        }
        if let Some(&first) = seen.get(target) {
            errors.push(LineError::new(
                line,
                "import_err_column_twice",
                &[&table.header[first], &table.header[i]],
            ));
        } else {
            seen.insert(target, i);
        }
    }
    if !mapping
        .iter()
        .any(|t| matches!(t, Target::FirstName | Target::LastName | Target::Email))
    {
        errors.push(LineError::new(line, "import_err_no_name_column", &[]));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Reads and checks every line; returns the lines and every mistake found.
fn prepare(
    table: &Table,
    mapping: &[Target],
    defs: &[FieldDef],
) -> (Vec<Prepared>, Vec<LineError>) {
    let mut errors = Vec::new();
    let mut prepared = Vec::with_capacity(table.rows.len());
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let width = table.header.len();
    for row in &table.rows {
        if row.fields.len() != width {
            errors.push(LineError::new(
                row.line,
                "import_err_field_count",
                &[&row.fields.len().to_string(), &width.to_string()],
            ));
            continue;
        }
        let before = errors.len();
        let mut p = Prepared {
            input: ContactInput::default(),
            email_key: None,
            tags: Vec::new(),
            newsletter: None,
            fields: Vec::new(),
        };
        let mut birth_text = "";
        for ((target, value), header) in mapping.iter().zip(&row.fields).zip(&table.header) {
            let trimmed = value.trim();
            let input = &mut p.input;
            match target {
                Target::Ignore => {}
                Target::FirstName => input.first_name = trimmed.into(),
                Target::LastName => input.last_name = trimmed.into(),
                Target::Email => input.email = trimmed.into(),
                Target::Phone => input.phone = trimmed.into(),
                Target::Address => input.address = trimmed.into(),
                Target::PostalCode => input.postal_code = trimmed.into(),
                Target::City => input.city = trimmed.into(),
                Target::Country => input.country = trimmed.into(),
                Target::Notes => input.notes = trimmed.into(),
                Target::BirthDate if trimmed.is_empty() => {}
                Target::BirthDate => match parse_date(trimmed) {
                    Some(d) => {
                        input.birth_date = Some(d);
                        birth_text = trimmed;
                    }
                    None => errors.push(LineError::new(row.line, "import_err_date", &[trimmed])),
                },
                Target::Lang => match parse_lang(trimmed) {
                    Ok(l) => input.lang = l.into(),
                    Err(()) => errors.push(LineError::new(row.line, "import_err_lang", &[trimmed])),
                },
                Target::Tags => {
                    p.tags = split_tags(trimmed);
                    if p.tags.iter().any(|t| t.chars().count() > 100) {
                        errors.push(LineError::new(row.line, "import_err_too_long", &[header]));
                    }
                }
                Target::Newsletter => match parse_consent(trimmed) {
                    Ok(answer) => p.newsletter = answer,
                    Err(code) => errors.push(LineError::new(row.line, code, &[trimmed])),
                },
                Target::Field(key) => {
                    if trimmed.is_empty() {
                        continue;
                    }
                    let Some(def) = defs.iter().find(|d| &d.key == key) else {
                        continue;
                    };
                    match field_value(def, trimmed) {
                        Ok(v) => p.fields.push((def.id, v)),
                        Err(code) => errors.push(LineError::new(
                            row.line,
                            code,
                            &[
                                header,
                                trimmed,
                                &def.choices
                                    .lines()
                                    .map(str::trim)
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ],
                        )),
                    }
                }
            }
        }
        match p.input.check() {
            Ok(key) => p.email_key = key,
            Err(Error::Invalid(fields)) => {
                for FieldError { field, code } in fields {
                    let column = header_of(table, mapping, field);
                    errors.push(match (field, code) {
                        ("email", _) => {
                            LineError::new(row.line, "import_err_email", &[p.input.email.trim()])
                        }
                        (_, "name_or_email_required") => {
                            LineError::new(row.line, "import_err_no_name", &[])
                        }
                        ("birth_date", _) => {
                            LineError::new(row.line, "import_err_birth_date", &[birth_text])
                        }
                        (_, "too_long") => {
                            LineError::new(row.line, "import_err_too_long", &[&column])
                        }
                        _ => LineError::new(row.line, "import_err_invalid", &[&column]),
                    });
                }
            }
            Err(_) => errors.push(LineError::new(row.line, "import_err_invalid", &[""])),
        }
        if let Some(key) = &p.email_key {
            match first_seen.get(key) {
                Some(&first) => errors.push(LineError::new(
                    row.line,
                    "import_err_duplicate",
                    &[p.input.email.trim(), &first.to_string()],
                )),
                None => {
                    first_seen.insert(key.clone(), row.line);
                }
            }
        }
        if errors.len() == before {
            prepared.push(p);
        }
    }
    (prepared, errors)
}

/// The header of the column mapped to a contact field, for messages.
fn header_of(table: &Table, mapping: &[Target], field: &str) -> String {
    mapping
        .iter()
        .position(|t| t.key() == field)
        .and_then(|i| table.header.get(i).cloned())
        .unwrap_or_else(|| field.to_string())
}

#[derive(Insertable)]
#[diesel(table_name = contacts, treat_none_as_default_value = false)]
struct NewContact<'a> {
    first_name: &'a str,
    last_name: &'a str,
    email: Option<&'a str>,
    email_key: Option<&'a str>,
    phone: &'a str,
    address: &'a str,
    postal_code: &'a str,
    city: &'a str,
    country: &'a str,
    birth_date: Option<NaiveDate>,
    notes: &'a str,
    name_key: String,
    lang: &'a str,
    source: &'a str,
    last_activity_at: NaiveDateTime,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// What an existing record lacks that a line brings.
#[derive(AsChangeset, Default)]
#[diesel(table_name = contacts)]
struct Fill {
    first_name: Option<String>,
    last_name: Option<String>,
    name_key: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
    birth_date: Option<NaiveDate>,
    notes: Option<String>,
    updated_at: Option<NaiveDateTime>,
}

#[derive(Queryable)]
struct ExistingContact {
    id: i64,
    email_key: Option<String>,
    first_name: String,
    last_name: String,
    phone: String,
    address: String,
    postal_code: String,
    city: String,
    country: String,
    birth_date: Option<NaiveDate>,
    notes: String,
}

/// Writes the checked lines: new records in multi-row inserts, then what existing records
/// lack, then history, consents, tags and custom fields, all in multi-row inserts.
fn write(conn: &mut DbConn, lines: Vec<Prepared>, opts: &Options) -> Result<Summary> {
    let at = now();
    let mut summary = Summary::default();
    let existing = existing_by_email(conn, &lines)?;

    // Whom each line ends up on: (contact id, line) for the lines that write something.
    let mut new_lines: Vec<&Prepared> = Vec::new();
    let mut touched: Vec<(i64, &Prepared)> = Vec::new();
    let mut fills: Vec<(i64, Fill)> = Vec::new();
    let mut had_consent: HashSet<i64> = HashSet::new();
    let mut had_tags: HashSet<(i64, i64)> = HashSet::new();
    let mut had_fields: HashSet<(i64, i64)> = HashSet::new();
    let existing_ids: Vec<i64> = existing.values().map(|c| c.id).collect();
    if opts.existing == Existing::UpdateEmpty && !existing_ids.is_empty() {
        for chunk in existing_ids.chunks(CHUNK) {
            had_consent.extend(
                consents_t::table
                    .filter(consents_t::contact_id.eq_any(chunk))
                    .filter(consents_t::kind.eq(consents::NEWSLETTER))
                    .select(consents_t::contact_id)
                    .load::<i64>(conn)?,
            );
            had_tags.extend(
                contact_tags::table
                    .filter(contact_tags::contact_id.eq_any(chunk))
                    .select((contact_tags::contact_id, contact_tags::tag_id))
                    .load::<(i64, i64)>(conn)?,
            );
            had_fields.extend(
                contact_field_values::table
                    .filter(contact_field_values::contact_id.eq_any(chunk))
                    .select((
                        contact_field_values::contact_id,
                        contact_field_values::field_id,
                    ))
                    .load::<(i64, i64)>(conn)?,
            );
        }
    }
    let tag_ids = tag_ids(conn, &lines, at)?;

    let mut consent_rows: Vec<(i64, bool)> = Vec::new();
    let mut tag_rows: Vec<(i64, i64)> = Vec::new();
    let mut field_rows: Vec<(i64, i64, String)> = Vec::new();

    for p in &lines {
        let Some(found) = p.email_key.as_ref().and_then(|k| existing.get(k)) else {
            new_lines.push(p);
            continue;
        };
        if opts.existing == Existing::Leave {
            summary.unchanged += 1;
            continue;
        }
        let fill = fill_of(found, &p.input, at);
        let mut changed = fill.is_some();
        if let Some(fill) = fill {
            fills.push((found.id, fill));
        }
        if let Some(given) = p.newsletter
            && !had_consent.contains(&found.id)
        {
            consent_rows.push((found.id, given));
            changed = true;
        }
        for tag in &p.tags {
            let tag_id = tag_ids[&tag.to_lowercase()];
            if had_tags.insert((found.id, tag_id)) {
                tag_rows.push((found.id, tag_id));
                changed = true;
            }
        }
        for (field_id, value) in &p.fields {
            if had_fields.insert((found.id, *field_id)) {
                field_rows.push((found.id, *field_id, value.clone()));
                changed = true;
            }
        }
        if changed {
            summary.updated += 1;
            touched.push((found.id, p));
        } else {
            summary.unchanged += 1;
        }
    }

    let new_ids = insert_contacts(conn, &new_lines, opts.source, at)?;
    summary.created = new_ids.len();
    for (id, p) in new_ids.iter().zip(&new_lines) {
        if let Some(given) = p.newsletter {
            consent_rows.push((*id, given));
        }
        for tag in &p.tags {
            tag_rows.push((*id, tag_ids[&tag.to_lowercase()]));
        }
        for (field_id, value) in &p.fields {
            field_rows.push((*id, *field_id, value.clone()));
        }
    }

    for (id, fill) in &fills {
        diesel::update(contacts::table.find(*id))
            .set(fill)
            .execute(conn)?;
    }

    // The history: every record created or completed by this file.
    let detail = opts.filename.as_str();
    let log_rows: Vec<_> = new_ids
        .iter()
        .copied()
        .chain(touched.iter().map(|(id, _)| *id))
        .map(|id| {
            (
                contact_log::contact_id.eq(id),
                contact_log::user_id.eq(opts.by),
                contact_log::action.eq(history::IMPORTED),
                contact_log::detail.eq(detail),
                contact_log::at.eq(at),
            )
        })
        .collect();
    for chunk in log_rows.chunks(CHUNK) {
        on_backend!(conn, c => diesel::insert_into(contact_log::table).values(chunk).execute(c))?;
    }

    // The consent log, and its line in each person's history.
    let source = format!("import {} by {}", opts.filename, opts.by_name);
    let consent_values: Vec<_> = consent_rows
        .iter()
        .map(|(id, given)| {
            (
                consents_t::contact_id.eq(*id),
                consents_t::kind.eq(consents::NEWSLETTER),
                consents_t::given.eq(*given),
                consents_t::source.eq(source.as_str()),
                consents_t::recorded_by.eq(opts.by),
                consents_t::recorded_at.eq(at),
            )
        })
        .collect();
    let consent_details: Vec<String> = consent_rows
        .iter()
        .map(|(_, given)| {
            format!(
                "{}:{}",
                consents::NEWSLETTER,
                if *given { "given" } else { "withdrawn" }
            )
        })
        .collect();
    let consent_log: Vec<_> = consent_rows
        .iter()
        .zip(&consent_details)
        .map(|((id, _), detail)| {
            (
                contact_log::contact_id.eq(*id),
                contact_log::user_id.eq(opts.by),
                contact_log::action.eq(history::CONSENT),
                contact_log::detail.eq(detail.as_str()),
                contact_log::at.eq(at),
            )
        })
        .collect();
    for chunk in consent_values.chunks(CHUNK) {
        on_backend!(conn, c => diesel::insert_into(consents_t::table).values(chunk).execute(c))?;
    }
    for chunk in consent_log.chunks(CHUNK) {
        on_backend!(conn, c => diesel::insert_into(contact_log::table).values(chunk).execute(c))?;
    }

    let tag_values: Vec<_> = tag_rows
        .iter()
        .map(|(c, t)| (contact_tags::contact_id.eq(*c), contact_tags::tag_id.eq(*t)))
        .collect();
    for chunk in tag_values.chunks(CHUNK) {
        on_backend!(conn, c => diesel::insert_into(contact_tags::table).values(chunk).execute(c))?;
    }
    let field_values: Vec<_> = field_rows
        .iter()
        .map(|(c, f, v)| {
            (
                contact_field_values::contact_id.eq(*c),
                contact_field_values::field_id.eq(*f),
                contact_field_values::value.eq(v.as_str()),
            )
        })
        .collect();
    for chunk in field_values.chunks(CHUNK) {
        on_backend!(conn, c => diesel::insert_into(contact_field_values::table).values(chunk).execute(c))?;
    }
    Ok(summary)
}

/// The records already in the base for the file's addresses (the oldest of each address,
/// as `contacts::find_by_email` finds it; anonymized records are never matched).
fn existing_by_email(
    conn: &mut DbConn,
    lines: &[Prepared],
) -> Result<HashMap<String, ExistingContact>> {
    let keys: Vec<&str> = lines
        .iter()
        .filter_map(|p| p.email_key.as_deref())
        .collect();
    let mut found: HashMap<String, ExistingContact> = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let rows: Vec<ExistingContact> = contacts::table
            .filter(contacts::email_key.eq_any(chunk))
            .filter(contacts::anonymized_at.is_null())
            .order(contacts::id.asc())
            .select((
                contacts::id,
                contacts::email_key,
                contacts::first_name,
                contacts::last_name,
                contacts::phone,
                contacts::address,
                contacts::postal_code,
                contacts::city,
                contacts::country,
                contacts::birth_date,
                contacts::notes,
            ))
            .load(conn)?;
        for row in rows {
            if let Some(key) = row.email_key.clone() {
                found.entry(key).or_insert(row);
            }
        }
    }
    Ok(found)
}

/// The ids of the file's tags (by lower-cased name), made when missing (kind 'tag').
fn tag_ids(
    conn: &mut DbConn,
    lines: &[Prepared],
    at: NaiveDateTime,
) -> Result<HashMap<String, i64>> {
    let mut wanted: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for tag in lines.iter().flat_map(|p| &p.tags) {
        if seen.insert(tag.to_lowercase()) {
            wanted.push(tag);
        }
    }
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let load = |conn: &mut DbConn| -> Result<HashMap<String, i64>> {
        let all: Vec<(i64, String)> = tags::table
            .order(tags::id.asc())
            .select((tags::id, tags::name))
            .load(conn)?;
        let mut map = HashMap::new();
        for (id, name) in all {
            map.entry(name.to_lowercase()).or_insert(id);
        }
        Ok(map)
    };
    let known = load(conn)?;
    let missing: Vec<_> = wanted
        .iter()
        .filter(|t| !known.contains_key(&t.to_lowercase()))
        .map(|t| {
            (
                tags::name.eq(*t),
                tags::kind.eq("tag"),
                tags::description.eq(""),
                tags::created_at.eq(at),
            )
        })
        .collect();
    if missing.is_empty() {
        return Ok(known);
    }
    for chunk in missing.chunks(CHUNK) {
        on_backend!(conn, c => diesel::insert_into(tags::table).values(chunk).execute(c))?;
    }
    load(conn)
}

/// What an existing record lacks that the line brings, or nothing.
fn fill_of(found: &ExistingContact, input: &ContactInput, at: NaiveDateTime) -> Option<Fill> {
    let mut fill = Fill::default();
    let mut any = false;
    let mut take = |current: &str, typed: &str| -> Option<String> {
        let typed = typed.trim();
        if current.trim().is_empty() && !typed.is_empty() {
            any = true;
            Some(typed.to_string())
        } else {
            None
        }
    };
    fill.first_name = take(&found.first_name, &input.first_name);
    fill.last_name = take(&found.last_name, &input.last_name);
    fill.phone = take(&found.phone, &input.phone);
    fill.address = take(&found.address, &input.address);
    fill.postal_code = take(&found.postal_code, &input.postal_code);
    fill.city = take(&found.city, &input.city);
    fill.country = take(&found.country, &input.country);
    fill.notes = take(&found.notes, &input.notes);
    if found.birth_date.is_none() && input.birth_date.is_some() {
        fill.birth_date = input.birth_date;
        any = true;
    }
    if !any {
        return None;
    }
    if fill.first_name.is_some() || fill.last_name.is_some() {
        let first = fill.first_name.as_deref().unwrap_or(&found.first_name);
        let last = fill.last_name.as_deref().unwrap_or(&found.last_name);
        fill.name_key = Some(names::name_key(first, last));
    }
    fill.updated_at = Some(at);
    Some(fill)
}

/// Inserts the new records in multi-row statements; returns their ids in the lines' order.
/// Each row's `created_at` is `at` plus its rank in microseconds, which tells which id the
/// database gave to which line whatever order it returns them in.
fn insert_contacts(
    conn: &mut DbConn,
    lines: &[&Prepared],
    source: &str,
    at: NaiveDateTime,
) -> Result<Vec<i64>> {
    let mut ids = vec![0i64; lines.len()];
    for (chunk_no, chunk) in lines.chunks(CHUNK).enumerate() {
        let base = chunk_no * CHUNK;
        let rows: Vec<NewContact> = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let input = &p.input;
                NewContact {
                    first_name: input.first_name.trim(),
                    last_name: input.last_name.trim(),
                    email: p.email_key.as_ref().map(|_| input.email.trim()),
                    email_key: p.email_key.as_deref(),
                    phone: input.phone.trim(),
                    address: input.address.trim(),
                    postal_code: input.postal_code.trim(),
                    city: input.city.trim(),
                    country: input.country.trim(),
                    birth_date: input.birth_date,
                    notes: input.notes.trim(),
                    name_key: names::name_key(&input.first_name, &input.last_name),
                    lang: if input.lang.is_empty() {
                        "fr"
                    } else {
                        &input.lang
                    },
                    source,
                    last_activity_at: at,
                    created_at: at + chrono::Duration::microseconds((base + i) as i64),
                    updated_at: at,
                }
            })
            .collect();
        let returned: Vec<(i64, NaiveDateTime)> = on_backend!(conn, c => diesel::insert_into(contacts::table)
            .values(&rows)
            .returning((contacts::id, contacts::created_at))
            .get_results(c))?;
        for (id, created_at) in returned {
            let rank = (created_at - at).num_microseconds().unwrap_or(-1);
            let slot = usize::try_from(rank)
                .ok()
                .and_then(|r| ids.get_mut(r))
                .ok_or_else(|| Error::internal("an imported row came back unknown"))?;
            *slot = id;
        }
    }
    if ids.contains(&0) {
        return Err(Error::internal("an imported row has no id"));
    }
    Ok(ids)
}

// ---------------------------------------------------------------------------------------
// The file between its preview and its import
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contact_imports)]
pub struct Stored {
    pub id: i64,
    pub user_id: i64,
    pub filename: String,
    pub encoding: String,
    pub delimiter: String,
    pub content: String,
    pub created_at: NaiveDateTime,
}

impl Stored {
    pub fn table(&self) -> Result<Table> {
        parse(&self.content, delimiter_from_name(&self.delimiter))
    }
}

/// Keeps a decoded file for its preview; forgets files older than a day first.
pub fn store(conn: &mut DbConn, user_id: i64, filename: &str, decoded: &Decoded) -> Result<i64> {
    let at = now();
    diesel::delete(
        contact_imports::table
            .filter(contact_imports::created_at.lt(at - chrono::Duration::hours(KEEP_HOURS))),
    )
    .execute(conn)?;
    let delimiter = guess_delimiter(&decoded.text);
    let filename: String = filename
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    Ok(diesel::insert_into(contact_imports::table)
        .values((
            contact_imports::user_id.eq(user_id),
            contact_imports::filename.eq(if filename.is_empty() {
                "import.csv"
            } else {
                &filename
            }),
            contact_imports::encoding.eq(decoded.encoding.as_str()),
            contact_imports::delimiter.eq(delimiter_name(delimiter)),
            contact_imports::content.eq(&decoded.text),
            contact_imports::created_at.eq(at),
        ))
        .returning(contact_imports::id)
        .get_result(conn)?)
}

/// A kept file; only the person who uploaded it sees it.
pub fn find_stored(conn: &mut DbConn, id: i64, user_id: i64) -> Result<Stored> {
    contact_imports::table
        .find(id)
        .filter(contact_imports::user_id.eq(user_id))
        .select(Stored::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn forget(conn: &mut DbConn, id: i64) -> Result<()> {
    diesel::delete(contact_imports::table.find(id)).execute(conn)?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom_and_windows_1252_are_read() {
        let d = decode("Prénom;Nom\nHélène;Dupont\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        let d = decode(b"\xEF\xBB\xBFPr\xC3\xA9nom;Nom\n").unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(d.text.starts_with("Prénom"));
        let d = decode(b"Pr\xE9nom;Nom\nH\xE9l\xE8ne;Dupont\n").unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert!(d.text.contains("Hélène"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Prénom;Nom\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let d = decode(&utf16).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16Le);
        assert_eq!(d.text, "Prénom;Nom\n");
    }

    #[test]
    fn binary_and_other_encodings_are_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let Err(Error::Invalid(e)) = decode(png) else {
            panic!()
        };
        assert_eq!(e[0].code, "import_file_binary");
        let Err(Error::Invalid(e)) = decode(b"Nom\n\x81\x8D\x90abc\n") else {
            panic!()
        };
        assert_eq!(e[0].code, "import_file_encoding");
    }

    #[test]
    fn the_delimiter_is_guessed() {
        assert_eq!(guess_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(guess_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(guess_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(guess_delimiter("nom;ville\nDupont, Jean;Lyon\n"), b';');
    }

    #[test]
    fn lines_are_numbered_as_a_spreadsheet_shows_them() {
        let t = parse("a;b\n1;2\n\n\"x\ny\";3\n4;5\n;\n", b';').unwrap();
        assert_eq!(t.header_line, 1);
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
        let t = parse("a;b\r\n\r\n1;2\r\n\"x\r\ny\";3\r\n4;5\r\n", b';').unwrap();
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
    }

    #[test]
    fn dates_in_french_or_iso_and_no_two_digit_years() {
        let d = NaiveDate::from_ymd_opt(1990, 12, 31);
        assert_eq!(parse_date("31/12/1990"), d);
        assert_eq!(parse_date("1990-12-31"), d);
        assert_eq!(parse_date("1/2/1990"), NaiveDate::from_ymd_opt(1990, 2, 1));
        assert_eq!(parse_date("1/2/90"), None);
        assert_eq!(parse_date("31/02/1990"), None);
    }

    #[test]
    fn headers_in_french_and_english_are_recognised() {
        for (h, t) in [
            ("Prénom", Target::FirstName),
            ("NOM", Target::LastName),
            ("E-mail", Target::Email),
            ("Courriel", Target::Email),
            ("Téléphone", Target::Phone),
            ("Code postal", Target::PostalCode),
            ("CP", Target::PostalCode),
            ("Date de naissance", Target::BirthDate),
            ("First name", Target::FirstName),
            ("Zip code", Target::PostalCode),
            ("Whatever", Target::Ignore),
        ] {
            assert_eq!(guess_target(h, &[]), t, "{h}");
        }
    }
}
