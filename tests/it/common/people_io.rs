//! Test helpers for imports, exports and privacy: a signed-in browser, the three steps of an
//! import through the dashboard, and records written straight into the tables (a membership,
//! an event registration, a campaign recipient) so that the privacy tests need nothing else.

use cheminement::db::{DbConn, now, schema};
use diesel::prelude::*;

use super::{TestServer, csrf_in};

/// Step 1: sends the file; returns the answer (a redirect to the preview when it was read).
pub async fn upload(
    client: &reqwest::Client,
    server: &TestServer,
    filename: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let page = client
        .get(server.url("/dashboard/contacts/import"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_string())
            .mime_str("text/csv")
            .unwrap(),
    );
    client
        .post(server.url("/dashboard/contacts/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Step 1, expected to succeed: the preview's address.
pub async fn upload_ok(
    client: &reqwest::Client,
    server: &TestServer,
    filename: &str,
    bytes: Vec<u8>,
) -> String {
    let answer = upload(client, server, filename, bytes).await;
    assert_eq!(answer.status(), reqwest::StatusCode::SEE_OTHER);
    answer
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

/// The columns as the preview chose them: (`col_N`, value) pairs.
pub fn guessed_columns(preview: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = preview;
    while let Some(start) = rest.find("<select id=\"col_") {
        let after = &rest[start..];
        let end = after.find("</select>").unwrap();
        let select = &after[..end];
        let name_start = select.find("name=\"").unwrap() + 6;
        let name_end = select[name_start..].find('"').unwrap() + name_start;
        let name = &select[name_start..name_end];
        let value = select
            .split("<option ")
            .find(|o| o.contains(" selected"))
            .and_then(|o| o.split('"').nth(1))
            .unwrap_or("ignore");
        out.push((name.to_string(), value.to_string()));
        rest = &after[end..];
    }
    out
}

/// Steps 2 and 3: reads the preview, keeps its guessed columns (changed by `overrides`), and
/// imports. Returns the answer to the import.
pub async fn confirm(
    client: &reqwest::Client,
    server: &TestServer,
    preview_path: &str,
    overrides: &[(&str, &str)],
    existing: &str,
) -> reqwest::Response {
    let preview = client
        .get(server.url(preview_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf_in(&preview))];
    for (name, value) in guessed_columns(&preview) {
        let value = overrides
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
            .unwrap_or(value);
        form.push((name, value));
    }
    form.push(("existing".into(), existing.into()));
    client
        .post(server.url(preview_path))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The whole import with the guessed columns; returns the final page's text and status.
pub async fn import_file(
    client: &reqwest::Client,
    server: &TestServer,
    filename: &str,
    bytes: Vec<u8>,
    existing: &str,
) -> (reqwest::StatusCode, String) {
    let preview = upload_ok(client, server, filename, bytes).await;
    let answer = confirm(client, server, &preview, &[], existing).await;
    if answer.status() == reqwest::StatusCode::SEE_OTHER {
        let next = answer
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let page = client.get(server.url(&next)).send().await.unwrap();
        let status = page.status();
        (status, page.text().await.unwrap())
    } else {
        let status = answer.status();
        (status, answer.text().await.unwrap())
    }
}

pub fn count_contacts(server: &TestServer) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    schema::contacts::table
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// A contact straight into the table.
pub fn add_contact(conn: &mut DbConn, first: &str, last: &str, email: Option<&str>) -> i64 {
    let at = now();
    diesel::insert_into(schema::contacts::table)
        .values((
            schema::contacts::first_name.eq(first),
            schema::contacts::last_name.eq(last),
            schema::contacts::email.eq(email),
            schema::contacts::email_key.eq(email.map(|e| e.to_lowercase())),
            schema::contacts::phone.eq(""),
            schema::contacts::address.eq(""),
            schema::contacts::postal_code.eq(""),
            schema::contacts::city.eq(""),
            schema::contacts::country.eq(""),
            schema::contacts::notes.eq(""),
            schema::contacts::name_key.eq(cheminement::members::names::name_key(first, last)),
            schema::contacts::lang.eq("fr"),
            schema::contacts::source.eq("dashboard"),
            schema::contacts::last_activity_at.eq(at),
            schema::contacts::created_at.eq(at),
            schema::contacts::updated_at.eq(at),
        ))
        .returning(schema::contacts::id)
        .get_result(conn)
        .unwrap()
}

/// A membership of the first category, from `starts_on` to `ends_on`, for `amount_cents`.
pub fn add_membership(
    conn: &mut DbConn,
    contact_id: i64,
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    amount_cents: i64,
    receipt: Option<&str>,
) -> i64 {
    use schema::{membership_categories as cat, memberships as m};
    let category: i64 = cat::table
        .order(cat::id.asc())
        .select(cat::id)
        .first(conn)
        .unwrap();
    let at = now();
    diesel::insert_into(m::table)
        .values((
            m::contact_id.eq(contact_id),
            m::category_id.eq(category),
            m::starts_on.eq(starts_on),
            m::ends_on.eq(ends_on),
            m::amount_cents.eq(amount_cents),
            m::paid_on.eq(Some(starts_on)),
            m::payment_method.eq("cheque"),
            m::receipt_number.eq(receipt),
            m::source.eq("dashboard"),
            m::notes.eq(""),
            m::created_at.eq(at),
            m::updated_at.eq(at),
        ))
        .returning(m::id)
        .get_result(conn)
        .unwrap()
}

/// Moves a contact's last sign of life `days` into the past.
pub fn age_contact(conn: &mut DbConn, contact_id: i64, days: i64) {
    diesel::update(schema::contacts::table.find(contact_id))
        .set(schema::contacts::last_activity_at.eq(now() - chrono::Duration::days(days)))
        .execute(conn)
        .unwrap();
}

/// A sent campaign with one recipient row for this address; returns the row's id.
pub fn add_campaign_recipient(conn: &mut DbConn, contact_id: i64, email: &str) -> i64 {
    use schema::{campaign_recipients as r, campaigns as c};
    let at = now();
    let campaign: i64 = diesel::insert_into(c::table)
        .values((
            c::slug.eq(format!("lettre-{}", uuid::Uuid::new_v4().simple())),
            c::subject.eq("La lettre de novembre"),
            c::body_md.eq("Bonjour"),
            c::body_html.eq("<p>Bonjour</p>"),
            c::status.eq("sent"),
            c::public_archive.eq(false),
            c::to_fediverse.eq(false),
            c::created_at.eq(at),
            c::updated_at.eq(at),
        ))
        .returning(c::id)
        .get_result(conn)
        .unwrap();
    diesel::insert_into(r::table)
        .values((
            r::campaign_id.eq(campaign),
            r::contact_id.eq(Some(contact_id)),
            r::email.eq(email),
            r::status.eq("sent"),
            r::sent_at.eq(Some(at)),
        ))
        .returning(r::id)
        .get_result(conn)
        .unwrap()
}
