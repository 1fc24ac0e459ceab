//! Uploaded images, from the dashboard.

use crate::App;
use crate::error::Result;
use crate::site::media::{self, Media};

/// Stores an upload: the domain checks the bytes, writes the file, then its row.
pub async fn upload(app: &App, original_name: String, bytes: Vec<u8>) -> Result<Media> {
    let storage = app.storage.clone();
    super::write(app, move |c| {
        media::save(c, &storage, &original_name, &bytes)
    })
    .await
}
