//! The agenda, iCalendar, ActivityPub.

use super::*;

fn parse_ics(text: &str) -> icalendar::Calendar {
    text.parse::<icalendar::Calendar>()
        .unwrap_or_else(|e| panic!("the .ics parses: {e}\n{text}"))
}

both_backends!(async the_agenda_lists_coming_events_and_the_ics_files_read_back);
async fn the_agenda_lists_coming_events_and_the_ics_files_read_back(backend: Backend) {
    use icalendar::{Component, EventLike};
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let concert = api_event(
        &server,
        &token,
        event_json("Concert ; trio, manouche", Some(19)),
    )
    .await;
    let mut yoga = event_json("Yoga", Some(12));
    yoga["category"] = json!("Bien-être");
    yoga["starts_at"] = json!(local_in(5, "19:00"));
    yoga["ends_at"] = json!(local_in(5, "20:30"));
    let yoga = api_event(&server, &token, yoga).await;
    let mut past = event_json("Vernissage passé", None);
    past["starts_at"] = json!(local_in(-10, "18:00"));
    past["ends_at"] = json!(local_in(-10, "21:00"));
    let past = api_event(&server, &token, past).await;
    let mut draft = event_json("Brouillon secret", None);
    draft["published"] = json!(false);
    let draft = api_event(&server, &token, draft).await;

    let client = visitor();
    let (status, page) = get_text(&client, &server.url("/events")).await;
    assert_eq!(status, StatusCode::OK);
    let (c, y) = (
        page.find("Concert ; trio, manouche")
            .expect("the concert is listed"),
        page.find(">Yoga<").expect("yoga is listed"),
    );
    assert!(c < y, "soonest first");
    assert!(!page.contains("Vernissage passé"));
    assert!(!page.contains("Brouillon secret"));
    assert!(
        page.contains("20:30 – 22:30"),
        "local time in the event's zone"
    );
    assert!(page.contains("19 places left"));
    assert!(page.contains("Lieu Respirer, 12 rue des Lilas, Lyon"));
    assert!(
        page.contains("href=\"/events\" aria-current=\"page\""),
        "the menu marks Events"
    );

    let (_, page) = get_text(&client, &server.url("/events?past=1")).await;
    assert!(page.contains("Vernissage passé"));
    assert!(!page.contains("Concert ; trio"));
    let (_, page) = get_text(&client, &server.url("/events?category=Bien-%C3%AAtre")).await;
    assert!(page.contains(">Yoga<"));
    assert!(!page.contains("Concert ; trio"));
    // Unpublished: not found, as HTML and as ActivityPub.
    let (status, _) = get_text(
        &client,
        &server.url(&format!("/events/{}", draft["slug"].as_str().unwrap())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // One event as iCalendar.
    let slug = concert["slug"].as_str().unwrap();
    let answer = client
        .get(server.url(&format!("/events/{slug}.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let text = answer.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("\r\nVERSION:2.0\r\n"));
    assert!(text.contains("\r\nPRODID:"));
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    assert!(
        text.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    let cal = parse_ics(&text);
    let events: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(events.len(), 1, "{backend:?}");
    let v = events[0];
    assert_eq!(v.get_summary(), Some("Concert ; trio, manouche"));
    let uid = v.get_uid().unwrap().to_string();
    assert_eq!(
        uid,
        format!("event-{}@localhost:{}", concert["id"], server.port)
    );
    let start = v.get_start().expect("DTSTART");
    let stored: NaiveDateTime =
        NaiveDateTime::parse_from_str(concert["starts_at"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S")
            .unwrap();
    assert_eq!(
        start,
        icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(stored.and_utc()))
    );
    assert!(
        text.contains("DTSTART:") && text.contains("Z\r\n"),
        "UTC times"
    );
    assert!(v.get_end().is_some());
    assert_eq!(
        v.get_location(),
        Some("Lieu Respirer, 12 rue des Lilas, Lyon")
    );
    assert_eq!(
        v.get_url(),
        Some(server.url(&format!("/events/{slug}")).as_str())
    );
    assert_eq!(v.get_description(), Some("Salle du bas. Entrée libre."));
    assert_eq!(v.property_value("STATUS"), Some("CONFIRMED"));
    assert!(v.get_timestamp().is_some(), "DTSTAMP");

    // The agenda's feed: one VEVENT per published event, past ones kept, drafts left out.
    let answer = client.get(server.url("/events.ics")).send().await.unwrap();
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let text = answer.text().await.unwrap();
    let cal = parse_ics(&text);
    let uids: Vec<String> = cal
        .events()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    assert_eq!(uids.len(), 3, "{text}");
    assert!(uids.contains(&uid), "the UID is stable");
    for e in [&yoga, &past] {
        assert!(uids.contains(&format!("event-{}@localhost:{}", e["id"], server.port)));
    }
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
    assert!(!text.contains("Brouillon"));

    // Cancelled: the calendar says so.
    reqwest::Client::new()
        .post(server.url(&format!("/api/v1/events/{}/cancel", concert["id"])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let text = get_text(&client, &server.url(&format!("/events/{slug}.ics")))
        .await
        .1;
    let cal = parse_ics(&text);
    let v = cal.events().next().unwrap();
    assert_eq!(v.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(v.get_uid(), Some(uid.as_str()));
    let (_, page) = get_text(&client, &server.url("/events")).await;
    assert!(
        page.contains("This event is cancelled."),
        "the agenda marks it"
    );

    // The same address answers ActivityPub clients with the Event object.
    let answer = client
        .get(server.url(&format!("/events/{slug}")))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let object: Value = answer.json().await.unwrap();
    assert_eq!(object["type"], "Event");
    assert_eq!(object["id"], server.url(&format!("/events/{slug}")));
    let (status, _) = get_text(&client, &server.url("/events/nothing-here.ics")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The Atom feed of what is coming.
    let atom = get_text(&client, &server.url("/events.atom")).await.1;
    assert!(atom.contains("<feed"), "{atom}");
    assert!(atom.contains("Yoga"));
}
