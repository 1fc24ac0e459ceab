//! Cheminement: a self-hosted server for small associations.
//!
//! The domain modules (`accounts`, `site`, `events`, `members`, `newsletter`, `notifications`) own their tables and rules and know neither HTTP nor
//! JSON-LD; `web` and `federation` translate between them and the outside world; `db`, `jobs`
//! and `mail` serve the domain. `App::build` puts the whole server together, for `main` and
//! for the tests.

pub mod accounts;
pub mod app;
pub mod audience;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod federation;
pub mod i18n;
pub mod jobs;
pub mod ledger;
pub mod mail;
pub mod members;
pub mod net;
pub mod newsletter;
pub mod notifications;
pub mod server;
pub mod site;
pub mod storage;
pub mod urls;
pub mod web;

use std::{ops::Deref, sync::Arc};

use config::Settings;
use db::Db;
use jobs::worker::Waker;
use mail::Mailer;
use storage::Storage;

/// Everything a request or a job needs, shared by all. Cheap to clone.
#[derive(Clone)]
pub struct App(Arc<AppState>);

pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub mailer: Mailer,
    pub storage: Storage,
    pub jobs: Waker,
    /// The association's actor: its addresses and key pair.
    pub actor: federation::actor::LocalActor,
    /// The HTTP client for fetching and delivering, with the limits set in `federation`.
    pub http: reqwest_middleware::ClientWithMiddleware,
    /// What registration notices need: the site's address and name, the key of cancel links.
    pub links: events::notices::Links,
}

impl Deref for App {
    type Target = AppState;
    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl App {
    /// Today in the association's time zone: memberships are counted in its days, campaigns
    /// dated by them.
    pub fn today(&self) -> chrono::NaiveDate {
        db::now()
            .and_utc()
            .with_timezone(&self.settings.timezone)
            .date_naive()
    }

    /// What posting to the association's chat needs: its messages are in the association's
    /// language and signed with its name and logo.
    pub fn chat(&self) -> notifications::delivery::Chat {
        notifications::delivery::Chat {
            db: self.db.clone(),
            http: self.http.clone(),
            allow_private_addresses: self.settings.allow_private_addresses,
            lang: i18n::Lang::from_code(&self.settings.default_lang),
            username: self.settings.name.clone(),
            icon_url: self.settings.url("/static/logo.svg"),
            base: self.settings.base().trim_end_matches('/').to_string(),
        }
    }

    /// Opens the database (running pending migrations), makes the key pair on first start,
    /// and prepares the mailer and file storage. Starts nothing.
    pub fn build(settings: Settings) -> anyhow::Result<App> {
        install_crypto_provider();
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data folder {}: {e}",
                settings.data_dir.display()
            )
        })?;
        let db = Db::open(&settings.database_url)?;
        db.migrate()?;
        let (actor, secret) = {
            let mut conn = db.conn()?;
            let actor = federation::actor::LocalActor::load_or_create(&mut conn, &settings)?;
            // The shipped charts of accounts and categories, loaded once (idempotent).
            ledger::charts::install(&mut conn)?;
            // The key that signs links sent by mail (cancel a registration...), made once.
            let secret = db::settings::set_once(
                &mut conn,
                "link_secret",
                &accounts::tokens::random_token(32),
            )?;
            (actor, secret)
        };
        let links = events::notices::Links {
            base: settings.base().to_string(),
            site_name: settings.name.clone(),
            secret: secret.into_bytes(),
        };
        let mailer = Mailer::new(
            settings.smtp_url.as_deref(),
            &settings.mail_from,
            &settings.data_dir,
        )?;
        let storage = Storage::from_settings(&settings)?;
        let http = federation::http_client(settings.allow_private_addresses)?;
        Ok(App(Arc::new(AppState {
            settings,
            db,
            mailer,
            storage,
            jobs: Waker::default(),
            actor,
            http,
            links,
        })))
    }
}

/// rustls needs one crypto provider chosen before the first client is built; ours is ring.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
