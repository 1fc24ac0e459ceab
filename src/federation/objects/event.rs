//! An event as an ActivityStreams `Event`, in the shape Mobilizon emits (reference
//! activitypub-events.md §1), with the FEP-8a8e fields (§3.1), and the `@context` that names
//! them. What each reader takes from it:
//!
//! - Mastodon converts it to a status: `name` as a heading, `summary` as the text (so it is one
//!   short HTML paragraph with the date and the place, then the excerpt), `url` as the link, and
//!   the first `Document` attachment as the picture (§4.1).
//! - Mobilizon reads the times, the place, `joinMode` (`restricted` when places are counted, so
//!   that its users see "pending" until our `Accept`), the capacity and `status` (§1.5).
//! - FEP-8a8e readers find `eventStatus`, `timezone`, `maximumAttendeeCapacity` and the
//!   `attendees` collection's `totalItems`.

use activitypub_federation::{
    kinds::{
        collection::CollectionType,
        link::LinkType,
        object::{DocumentType, EventType, PlaceType},
    },
    protocol::context::WithContext,
};
use chrono::{DateTime, Timelike};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::{collections::Collection, tombstone::Tombstone};
use crate::App;
use crate::events::{self, EventStatus};
use crate::i18n::{Lang, dates};

/// The wire shape of an event (Mobilizon's, with the FEP-8a8e terms).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub url: Url,
    pub name: String,
    pub content: String,
    pub media_type: &'static str,
    pub summary: String,
    pub attributed_to: Url,
    pub actor: Url,
    pub to: Vec<Url>,
    pub cc: Vec<Url>,
    pub published: String,
    pub updated: String,
    pub start_time: String,
    pub end_time: String,
    pub timezone: String,
    pub category: &'static str,
    pub in_language: String,
    pub status: &'static str,
    #[serde(rename = "ical:status")]
    pub ical_status: &'static str,
    pub event_status: &'static str,
    pub is_online: bool,
    pub draft: bool,
    pub join_mode: &'static str,
    pub participant_count: i32,
    pub attendees: Collection,
    pub anonymous_participation_enabled: bool,
    pub comments_enabled: bool,
    pub replies_moderation_option: &'static str,
    pub contacts: Vec<Url>,
    /// Only when the event takes registrations (0: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_attendee_capacity: Option<i32>,
    /// Only when the event takes registrations; `null` when there is no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_attendee_capacity: Option<Option<i32>>,
    /// Only when it takes none: the page to go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_participation_url: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<Attachment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    #[serde(rename = "type")]
    pub kind: PlaceType,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    /// schema.org's `PostalAddress`, which ActivityStreams does not name.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub street_address: String,
}

/// The banner (a `Document`, first, so that Mastodon shows it) and the online address (a `Link`).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Attachment {
    Document(Document),
    Link(Link),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    #[serde(rename = "type")]
    pub kind: DocumentType,
    pub media_type: &'static str,
    pub url: String,
    pub name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    #[serde(rename = "type")]
    pub kind: LinkType,
    /// As the organizer wrote it.
    pub href: String,
    pub media_type: &'static str,
    pub name: &'static str,
}

/// The event's id: its public address, answered as JSON to an ActivityPub client.
pub fn id(app: &App, event: &events::Event) -> Url {
    super::super::url(&app.settings.url(&crate::urls::event(&event.slug)))
}

/// The id of the event's attendees collection (FEP-8a8e), which gives the count only.
pub fn attendees_id(app: &App, event: &events::Event) -> Url {
    super::super::url(&app.settings.url(&crate::urls::event_attendees(&event.slug)))
}

/// The slug of one of our events, from its id (`{base}/events/{slug}`), or `None` when the URL
/// is not the address of an event on this server.
pub fn slug_from_id(app: &App, url: &str) -> Option<String> {
    let rest = url.strip_prefix(&app.settings.url(crate::urls::EVENTS))?;
    let slug = rest.trim_end_matches('/');
    (!slug.is_empty() && !slug.contains(['/', '?', '#'])).then(|| slug.to_string())
}

