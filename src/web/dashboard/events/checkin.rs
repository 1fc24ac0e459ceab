//! Check-in on a phone, the printed sheet, the CSV export.

use super::*;
use crate::web::spreadsheet;

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
        .read(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let mut rows: Vec<RegRow> = list
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
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
        .read(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let mut confirmed: Vec<RegRow> = list
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .map(|r| row(lang, &event, r))
        .collect();
    confirmed.sort_by_key(|r| r.name.to_lowercase());
    // The waiting list stays in its order: the first one gets the next seat at the door.
    let waiting = list
        .iter()
        .filter(|r| r.status == RegistrationStatus::Waitlisted)
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

/// The registrations as a spreadsheet (see `web::spreadsheet`).
pub fn registrations_csv(
    lang: Lang,
    event: &Event,
    list: &[Registration],
) -> Result<Vec<u8>, Error> {
    let tz = event.tz();
    let rows = list.iter().map(|r| {
        let at = r
            .created_at
            .and_utc()
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        vec![
            r.id.to_string(),
            r.name.clone(),
            r.email.clone().unwrap_or_default(),
            r.actor_id.clone().unwrap_or_default(),
            lang.t(channel_key(r)).to_string(),
            lang.t(reg_status_key(r.status)).to_string(),
            at,
            lang.t(if r.checked_in { "yes" } else { "no" }).to_string(),
            r.message.clone(),
        ]
    });
    spreadsheet::csv(
        &[
            lang.t("csv_number"),
            lang.t("name"),
            lang.t("email"),
            lang.t("csv_fediverse"),
            lang.t("csv_channel"),
            lang.t("status"),
            lang.t("csv_registered_at"),
            lang.t("csv_came"),
            lang.t("csv_message"),
        ],
        rows,
    )
}

/// The CSV file as an HTTP answer, named after the event.
pub fn csv_response(event: &Event, body: Vec<u8>) -> Response {
    spreadsheet::attachment(&format!("{}-registrations.csv", event.slug), body)
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
        .read(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let body = registrations_csv(lang, &event, &list)?;
    Ok(csv_response(&event, body))
}
