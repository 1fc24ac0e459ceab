//! What the integration tests share: a real server on a loopback port with a fresh database
//! (a SQLite file, and a PostgreSQL database when CHEMINEMENT_TEST_DATABASE_URL is set), a
//! browser-like HTTP client, and a real SMTP server on loopback that keeps what it receives.
#![allow(dead_code)]

#[macro_use]
pub mod per_backend;

pub mod campaigns;
pub mod contacts;
pub mod events;
pub mod mail;
pub mod members;
pub mod peer;
pub mod people_io;
pub mod s3;
pub mod smtp_script;
pub mod subscriptions;

use std::{
    collections::BTreeMap,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use cheminement::{App, accounts, config::Settings};
use diesel::{Connection, RunQueryDsl};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

fn pg_admin_url() -> Option<String> {
    std::env::var("CHEMINEMENT_TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A PostgreSQL database made for one test and dropped after it.
pub struct PgDatabase {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    pub fn create() -> PgDatabase {
        let admin_url = pg_admin_url().expect("CHEMINEMENT_TEST_DATABASE_URL");
        let name = format!("cht_{}", uuid::Uuid::new_v4().simple());
        let mut conn =
            diesel::PgConnection::establish(&admin_url).expect("connect to the test PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("create a test database");
        let mut url = url::Url::parse(&admin_url).expect("CHEMINEMENT_TEST_DATABASE_URL is a URL");
        url.set_path(&format!("/{name}"));
        PgDatabase {
            admin_url,
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}

/// Where a test server keeps its data: kept across a restart of the same test server.
pub struct Storage {
    pub dir: tempfile::TempDir,
    pub database_url: String,
    pub backend: Backend,
    _pg: Option<PgDatabase>,
}

impl Storage {
    pub fn new(backend: Backend) -> Storage {
        let dir = tempfile::tempdir().unwrap();
        let (database_url, pg) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("test.sqlite").display()),
                None,
            ),
            Backend::Postgres => {
                let pg = PgDatabase::create();
                (pg.url.clone(), Some(pg))
            }
        };
        Storage {
            dir,
            database_url,
            backend,
            _pg: pg,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

pub struct TestServer {
    pub app: App,
    pub base: String,
    pub port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Settings for a test server: private addresses allowed (peers are on loopback).
pub fn settings(storage: &Storage, port: u16, extra: &[(&str, &str)]) -> Settings {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert(
        "CHEMINEMENT_BASE_URL".into(),
        format!("http://localhost:{port}"),
    );
    env.insert("CHEMINEMENT_LISTEN".into(), format!("127.0.0.1:{port}"));
    env.insert(
        "CHEMINEMENT_DATA_DIR".into(),
        storage.data_dir().display().to_string(),
    );
    env.insert(
        "CHEMINEMENT_DATABASE_URL".into(),
        storage.database_url.clone(),
    );
    env.insert("CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES".into(), "true".into());
    env.insert("CHEMINEMENT_HANDLE".into(), "asso".into());
    env.insert("CHEMINEMENT_NAME".into(), "Lieu Respirer".into());
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    Settings::from_sources(
        Some(storage.dir.path().join("none.toml")).filter(|p| p.exists()),
        &env,
    )
    .unwrap()
}

impl TestServer {
    pub async fn start(storage: &Storage) -> TestServer {
        TestServer::start_with(storage, &[]).await
    }

    /// Starts on a new loopback port; `extra` adds or overrides CHEMINEMENT_* settings.
    pub async fn start_with(storage: &Storage, extra: &[(&str, &str)]) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let settings = settings(storage, port, extra);
        let app = tokio::task::spawn_blocking(move || App::build(settings))
            .await
            .unwrap()
            .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = app.clone();
        let task = tokio::spawn(async move {
            cheminement::server::run(served, listener, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        TestServer {
            app,
            base: format!("http://localhost:{port}"),
            port,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops serving and waits until the port is closed.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), task).await;
        }
    }

    /// Makes an account directly in the database; returns its password.
    pub fn create_user(&self, email: &str, role: accounts::Role) -> String {
        let password = "correct horse battery staple".to_string();
        let mut conn = self.app.db.conn().unwrap();
        accounts::users::create(&mut conn, email, "", &password, role).unwrap();
        password
    }

    /// An account with a role, and an API token for it.
    pub fn token_for(&self, email: &str, role: accounts::Role) -> String {
        self.create_user(email, role);
        let mut conn = self.app.db.conn().unwrap();
        let user = accounts::users::find_by_email(&mut conn, email)
            .unwrap()
            .unwrap();
        accounts::api_tokens::create(&mut conn, user.id, "tests").unwrap()
    }

    /// Waits until no job that is due is pending or running (deliveries and mails done or
    /// failed). Jobs scheduled for later, such as the republication of an event's numbers a
    /// minute away, are not waited for.
    pub async fn settle(&self) {
        use cheminement::db::schema::jobs;
        use diesel::prelude::*;
        for _ in 0..400 {
            let busy: i64 = {
                let mut conn = self.app.db.conn().unwrap();
                jobs::table
                    .filter(
                        jobs::status.eq("running").or(jobs::status
                            .eq("pending")
                            .and(jobs::run_at.le(cheminement::db::now()))),
                    )
                    .count()
                    .get_result(&mut *conn)
                    .unwrap()
            };
            if busy == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("jobs did not settle within 20 s");
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A client that keeps cookies, as a browser does, and follows no redirect.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the hidden `csrf` field of a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("the page has a csrf field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

/// Logs the client in through the login form; returns the status of the POST.
pub async fn login(
    client: &reqwest::Client,
    server: &TestServer,
    email: &str,
    password: &str,
) -> reqwest::StatusCode {
    let page = client
        .get(server.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    client
        .post(server.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", "/dashboard"),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

/// Logs `client` in with a new account of that role; returns the CSRF token of its session.
pub async fn sign_in(
    client: &reqwest::Client,
    server: &TestServer,
    email: &str,
    role: accounts::Role,
) -> String {
    let password = server.create_user(email, role);
    let status = login(client, server, email, &password).await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER, "{email} logs in");
    csrf_of(client, &server.url("/dashboard")).await
}

/// A browser signed in with a new account of that role, and the CSRF token of its session.
pub async fn signed_in(
    server: &TestServer,
    email: &str,
    role: accounts::Role,
) -> (reqwest::Client, String) {
    let client = browser();
    let csrf = sign_in(&client, server, email, role).await;
    (client, csrf)
}

/// GETs a page and returns its CSRF token (the page must have a form).
pub async fn csrf_of(client: &reqwest::Client, url: &str) -> String {
    let page = client.get(url).send().await.unwrap().text().await.unwrap();
    csrf_in(&page)
}

/// One mail as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone)]
struct SinkHandler {
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    refuse: Arc<Vec<String>>,
    current: Option<ReceivedMail>,
}

impl mailin_embedded::Handler for SinkHandler {
    fn rcpt(&mut self, to: &str) -> mailin_embedded::Response {
        if self.refuse.iter().any(|r| r == to) {
            mailin_embedded::response::NO_MAILBOX
        } else {
            mailin_embedded::response::OK
        }
    }

    fn data_start(
        &mut self,
        _domain: &str,
        from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.current = Some(ReceivedMail {
            from: from.to_string(),
            to: to.to_vec(),
            data: String::new(),
        });
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(mail) = self.current.as_mut() {
            mail.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        if let Some(mail) = self.current.take() {
            self.received.lock().unwrap().push(mail);
        }
        mailin_embedded::response::OK
    }
}

/// A real SMTP server on a loopback port (mailin), keeping every mail it accepts; 16 threads,
/// as many as the mailer keeps connections open. Addresses
/// in `refuse` get a permanent 550 at RCPT, as a server says of a mailbox that does not exist.
pub struct SmtpSink {
    pub port: u16,
    pub received: Arc<Mutex<Vec<ReceivedMail>>>,
}

impl SmtpSink {
    pub fn start(refuse: &[&str]) -> SmtpSink {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler = SinkHandler {
            received: received.clone(),
            refuse: Arc::new(refuse.iter().map(|s| s.to_string()).collect()),
            current: None,
        };
        let mut server = mailin_embedded::Server::new(handler);
        server
            .with_name("sink.test")
            .with_num_threads(16)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpSink { port, received }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn mails(&self) -> Vec<ReceivedMail> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `n` mails have arrived (10 s at most).
    pub async fn wait_for(&self, n: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {n} mail(s), got {}", self.mails().len());
    }
}
