//! CSV files that open cleanly in LibreOffice and Excel: UTF-8 with a byte order mark
//! (without it Excel reads the file as Windows-1252 and breaks the accents), `;` between
//! fields (what Excel expects in French, the association's language: with `,` everything would
//! land in one column; LibreOffice asks or guesses either way), CRLF line ends, a header row,
//! and cells that a spreadsheet would run as formulas neutralised.

use axum::{
    http::header,
    response::{IntoResponse, Response},
};

use crate::error::Error;

/// Writes the header and the rows. Every cell goes through `cell`.
pub fn csv<R, C>(header: &[&str], rows: R) -> Result<Vec<u8>, Error>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        w.write_record(header).map_err(Error::internal)?;
        for row in rows {
            w.write_record(row.iter().map(|c| cell(c.as_ref())))
                .map_err(Error::internal)?;
        }
        w.flush().map_err(Error::internal)?;
    }
    Ok(out)
}

/// A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or CR first)
/// gets a `'` in front: names come from strangers, some from other servers. Line breaks
/// inside a cell become spaces, which every spreadsheet reads the same way.
pub fn cell(text: &str) -> String {
    let text = if text.contains(['\r', '\n']) {
        text.replace("\r\n", " ").replace(['\r', '\n'], " ")
    } else {
        text.to_string()
    };
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t') => format!("'{text}"),
        _ => text,
    }
}

/// The file as an HTTP answer, to be saved under `filename` (ASCII: a slug and `.csv`).
pub fn attachment(filename: &str, body: Vec<u8>) -> Response {
    download("text/csv; charset=utf-8", filename, body)
}

/// A plain text file (the FEC) as an HTTP answer, to be saved under `filename` (ASCII).
pub fn text_attachment(filename: &str, body: Vec<u8>) -> Response {
    download("text/plain; charset=utf-8", filename, body)
}

fn download(content_type: &str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_the_file_starts_with_a_bom() {
        let out = csv(
            &["a", "b"],
            vec![vec!["=1+1", "ok"], vec!["-2", "line\nbreak"]],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text, "\u{feff}a;b\r\n'=1+1;ok\r\n'-2;line break\r\n");
    }
}
