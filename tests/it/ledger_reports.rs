//! The books' reports on the real databases: the FEC of a year (its header and columns, the
//! opening journal first then the order of validation, EcritureNum continuous per journal,
//! balanced per EcritureNum, the formats, the file's name with a SIREN and with an RNA, the
//! command writing the same bytes as the API), the trial balance and the income statement
//! (its result is the closing's, the year before beside it), on screen and as CSV.

use std::collections::BTreeMap;

use cheminement::accounts::Role;
use cheminement::app;
use cheminement::db::settings;
use cheminement::ledger::{
    JournalKind, Posting, PostingLine, fec,
    reports::{
        income_statement::{self, Part},
        trial_balance,
    },
    years,
};
use chrono::NaiveDate;

use crate::common::members::get_page;
use crate::common::{Backend, Storage, TestServer, signed_in};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn year(server: &TestServer, starts_on: NaiveDate, ends_on: NaiveDate) -> years::FiscalYear {
    app::ledger::create_year(
        &server.app,
        years::YearInput {
            starts_on: Some(starts_on),
            ends_on: Some(ends_on),
            chart: String::new(),
        },
    )
    .await
    .unwrap()
}

fn entry(journal: JournalKind, on_date: NaiveDate, label: &str, lines: &[(&str, i64)]) -> Posting {
    Posting {
        journal,
        on_date,
        label: label.into(),
        piece_ref: String::new(),
        lines: lines
            .iter()
            .map(|(account, cents)| {
                if *cents > 0 {
                    PostingLine::debit(account, *cents)
                } else {
                    PostingLine::credit(account, -*cents)
                }
            })
            .collect(),
        source: None,
        created_by: None,
        validate: true,
    }
}

struct Books {
    y1: years::FiscalYear,
    y2: years::FiscalYear,
    /// The result the closing of the first year computed.
    y1_result: i64,
    /// The label of the draft validated last.
    late_label: &'static str,
    /// The draft left as it is.
    left_id: i64,
}

/// A closed 2025 (dues 100.00 in cash, energy 30.00 by bank: a surplus of 70.00) and an open
/// 2026 with its opening entry and a dozen entries of known amounts, one draft left out and
/// one draft validated after the others.
async fn books(server: &TestServer) -> Books {
    let y1 = year(server, d(2025, 1, 1), d(2025, 12, 31)).await;
    let y2 = year(server, d(2026, 1, 1), d(2026, 12, 31)).await;
    use JournalKind::*;
    for p in [
        entry(
            Cash,
            d(2025, 2, 1),
            "Cotisations 2025",
            &[("530", 10_000), ("756", -10_000)],
        ),
        entry(
            Bank,
            d(2025, 3, 1),
            "Électricité",
            &[("6061", 3_000), ("512", -3_000)],
        ),
    ] {
        app::ledger::post(&server.app, p).await.unwrap();
    }
    let y1_result = app::ledger::close_year(&server.app, y1.id)
        .await
        .unwrap()
        .result_cents;
    let mut late = entry(
        Bank,
        d(2026, 1, 5),
        "Assurance",
        &[("616", 30_000), ("512", -30_000)],
    );
    late.validate = false;
    let late = app::ledger::post(&server.app, late).await.unwrap();
    let mut left = entry(
        Bank,
        d(2026, 1, 6),
        "Brouillon oublié",
        &[("6063", 999), ("512", -999)],
    );
    left.validate = false;
    let left = app::ledger::post(&server.app, left).await.unwrap();
    for p in [
        entry(
            Bank,
            d(2026, 2, 1),
            "Subvention mairie",
            &[("512", 50_000), ("741", -50_000)],
        ),
        entry(
            Cash,
            d(2026, 2, 3),
            "Cotisation Dupont",
            &[("530", 2_500), ("756", -2_500)],
        ),
        entry(
            Bank,
            d(2026, 1, 20),
            "EDF",
            &[("6061", 12_050), ("512", -12_050)],
        ),
        entry(
            Misc,
            d(2026, 3, 1),
            "Dépôt espèces",
            &[("512", 1_000), ("530", -1_000)],
        ),
        entry(
            Bank,
            d(2026, 3, 31),
            "Frais bancaires",
            &[("627", 350), ("512", -350)],
        ),
        entry(
            Sales,
            d(2026, 4, 2),
            "Atelier, facture 12",
            &[("411", 8_000), ("706", -8_000)],
        ),
        entry(
            Bank,
            d(2026, 4, 20),
            "Règlement facture 12",
            &[("512", 8_000), ("411", -8_000)],
        ),
        entry(
            Bank,
            d(2026, 6, 30),
            "Intérêts livret",
            &[("512", 1_234), ("768", -1_234)],
        ),
        entry(
            Bank,
            d(2026, 5, 5),
            "Don de Mme Martin",
            &[("512", 5_000), ("7541", -5_000)],
        ),
        entry(
            Misc,
            d(2026, 12, 31),
            "Bénévolat valorisé",
            &[("864", 50_000), ("875", -50_000)],
        ),
        entry(
            Bank,
            d(2026, 7, 1),
            "Intervenant yoga",
            &[("6226", 20_000), ("512", -20_000)],
        ),
    ] {
        app::ledger::post(&server.app, p).await.unwrap();
    }
    app::ledger::validate(&server.app, late.id).await.unwrap();
    Books {
        y1,
        y2,
        y1_result,
        late_label: "Assurance",
        left_id: left.id,
    }
}

