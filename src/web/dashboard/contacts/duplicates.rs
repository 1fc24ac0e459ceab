//! Duplicates: the groups of records that look like one person, and the page that merges two
//! of them, side by side.

use crate::i18n::Lang;
use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use super::{Empty, name_of, subscription_words};
use crate::accounts::Capability;
use crate::error::Error;
use crate::members::{contacts, duplicates};
use crate::web::{
    csrf::CheckedForm,
    dashboard::dash_layout,
    pages::{Layout, PageError, render, when},
    session::SignedIn,
};
use crate::{App, app};

pub struct DupRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub city: String,
    pub created: String,
    /// The merge page that keeps the group's first record and merges this one into it.
    pub merge_href: Option<String>,
}

pub struct DupGroup {
    pub reason: &'static str,
    pub key: String,
    pub rows: Vec<DupRow>,
}

#[derive(Template)]
#[template(path = "dashboard/contacts_duplicates.html")]
struct DuplicatesPage {
    l: Layout,
    groups: Vec<DupGroup>,
}

pub async fn list(State(app): State<App>, lang: Lang, me: SignedIn) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let found = app.db.read(duplicates::groups).await?;
    let tz = app.settings.timezone;
    let groups = found
        .into_iter()
        .map(|g| {
            let first = g.contacts.first().map(|c| c.id).unwrap_or_default();
            DupGroup {
                reason: match g.reason {
                    duplicates::Reason::SameEmail => lang.t("contact_dup_same_email"),
                    duplicates::Reason::SameName => lang.t("contact_dup_same_name"),
                },
                key: g.key,
                rows: g
                    .contacts
                    .iter()
                    .map(|c| DupRow {
                        id: c.id,
                        name: name_of(c, lang),
                        email: c.email.clone().unwrap_or_default(),
                        phone: c.phone.clone(),
                        city: c.city.clone(),
                        created: when(lang, tz, &c.created_at),
                        merge_href: (c.id != first)
                            .then(|| format!("/dashboard/contacts/{first}/merge/{}", c.id)),
                    })
                    .collect(),
            }
        })
        .collect();
    let l = dash_layout(&app, lang, "/dashboard/contacts/duplicates", &me).await?;
    Ok(render(&DuplicatesPage { l, groups }))
}

/// One line of the side-by-side view.
pub struct Side {
    pub label: &'static str,
    pub kept: String,
    pub other: String,
}

#[derive(Template)]
#[template(path = "dashboard/contacts_merge.html")]
struct MergePage {
    l: Layout,
    kept_id: i64,
    other_id: i64,
    kept_name: String,
    other_name: String,
    sides: Vec<Side>,
}

pub async fn merge_form(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path((kept_id, other_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    if kept_id == other_id {
        return Err(PageError(Error::NotFound));
    }
    let (kept, other, kh, oh) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                contacts::editable(c, kept_id)?,
                contacts::editable(c, other_id)?,
                duplicates::holdings(c, kept_id)?,
                duplicates::holdings(c, other_id)?,
            ))
        })
        .await?;
    let tz = app.settings.timezone;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let subs = |s: &[(String, String)]| {
        s.iter()
            .map(|(list, status)| format!("{list} : {}", subscription_words(lang, status)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let side = |label: &'static str, kept: String, other: String| Side {
        label: lang.t(label),
        kept,
        other,
    };
    let sides = vec![
        side(
            "contact_first_name",
            kept.first_name.clone(),
            other.first_name.clone(),
        ),
        side(
            "contact_last_name",
            kept.last_name.clone(),
            other.last_name.clone(),
        ),
        side(
            "email",
            kept.email.clone().unwrap_or_default(),
            other.email.clone().unwrap_or_default(),
        ),
        side("contact_phone", kept.phone.clone(), other.phone.clone()),
        side(
            "contact_address",
            format!("{} {} {}", kept.address, kept.postal_code, kept.city)
                .trim()
                .to_string(),
            format!("{} {} {}", other.address, other.postal_code, other.city)
                .trim()
                .to_string(),
        ),
        side(
            "contact_country",
            kept.country.clone(),
            other.country.clone(),
        ),
        side(
            "contact_birth_date",
            date(kept.birth_date),
            date(other.birth_date),
        ),
        side("contact_notes", kept.notes.clone(), other.notes.clone()),
        side(
            "contact_account",
            kept.user_id.map(|u| format!("#{u}")).unwrap_or_default(),
            other.user_id.map(|u| format!("#{u}")).unwrap_or_default(),
        ),
        side(
            "contact_created_at",
            when(lang, tz, &kept.created_at),
            when(lang, tz, &other.created_at),
        ),
        side(
            "contact_merge_memberships",
            kh.memberships.to_string(),
            oh.memberships.to_string(),
        ),
        side(
            "contact_merge_consents",
            kh.consent_lines.to_string(),
            oh.consent_lines.to_string(),
        ),
        side(
            "contact_merge_history",
            kh.history_lines.to_string(),
            oh.history_lines.to_string(),
        ),
        side(
            "contact_tags_groups",
            kh.tags.join(", "),
            oh.tags.join(", "),
        ),
        side(
            "contact_custom_fields",
            kh.fields.join(" · "),
            oh.fields.join(" · "),
        ),
        side(
            "contact_subscriptions",
            subs(&kh.subscriptions),
            subs(&oh.subscriptions),
        ),
    ];
    let l = dash_layout(
        &app,
        lang,
        &format!("/dashboard/contacts/{kept_id}/merge/{other_id}"),
        &me,
    )
    .await?;
    Ok(render(&MergePage {
        l,
        kept_id,
        other_id,
        kept_name: name_of(&kept, lang),
        other_name: name_of(&other, lang),
        sides,
    }))
}

pub async fn merge(
    State(app): State<App>,
    me: SignedIn,
    Path((kept_id, other_id)): Path<(i64, i64)>,
    CheckedForm(_): CheckedForm<Empty>,
) -> Result<Response, PageError> {
    me.require(Capability::ManageMembers)?;
    let by = me.user.id;
    app::contacts::merge(&app, kept_id, other_id, by).await?;
    Ok(Redirect::to(&format!("/dashboard/contacts/{kept_id}?done=merged")).into_response())
}
