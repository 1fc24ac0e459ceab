//! Newsletter lists and their subscriptions: a visitor's form and the link that confirms it,
//! the unsubscribe link, and what the organizers do from the dashboard or the API. The mails
//! asking for a confirmation are effects of the same transaction.

use crate::App;
use crate::error::Result;
use crate::newsletter::lists::{self, List, ListInput};
use crate::newsletter::subscriptions::{
    self, Added, AdminAdd, Confirmation, Site, Subscribed, Subscription, Unsubscribed,
};

/// What the confirmation mails need of the site: its address and name.
fn site(app: &App) -> Site {
    Site {
        base_url: app.settings.base().to_string(),
        name: app.settings.name.clone(),
    }
}

pub async fn create_list(app: &App, input: ListInput) -> Result<List> {
    super::write(app, move |c| lists::create(c, &input)).await
}

pub async fn update_list(app: &App, id: i64, input: ListInput) -> Result<List> {
    super::write(app, move |c| lists::update(c, id, &input)).await
}

/// Deletes a list and its subscriptions (the consent log stays); refused while campaigns use it.
pub async fn delete_list(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| lists::delete(c, id)).await
}

/// The public form: asks each address to confirm (double opt-in), in `lang`. `source` says
/// which form, for the consent log.
pub async fn subscribe(
    app: &App,
    email: String,
    name: String,
    lang: &'static str,
    list_ids: Vec<i64>,
    form_url: String,
) -> Result<Subscribed> {
    let site = site(app);
    super::write(app, move |c| {
        subscriptions::subscribe(c, &email, &name, lang, &list_ids, &form_url, &site)
    })
    .await
}

/// The link of the confirmation mail.
pub async fn confirm(app: &App, secret: String) -> Result<Confirmation> {
    super::write(app, move |c| subscriptions::confirm(c, &secret)).await
}

/// The unsubscribe link of a mail (`campaign_id` is the campaign it came with, if any).
pub async fn unsubscribe(
    app: &App,
    token: String,
    campaign_id: Option<i64>,
) -> Result<Unsubscribed> {
    super::write(app, move |c| {
        subscriptions::unsubscribe(c, &token, campaign_id)
    })
    .await
}

/// An organizer adds someone to a list, with their recorded consent or by mailing them a
/// confirmation link; returns what became of it and the subscription.
pub async fn add_by_admin(
    app: &App,
    list_id: i64,
    add: AdminAdd,
    by: i64,
) -> Result<(Added, Subscription)> {
    let site = site(app);
    super::write(app, move |c| {
        let added = subscriptions::add_by_admin(c, list_id, &add, Some(by), &site)?;
        let subscription = subscriptions::find(c, added.id())?;
        Ok((added, subscription))
    })
    .await
}

/// An organizer unsubscribes someone (the consent log says who did).
pub async fn unsubscribe_by_admin(app: &App, id: i64, by: i64) -> Result<Subscription> {
    super::write(app, move |c| {
        subscriptions::unsubscribe_by_admin(c, id, Some(by))
    })
    .await
}