/// What `joinMode` says: `restricted` when places are counted or an organizer approves (the
/// answer comes later, as an `Accept`), `free` when everyone is in at once, `external` (go to
/// the page) when the event takes no registrations. FEP-8a8e's `none` is not used: Mobilizon's
/// enum lacks it and would refuse the whole event.
pub fn join_mode(event: &events::Event) -> &'static str {
    if !event.takes_registrations {
        "external"
    } else if event.capacity.is_some() || event.requires_approval {
        "restricted"
    } else {
        "free"
    }
}

pub fn event(app: &App, event: &events::Event) -> Event {
    let url = id(app, event);
    let tz = event.tz();
    let (status, fep_status) = match event.status {
        EventStatus::Scheduled => ("CONFIRMED", "EventScheduled"),
        EventStatus::Postponed => ("TENTATIVE", "EventPostponed"),
        EventStatus::Cancelled => ("CANCELLED", "EventCancelled"),
    };
    let lang = lang_of(app);
    let registrations = event.takes_registrations;
    Event {
        id: url.clone(),
        kind: EventType::Event,
        url: url.clone(),
        name: event.title.clone(),
        content: event.description_html.clone(),
        media_type: "text/html",
        summary: summary(event, &lang),
        attributed_to: app.actor.id.clone(),
        actor: app.actor.id.clone(),
        to: vec![super::super::public()],
        cc: vec![app.actor.followers.clone()],
        published: event.created_at.and_utc().to_rfc3339(),
        updated: event.updated_at.and_utc().to_rfc3339(),
        start_time: event.starts_at.and_utc().with_timezone(&tz).to_rfc3339(),
        end_time: event.ends_at.and_utc().with_timezone(&tz).to_rfc3339(),
        timezone: event.timezone.clone(),
        category: category(&event.category),
        in_language: lang,
        status,
        ical_status: status,
        event_status: fep_status,
        is_online: event.online_url.is_some()
            && event.place_address.is_empty()
            && event.place_name.is_empty(),
        draft: !event.published,
        join_mode: join_mode(event),
        participant_count: event.confirmed_count,
        attendees: Collection {
            id: Some(attendees_id(app, event)),
            kind: CollectionType::Collection,
            total_items: event.confirmed_count.into(),
        },
        anonymous_participation_enabled: false,
        comments_enabled: false,
        replies_moderation_option: "closed",
        contacts: Vec::new(),
        maximum_attendee_capacity: registrations.then(|| event.capacity.unwrap_or(0)),
        // Never below zero, even if an organizer lowered the capacity under the count.
        remaining_attendee_capacity: registrations.then(|| event.places_left()),
        external_participation_url: (!registrations).then(|| url.clone()),
        location: place(event),
        attachment: attachment(app, event),
    }
}

