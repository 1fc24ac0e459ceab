//! The block of coming events that the campaign editor inserts: the published events of the
//! agenda that are not cancelled, starting within the next 31 days (ten at most), as Markdown
//! in the reader's language, each with its date and time in the event's own zone, its title
//! linked to its page, and its place.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::error::Result;
use crate::events::{Event, EventStatus, agenda};
use crate::i18n::{Lang, dates};

/// How far ahead the block looks.
pub const DAYS: i64 = 31;
/// The most events it lists.
pub const MAX: usize = 10;

/// The block, from `at` (now, UTC); `base` is the site's address, `lang` `fr` or `en`.
pub fn markdown(conn: &mut DbConn, base: &str, lang: &str, at: NaiveDateTime) -> Result<String> {
    let until = at + chrono::Duration::days(DAYS);
    let events: Vec<Event> = agenda::coming(conn, at, None, 100)?
        .into_iter()
        .filter(|e| e.status != EventStatus::Cancelled && e.starts_at < until)
        .take(MAX)
        .collect();
    Ok(render(&events, base, lang))
}

fn render(events: &[Event], base: &str, lang: &str) -> String {
    let lang = Lang::from_code(lang);
    let mut out = format!("### {}\n\n", lang.t("events_block_title"));
    if events.is_empty() {
        out.push_str(&format!("*{}*\n", lang.t("events_block_empty")));
        return out;
    }
    for e in events {
        let start = e.starts_at.and_utc().with_timezone(&e.tz());
        let when = format!(
            "{}, {}",
            dates::weekday_day_month(lang, &start),
            start.format("%H:%M")
        );
        out.push_str(&format!(
            "- **{when}** · [{}]({base}/events/{})",
            escape(&e.title),
            e.slug
        ));
        let place = [e.place_name.trim(), e.place_address.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if !place.is_empty() {
            out.push_str(&format!(" · {}", escape(&place)));
        } else if e.online_url.is_some() {
            out.push_str(&format!(" · {}", lang.t("place_online")));
        }
        out.push('\n');
    }
    out
}

/// Text put in Markdown as it is: the characters that would format it are escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(title: &str, starts: &str, tz: &str, place: &str) -> Event {
        let t = NaiveDateTime::parse_from_str(starts, "%Y-%m-%d %H:%M").unwrap();
        Event {
            id: 1,
            slug: "concert".into(),
            title: title.into(),
            description_md: String::new(),
            description_html: String::new(),
            excerpt: String::new(),
            starts_at: t,
            ends_at: t + chrono::Duration::hours(2),
            timezone: tz.into(),
            place_name: place.into(),
            place_address: String::new(),
            latitude: None,
            longitude: None,
            online_url: None,
            image: None,
            category: String::new(),
            capacity: None,
            confirmed_count: 0,
            registration_opens_at: None,
            registration_closes_at: None,
            requires_approval: false,
            takes_registrations: true,
            status: crate::events::EventStatus::Scheduled,
            series_id: None,
            published: true,
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn events_show_in_their_zone_and_the_readers_language_with_a_link() {
        // 19:30 UTC is 20:30 in Paris in December.
        let e = event(
            "Concert [trio] *jazz*",
            "2026-12-05 19:30",
            "Europe/Paris",
            "Lieu Respirer",
        );
        let fr = render(std::slice::from_ref(&e), "https://asso.example", "fr");
        assert!(fr.contains("Prochains rendez-vous"), "{fr}");
        assert!(fr.contains("**samedi 5 décembre, 20:30**"), "{fr}");
        assert!(
            fr.contains(
                "[Concert \\[trio\\] \\*jazz\\*](https://asso.example/events/concert) · Lieu Respirer"
            ),
            "{fr}"
        );
        let en = render(&[e], "https://asso.example", "en");
        assert!(en.contains("**Saturday 5 December, 20:30**"), "{en}");
        let html = crate::site::markdown::to_html(&en);
        assert!(
            html.contains("href=\"https://asso.example/events/concert\""),
            "{html}"
        );
        assert!(html.contains("Concert [trio] *jazz*"), "{html}");
    }

    #[test]
    fn an_empty_agenda_says_so() {
        assert!(render(&[], "https://a.example", "en").contains("Nothing is planned"));
    }
}
