//! Who registers: a visitor of the website, or a fediverse account.

use crate::error::{Error, FieldError, Result};

/// Who registers.
#[derive(Debug, Clone)]
pub struct Attendee {
    /// `mailto:address` for the web, the actor id for the fediverse.
    pub key: String,
    pub name: String,
    pub email: Option<String>,
    pub actor_id: Option<String>,
    /// `fr` or `en`: the language of the answers.
    pub lang: String,
}

impl Attendee {
    /// Someone registering on the website: a name and a valid address are required.
    pub fn web(name: &str, email: &str, lang: &str) -> Result<Attendee> {
        let mut errors = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errors.push(FieldError {
                field: "name",
                code: "required",
            });
        } else if name.chars().count() > 200 {
            errors.push(FieldError {
                field: "name",
                code: "too_long",
            });
        }
        let email = match crate::accounts::users::normalize_email(email) {
            Ok(email) => Some(email),
            Err(_) => {
                errors.push(FieldError {
                    field: "email",
                    code: "email_invalid",
                });
                None
            }
        };
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let email = email.expect("checked");
        Ok(Attendee {
            key: format!("mailto:{email}"),
            name: name.to_string(),
            email: Some(email),
            actor_id: None,
            lang: lang.into(),
        })
    }

    /// A fediverse account, known by its actor id.
    pub fn fediverse(actor_id: &str, name: &str, lang: &str) -> Attendee {
        let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
        Attendee {
            key: actor_id.to_string(),
            name: if name.trim().is_empty() {
                actor_id.to_string()
            } else {
                name
            },
            email: None,
            actor_id: Some(actor_id.to_string()),
            lang: lang.into(),
        }
    }
}
