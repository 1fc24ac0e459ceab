//! The storage interface, the same tests on a folder and on an S3-compatible server on
//! loopback (moto): files written whole and read back, names that cannot leave the storage,
//! blobs kept once under their SHA-256 and streamed, an upload cut half-way or too large
//! leaving nothing; and the site's images served from S3 when the settings say so.

use bytes::Bytes;
use cheminement::error::Error;
use cheminement::storage::Storage;
use futures::StreamExt;
use sha2::{Digest, Sha256};

use crate::common::s3::S3Server;
use crate::common::*;

/// A storage of each kind; the folder's temporary directory and the S3 server live as long
/// as the `Store` (dropping it stops the server).
enum Kind {
    Folder,
    S3,
}

struct Store {
    storage: Storage,
    folder: Option<tempfile::TempDir>,
    _s3: Option<S3Server>,
}

async fn store(kind: Kind) -> Store {
    match kind {
        Kind::Folder => {
            let dir = tempfile::tempdir().unwrap();
            Store {
                storage: Storage::folder(dir.path()).unwrap(),
                folder: Some(dir),
                _s3: None,
            }
        }
        Kind::S3 => {
            let server = S3Server::start().await;
            Store {
                storage: server.storage(),
                folder: None,
                _s3: Some(server),
            }
        }
    }
}

/// `total` bytes that are not all alike, in chunks of `chunk`.
fn chunks(total: usize, chunk: usize) -> Vec<Bytes> {
    let bytes: Vec<u8> = (0..total).map(|i| (i * 7 % 251) as u8).collect();
    bytes.chunks(chunk).map(Bytes::copy_from_slice).collect()
}

fn stream_of(parts: Vec<Bytes>) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    futures::stream::iter(parts.into_iter().map(Ok))
}

async fn a_file_is_written_whole_read_back_and_deleted(kind: Kind) {
    let kept = store(kind).await;
    let s = &kept.storage;
    assert!(!s.exists("media/affiche.png").await.unwrap());
    s.put(
        "media/affiche.png",
        Bytes::from_static(b"\x89PNG a picture"),
    )
    .await
    .unwrap();
    assert!(s.exists("media/affiche.png").await.unwrap());
    assert_eq!(
        s.get("media/affiche.png").await.unwrap(),
        Bytes::from_static(b"\x89PNG a picture")
    );
    assert_eq!(s.names("media").await.unwrap(), ["media/affiche.png"]);
    s.delete("media/affiche.png").await.unwrap();
    assert!(!s.exists("media/affiche.png").await.unwrap());
    assert!(matches!(
        s.get("media/affiche.png").await,
        Err(Error::NotFound)
    ));
    // Deleting what is gone is not an error.
    s.delete("media/affiche.png").await.unwrap();
}

async fn a_name_that_would_leave_the_storage_names_nothing(kind: Kind) {
    let kept = store(kind).await;
    let s = &kept.storage;
    for bad in [
        "../outside",
        "media/../../outside",
        "/etc/passwd",
        "media/.hidden",
        "",
    ] {
        assert!(
            matches!(
                s.put(bad, Bytes::from_static(b"x")).await,
                Err(Error::NotFound)
            ),
            "{bad:?} was taken"
        );
        assert!(matches!(s.get(bad).await, Err(Error::NotFound)), "{bad:?}");
    }
}

async fn the_same_bytes_are_stored_once_under_their_hash(kind: Kind) {
    let kept = store(kind).await;
    let s = &kept.storage;
    let parts = chunks(300_000, 4096);
    let whole: Vec<u8> = parts.iter().flatten().copied().collect();
    let first = s.put_blob(stream_of(parts.clone()), 1 << 20).await.unwrap();
    let second = s.put_blob(stream_of(parts), 1 << 20).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.sha256, hex::encode(Sha256::digest(&whole)));
    assert_eq!(first.size, 300_000);
    assert_eq!(
        first.name(),
        format!("blobs/{}/{}", &first.sha256[..2], &first.sha256[2..])
    );
    assert_eq!(s.names("blobs").await.unwrap(), [first.name()]);
    assert_eq!(s.get(&first.name()).await.unwrap(), whole);
    // Nothing is left under a temporary name.
    assert_eq!(s.names("tmp").await.unwrap(), Vec::<String>::new());
}

