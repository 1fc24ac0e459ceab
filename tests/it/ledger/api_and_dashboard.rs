//! The API; The dashboard.

use super::*;

async fn api(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (reqwest::StatusCode, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

both_backends!(async the_api_creates_years_lists_accounts_and_books_entries);
async fn the_api_creates_years_lists_accounts_and_books_entries(backend: Backend) {
    use reqwest::{Method, StatusCode};
    use serde_json::json;
    let (_storage, server) = start(backend).await;
    let token = server.token_for("treasurer@example.org", Role::Treasurer);
    let editor = server.token_for("editor@example.org", Role::Editor);
    let (status, _) = api(&server, &editor, Method::GET, "/api/v1/ledger/years", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, year) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/years",
        Some(json!({"starts_on": "2026-09-01", "ends_on": "2027-08-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{year}");
    assert_eq!(year["chart"], "fr_pca_2025");
    let (status, gap) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/years",
        Some(json!({"starts_on": "2027-10-01", "ends_on": "2028-08-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(gap["fields"][0]["code"], "ledger_year_gap");
    let (_, years) = api(&server, &token, Method::GET, "/api/v1/ledger/years", None).await;
    assert_eq!(years.as_array().unwrap().len(), 1);

    let path = format!("/api/v1/ledger/accounts?year={}", year["id"]);
    let (status, accounts) = api(&server, &token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 544);
    assert!(accounts.iter().any(|a| a["number"] == "6281"));

    let entry = json!({
        "journal": "bank",
        "on_date": "2026-10-05",
        "label": "Facture EDF",
        "lines": [
            {"account": "6061", "debit_cents": 8_990},
            {"account": "512", "credit_cents": 8_990}
        ]
    });
    let (status, booked) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(entry),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    assert_eq!(booked["number"], 1);
    assert_eq!(booked["lines"][0]["debit_cents"], 8_990);
    let unbalanced = json!({
        "journal": "bank",
        "on_date": "2026-10-05",
        "label": "Facture EDF",
        "lines": [
            {"account": "6061", "debit_cents": 8_990},
            {"account": "512", "credit_cents": 8_000}
        ]
    });
    let (status, refused) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(unbalanced),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["fields"][0]["code"], "ledger_entry_unbalanced");
    let opening = json!({
        "journal": "opening", "on_date": "2026-10-05", "label": "x",
        "lines": [{"account": "512", "debit_cents": 1}, {"account": "110", "credit_cents": 1}]
    });
    let (status, _) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/entries",
        Some(opening),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the opening journal is the closing's"
    );

    let path = format!("/api/v1/ledger/entries?year={}", year["id"]);
    let (status, listed) = api(&server, &token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["journal"], "bank");

    let path = format!("/api/v1/ledger/entries/{}/reverse", booked["id"]);
    let body = json!({"on_date": "2026-10-06", "label": "Erreur de saisie"});
    let (status, reversal) = api(&server, &token, Method::POST, &path, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{reversal}");
    assert_eq!(reversal["reverses_id"], booked["id"]);
    assert_eq!(reversal["lines"][0]["credit_cents"], 8_990);
    let path = format!("/api/v1/ledger/years/{}/close", year["id"]);
    let (status, refused) = api(&server, &token, Method::POST, &path, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "no next year yet: {refused}");
    let (status, _) = api(
        &server,
        &token,
        Method::POST,
        "/api/v1/ledger/years",
        Some(json!({"starts_on": "2027-09-01", "ends_on": "2028-08-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, closed) = api(&server, &token, Method::POST, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["seal_sha256"].as_str().unwrap().len(), 64);

    let (_, doc) = api(&server, &token, Method::GET, "/api/openapi.json", None).await;
    for path in [
        "/api/v1/ledger/years",
        "/api/v1/ledger/accounts",
        "/api/v1/ledger/entries",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} is in the OpenAPI document"
        );
    }
}

both_backends!(async a_treasurer_creates_a_year_and_books_an_expense_by_category_in_euros);
async fn a_treasurer_creates_a_year_and_books_an_expense_by_category_in_euros(backend: Backend) {
    use crate::common::signed_in;
    use reqwest::StatusCode;
    let (_storage, server) = start(backend).await;
    let (editor, _) = signed_in(&server, "editor@example.org", Role::Editor).await;
    let (status, _) = get_page(&editor, &server, "/dashboard/books").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (client, _) = signed_in(&server, "treasurer@example.org", Role::Treasurer).await;
    let (status, page) = get_page(&client, &server, "/dashboard/books").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Aucun exercice"), "{page}");
    let (status, _, page) = post_page(
        &client,
        &server,
        "/dashboard/books",
        &[("starts_on", "2026-09-01"), ("ends_on", "2028-09-30")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("24 mois"), "the mistake is shown: {page}");
    assert!(page.contains("2028-09-30"), "what was typed is kept");
    let (status, location, _) = post_page(
        &client,
        &server,
        "/dashboard/books",
        &[("starts_on", "2026-09-01"), ("ends_on", "2027-08-31")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let year_path = location.split('?').next().unwrap().to_string();

    let (status, form) = get_page(&client, &server, &format!("{year_path}/expense")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("Énergie et eau"),
        "categories by name, no account number"
    );
    assert!(!form.contains("6061"));

    let fields = |amount: &'static str| {
        vec![
            ("on_date", "2026-10-05"),
            ("category", "energy"),
            ("amount", amount),
            ("method", "transfer"),
            ("label", "Facture EDF octobre"),
        ]
    };
    let (status, _, page) = post_page(
        &client,
        &server,
        &format!("{year_path}/expense"),
        &fields("12,5x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("par exemple 12,50"), "{page}");
    assert!(
        page.contains("Facture EDF octobre"),
        "what was typed is kept"
    );
    assert_eq!(count_entries(&server), 0);

    let (status, location, _) = post_page(
        &client,
        &server,
        &format!("{year_path}/expense"),
        &fields("12,50"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with(&year_path));
    let mut conn = server.app.db.conn().unwrap();
    let entry: i64 = schema::entries::table
        .select(schema::entries::id)
        .first(&mut conn)
        .unwrap();
    let lines: Vec<(String, i64, i64)> = entries::lines_of(&mut conn, entry)
        .unwrap()
        .into_iter()
        .map(|l| (l.account_number, l.debit_cents, l.credit_cents))
        .collect();
    assert_eq!(
        lines,
        [
            ("6061".to_string(), 1_250, 0),
            ("512".to_string(), 0, 1_250)
        ]
    );
    let (_, journal) = get_page(&client, &server, &year_path).await;
    assert!(journal.contains("Facture EDF octobre"));
    assert!(journal.contains("12,50"), "{journal}");

    // Closing: a box to tick, the next year first, then sealed.
    let close = format!("{year_path}/close");
    let (status, _, page) = post_page(&client, &server, &close, &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Cochez la case"), "{page}");
    let (status, _, page) = post_page(&client, &server, &close, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Créez l’exercice suivant"), "{page}");
    post_page(
        &client,
        &server,
        "/dashboard/books",
        &[("starts_on", "2027-09-01"), ("ends_on", "2028-08-31")],
    )
    .await;
    let (status, _, _) = post_page(&client, &server, &close, &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, journal) = get_page(&client, &server, &year_path).await;
    assert!(journal.contains("Clôturé et scellé"));
    assert!(
        !journal.contains("/expense\""),
        "no more forms for a closed year"
    );
    assert_eq!(
        chain::verify(&mut conn).unwrap(),
        chain::Verdict::Intact {
            years: 1,
            entries: 1
        }
    );
}
