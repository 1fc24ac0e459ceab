//! An event as an ActivityStreams `Event`, in the shape Mobilizon emits (reference
//! activitypub-events.md §1), with the FEP-8a8e fields.

use serde_json::{Value, json};

use crate::App;
use crate::events::Event;

/// The event's id: its public address, answered as JSON to an ActivityPub client.
pub fn id(app: &App, event: &Event) -> String {
    app.settings.url(&format!("/events/{}", event.slug))
}

pub fn to_json(app: &App, event: &Event) -> Value {
    let url = id(app, event);
    let tz = event.tz();
    let status = match event.status() {
        crate::events::EventStatus::Scheduled => "CONFIRMED",
        crate::events::EventStatus::Postponed => "TENTATIVE",
        crate::events::EventStatus::Cancelled => "CANCELLED",
    };
    let mut object = json!({
        "id": url,
        "type": "Event",
        "url": url,
        "name": event.title,
        "content": event.description_html,
        "mediaType": "text/html",
        "summary": crate::site::markdown::escape(&event.excerpt),
        "attributedTo": app.actor.id,
        "actor": app.actor.id,
        "to": [crate::federation::PUBLIC],
        "cc": [app.actor.followers],
        "published": event.created_at.and_utc().to_rfc3339(),
        "updated": event.updated_at.and_utc().to_rfc3339(),
        "startTime": event.starts_at.and_utc().with_timezone(&tz).to_rfc3339(),
        "endTime": event.ends_at.and_utc().with_timezone(&tz).to_rfc3339(),
        "timezone": event.timezone,
        "category": event.category,
        "status": status,
        "ical:status": status,
        "isOnline": event.online_url.is_some() && event.place_address.is_empty(),
        "draft": !event.published,
        // With a capacity, Mobilizon shows "pending" until our Accept comes, instead of
        // believing its user is in.
        "joinMode": if event.capacity.is_some() || event.requires_approval { "restricted" } else { "free" },
        "participantCount": event.confirmed_count,
        "anonymousParticipationEnabled": false,
        "commentsEnabled": false,
        "repliesModerationOption": "closed",
    });
    if let Some(capacity) = event.capacity {
        object["maximumAttendeeCapacity"] = json!(capacity);
        object["remainingAttendeeCapacity"] = json!(event.places_left().unwrap_or(0));
    }
    if !event.place_name.is_empty() || !event.place_address.is_empty() {
        let mut place = json!({ "type": "Place", "name": if event.place_name.is_empty() { &event.place_address } else { &event.place_name } });
        if !event.place_address.is_empty() {
            place["address"] =
                json!({ "type": "PostalAddress", "streetAddress": event.place_address });
        }
        if let (Some(lat), Some(lon)) = (event.latitude, event.longitude) {
            place["latitude"] = json!(lat);
            place["longitude"] = json!(lon);
        }
        object["location"] = place;
    }
    let mut attachment = Vec::new();
    if let Some(image) = &event.image {
        attachment.push(json!({ "type": "Document", "mediaType": "image/jpeg", "url": app.settings.url(&format!("/media/{image}")), "name": "Banner" }));
    }
    if let Some(online) = &event.online_url {
        attachment.push(
            json!({ "type": "Link", "href": online, "mediaType": "text/html", "name": "Website" }),
        );
    }
    if !attachment.is_empty() {
        object["attachment"] = json!(attachment);
    }
    object
}

/// The `@context` of an event: ActivityStreams, security, and the Mobilizon and schema.org
/// terms it uses.
pub fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "mz": "https://joinmobilizon.org/ns#",
            "sc": "http://schema.org#",
            "ical": "http://www.w3.org/2002/12/cal/ical#",
            "joinMode": { "@id": "mz:joinMode", "@type": "mz:joinModeType" },
            "participantCount": { "@id": "mz:participantCount", "@type": "sc:Integer" },
            "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
            "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
            "isOnline": { "@id": "mz:isOnline", "@type": "sc:Boolean" },
            "timezone": { "@id": "mz:timezone", "@type": "sc:Text" },
            "anonymousParticipationEnabled": { "@id": "mz:anonymousParticipationEnabled", "@type": "sc:Boolean" },
            "repliesModerationOption": { "@id": "mz:repliesModerationOption", "@type": "mz:repliesModerationOptionType" },
            "commentsEnabled": { "@id": "pt:commentsEnabled", "@type": "sc:Boolean" },
            "pt": "https://joinpeertube.org/ns#",
            "PostalAddress": "sc:PostalAddress",
            "address": { "@id": "sc:address", "@type": "sc:PostalAddress" },
            "streetAddress": "sc:streetAddress",
        }
    ])
}

/// The document served at the event's address.
pub fn document(app: &App, event: &Event) -> Value {
    let mut doc = to_json(app, event);
    doc["@context"] = context();
    doc
}
