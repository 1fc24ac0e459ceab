//! Importing contacts from a CSV file (preview, column mapping, an error per line, all or
//! nothing) and exporting contacts and members.
//!
//! The import goes in three steps: the file is sent (`upload`) and kept, decoded, in
//! `contact_imports`; the preview shows its first lines with a choice of meaning per column
//! (`preview`); the import (`confirm`) checks every line and writes all or nothing.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use chrono::NaiveDate;
use serde::Deserialize;

use super::dash_layout;
use crate::accounts::Capability;
use crate::error::Error;
use crate::members::{
    export,
    import::{self, Encoding, Existing, LineError, Outcome, Target},
    memberships::{PaymentMethod, View},
};
use crate::web::{
    csrf::{CheckedForm, constant_time_eq},
    pages::{Layout, PageError, render},
    session::SignedIn,
    spreadsheet,
};
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/dashboard/contacts/import",
            get(upload_form)
                .post(upload)
                // A file of 10 MiB and the form around it.
                .layer(DefaultBodyLimit::max(import::MAX_BYTES + 64 * 1024)),
        )
        .route("/dashboard/contacts/import/done", get(done))
        .route(
            "/dashboard/contacts/import/{id}",
            get(preview).post(confirm),
        )
        .route("/dashboard/contacts/export.csv", get(contacts_csv))
        .route("/dashboard/members/export.csv", get(members_csv))
}

/// A line's mistake in the reader's language.
pub fn line_message(lang: Lang, e: &LineError) -> String {
    // The catalogue names a line's values `$arg0`, `$arg1`... in their order.
    let names: Vec<String> = (0..e.args.len()).map(|i| format!("arg{i}")).collect();
    let args: Vec<(&str, crate::i18n::Value)> = names
        .iter()
        .zip(&e.args)
        .map(|(name, value)| (name.as_str(), value.as_str().into()))
        .collect();
    lang.t_args(e.code, &args)
}

// ---------------------------------------------------------------------------------------------
// Step 1: the file

#[derive(Template)]
#[template(path = "dashboard/import.html")]
struct UploadPage {
    l: Layout,
    error: &'static str,
}

async fn upload_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    error: &'static str,
) -> Result<Response, PageError> {
    let l = dash_layout(app, lang, "/dashboard/contacts/import", me).await?;
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&UploadPage { l, error })).into_response())
}

pub async fn upload_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    upload_page(&app, lang, &me, "").await
}

/// The multipart form carries its CSRF token as a field before the file.
pub async fn upload(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    mut form: Multipart,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let mut csrf_ok = false;
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return upload_page(&app, lang, &me, "import_file_too_large").await,
        };
        match field.name() {
            Some("csrf") => {
                let value = field.text().await.unwrap_or_default();
                csrf_ok = constant_time_eq(value.as_bytes(), me.csrf.as_bytes());
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("import.csv").to_string();
                match field.bytes().await {
                    Ok(bytes) if bytes.len() > import::MAX_BYTES => {
                        return upload_page(&app, lang, &me, "import_file_too_large").await;
                    }
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return upload_page(&app, lang, &me, "import_file_too_large").await,
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(PageError(Error::bad_request("csrf_failed")));
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return upload_page(&app, lang, &me, "import_file_required").await;
    };
    let decoded = match import::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(Error::Invalid(fields)) => {
            let code = fields
                .first()
                .map(|f| f.code)
                .unwrap_or("import_file_encoding");
            return upload_page(&app, lang, &me, code).await;
        }
        Err(e) => return Err(e.into()),
    };
    let user = me.user.id;
    let id = app::imports::store(&app, user, name, decoded).await?;
    Ok(Redirect::to(&format!("/dashboard/contacts/import/{id}")).into_response())
}

// ---------------------------------------------------------------------------------------------
// Step 2: the preview and the choice of columns

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Column {
    pub index: usize,
    pub header: String,
    pub choices: Vec<Choice>,
}

pub struct PreviewLine {
    pub line: usize,
    pub cells: Vec<String>,
}

pub struct ErrorLine {
    pub line: usize,
    pub message: String,
}

#[derive(Template)]
#[template(path = "dashboard/import_preview.html")]
struct PreviewPage {
    l: Layout,
    id: i64,
    filename: String,
    encoding_note: &'static str,
    delimiter: &'static str,
    line_count: usize,
    columns: Vec<Column>,
    lines: Vec<PreviewLine>,
    update_existing: bool,
    errors: Vec<ErrorLine>,
}

