//! Weekly series: create one, edit all its coming dates.

use super::*;

pub struct Occurrence {
    pub id: i64,
    pub when: String,
    pub places: String,
    pub past: bool,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "dashboard/events_series.html")]
struct SeriesPage {
    l: Layout,
    /// `None` for a new series.
    id: Option<i64>,
    action: String,
    f: EventForm,
    errors: FormErrors,
    c: Choices,
    occurrences: Vec<Occurrence>,
    saved: Option<String>,
    /// For an existing series: its dates, in words.
    rule_text: String,
}

async fn series_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: Option<i64>,
    f: EventForm,
    errors: FormErrors,
) -> Result<SeriesPage, Error> {
    let path = id
        .map(|id| format!("/dashboard/series/{id}"))
        .unwrap_or("/dashboard/series/new".into());
    let l = dash_layout(app, lang, &path, me).await?;
    let (occurrences, rule_text) = match id {
        Some(id) => {
            let (s, list) = app
                .db
                .read(move |c| Ok::<_, Error>((series::find(c, id)?, series::occurrences(c, id)?)))
                .await?;
            let at = crate::db::now();
            let tz = app.settings.timezone;
            let rule = s.rule()?;
            let text = format!(
                "{} {}–{} · {} → {}",
                crate::i18n::dates::weekday_name(lang, rule.weekday.into()),
                rule.start_time.format("%H:%M"),
                rule.end_time.format("%H:%M"),
                rule.from,
                rule.until
            );
            let occ = list
                .iter()
                .map(|e| Occurrence {
                    id: e.id,
                    when: event_when(lang, e, tz),
                    places: match e.capacity {
                        Some(c) => format!("{} / {c}", e.confirmed_count),
                        None => e.confirmed_count.to_string(),
                    },
                    past: e.starts_at <= at,
                    status: status_key(e.status),
                })
                .collect();
            (occ, text)
        }
        None => (Vec::new(), String::new()),
    };
    Ok(SeriesPage {
        action: path,
        id,
        f,
        errors,
        c: choices(app, lang).await?,
        occurrences,
        saved: None,
        rule_text,
        l,
    })
}

pub async fn series_new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let mut f = EventForm::blank(&app);
    f.start_time = "19:00".into();
    f.end_time = "20:30".into();
    Ok(render(
        &series_page(&app, lang, &me, None, f, FormErrors::default()).await?,
    ))
}

pub async fn series_create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<EventForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (input, mut errors) = form.input();
    let (rule, rule_errors) = form.rule();
    errors.extend(rule_errors);
    let made = match rule {
        Some(rule) if errors.is_empty() => app::events::create_series(&app, input, rule).await,
        _ => Err(Error::Invalid(vec![])),
    };
    match made {
        Ok((id, events)) => Ok(Redirect::to(&format!(
            "/dashboard/series/{id}?saved={}",
            events.len()
        ))
        .into_response()),
        Err(e) => {
            let mut errors = merge(errors, e)?;
            if form.title.trim().is_empty() && !errors.0.iter().any(|f| f.field == "title") {
                errors.0.push(FieldError {
                    field: "title",
                    code: "required",
                });
            }
            let page = series_page(&app, lang, &me, None, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct SeriesSavedQuery {
    saved: Option<String>,
}

pub async fn series_edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SeriesSavedQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (s, list) = app
        .db
        .read(move |c| Ok::<_, Error>((series::find(c, id)?, series::occurrences(c, id)?)))
        .await?;
    let rule = s.rule()?;
    // The form starts from the next occurrence (or the last one, when all have passed).
    let at = crate::db::now();
    let model = list
        .iter()
        .find(|e| e.starts_at > at)
        .or(list.last())
        .ok_or(Error::NotFound)?;
    let model_id = model.id;
    let hold = app.db.read(move |c| holds::settings(c, model_id)).await?;
    let mut f = EventForm::from_event(model, hold);
    f.start_time = rule.start_time.format("%H:%M").to_string();
    f.end_time = rule.end_time.format("%H:%M").to_string();
    f.weekday = rule.weekday.to_string();
    f.from = rule.from.to_string();
    f.until = rule.until.to_string();
    f.except = series::format_exceptions(&rule.except);
    let mut page = series_page(&app, lang, &me, Some(id), f, FormErrors::default()).await?;
    page.saved = q.saved;
    Ok(render(&page))
}

pub async fn series_update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<EventForm>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageEvents)?;
    let (input, mut errors) = form.input();
    let start_time = parse_time(&form.start_time);
    if start_time.is_none() {
        errors.push(FieldError {
            field: "start_time",
            code: "time_invalid",
        });
    }
    let end_time = parse_time(&form.end_time);
    if end_time.is_none() {
        errors.push(FieldError {
            field: "end_time",
            code: "time_invalid",
        });
    }
    let changed = if errors.is_empty() {
        app::events::update_series(
            &app,
            id,
            SeriesEdit {
                event: input,
                start_time,
                end_time,
            },
        )
        .await
    } else {
        Err(Error::Invalid(vec![]))
    };
    match changed {
        Ok(events) => Ok(
            Redirect::to(&format!("/dashboard/series/{id}?saved={}", events.len())).into_response(),
        ),
        Err(e) => {
            let errors = merge(errors, e)?;
            let page = series_page(&app, lang, &me, Some(id), form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}
