//! Sending a saved campaign: a test to one address, "Send now" after a page that says how many
//! people it goes to, "Send at" a local time, cancelling a schedule, stopping a sending.

use crate::app;
use chrono::NaiveDateTime;

use super::editor::page_with_error;
use super::*;
use crate::newsletter::sending;
use crate::web::csrf::CheckedForm;

#[derive(Deserialize)]
pub struct TestForm {
    #[serde(default)]
    pub to: String,
}

pub async fn test(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<TestForm>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let queued =
        app::campaigns::send_test(&app, id, form.to.clone(), lang.code().to_string()).await;
    match queued {
        Ok(_) => Ok(back_to(id, "test_sent")),
        Err(e) => page_with_error(&app, lang, &me, id, e, |p| p.test_to = form.to).await,
    }
}

#[derive(Template)]
#[template(path = "dashboard/campaign_send.html")]
struct ConfirmPage {
    l: Layout,
    c: Campaign,
    lists: Vec<String>,
    recipients: usize,
}

/// The page before sending: how many people it goes to, and the button.
pub async fn confirm(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let today = app.today();
    let (c, lists, recipients) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                campaigns::find(c, id)?,
                campaigns::lists_of(c, id)?,
                sending::audience_size(c, id, today)?,
            ))
        })
        .await?;
    if c.has_started() {
        return Ok(Redirect::to(&format!("/dashboard/campaigns/{id}/report")).into_response());
    }
    let l = dash_layout(&app, lang, &format!("/dashboard/campaigns/{id}/send"), &me).await?;
    Ok(render(&ConfirmPage {
        l,
        c,
        lists: lists.into_iter().map(|l| l.name).collect(),
        recipients,
    }))
}

pub async fn send_now(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    app::campaigns::send_now(&app, id).await?;
    Ok(Redirect::to(&format!("/dashboard/campaigns/{id}/report")).into_response())
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    pub at: String,
}

/// `2026-12-01T09:00` as a datetime-local field sends it (seconds and a space also read).
pub(crate) fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

pub async fn schedule(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ScheduleForm>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let tz = app.settings.timezone;
    let at = match parse_local(&form.at) {
        Some(local) => campaigns::local_to_utc(local, tz),
        None => Err(Error::invalid("at", "campaign_time_invalid")),
    };
    let scheduled = match at {
        Ok(at) => app::campaigns::schedule(&app, id, at).await,
        Err(e) => Err(e),
    };
    match scheduled {
        Ok(_) => Ok(back_to(id, "scheduled")),
        Err(e) => page_with_error(&app, lang, &me, id, e, |p| p.schedule_at = form.at).await,
    }
}

pub async fn unschedule(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    app::campaigns::unschedule(&app, id).await?;
    Ok(back_to(id, "unscheduled"))
}

pub async fn stop(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    app::campaigns::stop(&app, id).await?;
    Ok(Redirect::to(&format!("/dashboard/campaigns/{id}/report")).into_response())
}