async fn a_large_blob_goes_in_and_out_as_a_stream(kind: Kind) {
    let kept = store(kind).await;
    let s = &kept.storage;
    let total = 24 * 1024 * 1024;
    let parts = chunks(total, 64 * 1024);
    let mut hasher = Sha256::new();
    for p in &parts {
        hasher.update(p);
    }
    let blob = s.put_blob(stream_of(parts), 64 << 20).await.unwrap();
    assert_eq!(blob.size, total as u64);
    assert_eq!(blob.sha256, hex::encode(hasher.finalize()));
    let (size, stream) = s.open(&blob.name()).await.unwrap();
    assert_eq!(size, total as u64);
    let mut read = Sha256::new();
    let mut count = 0usize;
    let mut stream = std::pin::pin!(stream);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        count += chunk.len();
        read.update(&chunk);
    }
    assert_eq!(count, total);
    assert_eq!(hex::encode(read.finalize()), blob.sha256);
}

async fn an_upload_cut_half_way_or_too_large_leaves_nothing(kind: Kind) {
    let kept = store(kind).await;
    let s = &kept.storage;
    let mut parts: Vec<Result<Bytes, std::io::Error>> = chunks(6 * 1024 * 1024, 64 * 1024)
        .into_iter()
        .map(Ok)
        .collect();
    parts.push(Err(std::io::Error::other("the connection dropped")));
    let cut = s.put_blob(futures::stream::iter(parts), 64 << 20).await;
    assert!(matches!(cut, Err(Error::BadRequest(_))), "{cut:?}");
    let too_large = s
        .put_blob(stream_of(chunks(3 * 1024 * 1024, 64 * 1024)), 1 << 20)
        .await;
    assert!(
        matches!(too_large, Err(Error::PayloadTooLarge(_))),
        "{too_large:?}"
    );
    assert_eq!(s.names("blobs").await.unwrap(), Vec::<String>::new());
    assert_eq!(s.names("tmp").await.unwrap(), Vec::<String>::new());
    // In a folder, not even a staging file of the parts is left on the disk.
    if let Some(dir) = &kept.folder {
        let files: Vec<_> = walk(dir.path());
        assert!(files.is_empty(), "left behind: {files:?}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Each case on both kinds of storage, under its own name.
macro_rules! on_both_stores {
    ($($case:ident),* $(,)?) => {
        $(pastey::paste! {
            #[tokio::test]
            async fn [<$case _folder>]() {
                $case(Kind::Folder).await
            }
            #[tokio::test]
            async fn [<$case _s3>]() {
                $case(Kind::S3).await
            }
        })*
    };
}

on_both_stores!(
    a_file_is_written_whole_read_back_and_deleted,
    a_name_that_would_leave_the_storage_names_nothing,
    the_same_bytes_are_stored_once_under_their_hash,
    a_large_blob_goes_in_and_out_as_a_stream,
    an_upload_cut_half_way_or_too_large_leaves_nothing,
);

#[tokio::test]
async fn with_a_storage_url_the_sites_images_live_in_the_bucket() {
    let s3 = S3Server::start().await;
    let db = crate::common::Storage::new(Backend::Sqlite);
    let settings = s3.settings();
    let extra: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = TestServer::start_with(&db, &extra).await;
    let png = b"\x89PNG\r\n\x1a\nan image in a bucket".to_vec();
    let media = cheminement::app::media::upload(&server.app, "affiche.png".into(), png.clone())
        .await
        .unwrap();
    // In the bucket, not in the data folder.
    let bucket = s3.storage();
    assert_eq!(
        bucket
            .get(&format!("media/{}", media.stored_name))
            .await
            .unwrap(),
        png
    );
    assert!(
        !db.data_dir()
            .join("media")
            .join(&media.stored_name)
            .exists()
    );
    // Served from there.
    let answer = reqwest::get(server.url(&media.path())).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "image/png");
    assert_eq!(answer.bytes().await.unwrap(), png);
}
