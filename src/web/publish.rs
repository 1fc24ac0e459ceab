//! Changes to news posts, as the dashboard and the API both make them: the domain change and
//! the activities that tell followers, in one transaction, so that a post is never published
//! without its deliveries queued (or the other way round).

use crate::App;
use crate::error::{Error, Result};
use crate::federation::activities::publish::{Change, post_changed};
use crate::site::posts::{self, Post, PostInput};

pub async fn create_post(app: &App, input: PostInput) -> Result<Post> {
    let a = app.clone();
    let post = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let post = posts::create(c, &input)?;
                if post.is_published() {
                    post_changed(c, &a, &post, Change::Created)?;
                }
                Ok::<_, Error>(post)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(post)
}

/// An edit of a published post is an `Update`; publishing a draft is a `Create`; taking a
/// post back to draft is a `Delete` for followers.
pub async fn update_post(app: &App, id: i64, input: PostInput) -> Result<Post> {
    let a = app.clone();
    let post = app
        .db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let before = posts::find(c, id)?;
                let post = posts::update(c, id, &input)?;
                match (before.is_published(), post.is_published()) {
                    (true, true) => post_changed(c, &a, &post, Change::Updated)?,
                    (false, true) => post_changed(c, &a, &post, Change::Created)?,
                    (true, false) => post_changed(c, &a, &before, Change::Deleted)?,
                    (false, false) => 0,
                };
                Ok::<_, Error>(post)
            })
        })
        .await?;
    app.jobs.wake();
    Ok(post)
}

pub async fn delete_post(app: &App, id: i64) -> Result<()> {
    let a = app.clone();
    app.db
        .run(move |c| {
            crate::db::transaction(c, |c| {
                let post = posts::delete(c, id)?;
                if post.is_published() {
                    post_changed(c, &a, &post, Change::Deleted)?;
                }
                Ok::<_, Error>(())
            })
        })
        .await?;
    app.jobs.wake();
    Ok(())
}

/// What the newsletter's batch jobs need: the database, the mailer, the site, the pace set by
/// the operator; and, once a campaign is sent, its `Article` for fediverse followers when it
/// asked for it, queued in the transaction that marks it sent.
pub fn campaign_sender(app: &App) -> crate::newsletter::sending::Sender {
    use crate::federation::{delivery, objects::newsletter};
    let a = app.clone();
    let on_sent: crate::newsletter::sending::OnSent = std::sync::Arc::new(move |c, campaign| {
        if campaign.to_fediverse && campaign.public_archive {
            let activity = newsletter::create(&a, &newsletter::Issue::from(campaign));
            delivery::to_followers(c, &activity)?;
        }
        Ok(())
    });
    crate::newsletter::sending::Sender {
        db: app.db.clone(),
        mailer: app.mailer.clone(),
        site: crate::newsletter::sending::Site::new(&app.settings),
        batch: app.settings.newsletter_batch,
        rate: app.settings.newsletter_rate,
        on_sent: Some(on_sent),
    }
}
