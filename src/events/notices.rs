//! Telling people what became of their registration, on the channel they used: a mail for the
//! web form; for the fediverse, an `Answer` that the federation face turns into an activity
//! (an `Accept` or `Reject` of a `Join`, or a direct message). Both are effects, recorded in
//! the same transaction as the change.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{
    agenda::Event,
    registrations::{Registration, RegistrationStatus},
};
use crate::app::effects::{Answer, Effect, record};
use crate::db::DbConn;
use crate::error::Result;
use crate::mail;

/// Has the event's numbers republished (a minute from now, once for all the changes of that
/// minute). Every change to the registrations calls it, whatever its channel.
pub fn counts_changed(conn: &mut DbConn, event_id: i64) -> Result<()> {
    record(conn, Effect::Counts { event_id })
}

/// What happened to a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "notice", content = "position")]
pub enum Notice {
    Confirmed,
    Waitlisted(i64),
    Pending,
    /// Confirmed after waiting: a seat freed up.
    Promoted,
    Refused,
    /// The person's own cancellation, acknowledged.
    Cancelled,
    EventCancelled,
    /// A message from the organizers to everyone registered.
    Message,
}

/// What a notice needs to know of the site: its address, its name, and the key that signs
/// cancel links.
#[derive(Clone)]
pub struct Links {
    pub base: String,
    pub site_name: String,
    pub secret: Vec<u8>,
}

impl Links {
    pub fn event_url(&self, event: &Event) -> String {
        crate::urls::absolute(&self.base, &crate::urls::event(&event.slug))
    }

    /// A link that cancels this registration, with no login: the registration's id and a
    /// signature of it, so nothing needs storing and a link cannot be guessed or altered.
    pub fn cancel_url(&self, registration_id: i64) -> String {
        format!(
            "{}{}?token={}",
            self.base,
            crate::urls::registration_cancel(registration_id),
            self.cancel_token(registration_id)
        )
    }

    pub fn cancel_token(&self, registration_id: i64) -> String {
        self.token("cancel", registration_id)
    }

    pub fn check_cancel_token(&self, registration_id: i64, token: &str) -> bool {
        same(&self.cancel_token(registration_id), token)
    }

    /// The link that confirms a held web registration (`holds`), signed as the cancel link is
    /// but for another purpose, so that neither link can stand for the other.
    pub fn confirm_url(&self, registration_id: i64) -> String {
        format!(
            "{}{}?token={}",
            self.base,
            crate::urls::registration_confirm(registration_id),
            self.confirm_token(registration_id)
        )
    }

    pub fn confirm_token(&self, registration_id: i64) -> String {
        self.token("confirm", registration_id)
    }

    pub fn check_confirm_token(&self, registration_id: i64, token: &str) -> bool {
        same(&self.confirm_token(registration_id), token)
    }

