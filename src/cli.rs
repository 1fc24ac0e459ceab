//! The command line: `serve`, `migrate`, `admin create`, `admin token`, `backup`,
//! `ledger verify`, `ledger fec`.

use std::{io::Read, path::PathBuf};

use clap::{Parser, Subcommand};

use crate::App;
use crate::accounts::{Role, api_tokens, setup, users};
use crate::config::Settings;

#[derive(Parser)]
#[command(
    name = "cheminement",
    version,
    about = "A self-hosted server for associations: website, federated agenda, members, newsletter."
)]
pub struct Cli {
    /// A configuration file (default: ./cheminement.toml if it exists).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the server (runs pending migrations first).
    Serve,
    /// Bring the database schema up to date, then stop.
    Migrate,
    /// Manage accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Copy the SQLite database to a file, consistently, while the server runs.
    Backup {
        /// Where to write the copy.
        output: PathBuf,
    },
    /// The books.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
}

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Check the seal of every closed fiscal year; fails naming the first broken entry.
    Verify,
    /// Write a fiscal year's FEC (validated entries) and print the file's name.
    Fec {
        /// The fiscal year's id (`GET /api/v1/ledger/years`; an unknown id lists them).
        #[arg(long)]
        year: i64,
        /// Where to write it (default: its legal name, `{SIREN}FEC{AAAAMMJJ}.txt`, in the
        /// current folder).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an admin account; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Print a new API token for an account.
    Token {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config)?;
    match cli.command {
        Command::Serve => serve(settings).await,
        Command::Migrate => {
            let applied = crate::db::Db::open(&settings.database_url)?.migrate()?;
            println!(
                "database is up to date ({} migration(s) applied now)",
                applied.len()
            );
            Ok(())
        }
        Command::Admin { command } => admin(settings, command),
        Command::Backup { output } => backup(settings, output),
        Command::Ledger { command } => ledger(settings, command),
    }
}

fn admin(settings: Settings, command: AdminCommand) -> anyhow::Result<()> {
    let app = App::build(settings)?;
    let mut conn = app.db.conn()?;
    match command {
        AdminCommand::Create { email, name } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']);
            let user =
                users::create(&mut conn, &email, &name, password, Role::Admin).map_err(explain)?;
            setup::prepare(&mut conn).map_err(explain)?;
            println!("admin account created for {}", user.email);
        }
        AdminCommand::Token { email, name } => {
            let user = users::find_by_email(&mut conn, &email)
                .map_err(explain)?
                .ok_or_else(|| anyhow::anyhow!("no account with the address {email}"))?;
            println!(
                "{}",
                api_tokens::create(&mut conn, user.id, &name).map_err(explain)?
            );
        }
    }
    Ok(())
}

fn ledger(settings: Settings, command: LedgerCommand) -> anyhow::Result<()> {
    use crate::ledger::chain::{self, Verdict};
    let app = App::build(settings)?;
    let mut conn = app.db.conn()?;
    match command {
        LedgerCommand::Verify => match chain::verify(&mut conn).map_err(explain)? {
            Verdict::Intact { years, entries } => {
                println!(
                    "the books are intact: {years} closed fiscal year(s), {entries} sealed entries"
                );
                Ok(())
            }
            Verdict::Broken(at) => Err(anyhow::anyhow!("{at}")),
        },
        LedgerCommand::Fec { year, output } => fec(&mut conn, year, output),
    }
}

/// `ledger fec`: the file is written under a temporary name, then renamed, so that a failure
/// leaves nothing half-written.
fn fec(conn: &mut crate::db::DbConn, year_id: i64, output: Option<PathBuf>) -> anyhow::Result<()> {
    use crate::ledger::{fec, years};
    let year = match years::find(conn, year_id) {
        Ok(year) => year,
        Err(crate::error::Error::NotFound) => {
            let known: Vec<String> = years::all(conn)
                .map_err(explain)?
                .iter()
                .map(|y| format!("{}: {} to {}", y.id, y.starts_on, y.ends_on))
                .collect();
            anyhow::bail!(
                "no fiscal year {year_id}; the fiscal years are: {}",
                if known.is_empty() {
                    "none yet".to_string()
                } else {
                    known.join(", ")
                }
            );
        }
        Err(e) => return Err(explain(e)),
    };
    let path = match output {
        Some(path) => path,
        None => PathBuf::from(fec::file_name(conn, &year).map_err(explain)?),
    };
    let partial = path.with_extension("txt.part");
    let file = std::fs::File::create(&partial)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", partial.display()))?;
    let mut writer = std::io::BufWriter::new(file);
    if let Err(e) = fec::write(conn, &year, &mut writer) {
        drop(writer);
        let _ = std::fs::remove_file(&partial);
        return Err(explain(e));
    }
    drop(writer);
    std::fs::rename(&partial, &path)?;
    println!("{}", path.display());
    Ok(())
}

/// Field errors read as sentences on the command line too.
fn explain(e: crate::error::Error) -> anyhow::Error {
    match e {
        crate::error::Error::Invalid(fields) => {
            let words: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, crate::i18n::Lang::En.t(f.code)))
                .collect();
            anyhow::anyhow!(words.join("; "))
        }
        other => anyhow::anyhow!(other.to_string()),
    }
}

fn backup(settings: Settings, output: PathBuf) -> anyhow::Result<()> {
    use diesel::RunQueryDsl;
    if !settings.database_url.starts_with("sqlite://") {
        anyhow::bail!(
            "for PostgreSQL, use pg_dump: `pg_dump --format=custom --file=backup.dump DATABASE_URL`"
        );
    }
    if output.exists() {
        anyhow::bail!(
            "{} already exists; choose a new file name",
            output.display()
        );
    }
    let app = App::build(settings)?;
    let mut conn = app.db.conn()?;
    // VACUUM INTO writes a consistent copy while other connections keep working.
    diesel::sql_query("VACUUM INTO ?")
        .bind::<diesel::sql_types::Text, _>(output.display().to_string())
        .execute(&mut *conn)?;
    println!("database copied to {}", output.display());
    // The files are not in the database: say where they are, so that they are saved too.
    match &app.settings.storage_url {
        Some(url) => println!(
            "the files are in the bucket {} ({url}): back it up with your provider's tools, or copy it with rclone",
            url.host_str().unwrap_or_default()
        ),
        None => {
            let folders: Vec<String> = ["media", "blobs"]
                .iter()
                .map(|f| app.settings.data_dir.join(f))
                .filter(|p| p.exists())
                .map(|p| p.display().to_string())
                .collect();
            if !folders.is_empty() {
                println!("also copy the files: {}", folders.join(", "));
            }
        }
    }
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listen = settings.listen;
    let app = App::build(settings)?;
    let setup_secret = app.db.run(setup::prepare).await?;
    if let Some(secret) = setup_secret {
        println!(
            "No account yet. Open this link to create the first admin (it works once):\n  {}/setup/{secret}",
            app.settings.base()
        );
    }

    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        anyhow::anyhow!("cannot listen on {listen}: {e} (setting `listen`, CHEMINEMENT_LISTEN)")
    })?;
    tracing::info!(
        "Cheminement is listening on {listen}, public address {}",
        app.settings.base()
    );
    println!("listening on http://{listen}");
    crate::server::run(app, listener, shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
