//! The registration rules, on both databases: capacity holds whatever arrives at once, the
//! waiting list is first come first served, and each change is told to the person.

use std::sync::{Arc, Barrier};

use cheminement::db::{Db, now};
use cheminement::events::{
    Event, EventInput, EventStatus, agenda,
    notices::Links,
    registrations::{self, Attendee, Channel, Outcome, RegistrationStatus},
};
use chrono::Duration;

use crate::common::*;

fn db(storage: &Storage) -> Db {
    let db = Db::open(&storage.database_url).unwrap();
    db.migrate().unwrap();
    db
}

fn links() -> Links {
    Links {
        base: "http://localhost:8080".into(),
        site_name: "Lieu Respirer".into(),
        secret: b"test secret".to_vec(),
    }
}

fn input(title: &str, capacity: Option<i32>) -> EventInput {
    // Inputs are local times; three days ahead leaves margin whatever the zone.
    let start = now() + Duration::days(3);
    crate::common::events::event_input(serde_json::json!({
        "title": title,
        "description": "Salle du bas, **19 places**.",
        "starts_at": start.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "ends_at": (start + Duration::hours(2)).format("%Y-%m-%dT%H:%M:%S").to_string(),
        "place_name": "Lieu Respirer",
        "place_address": "12 rue des Lilas, Lyon",
        "category": "MUSIC",
        "capacity": capacity,
    }))
}

fn make_event(db: &Db, title: &str, capacity: Option<i32>) -> Event {
    agenda::create(
        &mut db.conn().unwrap(),
        &input(title, capacity),
        chrono_tz::Europe::Paris,
        None,
    )
    .unwrap()
}

fn web(n: usize) -> Attendee {
    Attendee::web(&format!("Personne {n}"), &format!("p{n}@example.org"), "fr").unwrap()
}

fn register(db: &Db, event: &Event, who: &Attendee) -> Outcome {
    registrations::register(
        &mut db.conn().unwrap(),
        &links(),
        event.id,
        who,
        Channel::Web,
        None,
        "",
    )
    .unwrap()
}

fn confirmed(db: &Db, event_id: i64) -> Vec<String> {
    registrations::list(&mut db.conn().unwrap(), event_id)
        .unwrap()
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .map(|r| r.attendee_key)
        .collect()
}

both_backends!(full_event_puts_the_next_registration_on_the_waiting_list);
fn full_event_puts_the_next_registration_on_the_waiting_list(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Yoga du mardi", Some(2));
    assert!(
        matches!(register(&db, &event, &web(1)), Outcome::Confirmed(_)),
        "{backend:?}"
    );
    assert!(matches!(
        register(&db, &event, &web(2)),
        Outcome::Confirmed(_)
    ));
    match register(&db, &event, &web(3)) {
        Outcome::Waitlisted(_, position) => assert_eq!(position, 1),
        other => panic!("{backend:?}: {other:?}"),
    }
    match register(&db, &event, &web(4)) {
        Outcome::Waitlisted(_, position) => assert_eq!(position, 2),
        other => panic!("{other:?}"),
    }
    let event = agenda::find(&mut db.conn().unwrap(), event.id).unwrap();
    assert_eq!(event.confirmed_count, 2);
    assert_eq!(event.places_left(), Some(0));
    // Web registrations too have the numbers republished to the fediverse, once for the
    // four changes: a job a minute away, not one per registration.
    assert_eq!(count_jobs(&db, cheminement::app::effects::kinds::COUNTS), 1);
}

both_backends!(a_second_registration_by_the_same_person_changes_nothing);
fn a_second_registration_by_the_same_person_changes_nothing(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Concert", Some(19));
    register(&db, &event, &web(1));
    let again = Attendee::web("Autre nom", "P1@Example.org ", "fr").unwrap();
    assert!(
        matches!(register(&db, &event, &again), Outcome::AlreadyRegistered(_)),
        "{backend:?}"
    );
    assert_eq!(
        registrations::list(&mut db.conn().unwrap(), event.id)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        agenda::find(&mut db.conn().unwrap(), event.id)
            .unwrap()
            .confirmed_count,
        1
    );
}