fn cents(text: &str) -> i64 {
    let (euros, hundredths) = text.split_once(',').expect("a comma decimal separator");
    assert_eq!(hundredths.len(), 2, "two decimals: {text}");
    assert!(
        euros.chars().all(|c| c.is_ascii_digit()),
        "digits only: {text}"
    );
    euros.parse::<i64>().unwrap() * 100 + hundredths.parse::<i64>().unwrap()
}

both_backends!(async the_fec_has_its_columns_order_numbers_and_formats);
async fn the_fec_has_its_columns_order_numbers_and_formats(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let b = books(&server).await;
    let mut conn = server.app.db.conn().unwrap();
    let (name, body) = fec::file(&mut conn, b.y2.id).unwrap();
    assert_eq!(name, "FEC20261231.txt", "no number set yet");
    let text = String::from_utf8(body).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t\
         CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t\
         ValidDate\tMontantdevise\tIdevise"
    );
    let rows: Vec<Vec<&str>> = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(text.ends_with("\r\n"));
    for r in &rows {
        assert_eq!(r.len(), 18, "18 columns: {r:?}");
        for at in [3, 9, 15] {
            assert!(
                r[at].len() == 8 && r[at].chars().all(|c| c.is_ascii_digit()),
                "AAAAMMJJ: {r:?}"
            );
        }
        let (debit, credit) = (cents(r[11]), cents(r[12]));
        assert!((debit == 0) != (credit == 0), "one side: {r:?}");
        assert!(r[13].is_empty() && r[14].is_empty() && r[16].is_empty() && r[17].is_empty());
        assert!(!r[8].is_empty(), "a PieceRef on every line");
    }
    // 12 validated entries in 2026 (the opening one, eleven typed, the late draft), 2 lines each,
    // plus the opening's 3 lines minus 2: 512, 530 and 120.
    assert_eq!(rows.len(), 3 + 12 * 2);
    assert!(
        !text.contains("Brouillon oublié"),
        "a draft is not in the books"
    );

    // The opening journal first, with its code, its name and the year's first day.
    let opening: Vec<&Vec<&str>> = rows.iter().take_while(|r| r[0] == "AN").collect();
    assert_eq!(opening.len(), 3);
    assert!(rows.iter().skip(3).all(|r| r[0] != "AN"));
    assert_eq!(opening[0][1], "À-nouveaux");
    assert_eq!(opening[0][2], "AN000001");
    assert_eq!(opening[0][3], "20260101");
    let opening_lines: Vec<(&str, &str, &str)> =
        opening.iter().map(|r| (r[4], r[11], r[12])).collect();
    assert_eq!(
        opening_lines,
        [
            ("512", "0,00", "30,00"),
            ("530", "100,00", "0,00"),
            ("120", "0,00", "70,00")
        ]
    );
    assert_eq!(opening[0][5], "Banques");

    // Then in the order of validation: the draft validated last comes last, with the last
    // number of the bank's journal, though its date is the year's earliest after the opening.
    let last = rows.last().unwrap();
    assert_eq!(last[10], b.late_label);
    assert_eq!(last[3], "20260105");
    assert_eq!(last[2], "BQ000008");
    let labels: Vec<&str> = rows.iter().map(|r| r[10]).collect();
    let at = |l: &str| labels.iter().position(|x| *x == l).unwrap();
    assert!(
        at("Subvention mairie") < at("EDF"),
        "validation order, not date order"
    );
    assert!(at("EDF") < at("Dépôt espèces"));

    // EcritureNum: continuous per journal from 1, in the file's order; each balanced.
    let mut seen: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut sums: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for r in &rows {
        let nums = seen.entry(r[0]).or_default();
        if nums.last() != Some(&r[2]) {
            assert!(
                !nums.contains(&r[2]),
                "an entry's lines stay together: {r:?}"
            );
            nums.push(r[2]);
        }
        let s = sums.entry(r[2]).or_insert((0, 0));
        s.0 += cents(r[11]);
        s.1 += cents(r[12]);
    }
    for (code, nums) in &seen {
        let expected: Vec<String> = (1..=nums.len()).map(|n| format!("{code}{n:06}")).collect();
        assert_eq!(nums, &expected, "journal {code}");
    }
    assert_eq!(
        seen.iter().map(|(c, n)| (*c, n.len())).collect::<Vec<_>>(),
        [("AN", 1), ("BQ", 8), ("CA", 1), ("OD", 2), ("VT", 1)]
    );
    for (num, (debit, credit)) in &sums {
        assert_eq!(debit, credit, "{num} is balanced");
    }
    let edf = rows.iter().find(|r| r[10] == "EDF").unwrap();
    assert_eq!(
        (edf[0], edf[1], edf[3], edf[4], edf[11]),
        ("BQ", "Banque", "20260120", "6061", "120,50")
    );

    // The name: the SIREN, else the RNA.
    settings::set(&mut conn, fec::RNA_SETTING, "W751234567").unwrap();
    assert_eq!(
        fec::file(&mut conn, b.y2.id).unwrap().0,
        "W751234567FEC20261231.txt"
    );
    settings::set(&mut conn, fec::SIREN_SETTING, "123 456 789").unwrap();
    assert_eq!(
        fec::file(&mut conn, b.y2.id).unwrap().0,
        "123456789FEC20261231.txt"
    );
    assert_eq!(
        fec::file(&mut conn, b.y1.id).unwrap().0,
        "123456789FEC20251231.txt"
    );

    // The API and the command write the same bytes.
    let token = server.token_for("treasurer@example.org", Role::Treasurer);
    let answer = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/ledger/fec?year={}", b.y2.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        answer.headers()["content-disposition"],
        "attachment; filename=\"123456789FEC20261231.txt\""
    );
    let from_api = answer.bytes().await.unwrap().to_vec();
    assert_eq!(from_api, text.as_bytes());
    let cli = fec_command(&storage, &["--year", &b.y2.id.to_string()]);
    assert!(cli.status.success(), "{cli:?}");
    assert_eq!(
        String::from_utf8_lossy(&cli.stdout).trim(),
        "123456789FEC20261231.txt"
    );
    let written = std::fs::read(storage.dir.path().join("123456789FEC20261231.txt")).unwrap();
    assert_eq!(written, from_api);
    let out = storage.dir.path().join("books.txt");
    let cli = fec_command(
        &storage,
        &[
            "--year",
            &b.y2.id.to_string(),
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert!(cli.status.success(), "{cli:?}");
    assert_eq!(std::fs::read(&out).unwrap(), from_api);
    let cli = fec_command(&storage, &["--year", "999"]);
    assert!(!cli.status.success());
    let said = String::from_utf8_lossy(&cli.stderr);
    assert!(
        said.contains("no fiscal year 999") && said.contains("2026-01-01"),
        "{said}"
    );
    let missing = reqwest::Client::new()
        .get(server.url("/api/v1/ledger/fec?year=999"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let editor = server.token_for("editor@example.org", Role::Editor);
    let refused = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/ledger/fec?year={}", b.y2.id)))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

/// Runs `cheminement ledger fec` on the test's database, in its folder.
fn fec_command(storage: &Storage, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cheminement"))
        .args(["ledger", "fec"])
        .args(args)
        .env("CHEMINEMENT_DATABASE_URL", &storage.database_url)
        .env("CHEMINEMENT_DATA_DIR", storage.data_dir())
        .env("CHEMINEMENT_BASE_URL", "http://localhost:1")
        .env("CHEMINEMENT_HANDLE", "asso")
        .env("CHEMINEMENT_NAME", "Lieu Respirer")
        .env("RUST_LOG", "error")
        .current_dir(storage.dir.path())
        .output()
        .unwrap()
}

both_backends!(async the_trial_balance_and_the_income_statement_add_up);
async fn the_trial_balance_and_the_income_statement_add_up(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let b = books(&server).await;
    let mut conn = server.app.db.conn().unwrap();

    let tb = trial_balance::of_year(&mut conn, &b.y2).unwrap();
    assert_eq!(tb.debit_cents, tb.credit_cents);
    assert_eq!(tb.debit_balance_cents, tb.credit_balance_cents);
    let bank = tb.rows.iter().find(|r| r.account == "512").unwrap();
    // Opening -30.00; +500 +10 -120.50 -3.50 +80 +12.34 +50 -200 -300: an overdraft of 1.66.
    assert_eq!(bank.balance_cents, -166);
    assert_eq!(bank.label, "Banques");
    assert!(tb.rows.iter().all(|r| r.account != "6063"), "no draft");

    let s = income_statement::of_year(&mut conn, &b.y2).unwrap();
    assert_eq!(s.previous.as_ref().map(|p| p.id), Some(b.y1.id));
    // Operating income: 741 500.00 + 756 25.00 + 706 80.00 + 7541 50.00 = 655.00.
    assert_eq!(s.total(Part::OperatingIncome), (65_500, 10_000));
    // Operating expenses: 6061 120.50 + 616 300.00 + 627 3.50 + 6226 200.00 = 624.00.
    assert_eq!(s.total(Part::OperatingExpenses), (62_400, 3_000));
    assert_eq!(s.total(Part::FinancialIncome), (1_234, 0));
    assert_eq!(s.total(Part::InKindExpenses), (50_000, 0));
    assert_eq!(s.total(Part::InKindIncome), (50_000, 0));
    assert_eq!(
        s.subtotal(Part::OperatingIncome, Part::OperatingExpenses),
        (3_100, 7_000)
    );
    assert_eq!(s.result_cents, 3_100 + 1_234);
    assert_eq!(s.previous_result_cents, b.y1_result);
    assert_eq!(b.y1_result, 7_000);
    let dues = s
        .sections
        .iter()
        .flat_map(|x| &x.rows)
        .find(|r| r.account == "756")
        .unwrap();
    assert_eq!((dues.current_cents, dues.previous_cents), (2_500, 10_000));
    let first = income_statement::of_year(&mut conn, &b.y1).unwrap();
    assert!(first.previous.is_none());
    assert_eq!(first.result_cents, b.y1_result);

    // The statement's result is the closing's (the draft validated first: 9.99 more costs).
    app::ledger::validate(&server.app, b.left_id).await.unwrap();
    let s = income_statement::of_year(&mut conn, &b.y2).unwrap();
    assert_eq!(s.result_cents, 4_334 - 999);
    drop(conn);
    year(&server, d(2027, 1, 1), d(2027, 12, 31)).await;
    let closed = app::ledger::close_year(&server.app, b.y2.id).await.unwrap();
    assert_eq!(closed.result_cents, s.result_cents);

    // The API, the pages and the CSV files.
    let token = server.token_for("treasurer@example.org", Role::Treasurer);
    let answer: serde_json::Value = reqwest::Client::new()
        .get(server.url(&format!(
            "/api/v1/ledger/reports/income-statement?year={}",
            b.y2.id
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["result_cents"], 3_335);
    assert_eq!(answer["previous_result_cents"], 7_000);
    assert_eq!(answer["previous_year"]["id"], b.y1.id);
    assert_eq!(answer["sections"][0]["part"], "operating_income");
    assert_eq!(answer["sections"][0]["current_cents"], 65_500);
    assert_eq!(answer["sections"][1]["current_cents"], 62_400 + 999);
    let in_kind = answer["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["part"] == "in_kind_income")
        .unwrap();
    assert_eq!(in_kind["in_result"], false);
    let doc: serde_json::Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/ledger/reports/income-statement"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/ledger/fec"]["get"].is_object());

    let (client, _) = signed_in(&server, "admin@example.org", Role::Admin).await;
    let path = format!("/dashboard/books/years/{}/income-statement", b.y2.id);
    let (status, page) = get_page(&client, &server, &path).await;
    assert_eq!(status, 200);
    for words in [
        "Compte de résultat",
        "Produits d’exploitation",
        "Charges d’exploitation",
        "Produits financiers",
        "Excédent ou déficit",
        "Emplois des contributions volontaires en nature",
        "33,35",
        "70,00",
    ] {
        assert!(page.contains(words), "{words} in {page}");
    }
    let path = format!("/dashboard/books/years/{}/trial-balance", b.y2.id);
    let (status, page) = get_page(&client, &server, &path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Balance générale") && page.contains("11,65"),
        "{page}"
    );
    let (_, journal) = get_page(
        &client,
        &server,
        &format!("/dashboard/books/years/{}", b.y2.id),
    )
    .await;
    assert!(journal.contains(&format!("/dashboard/books/years/{}/fec", b.y2.id)));
    for (csv, words) in [
        ("trial-balance.csv", "512;Banques;"),
        ("income-statement.csv", "756;Cotisations;25,00;100,00"),
    ] {
        let answer = client
            .get(server.url(&format!("/dashboard/books/years/{}/{csv}", b.y2.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
        let body = answer.bytes().await.unwrap();
        assert!(body.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains(words), "{words} in {text}");
    }
    let (editor, _) = signed_in(&server, "editor@example.org", Role::Editor).await;
    let (status, _) = get_page(&editor, &server, &path).await;
    assert_eq!(status, 403);
}
