//! Where files live: a folder under the data directory. Names are made by the server (never
//! taken from a request), so they cannot point outside it.

use std::path::PathBuf;

use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Storage {
    root: PathBuf,
}

impl Storage {
    pub fn new(root: PathBuf) -> Storage {
        Storage { root }
    }

    fn path(&self, name: &str) -> Result<PathBuf> {
        let safe = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
            && !name.starts_with('.');
        if safe {
            Ok(self.root.join(name))
        } else {
            Err(Error::NotFound)
        }
    }

    /// Writes the file whole, through a temporary name, so a reader never sees half of it.
    pub fn put(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(name)?;
        std::fs::create_dir_all(&self.root).map_err(Error::internal)?;
        let tmp = self.root.join(format!(".{name}.part"));
        std::fs::write(&tmp, bytes).map_err(Error::internal)?;
        std::fs::rename(&tmp, &path).map_err(Error::internal)
    }

    pub async fn get(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.path(name)?;
        tokio::fs::read(path).await.map_err(|_| Error::NotFound)
    }
}
