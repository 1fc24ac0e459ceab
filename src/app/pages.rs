//! Website pages, written in the dashboard or through the API. Pages are not federated:
//! a change records no effect.

use crate::App;
use crate::error::Result;
use crate::site::pages::{self, Page, PageInput};

pub async fn create_page(app: &App, input: PageInput) -> Result<Page> {
    super::write(app, move |c| pages::create(c, &input)).await
}

pub async fn update_page(app: &App, id: i64, input: PageInput) -> Result<Page> {
    super::write(app, move |c| pages::update(c, id, &input)).await
}

pub async fn delete_page(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| pages::delete(c, id)).await
}