both_backends!(a_cancellation_confirms_the_first_on_the_waiting_list_and_tells_them);
fn a_cancellation_confirms_the_first_on_the_waiting_list_and_tells_them(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Yoga", Some(1));
    let Outcome::Confirmed(first) = register(&db, &event, &web(1)) else {
        panic!()
    };
    register(&db, &event, &web(2));
    register(&db, &event, &web(3));
    let mails_before = count_jobs(&db, "mail");
    registrations::cancel(&mut db.conn().unwrap(), &links(), first.id).unwrap();
    assert_eq!(
        confirmed(&db, event.id),
        vec!["mailto:p2@example.org".to_string()],
        "{backend:?}: first come, first served"
    );
    // One mail acknowledges the cancellation, one tells the promoted person.
    assert_eq!(count_jobs(&db, "mail") - mails_before, 2);
    let mut conn = db.conn().unwrap();
    let promoted_mail = last_mail_to(&mut conn, "p2@example.org");
    assert!(
        promoted_mail.contains("Une place s'est libérée"),
        "{promoted_mail}"
    );
    assert!(
        promoted_mail.contains("/registrations/"),
        "the mail has a cancel link"
    );
    // Cancelling again is harmless.
    registrations::cancel(&mut conn, &links(), first.id).unwrap();
    assert_eq!(
        agenda::find(&mut conn, event.id).unwrap().confirmed_count,
        1
    );
}

both_backends!(fediverse_registrants_are_answered_through_the_federation_job);
fn fediverse_registrants_are_answered_through_the_federation_job(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Concert", Some(1));
    let camille = Attendee::fediverse("https://mastodon.example/users/camille", "Camille", "en");
    let outcome = registrations::register(
        &mut db.conn().unwrap(),
        &links(),
        event.id,
        &camille,
        Channel::Poll,
        Some("https://mastodon.example/users/camille/statuses/1"),
        "",
    )
    .unwrap();
    assert!(matches!(outcome, Outcome::Confirmed(_)), "{backend:?}");
    assert_eq!(count_jobs(&db, cheminement::app::effects::kinds::ANSWER), 1);
    assert_eq!(
        count_jobs(&db, "mail"),
        0,
        "no mail for a fediverse registrant"
    );
}

both_backends!(raising_the_capacity_promotes_in_order_and_it_cannot_go_below_the_confirmed);
fn raising_the_capacity_promotes_in_order_and_it_cannot_go_below_the_confirmed(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Atelier", Some(2));
    for n in 1..=5 {
        register(&db, &event, &web(n));
    }
    let mut conn = db.conn().unwrap();
    let err = registrations::set_capacity(&mut conn, &links(), event.id, Some(1)).unwrap_err();
    assert!(
        matches!(err, cheminement::error::Error::Invalid(_)),
        "{backend:?}"
    );
    let event = registrations::set_capacity(&mut conn, &links(), event.id, Some(4)).unwrap();
    assert_eq!(event.confirmed_count, 4);
    drop(conn);
    let names = confirmed(&db, event.id);
    assert_eq!(
        names,
        (1..=4)
            .map(|n| format!("mailto:p{n}@example.org"))
            .collect::<Vec<_>>()
    );
    let mut conn = db.conn().unwrap();
    let event = registrations::set_capacity(&mut conn, &links(), event.id, None).unwrap();
    assert_eq!(event.confirmed_count, 5, "no limit: everyone waiting is in");
}

both_backends!(approval_mode_waits_for_an_organizer_and_still_respects_capacity);
fn approval_mode_waits_for_an_organizer_and_still_respects_capacity(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let mut i = input("Stage", Some(1));
    i.requires_approval = true;
    let event =
        agenda::create(&mut db.conn().unwrap(), &i, chrono_tz::Europe::Paris, None).unwrap();
    let Outcome::Pending(a) = register(&db, &event, &web(1)) else {
        panic!("{backend:?}")
    };
    let Outcome::Pending(b) = register(&db, &event, &web(2)) else {
        panic!()
    };
    let mut conn = db.conn().unwrap();
    assert_eq!(
        registrations::approve(&mut conn, &links(), a.id)
            .unwrap()
            .status,
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        registrations::approve(&mut conn, &links(), b.id)
            .unwrap()
            .status,
        RegistrationStatus::Waitlisted
    );
    assert!(
        registrations::approve(&mut conn, &links(), a.id).is_err(),
        "only pending ones"
    );
    assert_eq!(
        registrations::refuse(&mut conn, &links(), a.id)
            .unwrap()
            .status,
        RegistrationStatus::Refused
    );
    assert_eq!(
        registrations::find(&mut conn, b.id).unwrap().status,
        RegistrationStatus::Confirmed,
        "the seat went to b"
    );
}

