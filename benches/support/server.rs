//! Starts the release binary as a separate process, as an operator would, for the benchmarks.
#![allow(dead_code)]

use std::{
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub struct ServerProcess {
    pub bin: PathBuf,
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub child: Option<Child>,
    /// With BENCH_DATABASE_URL: a PostgreSQL database made for this run, dropped after it.
    pg: Option<(String, String)>,
}

impl ServerProcess {
    /// Prepares a data folder and an admin; does not start serving yet.
    pub fn prepare() -> ServerProcess {
        let bin = std::env::var("CHEMINEMENT_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/target/release/cheminement"
                ))
            });
        assert!(
            bin.exists(),
            "build the server first: cargo build --release ({} is missing)",
            bin.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = std::env::var("BENCH_DATABASE_URL").ok().map(|admin| {
            use diesel::{Connection, RunQueryDsl};
            let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
            let mut conn = diesel::PgConnection::establish(&admin).unwrap();
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&format!("/{name}"));
            (admin, url.to_string())
        });
        let server = ServerProcess {
            bin,
            dir: tempfile::tempdir().unwrap(),
            port,
            child: None,
            pg,
        };
        let mut admin = server.command(&["admin", "create", "--email", "bench@example.org"]);
        let mut child = admin
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"correct horse battery staple\n")
            .unwrap();
        assert!(child.wait().unwrap().success());
        server
    }

    pub fn database_url(&self) -> String {
        if let Some((_, url)) = &self.pg {
            return url.clone();
        }
        format!(
            "sqlite://{}",
            self.dir.path().join("cheminement.sqlite").display()
        )
    }

    pub fn base(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .args(args)
            .env("CHEMINEMENT_DATA_DIR", self.dir.path())
            .env("CHEMINEMENT_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("CHEMINEMENT_BASE_URL", self.base())
            .env("CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES", "true")
            .env("CHEMINEMENT_DATABASE_URL", self.database_url())
            .env("RUST_LOG", "warn");
        command
    }

    pub fn token(&self) -> String {
        let out = self
            .command(&["admin", "token", "--email", "bench@example.org"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .lines()
            .last()
            .unwrap()
            .to_string()
    }

    /// Starts `serve` and waits for the first answer; returns how long that took.
    pub async fn start(&mut self) -> Duration {
        let t0 = Instant::now();
        let child = self
            .command(&["serve"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let url = format!("http://127.0.0.1:{}/.well-known/nodeinfo", self.port);
        loop {
            if reqwest::get(&url)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return t0.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
        if let Some((admin, url)) = &self.pg {
            use diesel::{Connection, RunQueryDsl};
            let name = url.rsplit('/').next().unwrap_or_default();
            if let Ok(mut conn) = diesel::PgConnection::establish(admin) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}
