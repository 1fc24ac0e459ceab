//! Importing a 10,000-line CSV of contacts through the dashboard, as a volunteer would: upload,
//! preview, confirm. Times each step (the target: the import step under 5 s). Then the same
//! size of file with one bad line at line 7,500: nothing may be imported, and the page must
//! name the line.
//!
//! Run by hand, on the release binary:
//! `CARGO_TARGET_DIR=target-bench cargo build --release && CARGO_TARGET_DIR=target-bench
//! CHEMINEMENT_BIN=target-bench/release/cheminement cargo bench --bench import_csv`; add
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` for PostgreSQL (a database is
//! made for the run and dropped after it). Prints figures.

#[path = "support/server.rs"]
mod server;

use std::time::{Duration, Instant};

use diesel::prelude::*;

const LINES: usize = 10_000;
const BAD_LINE: usize = 7_500;
const TARGET: Duration = Duration::from_secs(5);

/// A file as Excel writes it in French: `;`, CRLF, accents, dates as DD/MM/YYYY.
fn file(prefix: &str, bad_line: Option<usize>) -> Vec<u8> {
    const FIRST: [&str; 8] = [
        "Hélène",
        "François",
        "Zoé",
        "Anaïs",
        "Jérôme",
        "Chloé",
        "Noël",
        "Inès",
    ];
    const LAST: [&str; 6] = [
        "Dupont",
        "Lefèvre",
        "Martin",
        "Bérégovoy",
        "N'Diaye",
        "Muller",
    ];
    const CITY: [&str; 4] = ["Lyon", "Villeurbanne", "Saint-Étienne", "Vénissieux"];
    let mut out = String::from(
        "Prénom;Nom;E-mail;Téléphone;Adresse;Code postal;Ville;Date de naissance;Étiquettes;Newsletter\r\n",
    );
    for i in 0..LINES {
        // The header is line 1: contact i is on line i + 2.
        let line = i + 2;
        let email = if Some(line) == bad_line {
            format!("{prefix}{i}(at)example.org")
        } else {
            format!("{prefix}{i}@example.org")
        };
        out.push_str(&format!(
            "{};{};{};06 {:02} {:02} {:02} {:02};{} rue des Lilas;690{:02};{};{:02}/{:02}/{};{};{}\r\n",
            FIRST[i % FIRST.len()],
            LAST[i % LAST.len()],
            email,
            i % 100,
            (i / 100) % 100,
            (i * 7) % 100,
            (i * 13) % 100,
            i % 200 + 1,
            i % 10,
            CITY[i % CITY.len()],
            i % 28 + 1,
            i % 12 + 1,
            1940 + i % 60,
            if i % 3 == 0 { "yoga, bénévole" } else { "concerts" },
            if i % 2 == 0 { "oui" } else { "non" },
        ));
    }
    out.into_bytes()
}

fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("the page has a csrf field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

/// The columns as the preview guessed them.
fn guessed_columns(preview: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = preview;
    while let Some(start) = rest.find("<select id=\"col_") {
        let after = &rest[start..];
        let end = after.find("</select>").unwrap();
        let select = &after[..end];
        let name_start = select.find("name=\"").unwrap() + 6;
        let name_end = select[name_start..].find('"').unwrap() + name_start;
        let value = select
            .split("<option ")
            .find(|o| o.contains(" selected"))
            .and_then(|o| o.split('"').nth(1))
            .unwrap_or("ignore");
        out.push((select[name_start..name_end].to_string(), value.to_string()));
        rest = &after[end..];
    }
    out
}

struct Timings {
    upload: Duration,
    preview: Duration,
    import: Duration,
    status: reqwest::StatusCode,
    page: String,
}

/// Upload, preview, confirm with the guessed columns.
async fn import(client: &reqwest::Client, base: &str, name: &str, bytes: Vec<u8>) -> Timings {
    let page = client
        .get(format!("{base}/dashboard/contacts/import"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_in(&page))
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_string())
                .mime_str("text/csv")
                .unwrap(),
        );
    let t0 = Instant::now();
    let answer = client
        .post(format!("{base}/dashboard/contacts/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let upload = t0.elapsed();
    assert_eq!(answer.status(), reqwest::StatusCode::SEE_OTHER, "upload");
    let preview_path = answer.headers()["location"].to_str().unwrap().to_string();

    let t0 = Instant::now();
    let preview = client
        .get(format!("{base}{preview_path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let preview_time = t0.elapsed();
    let mut form = vec![("csrf".to_string(), csrf_in(&preview))];
    form.extend(guessed_columns(&preview));
    form.push(("existing".into(), "leave".into()));

    let t0 = Instant::now();
    let answer = client
        .post(format!("{base}{preview_path}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let import = t0.elapsed();
    let status = answer.status();
    let page = if status == reqwest::StatusCode::SEE_OTHER {
        let next = answer.headers()["location"].to_str().unwrap().to_string();
        client
            .get(format!("{base}{next}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    } else {
        answer.text().await.unwrap()
    };
    Timings {
        upload,
        preview: preview_time,
        import,
        status,
        page,
    }
}

fn count(db: &cheminement::db::Db, table: &str) -> i64 {
    use cheminement::db::schema::{consents, contact_tags, contacts};
    let mut conn = db.conn().unwrap();
    match table {
        "contacts" => contacts::table.count().get_result(&mut *conn).unwrap(),
        "consents" => consents::table.count().get_result(&mut *conn).unwrap(),
        _ => contact_tags::table.count().get_result(&mut *conn).unwrap(),
    }
}

#[tokio::main]
async fn main() {
    cheminement::install_crypto_provider();
    let mut server = server::ServerProcess::prepare();
    let on = if server.database_url().starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    db.migrate().unwrap();
    server.start().await;
    let base = server.base();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let answer = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf_in(&login).as_str()),
            ("email", "bench@example.org"),
            ("password", "correct horse battery staple"),
            ("next", "/dashboard"),
        ])
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_redirection(), "login");

    let good = file("p", None);
    println!(
        "on {on}: a file of {LINES} lines ({:.1} MB)",
        good.len() as f64 / 1e6
    );
    let t = import(&client, &base, "adherents-2026.csv", good).await;
    // A redirect to the summary.
    assert_eq!(t.status, reqwest::StatusCode::SEE_OTHER, "{}", t.page);
    assert!(
        t.page.contains(&format!("{LINES} créés")),
        "the summary says {LINES} created"
    );
    assert_eq!(count(&db, "contacts"), LINES as i64);
    assert_eq!(count(&db, "consents"), LINES as i64);
    println!(
        "good file: upload {:?}, preview {:?}, import {:?} ({} contacts, {} consents, {} tag links written){}",
        t.upload,
        t.preview,
        t.import,
        count(&db, "contacts"),
        count(&db, "consents"),
        count(&db, "tags"),
        if t.import < TARGET {
            " -- under the 5 s target"
        } else {
            " -- OVER the 5 s target"
        },
    );

    let bad = file("q", Some(BAD_LINE));
    let t = import(&client, &base, "adherents-erreur.csv", bad).await;
    assert_eq!(t.status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        t.page.contains(&format!("Ligne {BAD_LINE} :")),
        "the page names line {BAD_LINE}"
    );
    assert_eq!(
        t.page.matches("<li>Ligne ").count(),
        1,
        "exactly one line is named"
    );
    assert_eq!(
        count(&db, "contacts"),
        LINES as i64,
        "nothing of the bad file was imported"
    );
    println!(
        "file with a bad line {BAD_LINE}: refused in {:?}, line {BAD_LINE} named, nothing imported",
        t.import
    );
    server.kill();
    if t.import > TARGET {
        std::process::exit(1);
    }
}
