//! Check-in on a phone, the printed sheet, the CSV export.

use super::*;

#[derive(Template)]
#[template(path = "dashboard/events_checkin.html")]
struct CheckinPage {
    l: Layout,
    e: Event,
    when: String,
    rows: Vec<RegRow>,
    came: usize,
}

pub async fn checkin(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let mut rows: Vec<RegRow> = list
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Confirmed)
        .map(|r| row(lang, &event, r))
        .collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    let l = dash_layout(&app, lang, &format!("/dashboard/events/{id}/checkin"), &me).await?;
    Ok(render(&CheckinPage {
        came: rows.iter().filter(|r| r.checked_in).count(),
        when: event_when(lang, &event, app.settings.timezone),
        rows,
        e: event,
        l,
    }))
}

#[derive(Template)]
#[template(path = "dashboard/events_sheet.html")]
struct SheetPage {
    l: Layout,
    e: Event,
    when: String,
    place: String,
    confirmed: Vec<RegRow>,
    waiting: Vec<RegRow>,
}

/// A plain page to print: names in alphabetical order and an empty box to tick.
pub async fn sheet(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let mut confirmed: Vec<RegRow> = list
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Confirmed)
        .map(|r| row(lang, &event, r))
        .collect();
    confirmed.sort_by_key(|r| r.name.to_lowercase());
    // The waiting list stays in its order: the first one gets the next seat at the door.
    let waiting = list
        .iter()
        .filter(|r| r.status() == RegistrationStatus::Waitlisted)
        .map(|r| row(lang, &event, r))
        .collect();
    let l = dash_layout(&app, lang, &format!("/dashboard/events/{id}/sheet"), &me).await?;
    Ok(render(&SheetPage {
        when: event_when(lang, &event, app.settings.timezone),
        place: place_line(&event),
        confirmed,
        waiting,
        e: event,
        l,
    }))
}

/// A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or CR first)
/// gets a `'` in front: names come from strangers, some from other servers.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The registrations as CSV for LibreOffice and Excel: UTF-8 with a byte order mark (without
/// it Excel reads the file as Windows-1252 and breaks the accents), `;` between fields (what
/// Excel expects in French, the association's language: with `,` everything would land in one
/// column; LibreOffice asks or guesses either way), CRLF line ends, and a header row.
pub fn registrations_csv(
    lang: Lang,
    event: &Event,
    list: &[Registration],
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        w.write_record([
            lang.t("csv_number"),
            lang.t("name"),
            lang.t("email"),
            lang.t("csv_fediverse"),
            lang.t("csv_channel"),
            lang.t("status"),
            lang.t("csv_registered_at"),
            lang.t("csv_came"),
            lang.t("csv_message"),
        ])
        .map_err(Error::internal)?;
        let tz = event.tz();
        for r in list {
            let at = r
                .created_at
                .and_utc()
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string();
            w.write_record([
                r.id.to_string(),
                cell(&r.name),
                cell(r.email.as_deref().unwrap_or("")),
                cell(r.actor_id.as_deref().unwrap_or("")),
                lang.t(channel_key(r)).to_string(),
                lang.t(reg_status_key(r.status())).to_string(),
                at,
                lang.t(if r.checked_in { "yes" } else { "no" }).to_string(),
                cell(&r.message.replace(['\r', '\n'], " ")),
            ])
            .map_err(Error::internal)?;
        }
        w.flush().map_err(Error::internal)?;
    }
    Ok(out)
}

/// The CSV file as an HTTP answer, named after the event.
pub fn csv_response(event: &Event, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-registrations.csv\"", event.slug),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub async fn export_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (event, list) = app
        .db
        .run(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let body = registrations_csv(lang, &event, &list)?;
    Ok(csv_response(&event, body))
}
