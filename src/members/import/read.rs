//! Reading the bytes of a file and cutting its text into lines.

use crate::error::{Error, Result};

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
                return Err(Error::BadRequest(
                    crate::error::Message::new("error_file_unreadable").with("detail", e),
                ));
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
}
