//! Where files live: one interface over a folder under the data directory (the default) and
//! S3-compatible object storage (`CHEMINEMENT_STORAGE_URL=s3://bucket?endpoint=...`), through
//! Apache Arrow's object_store. It knows no table: the modules that store files keep their
//! names, sizes and hashes.
//!
//! Names are made by the server (never taken from a request) and checked here anyway: segments
//! of letters, digits, `.`, `-` and `_`, none starting with a dot, so no name points outside.
//! Two kinds of names:
//! - a module's own names (`media/4f2a….png`);
//! - blobs, named by the SHA-256 of their bytes (`blobs/ab/cdef…`), so that the same bytes
//!   stored twice, by whoever, are kept once ([`Storage::put_blob`]).

use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use object_store::{
    ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart, aws::AmazonS3Builder,
    local::LocalFileSystem,
};
use sha2::{Digest, Sha256};
use url::Url;

use crate::error::{Error, Message, Result};

mod names;

pub use names::blob_name;

/// A stored file's content address: its SHA-256 (hex) and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub sha256: String,
    pub size: u64,
}

impl Blob {
    /// The name the bytes are stored under.
    pub fn name(&self) -> String {
        blob_name(&self.sha256)
    }
}

#[derive(Debug, Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

impl Storage {
    /// Files in a folder (made if missing).
    pub fn folder(root: &std::path::Path) -> Result<Storage> {
        std::fs::create_dir_all(root).map_err(Error::internal)?;
        let store = LocalFileSystem::new_with_prefix(root)
            .map_err(Error::internal)?
            .with_automatic_cleanup(true);
        Ok(Storage {
            store: Arc::new(store),
        })
    }

    /// Files in an S3 bucket: `s3://bucket?endpoint=https://s3.example&region=fr-par`. The
    /// access key is given, or read with the region from the `AWS_*` variables.
    pub fn s3(url: &Url, key: Option<(&str, &str)>) -> Result<Storage> {
        let bucket = url.host_str().unwrap_or_default();
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some((key_id, secret)) = key {
            builder = builder
                .with_access_key_id(key_id)
                .with_secret_access_key(secret);
        }
        for (name, value) in url.query_pairs() {
            match name.as_ref() {
                "endpoint" => {
                    builder = builder
                        .with_allow_http(value.starts_with("http://"))
                        .with_endpoint(value.as_ref())
                        // Self-hosted servers (MinIO, Garage, moto) name the bucket in the path.
                        .with_virtual_hosted_style_request(false);
                }
                "region" => builder = builder.with_region(value.as_ref()),
                _ => {}
            }
        }
        let store = builder.build().map_err(Error::internal)?;
        Ok(Storage {
            store: Arc::new(store),
        })
    }

    /// The storage the settings name: S3 when `storage_url` is set, else `data_dir`.
    pub fn from_settings(settings: &crate::config::Settings) -> Result<Storage> {
        match &settings.storage_url {
            Some(url) => {
                let key = settings
                    .storage_key_id
                    .as_deref()
                    .zip(settings.storage_secret.as_deref());
                Storage::s3(url, key)
            }
            None => Storage::folder(&settings.data_dir),
        }
    }

    /// Writes the file whole: a reader never sees half of it.
    pub async fn put(&self, name: &str, bytes: Bytes) -> Result<()> {
        let path = names::checked(name)?;
        self.store
            .put(&path, PutPayload::from(bytes))
            .await
            .map_err(Error::internal)?;
        Ok(())
    }

    pub async fn get(&self, name: &str) -> Result<Bytes> {
        let path = names::checked(name)?;
        let found = self.store.get(&path).await.map_err(not_found)?;
        found.bytes().await.map_err(not_found)
    }

    /// The file as a stream of chunks, with its size: a download is never held whole.
    pub async fn open(
        &self,
        name: &str,
    ) -> Result<(u64, impl Stream<Item = Result<Bytes>> + Send + 'static)> {
        let path = names::checked(name)?;
        let found = self.store.get(&path).await.map_err(not_found)?;
        let size = found.meta.size;
        Ok((
            size,
            found.into_stream().map(|r| r.map_err(Error::internal)),
        ))
    }

    pub async fn exists(&self, name: &str) -> Result<bool> {
        let path = names::checked(name)?;
        match self.store.head(&path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(Error::internal(e)),
        }
    }

    /// The names under a folder (`blobs`, `media`), in no particular order.
    pub async fn names(&self, folder: &str) -> Result<Vec<String>> {
        let prefix = names::checked(folder)?;
        let mut listed = self.store.list(Some(&prefix));
        let mut out = Vec::new();
        while let Some(meta) = listed.next().await {
            out.push(meta.map_err(Error::internal)?.location.to_string());
        }
        Ok(out)
    }

    /// Deletes the file; deleting what is not there is not an error.
    pub async fn delete(&self, name: &str) -> Result<()> {
        let path = names::checked(name)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(Error::internal(e)),
        }
    }

    /// Stores a stream of bytes under its SHA-256, chunk by chunk (never held whole), up to
    /// `max_bytes` (said in whole MiB when refused). The bytes go to a temporary name first and move to their blob name once
    /// complete; when that blob exists already (the same bytes), the copy is dropped. A stream
    /// that fails or passes `max_bytes` leaves nothing behind.
    pub async fn put_blob<S, E>(&self, stream: S, max_bytes: u64) -> Result<Blob>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send,
        E: std::fmt::Display,
    {
        let temporary = names::temporary();
        let upload = self
            .store
            .put_multipart(&temporary)
            .await
            .map_err(Error::internal)?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut stream = std::pin::pin!(stream);
        while let Some(chunk) = stream.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    let _ = writer.abort().await;
                    tracing::info!("an upload stopped half-way: {e}");
                    return Err(Error::bad_request("error_upload_cut"));
                }
            };
            size += chunk.len() as u64;
            if size > max_bytes {
                let _ = writer.abort().await;
                return Err(Error::PayloadTooLarge(
                    Message::new("error_file_over_limit")
                        .with("max", max_bytes.div_ceil(1024 * 1024)),
                ));
            }
            hasher.update(&chunk);
            // Waits while too many parts are in flight, so memory stays bounded.
            if let Err(e) = writer.wait_for_capacity(4).await {
                return Err(Error::internal(e));
            }
            writer.write(&chunk);
        }
        writer.finish().await.map_err(Error::internal)?;
        let blob = Blob {
            sha256: hex::encode(hasher.finalize()),
            size,
        };
        let target = names::checked(&blob.name())?;
        let kept = match self.store.head(&target).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::NotFound { .. }) => self.store.copy(&temporary, &target).await,
            Err(e) => Err(e),
        };
        let _ = self.store.delete(&temporary).await;
        kept.map_err(Error::internal)?;
        Ok(blob)
    }
}

fn not_found(e: object_store::Error) -> Error {
    match e {
        object_store::Error::NotFound { .. } => Error::NotFound,
        other => Error::internal(other),
    }
}