fn place(event: &events::Event) -> Option<Place> {
    if event.place_name.is_empty() && event.place_address.is_empty() {
        return None;
    }
    let name = if event.place_name.is_empty() {
        &event.place_address
    } else {
        &event.place_name
    };
    let (latitude, longitude) = match (event.latitude, event.longitude) {
        (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
        _ => (None, None),
    };
    Some(Place {
        kind: PlaceType::Place,
        name: name.clone(),
        address: (!event.place_address.is_empty()).then(|| PostalAddress {
            kind: "PostalAddress",
            street_address: event.place_address.clone(),
        }),
        latitude,
        longitude,
    })
}

fn attachment(app: &App, event: &events::Event) -> Vec<Attachment> {
    let mut attachment = Vec::new();
    if let Some(image) = &event.image {
        // First, so that Mastodon shows it as the status's picture.
        attachment.push(Attachment::Document(Document {
            kind: DocumentType::Document,
            media_type: image_type(image),
            url: app.settings.url(&crate::urls::media(image)),
            name: "Banner",
        }));
    }
    if let Some(online) = &event.online_url {
        attachment.push(Attachment::Link(Link {
            kind: LinkType::Link,
            href: online.clone(),
            media_type: "text/html",
            name: "Website",
        }));
    }
    attachment
}

/// The document served at the event's address.
pub fn document(app: &App, event: &events::Event) -> WithContext<Event> {
    WithContext::new(self::event(app, event), context())
}

/// What a `Delete` carries: a `Tombstone` that says it was an Event.
pub fn tombstone(app: &App, event: &events::Event) -> Tombstone {
    Tombstone::of(id(app, event), "Event")
}

/// The `@context` of an event: ActivityStreams, security, and Mobilizon's terms as it writes
/// them (reference §1.3), with the FEP-8a8e terms added. Everything is inline: a reader that
/// cannot fetch an unknown context document (Fedify offline, for one) would refuse the event.
pub fn context() -> Value {
    static CONTEXT: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(CONTEXT_JSON).expect("the event context is valid JSON")
    });
    CONTEXT.clone()
}

/// Written as text: it is deeper than the `json!` macro's recursion limit.
const CONTEXT_JSON: &str = r#"[
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "@language": "und",
            "sc": "http://schema.org#",
            "ical": "http://www.w3.org/2002/12/cal/ical#",
            "pt": "https://joinpeertube.org/ns#",
            "toot": "http://joinmastodon.org/ns#",
            "mz": "https://joinmobilizon.org/ns#",
            "fep8a8e": "https://w3id.org/fep/8a8e/",
            "discoverable": "toot:discoverable",
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "Hashtag": "as:Hashtag",
            "category": "sc:category",
            "uuid": "sc:identifier",
            "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
            "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
            "location": { "@id": "sc:location", "@type": "sc:Place" },
            "PostalAddress": "sc:PostalAddress",
            "address": { "@id": "sc:address", "@type": "sc:PostalAddress" },
            "addressCountry": "sc:addressCountry",
            "addressRegion": "sc:addressRegion",
            "postalCode": "sc:postalCode",
            "addressLocality": "sc:addressLocality",
            "streetAddress": "sc:streetAddress",
            "repliesModerationOptionType": { "@id": "mz:repliesModerationOptionType", "@type": "rdfs:Class" },
            "repliesModerationOption": { "@id": "mz:repliesModerationOption", "@type": "mz:repliesModerationOptionType" },
            "commentsEnabled": { "@type": "sc:Boolean", "@id": "pt:commentsEnabled" },
            "joinModeType": { "@id": "mz:joinModeType", "@type": "rdfs:Class" },
            "joinMode": { "@id": "mz:joinMode", "@type": "mz:joinModeType" },
            "anonymousParticipationEnabled": { "@id": "mz:anonymousParticipationEnabled", "@type": "sc:Boolean" },
            "participationMessage": { "@id": "mz:participationMessage", "@type": "sc:Text" },
            "participantCount": { "@id": "mz:participantCount", "@type": "sc:Integer" },
            "isOnline": { "@type": "sc:Boolean", "@id": "mz:isOnline" },
            "externalParticipationUrl": { "@id": "mz:externalParticipationUrl", "@type": "sc:URL" },
            "PropertyValue": "sc:PropertyValue",
            "value": "sc:value",
            "propertyID": "sc:propertyID",
            "inLanguage": "sc:inLanguage",
            "timezone": { "@id": "mz:timezone", "@type": "sc:Text" },
            "contacts": { "@id": "mz:contacts", "@type": "@id" },
            "draft": { "@id": "mz:draft", "@type": "sc:Boolean" },
            "status": { "@id": "ical:status", "@type": "ical:status" },
            "eventStatus": { "@id": "fep8a8e:eventStatus" },
            "attendees": { "@id": "fep8a8e:attendees", "@type": "@id" },
            "organizers": { "@id": "fep8a8e:organizers", "@type": "@id" }
        }
    ]"#;

