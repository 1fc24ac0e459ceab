//! The list of contacts (search, filters, pages, ticking rows to tag them all at once) and the
//! form for a new contact.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::{Deserialize, Serialize};

use super::{CustomInput, DetailsForm, custom_inputs, custom_values, details, name_of};
use crate::accounts::Capability;
use crate::error::Error;
use crate::members::{
    contacts::{self, Filter, PER_PAGE},
    fields,
    tags::{self, Tag},
};
use crate::web::{
    csrf::CheckedForm,
    dashboard::dash_layout,
    pages::{FormErrors, Layout, PageError, render},
    session::SignedIn,
};
use crate::{App, app};

/// The list's address: what was searched and filtered, and the page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tag: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounced: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    #[serde(default, skip_serializing)]
    pub page: Option<String>,
    /// After a bulk tag: how many contacts got it.
    #[serde(default, skip_serializing)]
    pub tagged: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> Filter {
        Filter {
            q: self.q.chars().take(200).collect(),
            tag: self.tag.trim().parse().ok(),
            group: self.group.trim().parse().ok(),
            has_email: self.has_email.is_some(),
            bounced: self.bounced.is_some(),
            newsletter_consent: self.consent.is_some(),
        }
    }

    fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, 1_000_000)
    }

    /// The search and filters as a query string (without the page).
    fn params(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    fn href(&self, page: i64) -> String {
        let params = self.params();
        match (params.is_empty(), page) {
            (true, 1) => "/dashboard/contacts".to_string(),
            (true, p) => format!("/dashboard/contacts?page={p}"),
            (false, 1) => format!("/dashboard/contacts?{params}"),
            (false, p) => format!("/dashboard/contacts?{params}&page={p}"),
        }
    }
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub bounced: bool,
    pub phone: String,
    pub city: String,
    pub anonymized: bool,
}

/// A link in the pager; `None` is a gap (…).
pub struct PageLink {
    pub number: i64,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "dashboard/contacts.html")]
struct ListPage {
    l: Layout,
    f: ListQuery,
    rows: Vec<Row>,
    total_line: String,
    pages: Vec<Option<PageLink>>,
    prev: Option<String>,
    next: Option<String>,
    tags: Vec<Tag>,
    groups: Vec<Tag>,
    all_tags: Vec<Tag>,
    back: String,
    notice: Option<String>,
    bulk_error: bool,
    can_define_fields: bool,
    /// The spreadsheet of the contacts this list shows (same filters).
    export_href: String,
}

pub async fn list(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    render_list(app, lang, me, query, false).await
}

async fn render_list(
    app: App,
    lang: Lang,
    me: SignedIn,
    query: ListQuery,
    bulk_error: bool,
) -> Result<Response, PageError> {
    let filter = query.filter();
    let page = query.page();
    let ((found, total), all_tags) = app
        .db
        .read(move |c| Ok::<_, Error>((contacts::search(c, &filter, page)?, tags::all(c)?)))
        .await?;
    let rows = found
        .iter()
        .map(|c| Row {
            id: c.id,
            name: name_of(c, lang),
            email: c.email.clone().unwrap_or_default(),
            bounced: c.email_bounced_at.is_some(),
            phone: c.phone.clone(),
            city: c.city.clone(),
            anonymized: c.anonymized_at.is_some(),
        })
        .collect();
    let last = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let pages = pager(page, last)
        .into_iter()
        .map(|n| {
            n.map(|number| PageLink {
                number,
                href: query.href(number),
                current: number == page,
            })
        })
        .collect();
    let notice = query
        .tagged
        .as_deref()
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| lang.t_args("contact_bulk_done", &[("n", n.into())]));
    let l = dash_layout(&app, lang, "/dashboard/contacts", &me).await?;
    let view = ListPage {
        total_line: lang.t_args("contact_total", &[("n", total.into())]),
        prev: (page > 1).then(|| query.href(page - 1)),
        next: (page < last).then(|| query.href(page + 1)),
        pages,
        tags: all_tags.iter().filter(|t| !t.is_group()).cloned().collect(),
        groups: all_tags.iter().filter(|t| t.is_group()).cloned().collect(),
        all_tags,
        back: {
            let params = query.params();
            if page > 1 {
                format!("{params}&page={page}")
            } else {
                params
            }
        },
        rows,
        notice,
        bulk_error,
        can_define_fields: me.user.role().can(Capability::Administer),
        export_href: match query.params() {
            p if p.is_empty() => "/dashboard/contacts/export.csv".to_string(),
            p => format!("/dashboard/contacts/export.csv?{p}"),
        },
        f: query,
        l,
    };
    let status = if bulk_error {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&view)).into_response())
}

/// Page numbers to link: the first, the last, and two on each side of the current one.
fn pager(page: i64, last: i64) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    let mut previous = 0;
    for n in 1..=last {
        if n == 1 || n == last || (n - page).abs() <= 2 {
            if n > previous + 1 {
                out.push(None);
            }
            out.push(Some(n));
            previous = n;
        }
    }
    out
}

/// Adds one tag to every ticked contact, then goes back to the same page of the list.
pub async fn bulk_tag(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(pairs): CheckedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let back: ListQuery = serde_urlencoded::from_str(value("back")).unwrap_or_default();
    let tag_id = value("tag_id").trim().parse::<i64>().ok();
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    let (Some(tag_id), false) = (tag_id, ids.is_empty()) else {
        return render_list(app, lang, me, back, true).await;
    };
    let n = app::contacts::tag_many(&app, tag_id, ids).await?;
    let mut to = back.clone();
    to.tagged = None;
    let href = to.href(to.page());
    let sep = if href.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{href}{sep}tagged={n}")).into_response())
}

// ---------------------------------------------------------------------------------------------
// A new contact

#[derive(Template)]
#[template(path = "dashboard/contacts_new.html")]
struct NewPage {
    l: Layout,
    f: DetailsForm,
    custom: Vec<CustomInput>,
    errors: FormErrors,
}

async fn new_page(
    app: &App,
    lang: Lang,
    me: &SignedIn,
    f: DetailsForm,
    values: Vec<(i64, String)>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let defs = app.db.read(fields::all).await?;
    let custom = custom_inputs(&defs, &values, &errors, lang);
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let l = dash_layout(app, lang, "/dashboard/contacts/new", me).await?;
    Ok((
        status,
        render(&NewPage {
            l,
            f,
            custom,
            errors,
        }),
    )
        .into_response())
}

pub async fn new_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let f = DetailsForm {
        lang: lang.code().to_string(),
        ..DetailsForm::default()
    };
    new_page(&app, lang, &me, f, vec![], FormErrors::default()).await
}

pub async fn create(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    CheckedForm(pairs): CheckedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let form = DetailsForm::from_pairs(&pairs);
    let by = me.user.id;
    let created = app::contacts::create(
        &app,
        details(&form, pairs.clone()),
        contacts::Source::Dashboard,
        by,
    )
    .await;
    match created {
        Ok(contact) => Ok(
            Redirect::to(&format!("/dashboard/contacts/{}?saved=1", contact.id)).into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e)?;
            let defs = app.db.read(fields::all).await?;
            let values = custom_values(&pairs, &defs);
            new_page(&app, lang, &me, form, values, errors).await
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pager_shows_the_ends_and_the_neighbours() {
        assert_eq!(super::pager(1, 1), vec![Some(1)]);
        assert_eq!(
            super::pager(6, 20),
            vec![
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(20)
            ]
        );
    }
}
