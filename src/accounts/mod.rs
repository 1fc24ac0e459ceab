//! People who log in: their accounts and roles, passwords, sessions, API tokens, password
//! resets, the throttling of failed logins, and the one-time setup link of a new server.

pub mod api_tokens;
pub mod invitations;
pub mod passwords;
pub mod resets;
pub mod roles;
pub mod sessions;
pub mod setup;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use roles::{Capability, Role};
pub use users::User;
