//! Dates and places as people read them, and an event as the agenda lists it.

use chrono::DateTime;

use crate::events::{Event, EventStatus};
use crate::i18n::Lang;

/// `samedi 5 décembre 2026` or `Saturday 5 December 2026`.
pub fn long_date<Tz: chrono::TimeZone>(lang: Lang, t: &DateTime<Tz>) -> String {
    crate::i18n::dates::weekday_date(lang, t)
}

/// When an event is, in its own time zone: `samedi 5 décembre 2026, 20:30 – 22:30`; the zone
/// is named when it is not the association's.
pub fn event_when(lang: Lang, event: &Event, site_tz: chrono_tz::Tz) -> String {
    let tz = event.tz();
    let start = event.starts_at.and_utc().with_timezone(&tz);
    let end = event.ends_at.and_utc().with_timezone(&tz);
    let mut text = if start.date_naive() == end.date_naive() {
        format!(
            "{}, {} – {}",
            long_date(lang, &start),
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            long_date(lang, &start),
            start.format("%H:%M"),
            long_date(lang, &end),
            end.format("%H:%M")
        )
    };
    if tz != site_tz {
        text.push_str(&format!(" ({})", tz.name()));
    }
    text
}

/// `3 places left`, `full – waiting list`; nothing when there is no limit or no registration.
pub fn places_text(lang: Lang, event: &Event) -> Option<String> {
    if !event.takes_registrations || event.status == EventStatus::Cancelled {
        return None;
    }
    let left = event.places_left()?;
    Some(match left {
        0 => lang.t("full_waiting_list").to_string(),
        n => lang.t_args("places_left", &[("n", n.into())]),
    })
}

/// The place on one line: `Lieu Respirer, 12 rue des Lilas, Lyon`.
pub fn place_line(event: &Event) -> String {
    [event.place_name.as_str(), event.place_address.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn status_note(event: &Event) -> Option<&'static str> {
    match event.status {
        EventStatus::Scheduled => None,
        EventStatus::Postponed => Some("event_postponed"),
        EventStatus::Cancelled => Some("event_cancelled"),
    }
}

/// An event as the agenda lists it.
pub struct EventCard {
    pub slug: String,
    pub title: String,
    pub when: String,
    pub iso: String,
    pub place: String,
    pub online: bool,
    pub category: String,
    pub places: Option<String>,
    pub full: bool,
    pub note: Option<&'static str>,
    pub excerpt: String,
}

impl EventCard {
    pub fn new(lang: Lang, site_tz: chrono_tz::Tz, e: &Event) -> EventCard {
        EventCard {
            slug: e.slug.clone(),
            title: e.title.clone(),
            when: event_when(lang, e, site_tz),
            iso: e.starts_at.and_utc().with_timezone(&e.tz()).to_rfc3339(),
            place: place_line(e),
            online: e.online_url.is_some(),
            category: e.category.clone(),
            places: places_text(lang, e),
            full: e.is_full(),
            note: status_note(e),
            excerpt: e.excerpt.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_opt(19, 30, 0)
            .unwrap()
            .and_utc()
            .with_timezone(&chrono_tz::Europe::Paris);
        assert_eq!(long_date(Lang::Fr, &t), "samedi 5 décembre 2026");
        assert_eq!(long_date(Lang::En, &t), "Saturday 5 December 2026");
    }
}
