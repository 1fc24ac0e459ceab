//! Uploaded images, from the dashboard.

use bytes::Bytes;

use crate::App;
use crate::error::Result;
use crate::site::media::{self, Media};

/// Stores an upload: the domain checks the bytes and names them, the file is written, then its
/// row.
pub async fn upload(app: &App, original_name: String, bytes: Vec<u8>) -> Result<Media> {
    let upload = media::check_upload(&original_name, &bytes)?;
    app.storage
        .put(
            &media::storage_name(&upload.stored_name),
            Bytes::from(bytes),
        )
        .await?;
    super::write(app, move |c| media::record(c, &upload)).await
}