both_backends!(closed_registrations_say_why_and_store_nothing);
fn closed_registrations_say_why_and_store_nothing(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let mut conn = db.conn().unwrap();
    let mut past = input("Hier", Some(5));
    let start = now() - Duration::days(2);
    past.starts_at = Some(start);
    past.ends_at = Some(start + Duration::hours(1));
    let past = agenda::create(&mut conn, &past, chrono_tz::UTC, None).unwrap();
    let mut window = input("Fenêtre", Some(5));
    window.registration_closes_at = Some(now() - Duration::hours(1));
    window.timezone = "UTC".into();
    let closed = agenda::create(&mut conn, &window, chrono_tz::UTC, None).unwrap();
    let open_later = {
        let mut i = input("Plus tard", Some(5));
        i.registration_opens_at = Some(now() + Duration::days(1));
        i.timezone = "UTC".into();
        agenda::create(&mut conn, &i, chrono_tz::UTC, None).unwrap()
    };
    let cancelled = make_event(&db, "Annulé", Some(5));
    registrations::cancel_event(&mut conn, &links(), cancelled.id).unwrap();
    drop(conn);
    for (event, reason) in [
        (&past, "event_past"),
        (&closed, "registration_closed"),
        (&open_later, "registration_not_open_yet"),
        (&cancelled, "event_cancelled"),
    ] {
        match register(&db, event, &web(1)) {
            Outcome::Closed(r) => assert_eq!(r, reason, "{backend:?}: {}", event.title),
            other => panic!("{}: {other:?}", event.title),
        }
        assert!(
            registrations::list(&mut db.conn().unwrap(), event.id)
                .unwrap()
                .is_empty()
        );
    }
    assert_eq!(
        agenda::find(&mut db.conn().unwrap(), cancelled.id)
            .unwrap()
            .status,
        EventStatus::Cancelled
    );
}

#[test]
fn bad_event_input_names_each_field() {
    let storage = Storage::new(Backend::Sqlite);
    let db = db(&storage);
    let mut i = input("", Some(0));
    i.ends_at = i.starts_at.map(|s| s - Duration::hours(1));
    i.online_url = Some("javascript:alert(1)".into());
    i.timezone = "Mars/Olympus".into();
    let err =
        agenda::create(&mut db.conn().unwrap(), &i, chrono_tz::Europe::Paris, None).unwrap_err();
    let cheminement::error::Error::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
    for expected in ["title", "timezone", "ends_at", "capacity", "online_url"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // A time that does not exist (the spring-forward hour in Paris) is refused, not shifted.
    let mut gap = input("Nuit du changement d'heure", None);
    gap.starts_at = Some(
        chrono::NaiveDate::from_ymd_opt(2027, 3, 28)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap(),
    );
    gap.ends_at = Some(
        chrono::NaiveDate::from_ymd_opt(2027, 3, 28)
            .unwrap()
            .and_hms_opt(4, 0, 0)
            .unwrap(),
    );
    let err = agenda::create(
        &mut db.conn().unwrap(),
        &gap,
        chrono_tz::Europe::Paris,
        None,
    )
    .unwrap_err();
    assert!(format!("{err:?}").contains("time_nonexistent"), "{err:?}");
}

both_backends!(capacity_holds_when_everyone_registers_at_once);
/// Many people registering at the same second, each on their own connection (on PostgreSQL,
/// from separate pools, as separate server processes would): never more confirmed than seats,
/// every one answered, the rest waiting in the order the database took them.
fn capacity_holds_when_everyone_registers_at_once(backend: Backend) {
    let storage = Storage::new(backend);
    let first = db(&storage);
    let event = make_event(&first, "Concert : trio de jazz manouche", Some(19));
    let pools: Vec<Db> = (0..3)
        .map(|_| Db::open(&storage.database_url).unwrap())
        .collect();
    let people = 60;
    let start = Arc::new(Barrier::new(people));
    let threads: Vec<_> = (0..people)
        .map(|n| {
            let db = pools[n % pools.len()].clone();
            let start = start.clone();
            let event_id = event.id;
            std::thread::spawn(move || {
                let who = web(n);
                start.wait();
                // Same person twice at once, for a few: the second must find the first.
                let result = registrations::register(
                    &mut db.conn().unwrap(),
                    &links(),
                    event_id,
                    &who,
                    Channel::Web,
                    None,
                    "",
                );
                if n % 10 == 0 {
                    let again = registrations::register(
                        &mut db.conn().unwrap(),
                        &links(),
                        event_id,
                        &who,
                        Channel::Web,
                        None,
                        "",
                    );
                    assert!(
                        matches!(again, Ok(Outcome::AlreadyRegistered(_))),
                        "{again:?}"
                    );
                }
                result
            })
        })
        .collect();
    let outcomes: Vec<Outcome> = threads
        .into_iter()
        .map(|t| t.join().unwrap().unwrap())
        .collect();
    let confirmed_answers = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Confirmed(_)))
        .count();
    let waiting_answers = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Waitlisted(..)))
        .count();
    assert_eq!(confirmed_answers, 19, "{backend:?}");
    assert_eq!(
        waiting_answers,
        people - 19,
        "{backend:?}: everyone else is told they wait"
    );

    let mut conn = first.conn().unwrap();
    let rows = registrations::list(&mut conn, event.id).unwrap();
    assert_eq!(rows.len(), people, "one row each, no doubles");
    assert_eq!(
        rows.iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed)
            .count(),
        19
    );
    assert_eq!(
        agenda::find(&mut conn, event.id).unwrap().confirmed_count,
        19
    );
    // Positions on the list are 1..=41 with no gap and no repeat.
    let mut positions: Vec<i64> = outcomes
        .iter()
        .filter_map(|o| {
            if let Outcome::Waitlisted(_, p) = o {
                Some(*p)
            } else {
                None
            }
        })
        .collect();
    positions.sort();
    assert_eq!(
        positions,
        (1..=(people as i64 - 19)).collect::<Vec<_>>(),
        "{backend:?}"
    );
    // Every registration was answered: one mail each, and one more to each address sent
    // twice, saying it was already registered.
    assert_eq!(count_jobs(&first, "mail"), people as i64 + 6);
    // Every one of them is held until confirmed, with its release queued.
    assert!(rows.iter().all(|r| r.hold_until.is_some()));
    assert_eq!(
        count_jobs(&first, cheminement::app::effects::kinds::RELEASE_HOLD),
        people as i64
    );
}

