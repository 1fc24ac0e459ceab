//! Newsletter campaigns: written, tried on one address, sent now or at a time, stopped, and
//! sent again to the addresses whose fate the mail server left unknown. The sending itself is
//! the workers' (`newsletter::sending`), in batches queued by these changes.

use crate::App;
use crate::error::Result;
use crate::newsletter::campaigns::{self, Campaign, CampaignInput};
use crate::newsletter::sending;

/// Saves a draft: a new one when `id` is `None`. `by` is the account that writes it.
pub async fn save(app: &App, id: Option<i64>, input: CampaignInput, by: i64) -> Result<Campaign> {
    let today = app.today();
    super::write(app, move |c| match id {
        Some(id) => campaigns::update(c, id, &input, today),
        None => campaigns::create(c, &input, Some(by), today),
    })
    .await
}

pub async fn delete(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| campaigns::delete(c, id)).await
}

/// Sends the campaign as it stands to one address, in `lang`; returns the address as it was
/// read (trimmed, lower-cased domain).
pub async fn send_test(app: &App, id: i64, to: String, lang: String) -> Result<String> {
    let site = sending::Site::new(&app.settings);
    super::write(app, move |c| {
        let campaign = campaigns::find(c, id)?;
        sending::queue_test(c, &site, &campaign, &to, &lang)
    })
    .await
}

/// Starts sending now; returns how many addresses it goes to, each once.
pub async fn send_now(app: &App, id: i64) -> Result<usize> {
    let today = app.today();
    super::write(app, move |c| sending::start(c, id, today)).await
}

/// Schedules a draft (or moves its schedule) to `at`, in UTC.
pub async fn schedule(app: &App, id: i64, at: chrono::NaiveDateTime) -> Result<Campaign> {
    super::write(app, move |c| campaigns::schedule(c, id, at)).await
}

/// Cancels a schedule: the campaign is a draft again.
pub async fn unschedule(app: &App, id: i64) -> Result<Campaign> {
    super::write(app, move |c| campaigns::unschedule(c, id)).await
}

/// Stops a sending: the addresses not yet mailed are left out.
pub async fn stop(app: &App, id: i64) -> Result<Campaign> {
    super::write(app, move |c| sending::stop(c, id)).await
}

/// Queues again the recipients whose mail may not have left (`unknown`); returns how many.
pub async fn resend_unknown(app: &App, id: i64) -> Result<usize> {
    super::write(app, move |c| sending::resend_unknown(c, id)).await
}