/// The preview, with the columns as chosen (`None`: guessed from the headers).
async fn preview_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    chosen: Option<(Vec<Target>, bool)>,
    errors: Vec<LineError>,
) -> Result<Response, PageError> {
    let user = me.user.id;
    let (stored, defs) = app
        .db
        .read(move |c| Ok::<_, Error>((import::find_stored(c, id, user)?, import::field_defs(c)?)))
        .await?;
    let table = stored.table()?;
    let (mapping, update_existing) = chosen.unwrap_or_else(|| {
        (
            table
                .header
                .iter()
                .map(|h| import::guess_target(h, &defs))
                .collect(),
            false,
        )
    });
    let mut options: Vec<(String, String)> =
        vec![("ignore".into(), lang.t("import_target_ignore").into())];
    for (key, _) in import::BUILT_IN.iter() {
        options.push((
            key.to_string(),
            lang.t(&format!("import_target_{key}")).into(),
        ));
    }
    for def in &defs {
        options.push((
            format!("field:{}", def.key),
            format!("{} : {}", lang.t("import_target_field"), def.label),
        ));
    }
    let columns = table
        .header
        .iter()
        .enumerate()
        .map(|(index, header)| {
            let current = mapping.get(index).map(Target::key).unwrap_or_default();
            Column {
                index,
                header: header.clone(),
                choices: options
                    .iter()
                    .map(|(value, label)| Choice {
                        selected: *value == current,
                        value: value.clone(),
                        label: label.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let width = table.header.len();
    let lines = table
        .rows
        .iter()
        .take(10)
        .map(|r| PreviewLine {
            line: r.line,
            cells: (0..width.max(r.fields.len()))
                .map(|i| r.fields.get(i).cloned().unwrap_or_default())
                .collect(),
        })
        .collect();
    let encoding_note = match Encoding::parse(&stored.encoding) {
        Encoding::Utf8 => "import_read_as_utf8",
        Encoding::Windows1252 => "import_read_as_windows1252",
        Encoding::Utf16Le | Encoding::Utf16Be => "import_read_as_utf16",
    };
    let delimiter = match stored.delimiter.as_str() {
        "tab" => lang.t("import_delimiter_tab"),
        "," => ",",
        _ => ";",
    };
    let l = dash_layout(app, lang, &format!("/dashboard/contacts/import/{id}"), me).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PreviewPage {
        l,
        id,
        filename: stored.filename.clone(),
        encoding_note,
        delimiter,
        line_count: table.rows.len(),
        columns,
        lines,
        update_existing,
        errors: errors
            .iter()
            .map(|e| ErrorLine {
                line: e.line,
                message: line_message(lang, e),
            })
            .collect(),
    };
    Ok((status, render(&page)).into_response())
}

pub async fn preview(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    preview_page(&app, lang, &me, id, None, Vec::new()).await
}

// ---------------------------------------------------------------------------------------------
// Step 3: the import

/// Checks every line with the columns as chosen; imports all of them, or none and says why.
pub async fn confirm(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let update_existing = form.iter().any(|(k, v)| k == "existing" && v == "update");
    let user = me.user.id;
    let by_name = if me.user.display_name.trim().is_empty() {
        me.user.email.clone()
    } else {
        me.user.display_name.clone()
    };
    let who = app::imports::Importer {
        user,
        by_name,
        existing: if update_existing {
            Existing::UpdateEmpty
        } else {
            Existing::Leave
        },
    };
    // The first `col_<i>` posted for each column counts, as the form sends one.
    let mut chosen = std::collections::BTreeMap::new();
    for (k, v) in &form {
        if let Some(index) = k.strip_prefix("col_").and_then(|i| i.parse::<usize>().ok())
            && *k == format!("col_{index}")
        {
            chosen.entry(index).or_insert_with(|| v.clone());
        }
    }
    let outcome = app::imports::import_stored(&app, id, who, chosen).await?;
    match outcome {
        (Outcome::Done(s), _) => Ok(Redirect::to(&format!(
            "/dashboard/contacts/import/done?created={}&updated={}&unchanged={}",
            s.created, s.updated, s.unchanged
        ))
        .into_response()),
        (Outcome::Refused(errors), mapping) => {
            preview_page(
                &app,
                lang,
                &me,
                id,
                Some((mapping, update_existing)),
                errors,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    created: usize,
    #[serde(default)]
    updated: usize,
    #[serde(default)]
    unchanged: usize,
}

#[derive(Template)]
#[template(path = "dashboard/import_done.html")]
struct DonePage {
    l: Layout,
    created: usize,
    updated: usize,
    unchanged: usize,
}

pub async fn done(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let l = dash_layout(&app, lang, "/dashboard/contacts/import/done", &me).await?;
    Ok(render(&DonePage {
        l,
        created: q.created,
        updated: q.updated,
        unchanged: q.unchanged,
    }))
}

// ---------------------------------------------------------------------------------------------
// Exports

#[derive(Deserialize, Default)]
pub struct ContactsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    tag: String,
}

fn yes_no(lang: Lang, answer: Option<bool>) -> &'static str {
    match answer {
        Some(true) => lang.t("export_yes"),
        Some(false) => lang.t("export_no"),
        None => "",
    }
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Every contact that is not anonymized (or those `q` and `tag` find): details, consents,
/// tags and custom fields.
pub async fn contacts_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<ContactsQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let data = app
        .db
        .read(move |c| export::contacts(c, &q.q, &q.tag))
        .await?;
    let mut header: Vec<&str> = [
        "export_col_first_name",
        "export_col_last_name",
        "export_col_email",
        "export_col_phone",
        "export_col_address",
        "export_col_postal_code",
        "export_col_city",
        "export_col_country",
        "export_col_birth_date",
        "export_col_lang",
        "export_col_notes",
        "export_col_newsletter",
        "export_col_photos",
        "export_col_tags",
        "export_col_created",
    ]
    .iter()
    .map(|k| lang.t(k))
    .collect();
    header.extend(data.fields.iter().map(|f| f.label.as_str()));
    let tz = app.settings.timezone;
    let rows = data.rows.iter().map(|r| {
        let c = &r.contact;
        let mut row = vec![
            c.first_name.clone(),
            c.last_name.clone(),
            c.email.clone().unwrap_or_default(),
            c.phone.clone(),
            c.address.clone(),
            c.postal_code.clone(),
            c.city.clone(),
            c.country.clone(),
            day(c.birth_date),
            c.lang.clone(),
            c.notes.clone(),
            yes_no(lang, r.newsletter).to_string(),
            yes_no(lang, r.photos).to_string(),
            r.tags.join(", "),
            c.created_at
                .and_utc()
                .with_timezone(&tz)
                .format("%d/%m/%Y")
                .to_string(),
        ];
        row.extend(r.fields.iter().cloned());
        row
    });
    let body = spreadsheet::csv(&header, rows)?;
    Ok(spreadsheet::attachment("contacts.csv", body))
}

#[derive(Deserialize, Default)]
pub struct MembersQuery {
    #[serde(default)]
    view: String,
}

/// A member view (current, renew, lapsed) with each person's latest membership.
pub async fn members_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<MembersQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let view = View::parse(q.view.trim()).unwrap_or(View::Current);
    let today = app.today();
    let rows = app
        .db
        .read(move |c| export::members(c, view, today))
        .await?;
    let header: Vec<&str> = [
        "export_col_name",
        "export_col_email",
        "export_col_category",
        "export_col_amount",
        "export_col_paid_on",
        "export_col_from",
        "export_col_until",
        "export_col_method",
        "export_col_receipt",
    ]
    .iter()
    .map(|k| lang.t(k))
    .collect();
    let lines = rows.iter().map(|r| {
        vec![
            r.contact.display_name(),
            r.contact.email.clone().unwrap_or_default(),
            r.category.clone(),
            r.amount_cents.map(export::euros).unwrap_or_default(),
            day(r.paid_on),
            day(Some(r.starts_on)),
            day(Some(r.ends_on)),
            payment_method(lang, r.payment_method),
            r.receipt_number.clone().unwrap_or_default(),
        ]
    });
    let body = spreadsheet::csv(&header, lines)?;
    Ok(spreadsheet::attachment(
        &format!("members-{}.csv", view.as_str()),
        body,
    ))
}

/// A payment method in words when the members' pages have a word for it.
fn payment_method(lang: Lang, method: PaymentMethod) -> String {
    lang.t(super::members::memberships::method_key(method))
        .to_string()
}
