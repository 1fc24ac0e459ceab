//! The members' setup: membership categories and the settings of the membership period and
//! its reminders.

use crate::App;
use crate::error::Result;
use crate::members::{
    categories::{self, Category, CategoryInput},
    period::{self, Settings, SettingsInput},
};

/// Adds a category of membership.
pub async fn create_category(app: &App, input: CategoryInput) -> Result<Category> {
    super::write(app, move |c| categories::create(c, &input)).await
}

pub async fn update_category(app: &App, id: i64, input: CategoryInput) -> Result<Category> {
    super::write(app, move |c| categories::update(c, id, &input)).await
}

/// Offers a category for new memberships again, or stops offering it.
pub async fn set_category_active(app: &App, id: i64, active: bool) -> Result<Category> {
    super::write(app, move |c| categories::set_active(c, id, active)).await
}

/// Moves a category one place up or down the list.
pub async fn move_category(app: &App, id: i64, up: bool) -> Result<()> {
    super::write(app, move |c| categories::move_one(c, id, up)).await
}

/// Saves the membership period and the reminders' days.
pub async fn save_settings(app: &App, input: SettingsInput) -> Result<Settings> {
    super::write(app, move |c| period::save(c, &input)).await
}