fn count_jobs(db: &Db, kind: &str) -> i64 {
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    jobs::table
        .filter(jobs::kind.eq(kind))
        .count()
        .get_result(&mut *db.conn().unwrap())
        .unwrap()
}

fn last_mail_to(conn: &mut cheminement::db::DbConn, to: &str) -> String {
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    let payloads: Vec<String> = jobs::table
        .filter(jobs::kind.eq("mail"))
        .order(jobs::id.desc())
        .select(jobs::payload)
        .load(conn)
        .unwrap();
    payloads
        .into_iter()
        .map(|p| serde_json::from_str::<cheminement::mail::Mail>(&p).unwrap())
        .find(|m| m.to == to)
        .map(|m| m.text)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Held web registrations

fn set_hold_until(db: &Db, registration_id: i64, at: chrono::NaiveDateTime) {
    use cheminement::db::schema::registrations as table;
    use diesel::prelude::*;
    diesel::update(table::table.find(registration_id))
        .set(table::hold_until.eq(Some(at)))
        .execute(&mut *db.conn().unwrap())
        .unwrap();
}

fn reg(o: &Outcome) -> cheminement::events::Registration {
    match o {
        Outcome::Confirmed(r)
        | Outcome::Waitlisted(r, _)
        | Outcome::Pending(r)
        | Outcome::AlreadyRegistered(r) => r.clone(),
        Outcome::Closed(why) => panic!("closed: {why}"),
    }
}

both_backends!(a_hold_lasts_the_events_delay_but_never_past_its_start);
fn a_hold_lasts_the_events_delay_but_never_past_its_start(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let mut soon = input("Dans une demi-heure", Some(5));
    let start = now() + Duration::minutes(30);
    soon.starts_at =
        Some(chrono::TimeZone::from_utc_datetime(&chrono_tz::Europe::Paris, &start).naive_local());
    soon.ends_at = soon.starts_at.map(|t| t + Duration::hours(1));
    let soon = agenda::create(
        &mut db.conn().unwrap(),
        &soon,
        chrono_tz::Europe::Paris,
        None,
    )
    .unwrap();
    let hold = cheminement::events::holds::settings(&mut db.conn().unwrap(), soon.id).unwrap();
    assert_eq!(hold.hold_minutes, 120);
    assert!(hold.hold_registrations, "held by default");
    let r = reg(&register(&db, &soon, &web(1)));
    assert_eq!(
        r.hold_until,
        Some(soon.starts_at),
        "{backend:?}: not after the start"
    );

    let mut short = input("Délai court", Some(5));
    short.hold_minutes = 15;
    let short = agenda::create(
        &mut db.conn().unwrap(),
        &short,
        chrono_tz::Europe::Paris,
        None,
    )
    .unwrap();
    let before = now();
    let r = reg(&register(&db, &short, &web(1)));
    let until = r.hold_until.unwrap();
    assert!(until >= before + Duration::minutes(15) && until <= now() + Duration::minutes(15));

    // Holds turned off: nothing to confirm.
    let mut off = input("Sans retenue", Some(5));
    off.hold_registrations = false;
    let off = agenda::create(
        &mut db.conn().unwrap(),
        &off,
        chrono_tz::Europe::Paris,
        None,
    )
    .unwrap();
    assert_eq!(reg(&register(&db, &off, &web(1))).hold_until, None);
}

both_backends!(fediverse_registrations_are_not_held);
fn fediverse_registrations_are_not_held(backend: Backend) {
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Concert", Some(5));
    let who = Attendee::fediverse("https://mobilizon.example/@ana", "Ana", "fr");
    let outcome = registrations::register(
        &mut db.conn().unwrap(),
        &links(),
        event.id,
        &who,
        Channel::Join,
        Some("https://mobilizon.example/join/1"),
        "",
    )
    .unwrap();
    assert!(matches!(outcome, Outcome::Confirmed(_)), "{backend:?}");
    assert_eq!(reg(&outcome).hold_until, None);
    assert_eq!(
        count_jobs(&db, cheminement::app::effects::kinds::RELEASE_HOLD),
        0
    );
}

both_backends!(a_waiting_hold_that_lapsed_is_passed_over_and_the_next_one_promoted);
fn a_waiting_hold_that_lapsed_is_passed_over_and_the_next_one_promoted(backend: Backend) {
    use cheminement::events::holds::{self, Confirmation};
    let storage = Storage::new(backend);
    let db = db(&storage);
    let event = make_event(&db, "Yoga", Some(1));
    let first = reg(&register(&db, &event, &web(1)));
    let lapsed = reg(&register(&db, &event, &web(2)));
    let next = reg(&register(&db, &event, &web(3)));
    // The first confirms; the second lets the delay go by (the job has not run yet).
    let mut conn = db.conn().unwrap();
    assert!(matches!(
        holds::confirm(&mut conn, &links(), first.id).unwrap(),
        Confirmation::Confirmed(_)
    ));
    assert!(matches!(
        holds::confirm(&mut conn, &links(), first.id).unwrap(),
        Confirmation::AlreadyConfirmed(_)
    ));
    set_hold_until(&db, lapsed.id, now() - Duration::seconds(1));
    registrations::cancel(&mut conn, &links(), first.id).unwrap();
    let find = |id| {
        registrations::find(&mut db.conn().unwrap(), id)
            .unwrap()
            .status
    };
    assert_eq!(find(lapsed.id), RegistrationStatus::Expired, "{backend:?}");
    assert_eq!(find(next.id), RegistrationStatus::Confirmed, "{backend:?}");
    // Confirming too late says so and changes nothing.
    assert!(matches!(
        holds::confirm(&mut conn, &links(), lapsed.id).unwrap(),
        Confirmation::Released(_)
    ));
    // A job that comes before the deadline leaves the hold and comes back at it.
    assert!(
        holds::release_if_due(&mut conn, &links(), next.id)
            .unwrap()
            .is_none()
    );
    assert_eq!(find(next.id), RegistrationStatus::Confirmed);
    // At the deadline it releases the seat.
    set_hold_until(&db, next.id, now() - Duration::seconds(1));
    assert!(
        holds::release_if_due(&mut conn, &links(), next.id)
            .unwrap()
            .is_some()
    );
    assert_eq!(find(next.id), RegistrationStatus::Expired);
    assert_eq!(
        agenda::find(&mut conn, event.id).unwrap().confirmed_count,
        0
    );
}
