//! An S3-compatible server on loopback for the storage tests: moto's server mode (PyPI
//! `moto[server]`, installed by `.ci/run` and `scripts/test-all`), one per test, stopped when
//! dropped. It answers the S3 API as AWS does; it does not check signatures.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct S3Server {
    child: Child,
    pub endpoint: String,
    pub bucket: String,
}

impl S3Server {
    /// Starts the server and makes an empty bucket.
    pub async fn start() -> S3Server {
        cheminement::install_crypto_provider();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m moto.server: install it with pip install 'moto[server]'");
        let endpoint = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let mut up = false;
        for _ in 0..200 {
            if client.get(&endpoint).send().await.is_ok() {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            up,
            "moto's S3 server did not start on {endpoint}: is `moto[server]` installed (pip)?"
        );
        let bucket = "cheminement-test".to_string();
        let made = client
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .unwrap();
        assert!(
            made.status().is_success(),
            "bucket not made: {}",
            made.status()
        );
        S3Server {
            child,
            endpoint,
            bucket,
        }
    }

    /// `CHEMINEMENT_STORAGE_URL` for this server.
    pub fn url(&self) -> String {
        format!(
            "s3://{}?endpoint={}&region=us-east-1",
            self.bucket, self.endpoint
        )
    }

    /// The settings that point a test server at this bucket.
    pub fn settings(&self) -> [(&'static str, String); 3] {
        [
            ("CHEMINEMENT_STORAGE_URL", self.url()),
            ("CHEMINEMENT_STORAGE_KEY_ID", "test".into()),
            ("CHEMINEMENT_STORAGE_SECRET", "test".into()),
        ]
    }

    pub fn storage(&self) -> cheminement::storage::Storage {
        let url = url::Url::parse(&self.url()).unwrap();
        cheminement::storage::Storage::s3(&url, Some(("test", "test"))).unwrap()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
