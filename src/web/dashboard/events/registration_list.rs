//! The registrations of one event: the list, capacity, a message to everyone, approve,
//! refuse, cancel, check in.

use super::*;
use crate::db::TextEnum;

pub struct RegRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub channel: &'static str,
    pub status: RegistrationStatus,
    pub status_key: &'static str,
    pub at: String,
    pub message: String,
    pub checked_in: bool,
    pub active: bool,
    /// A web registration whose address is not confirmed yet (`events::holds`).
    pub awaits: bool,
}

pub(super) fn channel_key(r: &Registration) -> &'static str {
    match r.channel {
        crate::events::Channel::Web => "channel_web",
        crate::events::Channel::Join => "channel_join",
        crate::events::Channel::Poll => "channel_poll",
        crate::events::Channel::Accept => "channel_accept",
    }
}

pub(super) fn reg_status_key(s: RegistrationStatus) -> &'static str {
    match s {
        RegistrationStatus::Pending => "reg_pending",
        RegistrationStatus::Confirmed => "reg_confirmed",
        RegistrationStatus::Waitlisted => "reg_waitlisted",
        RegistrationStatus::Cancelled => "reg_cancelled",
        RegistrationStatus::Refused => "reg_refused",
        RegistrationStatus::Expired => "reg_expired",
    }
}

pub(super) fn row(lang: Lang, e: &Event, r: &Registration) -> RegRow {
    RegRow {
        id: r.id,
        name: r.name.clone(),
        contact: r
            .email
            .clone()
            .or_else(|| r.actor_id.clone())
            .unwrap_or_default(),
        channel: channel_key(r),
        status: r.status,
        status_key: reg_status_key(r.status),
        at: when(lang, e.tz(), &r.created_at),
        message: r.message.clone(),
        checked_in: r.checked_in,
        active: r.status.is_active(),
        awaits: r.awaits_confirmation(),
    }
}

#[derive(Template)]
#[template(path = "dashboard/events_registrations.html")]
struct RegistrationsPage {
    l: Layout,
    e: Event,
    when: String,
    rows: Vec<RegRow>,
    confirmed: usize,
    waiting: usize,
    pending: usize,
    came: usize,
    capacity: String,
    message: String,
    errors: FormErrors,
    done: Option<&'static str>,
    sent: Option<i64>,
    cancelled: bool,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
    sent: Option<i64>,
}

/// The notices a redirect may ask this page to show: only known keys.
fn done_key(text: Option<&str>) -> Option<&'static str> {
    [
        "capacity_saved",
        "message_sent",
        "event_cancelled_notice",
        "registration_updated",
    ]
    .into_iter()
    .find(|k| Some(*k) == text)
}

async fn registrations_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    capacity: Option<String>,
    message: String,
    errors: FormErrors,
) -> Result<RegistrationsPage, Error> {
    let (event, list) = app
        .db
        .read(move |c| Ok::<_, Error>((agenda::find(c, id)?, registrations::list(c, id)?)))
        .await?;
    let l = dash_layout(
        app,
        lang,
        &format!("/dashboard/events/{id}/registrations"),
        me,
    )
    .await?;
    let count = |s: RegistrationStatus| list.iter().filter(|r| r.status == s).count();
    Ok(RegistrationsPage {
        when: event_when(lang, &event, app.settings.timezone),
        rows: list.iter().map(|r| row(lang, &event, r)).collect(),
        confirmed: count(RegistrationStatus::Confirmed),
        waiting: count(RegistrationStatus::Waitlisted),
        pending: count(RegistrationStatus::Pending),
        came: list.iter().filter(|r| r.checked_in).count(),
        capacity: capacity
            .unwrap_or_else(|| event.capacity.map(|c| c.to_string()).unwrap_or_default()),
        message,
        errors,
        done: None,
        sent: None,
        cancelled: event.status == EventStatus::Cancelled,
        e: event,
        l,
    })
}

pub async fn registrations(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let mut page = registrations_page(
        &app,
        lang,
        &me,
        id,
        None,
        String::new(),
        FormErrors::default(),
    )
    .await?;
    page.done = done_key(q.done.as_deref());
    page.sent = q.sent;
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct CapacityForm {
    #[serde(default)]
    capacity: String,
}

pub async fn set_capacity(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CapacityForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let parsed = match form.capacity.trim() {
        "" => Ok(None),
        text => text
            .parse::<i32>()
            .map(Some)
            .map_err(|_| Error::invalid("capacity", "capacity_invalid")),
    };
    let result = match parsed {
        Ok(capacity) => app::events::set_capacity(&app, id, capacity)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/dashboard/events/{id}/registrations?done=capacity_saved"
        ))
        .into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = registrations_page(
                &app,
                lang,
                &me,
                id,
                Some(form.capacity),
                String::new(),
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    message: String,
}

pub async fn message_all(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<MessageForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let sent = app::registrations::message_all(&app, id, form.message.clone()).await;
    match sent {
        Ok(n) => Ok(Redirect::to(&format!(
            "/dashboard/events/{id}/registrations?done=message_sent&sent={n}"
        ))
        .into_response()),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = registrations_page(&app, lang, &me, id, None, form.message, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct RegistrationAction {
    /// For check-in: `1` came, `0` did not.
    #[serde(default)]
    came: String,
    /// Which page to go back to: `checkin` or the list.
    #[serde(default)]
    back: String,
}

fn back_to(r: &Registration, back: &str) -> Response {
    let to = if back == "checkin" {
        format!("/dashboard/events/{}/checkin#r{}", r.event_id, r.id)
    } else {
        format!(
            "/dashboard/events/{}/registrations?done=registration_updated#r{}",
            r.event_id, r.id
        )
    };
    Redirect::to(&to).into_response()
}

pub async fn approve(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let r = app::registrations::approve(&app, id).await?;
    Ok(back_to(&r, &form.back))
}

pub async fn refuse(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let r = app::registrations::refuse(&app, id).await?;
    Ok(back_to(&r, &form.back))
}

pub async fn cancel_registration(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let r = app::registrations::cancel(&app, id).await?;
    Ok(back_to(&r, &form.back))
}

pub async fn check_in(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RegistrationAction>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let came = form.came != "0";
    let r = app::registrations::check_in(&app, id, came).await?;
    let back = if form.back.is_empty() {
        "checkin"
    } else {
        form.back.as_str()
    };
    Ok(back_to(&r, back))
}
