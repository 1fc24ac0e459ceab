//! News posts: written in the dashboard or through the API; followers are told of each
//! published change.

use super::effects::{Effect, Publication, record};
use crate::App;
use crate::error::Result;
use crate::site::posts::{self, Post, PostInput};

pub async fn create_post(app: &App, input: PostInput) -> Result<Post> {
    super::write(app, move |c| {
        let post = posts::create(c, &input)?;
        if post.is_published() {
            let post = post.clone();
            record(c, Effect::Publish(Publication::PostCreated { post }))?;
        }
        Ok(post)
    })
    .await
}

/// An edit of a published post is an `Update`; publishing a draft is a `Create`; taking a
/// post back to draft is a `Delete` for followers.
pub async fn update_post(app: &App, id: i64, input: PostInput) -> Result<Post> {
    super::write(app, move |c| {
        let before = posts::find(c, id)?;
        let post = posts::update(c, id, &input)?;
        let told = match (before.is_published(), post.is_published()) {
            (true, true) => Some(Publication::PostUpdated { post: post.clone() }),
            (false, true) => Some(Publication::PostCreated { post: post.clone() }),
            (true, false) => Some(Publication::PostDeleted { post: before }),
            (false, false) => None,
        };
        if let Some(publication) = told {
            record(c, Effect::Publish(publication))?;
        }
        Ok(post)
    })
    .await
}

pub async fn delete_post(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| {
        let post = posts::delete(c, id)?;
        if post.is_published() {
            record(c, Effect::Publish(Publication::PostDeleted { post }))?;
        }
        Ok(())
    })
    .await
}
