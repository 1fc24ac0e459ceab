//! The membership settings, for admins: the period (the season and its first day, or twelve
//! rolling months) and when renewal reminders go.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::accounts::Capability;
use crate::error::Error;
use crate::members::period::{self, SettingsInput};
use crate::web::{
    csrf::CheckedForm,
    dashboard::{SavedQuery, dash_layout},
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

/// The form as typed: the season's first day as a day and a month.
#[derive(Deserialize, Default, Clone)]
pub struct SettingsForm {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub start_day: String,
    #[serde(default)]
    pub start_month: String,
    #[serde(default)]
    pub reminders_before: String,
    #[serde(default)]
    pub reminders_after: String,
}

impl SettingsForm {
    fn of(s: &period::Settings) -> SettingsForm {
        let typed = SettingsInput::of(s);
        SettingsForm {
            period: typed.period,
            start_day: s.year_start.1.to_string(),
            start_month: s.year_start.0.to_string(),
            reminders_before: typed.reminders_before,
            reminders_after: typed.reminders_after,
        }
    }

    fn input(&self) -> SettingsInput {
        SettingsInput {
            period: self.period.clone(),
            year_start: format!("{}-{}", self.start_month.trim(), self.start_day.trim()),
            reminders_before: self.reminders_before.clone(),
            reminders_after: self.reminders_after.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "dashboard/members_settings.html")]
struct SettingsPage {
    l: Layout,
    f: SettingsForm,
    errors: FormErrors,
    days: Vec<String>,
    months: Vec<(String, &'static str)>,
    saved: bool,
}

impl SettingsPage {
    fn is_season(&self) -> bool {
        self.f.period != "rolling"
    }
}

fn page(l: Layout, f: SettingsForm, errors: FormErrors) -> SettingsPage {
    let lang = l.lang;
    SettingsPage {
        l,
        f,
        errors,
        days: (1..=31).map(|d| d.to_string()).collect(),
        months: (1..=12)
            .map(|n| (n.to_string(), crate::i18n::dates::month_name(lang, n)))
            .collect(),
        saved: false,
    }
}

pub async fn show(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let settings = app.db.read(period::load).await?;
    let l = dash_layout(&app, lang, "/dashboard/members/settings", &me).await?;
    let mut page = page(l, SettingsForm::of(&settings), FormErrors::default());
    page.saved = q.saved.is_some();
    Ok(render(&page))
}

pub async fn save(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<SettingsForm>,
) -> Result<Response, PageError> {
    me.require(Capability::Administer)?;
    let input = form.input();
    match app::members::save_settings(&app, input).await {
        Ok(_) => Ok(Redirect::to("/dashboard/members/settings?saved=1").into_response()),
        Err(e @ Error::Invalid(_)) => {
            let errors = FormErrors::from_error(e)?;
            let l = dash_layout(&app, lang, "/dashboard/members/settings", &me).await?;
            let page = page(l, form, errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