/// The site's language for what we write ourselves: `fr` or `en`.
pub fn lang_of(app: &App) -> String {
    Lang::from_code(&app.settings.default_lang).code().into()
}

/// One line of HTML with the date, the hours and the place, then the excerpt: what Mastodon
/// shows under the title (Misskey shows it as a content warning, hence short).
pub fn summary(event: &events::Event, lang: &str) -> String {
    let mut line = when(event, lang);
    let place = [event.place_name.as_str(), event.place_address.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        line.push_str(" · ");
        line.push_str(&place);
    } else if event.online_url.is_some() {
        line.push_str(" · ");
        line.push_str(Lang::from_code(lang).t("place_online"));
    }
    let mut html = format!("<p>{}</p>", crate::site::markdown::escape(&line));
    if !event.excerpt.is_empty() {
        html.push_str(&format!(
            "<p>{}</p>",
            crate::site::markdown::escape(&event.excerpt)
        ));
    }
    html
}

/// "samedi 12 juin 2027, 14:00–17:00" or "Saturday 12 June 2027, 14:00–17:00", in the event's
/// time zone; both dates when it ends on another day.
pub fn when(event: &events::Event, lang: &str) -> String {
    let tz = event.tz();
    let start = event.starts_at.and_utc().with_timezone(&tz);
    let end = event.ends_at.and_utc().with_timezone(&tz);
    let hm = |t: &DateTime<chrono_tz::Tz>| format!("{:02}:{:02}", t.hour(), t.minute());
    if start.date_naive() == end.date_naive() {
        format!("{}, {}–{}", day(&start, lang), hm(&start), hm(&end))
    } else {
        format!(
            "{}, {} – {}, {}",
            day(&start, lang),
            hm(&start),
            day(&end, lang),
            hm(&end)
        )
    }
}

fn day(t: &DateTime<chrono_tz::Tz>, lang: &str) -> String {
    dates::weekday_date(Lang::from_code(lang), t)
}

/// Mobilizon's category ids (reference §1.1). An organizer's category that names one (in any
/// case, with spaces or dashes) is sent as that id; anything else as `MEETING`, which is what
/// Mobilizon makes of an unknown one anyway.
pub fn category(text: &str) -> &'static str {
    const IDS: &[&str] = &[
        "ARTS",
        "BOOK_CLUBS",
        "BUSINESS",
        "CAUSES",
        "COMEDY",
        "CRAFTS",
        "FOOD_DRINK",
        "HEALTH",
        "MUSIC",
        "AUTO_BOAT_AIR",
        "COMMUNITY",
        "FAMILY_EDUCATION",
        "FASHION_BEAUTY",
        "FILM_MEDIA",
        "GAMES",
        "LANGUAGE_CULTURE",
        "LEARNING",
        "LGBTQ",
        "MOVEMENTS_POLITICS",
        "NETWORKING",
        "PARTY",
        "PERFORMING_VISUAL_ARTS",
        "PETS",
        "PHOTOGRAPHY",
        "OUTDOORS_ADVENTURE",
        "SPIRITUALITY_RELIGION_BELIEFS",
        "SCIENCE_TECH",
        "SPORTS",
        "THEATRE",
        "MEETING",
    ];
    let wanted: String = text
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    IDS.iter()
        .find(|id| **id == wanted)
        .copied()
        .unwrap_or("MEETING")
}

fn image_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => "image/jpeg",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn categories_map_to_mobilizon_ids() {
        assert_eq!(super::category("music"), "MUSIC");
        assert_eq!(super::category("Food drink"), "FOOD_DRINK");
        assert_eq!(super::category("yoga"), "MEETING");
        assert_eq!(super::category(""), "MEETING");
    }
}
