//! The subscribers of a list as a CSV file.

use axum::{
    extract::{Path, Query, State},
    response::Response,
};

use super::status_key;
use super::subscribers::SubscribersQuery;
use crate::App;
use crate::accounts::Capability;
use crate::error::Error;
use crate::i18n::Lang;
use crate::newsletter::{lists, subscriptions};
use crate::web::dashboard::privacy;
use crate::web::{
    pages::{PageError, when},
    session::SignedIn,
    spreadsheet,
};

/// The subscribers that match the filter, as a CSV file for LibreOffice or Excel.
pub async fn export_csv(
    State(app): State<App>,
    lang: Lang,
    me: SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<SubscribersQuery>,
) -> Result<Response, PageError> {
    me.require(Capability::SendNewsletter)?;
    let query = q.query();
    let (list, rows) = app
        .db
        .read(move |c| {
            Ok::<_, Error>((
                lists::find(c, id)?,
                subscriptions::all_subscribers(c, id, &query)?,
            ))
        })
        .await?;
    let tz = app.settings.timezone;
    let at = |t: Option<chrono::NaiveDateTime>| t.map(|t| when(lang, tz, &t)).unwrap_or_default();
    let header = [
        lang.t("email"),
        lang.t("list_csv_first_name"),
        lang.t("list_csv_last_name"),
        lang.t("status"),
        lang.t("list_source"),
        lang.t("list_csv_subscribed_at"),
        lang.t("list_csv_confirmed_at"),
        lang.t("list_csv_unsubscribed_at"),
    ];
    let body = spreadsheet::csv(
        &header,
        rows.iter().map(|s| {
            let sub = &s.subscription;
            vec![
                s.email.clone().unwrap_or_default(),
                s.first_name.clone(),
                s.last_name.clone(),
                lang.t(status_key(sub.status)).to_string(),
                privacy::subscription_source(lang, sub.source, sub.source_url.as_deref()),
                at(Some(sub.created_at)),
                at(sub.confirmed_at),
                at(sub.unsubscribed_at),
            ]
        }),
    )?;
    Ok(spreadsheet::attachment(
        &format!("list-{}.csv", list.slug),
        body,
    ))
}
