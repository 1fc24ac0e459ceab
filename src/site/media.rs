//! Uploaded images: checked by their first bytes (not by the name or the type the browser
//! claims), bounded in size, stored under a random name.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConn, now, schema::media};
use crate::error::{Error, Result};

pub const MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = media)]
pub struct Media {
    pub id: i64,
    pub stored_name: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
}

impl Media {
    /// The public path of the file.
    pub fn path(&self) -> String {
        crate::urls::media(&self.stored_name)
    }
}

/// The image type of these bytes, from their signature, with its usual extension.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// An upload checked and named, before it is stored: not empty, bounded, an image by its first
/// bytes, under a random name.
#[derive(Debug, Clone)]
pub struct Upload {
    pub stored_name: String,
    pub original_name: String,
    pub content_type: &'static str,
    pub size_bytes: i64,
}

pub fn check_upload(original_name: &str, bytes: &[u8]) -> Result<Upload> {
    if bytes.is_empty() {
        return Err(Error::invalid("file", "file_empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Error::invalid("file", "file_too_large"));
    }
    let (content_type, ext) = sniff(bytes).ok_or(Error::invalid("file", "file_not_image"))?;
    Ok(Upload {
        stored_name: format!("{}.{ext}", crate::accounts::tokens::random_token(12)),
        original_name: original_name
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect(),
        content_type,
        size_bytes: bytes.len() as i64,
    })
}

/// The name of an upload's file in the storage.
pub fn storage_name(stored_name: &str) -> String {
    format!("media/{stored_name}")
}

/// The row of an upload whose file is stored (the file first: a row never points at a
/// missing file).
pub fn record(conn: &mut DbConn, upload: &Upload) -> Result<Media> {
    let id: i64 = diesel::insert_into(media::table)
        .values((
            media::stored_name.eq(&upload.stored_name),
            media::original_name.eq(&upload.original_name),
            media::content_type.eq(upload.content_type),
            media::size_bytes.eq(upload.size_bytes),
            media::created_at.eq(now()),
        ))
        .returning(media::id)
        .get_result(conn)?;
    Ok(media::table
        .find(id)
        .select(Media::as_select())
        .first(conn)?)
}

/// Whether `name` has the shape of the names `check_upload` gives: letters, digits, `-` or `_`, then
/// one of the image extensions. Nothing else can name a stored file: no `/`, no `..`, no
/// address of another site, no control character.
pub fn is_upload_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    (1..=64).contains(&stem.len())
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && ["png", "jpg", "gif", "webp"].contains(&ext)
}

/// Whether `name` is an image this server stores (an event's picture must be one).
pub fn is_stored_image(conn: &mut DbConn, name: &str) -> Result<bool> {
    if !is_upload_name(name) {
        return Ok(false);
    }
    match find_by_name(conn, name) {
        Ok(m) => Ok(m.content_type.starts_with("image/")),
        Err(Error::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn find_by_name(conn: &mut DbConn, stored_name: &str) -> Result<Media> {
    Ok(media::table
        .filter(media::stored_name.eq(stored_name))
        .select(Media::as_select())
        .first(conn)?)
}

pub fn all(conn: &mut DbConn) -> Result<Vec<Media>> {
    Ok(media::table
        .order(media::id.desc())
        .select(Media::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(
            super::sniff(b"\x89PNG\r\n\x1a\nrest").unwrap().0,
            "image/png"
        );
        assert_eq!(super::sniff(b"\xFF\xD8\xFF\xE0").unwrap().0, "image/jpeg");
        assert!(super::sniff(b"<svg onload=alert(1)>").is_none());
        assert!(super::sniff(b"#!/bin/sh").is_none());
    }

    #[test]
    fn only_names_made_by_uploads_are_upload_names() {
        let made = format!("{}.png", crate::accounts::tokens::random_token(12));
        assert!(super::is_upload_name(&made), "{made}");
        assert!(super::is_upload_name("a-b_C9.webp"));
        for bad in [
            "../secret.png",
            "a/b.png",
            "https://evil.example/x.png",
            "x.png\n",
            "x\u{0}.png",
            "x.svg",
            "x.PNG.exe",
            ".png",
            "x",
            "",
        ] {
            assert!(!super::is_upload_name(bad), "{bad:?}");
        }
    }
}