    fn token(&self, purpose: &str, registration_id: i64) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any size");
        mac.update(format!("{purpose}:{registration_id}").as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// Compares a token in constant time.
fn same(expected: &str, token: &str) -> bool {
    expected.len() == token.len()
        && expected
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Queues the answer to `registration` about `notice`.
pub fn tell(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
    notice: Notice,
) -> Result<()> {
    let text = text(links, event, registration, notice);
    send(conn, links, event, registration, notice, text)
}

/// Sends the organizers' message to everyone registered (confirmed, waiting or pending), each
/// on their channel. Returns how many were written to.
pub fn message_all(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    message: &str,
) -> Result<usize> {
    let message = message.trim();
    if message.is_empty() {
        return Err(crate::error::Error::invalid("message", "required"));
    }
    let mut sent = 0;
    for registration in super::registrations::list(conn, event.id)? {
        if registration.status().is_active() {
            let intro = text(links, event, &registration, Notice::Message);
            let (head, foot) = intro.split_once("\n\n").unwrap_or((&intro, ""));
            send(
                conn,
                links,
                event,
                &registration,
                Notice::Message,
                format!("{head}\n\n{message}\n\n{foot}"),
            )?;
            sent += 1;
        }
    }
    Ok(sent)
}

fn send(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
    notice: Notice,
    text: String,
) -> Result<()> {
    if registration.channel().is_fediverse() {
        let answer = Answer {
            registration_id: registration.id,
            notice,
            cancel_url: links.cancel_url(registration.id),
            text,
        };
        return record(conn, Effect::Answer(answer));
    }
    let Some(to) = registration.email.clone() else {
        return Ok(());
    };
    let subject = format!(
        "{} · {}",
        subject(
            &registration.lang,
            notice,
            registration.awaits_confirmation()
        ),
        event.title
    );
    record(
        conn,
        Effect::Mail(mail::Mail {
            to,
            subject,
            text,
            html: None,
            headers: vec![],
        }),
    )
}

fn subject(lang: &str, notice: Notice, awaits_confirmation: bool) -> &'static str {
    let fr = lang != "en";
    match notice {
        Notice::Confirmed | Notice::Promoted if awaits_confirmation => {
            if fr {
                "Confirmez votre place"
            } else {
                "Please confirm your place"
            }
        }
        Notice::Waitlisted(_) | Notice::Pending if awaits_confirmation => {
            if fr {
                "Confirmez votre adresse"
            } else {
                "Please confirm your address"
            }
        }
        Notice::Confirmed | Notice::Promoted => {
            if fr {
                "Inscription confirmée"
            } else {
                "You're in"
            }
        }
        Notice::Waitlisted(_) => {
            if fr {
                "Liste d'attente"
            } else {
                "Waiting list"
            }
        }
        Notice::Pending => {
            if fr {
                "Inscription reçue"
            } else {
                "Registration received"
            }
        }
        Notice::Refused => {
            if fr {
                "Inscription refusée"
            } else {
                "Registration declined"
            }
        }
        Notice::Cancelled => {
            if fr {
                "Inscription annulée"
            } else {
                "Registration cancelled"
            }
        }
        Notice::EventCancelled => {
            if fr {
                "Événement annulé"
            } else {
                "Event cancelled"
            }
        }
        Notice::Message => "Message",
    }
}

/// A date and time in the event's zone, as the person's language writes it.
fn local(event: &Event, t: chrono::NaiveDateTime, fr: bool) -> String {
    let when = t.and_utc().with_timezone(&event.tz());
    if fr {
        when.format("%d/%m/%Y à %H:%M").to_string()
    } else {
        when.format("%Y-%m-%d at %H:%M").to_string()
    }
}

/// For a web registration that waits for its confirmation: the link, and until when.
fn confirm_line(links: &Links, event: &Event, registration: &Registration, fr: bool) -> String {
    let Some(until) = registration
        .hold_until
        .filter(|_| registration.awaits_confirmation())
    else {
        return String::new();
    };
    let deadline = local(event, until, fr);
    let link = links.confirm_url(registration.id);
    if fr {
        format!(
            "\nConfirmez-la avant le {deadline} en ouvrant ce lien : {link}\nSans confirmation, elle sera libérée pour quelqu'un d'autre. Si vous n'avez rien demandé, ignorez ce message.\n"
        )
    } else {
        format!(
            "\nConfirm it before {deadline} by opening this link: {link}\nWithout a confirmation it goes to someone else. If you asked for nothing, ignore this message.\n"
        )
    }
}

/// The message itself, in the person's language: the same words by mail and by direct message.
pub fn text(links: &Links, event: &Event, registration: &Registration, notice: Notice) -> String {
    let fr = registration.lang != "en";
    let date = local(event, event.starts_at, fr);
    let cancel = links.cancel_url(registration.id);
    let url = links.event_url(event);
    let title = &event.title;
    let confirm = confirm_line(links, event, registration, fr);
    let held = !confirm.is_empty();
    let body = match (notice, fr) {
        (Notice::Confirmed | Notice::Promoted, true) if held => {
            let intro = if notice == Notice::Promoted {
                "Une place s'est libérée : elle vous est retenue"
            } else {
                "Une place vous est retenue"
            };
            format!("{intro} pour « {title} », le {date}.{confirm}Pour annuler : {cancel}")
        }
        (Notice::Confirmed | Notice::Promoted, false) if held => {
            let intro = if notice == Notice::Promoted {
                "A place freed up and is held for you"
            } else {
                "A place is held for you"
            };
            format!("{intro} for \"{title}\", {date}.{confirm}To cancel: {cancel}")
        }
        (Notice::Waitlisted(p), true) if held => format!(
            "« {title} » ({date}) est complet. Votre place sur la liste d'attente, en position {p}, vous est retenue.{confirm}Si une place se libère, vous serez inscrit·e et prévenu·e.\nPour vous retirer : {cancel}"
        ),
        (Notice::Waitlisted(p), false) if held => format!(
            "\"{title}\" ({date}) is full. Your place on the waiting list, number {p}, is held for you.{confirm}If a place frees up, you will be registered and told.\nTo leave the list: {cancel}"
        ),
        (Notice::Pending, true) if held => format!(
            "Votre demande pour « {title} » ({date}) est reçue ; l'équipe vous répondra.{confirm}Pour annuler : {cancel}"
        ),
        (Notice::Pending, false) if held => format!(
            "Your request for \"{title}\" ({date}) has been received; the team will answer.{confirm}To cancel: {cancel}"
        ),
        (Notice::Confirmed | Notice::Promoted, true) => {
            let intro = if notice == Notice::Promoted {
                "Une place s'est libérée : vous êtes inscrit·e"
            } else {
                "Vous êtes inscrit·e"
            };
            format!("{intro} à « {title} », le {date}.\nPour annuler : {cancel}")
        }
        (Notice::Confirmed | Notice::Promoted, false) => {
            let intro = if notice == Notice::Promoted {
                "A place freed up: you're in for"
            } else {
                "You're in for"
            };
            format!("{intro} \"{title}\", {date}.\nTo cancel: {cancel}")
        }
        (Notice::Waitlisted(p), true) => format!(
            "« {title} » ({date}) est complet. Vous êtes sur la liste d'attente, en position {p}. Si une place se libère, vous serez inscrit·e et prévenu·e.\nPour vous retirer : {cancel}"
        ),
        (Notice::Waitlisted(p), false) => format!(
            "\"{title}\" ({date}) is full. You are on the waiting list, number {p}. If a place frees up, you will be registered and told.\nTo leave the list: {cancel}"
        ),
        (Notice::Pending, true) => format!(
            "Votre demande pour « {title} » ({date}) est reçue ; l'équipe vous répondra.\nPour annuler : {cancel}"
        ),
        (Notice::Pending, false) => format!(
            "Your request for \"{title}\" ({date}) has been received; the team will answer.\nTo cancel: {cancel}"
        ),
        (Notice::Refused, true) => {
            format!("Votre inscription à « {title} » ({date}) n'a pas pu être acceptée.")
        }
        (Notice::Refused, false) => {
            format!("Your registration for \"{title}\" ({date}) could not be accepted.")
        }
        (Notice::Cancelled, true) => format!(
            "Votre inscription à « {title} » ({date}) est annulée. Merci de nous avoir prévenus."
        ),
        (Notice::Cancelled, false) => format!(
            "Your registration for \"{title}\" ({date}) is cancelled. Thank you for telling us."
        ),
        (Notice::EventCancelled, true) => {
            format!("« {title} », prévu le {date}, est annulé. Nous sommes désolés.")
        }
        (Notice::EventCancelled, false) => {
            format!("\"{title}\", planned for {date}, is cancelled. We are sorry.")
        }
        // The organizers' own words are added by `message_all`.
        (Notice::Message, true) => format!("À propos de « {title} » ({date}) :"),
        (Notice::Message, false) => format!("About \"{title}\" ({date}):"),
    };
    format!("{body}\n\n{url}\n-- \n{}\n", links.site_name)
}

/// Someone typed the address of a registration that is already active into the web form: the
/// page answered as for anyone, and this mail to that address says what stands (with the
/// confirm link again while it waits for one, and the cancel link).
pub fn tell_again(
    conn: &mut DbConn,
    links: &Links,
    event: &Event,
    registration: &Registration,
) -> Result<()> {
    let Some(to) = registration.email.clone() else {
        return Ok(());
    };
    let fr = registration.lang != "en";
    let date = local(event, event.starts_at, fr);
    let cancel = links.cancel_url(registration.id);
    let title = &event.title;
    let confirm = confirm_line(links, event, registration, fr);
    let status = registration.status();
    let body = match (status, fr) {
        (RegistrationStatus::Waitlisted, _) => {
            let p = super::registrations::position(conn, registration)?;
            if fr {
                format!(
                    "Vous étiez déjà sur la liste d'attente de « {title} » ({date}), en position {p}.{confirm}\nPour vous retirer : {cancel}"
                )
            } else {
                format!(
                    "You were already on the waiting list for \"{title}\" ({date}), number {p}.{confirm}\nTo leave the list: {cancel}"
                )
            }
        }
        (RegistrationStatus::Pending, true) => format!(
            "Votre demande pour « {title} » ({date}) était déjà reçue ; l'équipe vous répondra.{confirm}\nPour annuler : {cancel}"
        ),
        (RegistrationStatus::Pending, false) => format!(
            "Your request for \"{title}\" ({date}) had already been received; the team will answer.{confirm}\nTo cancel: {cancel}"
        ),
        (_, true) if !confirm.is_empty() => format!(
            "Vous étiez déjà inscrit·e à « {title} » ({date}) : une place vous est retenue.{confirm}\nPour annuler : {cancel}"
        ),
        (_, false) if !confirm.is_empty() => format!(
            "You were already registered for \"{title}\" ({date}): a place is held for you.{confirm}\nTo cancel: {cancel}"
        ),
        (_, true) => format!(
            "Vous étiez déjà inscrit·e à « {title} » ({date}) : votre place est confirmée, il n'y a rien d'autre à faire.\nPour annuler : {cancel}"
        ),
        (_, false) => format!(
            "You were already registered for \"{title}\" ({date}): your place is confirmed, there is nothing else to do.\nTo cancel: {cancel}"
        ),
    };
    let note = if fr {
        "Quelqu'un (vous, sans doute) a de nouveau inscrit cette adresse sur le site ; rien n'a changé."
    } else {
        "Someone (you, most likely) registered this address again on the website; nothing changed."
    };
    let subject = if fr {
        "Déjà inscrit·e"
    } else {
        "Already registered"
    };
    record(
        conn,
        Effect::Mail(mail::Mail {
            to,
            subject: format!("{subject} · {title}"),
            text: format!(
                "{body}\n\n{note}\n\n{}\n-- \n{}\n",
                links.event_url(event),
                links.site_name
            ),
            html: None,
            headers: vec![],
        }),
    )
}
