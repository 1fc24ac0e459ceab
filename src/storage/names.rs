//! The names files are stored under, checked before any is used.

use object_store::path::Path;

use crate::error::{Error, Result};

/// The name of the blob whose SHA-256 (hex) this is: `blobs/ab/cdef…`, two letters of folder
/// so that no folder holds too many files.
pub fn blob_name(sha256: &str) -> String {
    format!("blobs/{}/{}", &sha256[..2], &sha256[2..])
}

/// A name made of safe segments, as an object_store path; any other name is "not found", as a
/// file that cannot exist.
pub(super) fn checked(name: &str) -> Result<Path> {
    let safe = !name.is_empty()
        && name.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        });
    if safe {
        Path::parse(name).map_err(|_| Error::NotFound)
    } else {
        Err(Error::NotFound)
    }
}

/// A fresh name for bytes still arriving.
pub(super) fn temporary() -> Path {
    Path::from(format!("tmp/{}", uuid::Uuid::new_v4().simple()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_the_server_makes_are_taken() {
        for good in ["media/a1.png", "blobs/ab/cdef", "x"] {
            assert!(checked(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "../etc/passwd",
            "media/../x",
            "media//x",
            "/abs",
            "media/.hidden",
            "a b",
            "media\\x",
            "é",
            "media/",
        ] {
            assert!(checked(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_blob_is_named_by_its_hash_under_two_letters() {
        assert_eq!(blob_name("abcdef0123"), "blobs/ab/cdef0123");
    }
}
