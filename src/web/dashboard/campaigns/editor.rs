//! Writing a campaign: the form (subject, lists, Markdown text, archive, fediverse), its
//! preview as the mail will look, the button that inserts the coming events, saving and
//! deleting a draft. The buttons are plain submit buttons with a name, so that all of it works
//! without JavaScript; a preview or an insertion shows the form again as typed.

use crate::app;
use crate::newsletter::campaigns::CampaignStatus;
use crate::newsletter::lists::ListKind;
use std::collections::HashMap;

use axum::http::StatusCode;

use super::*;
use crate::newsletter::{
    campaigns::{CampaignInput, ListChoice},
    events_block, sending,
};
use crate::web::{csrf::CheckedForm, pages::FormErrors};

/// The form as posted. The lists are checkboxes named `list_{id}`.
#[derive(Deserialize, Default, Clone)]
pub struct CampaignForm {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    /// `auto` (in the archive when a list is public), `yes` or `no`.
    #[serde(default)]
    pub archive: String,
    pub to_fediverse: Option<String>,
    /// Which button: `save` (also the Enter key), `preview` or `events`.
    #[serde(default)]
    pub action: String,
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

impl CampaignForm {
    fn from_campaign(c: &Campaign, lists: &[ListChoice]) -> CampaignForm {
        CampaignForm {
            subject: c.subject.clone(),
            body: c.body_md.clone(),
            archive: if c.public_archive { "yes" } else { "no" }.into(),
            to_fediverse: c.to_fediverse.then(|| "on".into()),
            action: String::new(),
            rest: lists
                .iter()
                .map(|l| (format!("list_{}", l.id), "on".to_string()))
                .collect(),
        }
    }

    fn list_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .rest
            .keys()
            .filter_map(|k| k.strip_prefix("list_")?.parse().ok())
            .collect();
        ids.sort_unstable();
        ids
    }

    pub(super) fn input(&self) -> CampaignInput {
        CampaignInput {
            subject: self.subject.clone(),
            body: self.body.clone(),
            lists: self.list_ids(),
            public_archive: match self.archive.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            to_fediverse: self.to_fediverse.is_some(),
        }
    }
}

pub struct ListOption {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub checked: bool,
}

/// The mail as a subscriber will get it.
pub struct Preview {
    pub subject: String,
    pub html: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "dashboard/campaign_form.html")]
pub(super) struct FormPage {
    pub l: Layout,
    pub id: Option<i64>,
    pub action: String,
    pub f: CampaignForm,
    pub lists: Vec<ListOption>,
    pub errors: FormErrors,
    pub done: Option<&'static str>,
    /// A draft: the form can be saved. A scheduled campaign shows its schedule instead.
    pub editable: bool,
    pub scheduled_for: Option<String>,
    pub preview: Option<Preview>,
    /// The test form's address, and the schedule form's time, as typed.
    pub test_to: String,
    pub schedule_at: String,
}

impl FormPage {
    pub fn archive_is(&self, value: &str) -> bool {
        let current = if self.f.archive.is_empty() {
            "auto"
        } else {
            self.f.archive.as_str()
        };
        current == value
    }
}

/// The words that may follow a redirect (`?done=...`), and only those.
pub(super) fn done_key(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "saved" => Some("campaign_done_saved"),
        "test_sent" => Some("campaign_done_test_sent"),
        "scheduled" => Some("campaign_done_scheduled"),
        "unscheduled" => Some("campaign_done_unscheduled"),
        _ => None,
    }
}

/// Builds the form page; `campaign` is the saved campaign when there is one.
pub(super) async fn page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    campaign: Option<&Campaign>,
    f: CampaignForm,
    errors: FormErrors,
) -> Result<FormPage, Error> {
    let all = app.db.read(campaigns::all_lists).await?;
    let chosen = f.list_ids();
    let lists = all
        .iter()
        .map(|list| ListOption {
            id: list.id,
            name: list.name.clone(),
            kind: list_kind_key(list.kind),
            checked: chosen.contains(&list.id),
        })
        .collect();
    let path = match campaign {
        Some(c) => format!("/dashboard/campaigns/{}", c.id),
        None => "/dashboard/campaigns/new".into(),
    };
    let tz = app.settings.timezone;
    let l = dash_layout(app, lang, &path, me).await?;
    Ok(FormPage {
        l,
        id: campaign.map(|c| c.id),
        action: path,
        f,
        lists,
        errors,
        done: None,
        editable: campaign.is_none_or(Campaign::is_draft),
        scheduled_for: campaign
            .filter(|c| c.status == CampaignStatus::Scheduled)
            .and_then(|c| c.scheduled_at)
            .map(|t| when(lang, tz, &t)),
        preview: None,
        test_to: me.user.email.clone(),
        schedule_at: campaign
            .and_then(|c| c.scheduled_at)
            .map(|t| {
                t.and_utc()
                    .with_timezone(&tz)
                    .format("%Y-%m-%dT%H:%M")
                    .to_string()
            })
            .unwrap_or_default(),
    })
}

