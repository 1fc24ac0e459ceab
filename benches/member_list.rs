//! The member list with 10,000 contacts: the first page of `/dashboard/members` (signed in),
//! 200 times one after the other; prints the median, p95 and p99. The target is under 50 ms.
//! Also the other views, a search, and the API's list, for comparison.
//!
//! Run by hand: `cargo build --release && cargo bench --bench member_list`; add
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test` for PostgreSQL (a database is
//! made for the run and dropped after it). `CHEMINEMENT_BIN` names another server binary.

#[path = "support/server.rs"]
mod server;

use std::time::{Duration, Instant};

use cheminement::members::{
    categories::{self, CategoryInput},
    contacts::{self, ContactInput},
    memberships::{self, MembershipInput},
    period,
};

const CONTACTS: usize = 10_000;
const REQUESTS: usize = 200;

const FIRST: [&str; 24] = [
    "Élodie", "Karim", "Louise", "Mathis", "Chloé", "Hugo", "Inès", "Léo", "Manon", "Nathan",
    "Zoé", "Yanis", "Camille", "Lucas", "Sarah", "Noah", "Jade", "Adam", "Léa", "Gabriel", "Anaïs",
    "Sacha", "Maëlle", "Théo",
];
const LAST: [&str; 20] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "García", "David", "Bertrand", "Roux",
    "Vincent", "Fournier",
];

#[tokio::main]
async fn main() {
    cheminement::install_crypto_provider();
    let mut server = server::ServerProcess::prepare();
    let db = cheminement::db::Db::open(&server.database_url()).unwrap();
    db.migrate().unwrap();
    let t0 = Instant::now();
    let counts = seed(&db);
    println!(
        "seeded {CONTACTS} contacts and {} memberships in {:?}",
        counts.0,
        t0.elapsed()
    );

    let started = server.start().await;
    println!("server started in {started:?}");
    let base = server.base();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    login(&client, &base).await;

    let first = client
        .get(format!("{base}/dashboard/members"))
        .send()
        .await
        .unwrap();
    assert!(first.status().is_success(), "{}", first.status());
    let html = first.text().await.unwrap();
    let summary = html
        .split("<p class=\"lead\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or("?");
    println!("the page says: {summary}");
    assert_eq!(
        html.matches("/memberships\">").count(),
        50,
        "the first page lists 50 members"
    );

    for (label, path) in [
        ("first page, members today", "/dashboard/members"),
        ("first page, to renew", "/dashboard/members?view=renew"),
        ("first page, lapsed", "/dashboard/members?view=lapsed"),
        ("search \"lefevre\"", "/dashboard/members?q=lefevre"),
        ("page 20, members today", "/dashboard/members?page=20"),
    ] {
        let times = time(&client, &format!("{base}{path}"), REQUESTS).await;
        report(label, &times);
    }
    let token = server.token();
    let api = reqwest::Client::new();
    let mut times = Vec::with_capacity(REQUESTS);
    for _ in 0..REQUESTS {
        let t = Instant::now();
        let answer = api
            .get(format!("{base}/api/v1/members"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success());
        answer.bytes().await.unwrap();
        times.push(t.elapsed());
    }
    report("API /api/v1/members", &times);
}

/// 10,000 contacts: most with a membership over twelve rolling months paid in the last 500
/// days (so about 70 % members today, a few to renew, the rest lapsed), a fifth with an older
/// one before it, one in thirty paying for a family that covers the next contact, one in
/// twenty never a member. Returns (memberships, families).
fn seed(db: &cheminement::db::Db) -> (usize, usize) {
    let mut conn = db.conn().unwrap();
    let conn = &mut *conn;
    period::save(
        conn,
        &period::SettingsInput {
            period: "rolling".into(),
            year_start: "01-01".into(),
            reminders_before: "30,7".into(),
            reminders_after: "30".into(),
        },
    )
    .unwrap();
    let normal = categories::create(
        conn,
        &CategoryInput {
            name: "Normale".into(),
            kind: "fixed".into(),
            amount_cents: Some(2500),
            min_cents: None,
        },
    )
    .unwrap();
    let family = categories::create(
        conn,
        &CategoryInput {
            name: "Famille".into(),
            kind: "family".into(),
            amount_cents: Some(4000),
            min_cents: None,
        },
    )
    .unwrap();
    let today = chrono::Utc::now().date_naive();
    let mut made = 0;
    let mut families = 0;
    let mut ids: Vec<i64> = Vec::with_capacity(CONTACTS);
    for chunk in (0..CONTACTS).collect::<Vec<_>>().chunks(500) {
        cheminement::db::transaction(conn, |c| {
            for &n in chunk {
                let input = ContactInput {
                    first_name: FIRST[n % FIRST.len()].into(),
                    last_name: format!("{} {}", LAST[(n / FIRST.len()) % LAST.len()], n),
                    email: format!("personne{n}@example.org"),
                    ..ContactInput::default()
                };
                let contact = contacts::create(c, &input, contacts::Source::Import, None)?;
                ids.push(contact.id);
            }
            Ok::<_, cheminement::error::Error>(())
        })
        .unwrap();
    }
    for chunk in (0..CONTACTS).collect::<Vec<_>>().chunks(500) {
        cheminement::db::transaction(conn, |c| {
            for &n in chunk {
                if n % 20 == 19 {
                    continue;
                }
                // A spread of payment days, the same on every run.
                let days_ago = ((n * 7919) % 500) as u64;
                let paid = today - chrono::Days::new(days_ago);
                let is_family = n % 30 == 0 && n + 1 < CONTACTS;
                if n % 5 == 0 {
                    let input = MembershipInput {
                        category_id: normal.id,
                        amount_cents: None,
                        paid_on: Some(paid - chrono::Days::new(365)),
                        payment_method: "cheque".into(),
                        ..MembershipInput::default()
                    };
                    memberships::create(c, ids[n], &input, memberships::Source::Import, None)?;
                    made += 1;
                }
                let input = MembershipInput {
                    category_id: if is_family { family.id } else { normal.id },
                    amount_cents: None,
                    paid_on: Some(paid),
                    payment_method: "transfer".into(),
                    people: if is_family { vec![ids[n + 1]] } else { vec![] },
                    ..MembershipInput::default()
                };
                memberships::create(c, ids[n], &input, memberships::Source::Import, None)?;
                made += 1;
                if is_family {
                    families += 1;
                }
            }
            Ok::<_, cheminement::error::Error>(())
        })
        .unwrap();
    }
    // The reminders' daily run, started by the first membership, would come in the middle
    // of the timing: the server schedules it for 08:00 instead.
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    diesel::delete(jobs::table.filter(jobs::kind.eq(cheminement::members::reminders::JOB_KIND)))
        .execute(conn)
        .unwrap();
    (made, families)
}

async fn login(client: &reqwest::Client, base: &str) {
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let at = page.find(marker).expect("the login page has a form") + marker.len();
    let csrf = &page[at..at + page[at..].find('"').unwrap()];
    let answer = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf),
            ("email", "bench@example.org"),
            ("password", "correct horse battery staple"),
            ("next", "/dashboard"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        answer.status().is_redirection(),
        "login: {}",
        answer.status()
    );
}

async fn time(client: &reqwest::Client, url: &str, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let answer = client.get(url).send().await.unwrap();
        assert!(answer.status().is_success(), "{url}: {}", answer.status());
        answer.bytes().await.unwrap();
        times.push(t.elapsed());
    }
    times
}

fn report(label: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at =
        |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: {} requests, median {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sorted.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(sorted[sorted.len() - 1])
    );
}