pub(crate) fn list_kind_key(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Public => "campaign_list_public",
        ListKind::Members => "campaign_list_members",
        ListKind::Private => "campaign_list_private",
    }
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let f = CampaignForm {
        archive: "auto".into(),
        ..CampaignForm::default()
    };
    Ok(render(
        &page(&app, lang, &me, None, f, FormErrors::default()).await?,
    ))
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    pub done: Option<String>,
}

pub async fn edit_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let (campaign, lists) = app
        .db
        .read(move |c| Ok::<_, Error>((campaigns::find(c, id)?, campaigns::lists_of(c, id)?)))
        .await?;
    if campaign.has_started() {
        return Ok(Redirect::to(&format!("/dashboard/campaigns/{id}/report")).into_response());
    }
    let f = CampaignForm::from_campaign(&campaign, &lists);
    let mut page = page(&app, lang, &me, Some(&campaign), f, FormErrors::default()).await?;
    page.done = done_key(q.done.as_deref());
    Ok(render(&page))
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(form): CheckedForm<CampaignForm>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    submit(app, lang, me, None, form).await
}

pub async fn update(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CampaignForm>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let campaign = app.db.read(move |c| campaigns::find(c, id)).await?;
    submit(app, lang, me, Some(campaign), form).await
}

/// One of the form's buttons: preview, insert the events, or save.
async fn submit(
    app: App,
    lang: Lang,
    me: SignedIn,
    campaign: Option<Campaign>,
    mut form: CampaignForm,
) -> Result<Response, PageError> {
    match form.action.as_str() {
        "preview" => {
            form.action.clear();
            let mut page = page(
                &app,
                lang,
                &me,
                campaign.as_ref(),
                form,
                FormErrors::default(),
            )
            .await?;
            page.preview = Some(preview(&app, lang, &me, campaign.as_ref(), &page)?);
            Ok(render(&page))
        }
        "events" => {
            let (base, code) = (app.settings.base().to_string(), lang.code());
            let block = app
                .db
                .read(move |c| events_block::markdown(c, &base, code, crate::db::now()))
                .await?;
            let body = form.body.trim_end();
            form.body = if body.is_empty() {
                block
            } else {
                format!("{body}\n\n{block}")
            };
            form.action.clear();
            let mut page = page(
                &app,
                lang,
                &me,
                campaign.as_ref(),
                form,
                FormErrors::default(),
            )
            .await?;
            page.done = Some("campaign_done_events_inserted");
            Ok(render(&page))
        }
        _ => save(app, lang, me, campaign, form).await,
    }
}

async fn save(
    app: App,
    lang: Lang,
    me: SignedIn,
    campaign: Option<Campaign>,
    form: CampaignForm,
) -> Result<Response, PageError> {
    let input = form.input();
    let id = campaign.as_ref().map(|c| c.id);
    let saved = app::campaigns::save(&app, id, input, me.user.id).await;
    match saved {
        Ok(saved) => Ok(back_to(saved.id, "saved")),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let page = page(&app, lang, &me, campaign.as_ref(), form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

/// The mail as the signed-in member would get it, from what is typed (saved or not).
fn preview(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    saved: Option<&Campaign>,
    page: &FormPage,
) -> Result<Preview, Error> {
    let input = page.f.input();
    let public_list = page
        .lists
        .iter()
        .any(|l| l.checked && l.kind == "campaign_list_public");
    let at = crate::db::now();
    let draft = Campaign {
        id: saved.map(|c| c.id).unwrap_or(0),
        slug: saved.map(|c| c.slug.clone()).unwrap_or_default(),
        subject: input.subject.trim().to_string(),
        body_html: crate::site::markdown::to_html(&input.body),
        body_md: input.body,
        status: CampaignStatus::Draft,
        scheduled_at: None,
        started_at: None,
        finished_at: None,
        public_archive: input.public_archive.unwrap_or(public_list),
        to_fediverse: input.to_fediverse,
        created_by: None,
        created_at: at,
        updated_at: at,
    };
    let mail = sending::mail(
        &sending::Site::new(&app.settings),
        &draft,
        &sending::Addressee {
            recipient_id: None,
            email: me.user.email.clone(),
            lang: lang.code().into(),
            unsubscribe_token: "preview".into(),
        },
    )?;
    Ok(Preview {
        subject: mail.subject,
        html: mail.html.unwrap_or_default(),
        text: mail.text,
    })
}

pub async fn delete(
    State(app): State<App>,
    me: SignedIn,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    app::campaigns::delete(&app, id).await?;
    Ok(Redirect::to("/dashboard/campaigns").into_response())
}

/// A mistake in one of the side forms (test, schedule) shown on the campaign's page, with what
/// was typed.
pub(super) async fn page_with_error(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    id: i64,
    e: Error,
    typed: impl FnOnce(&mut FormPage),
) -> Result<Response, PageError> {
    let errors = FormErrors::from_error(e)?;
    let (campaign, lists) = app
        .db
        .read(move |c| Ok::<_, Error>((campaigns::find(c, id)?, campaigns::lists_of(c, id)?)))
        .await?;
    let f = CampaignForm::from_campaign(&campaign, &lists);
    let mut page = page(app, lang, me, Some(&campaign), f, errors).await?;
    typed(&mut page);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}
