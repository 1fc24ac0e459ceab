//! Held registrations: confirmed from the mail, or released.

use super::*;

/// The confirm link in a mail's text.
fn confirm_link(server: &TestServer, text: &str) -> String {
    let at = text
        .find("/confirm?token=")
        .unwrap_or_else(|| panic!("the mail holds the confirm link: {text}"));
    let start = text[..at]
        .rfind(&server.url("/registrations/"))
        .expect("the link starts with the site's address");
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Posts the button of the confirm page (taken from the link's page); returns the answer.
async fn confirm_through(client: &reqwest::Client, link: &str) -> (StatusCode, String) {
    let (_, page) = get_text(client, link).await;
    // A page without the button (confirmed already, released) has no form: take a token from
    // the event's page it links to.
    let csrf = if page.contains("name=\"csrf\"") {
        csrf_in(&page)
    } else {
        let at = page.find("href=\"/events/").expect("a link to the event") + 6;
        let path: String = page[at..].chars().take_while(|c| *c != '"').collect();
        let base = &link[..link.find("/registrations/").unwrap()];
        csrf_of(client, &format!("{base}{path}")).await
    };
    let (path, token) = link.split_once("?token=").unwrap();
    let answer = client
        .post(path)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// Moves a registration's deadline into the past, and its release job to now, as if the
/// delay had gone by; then lets the job run.
async fn let_the_hold_lapse(server: &TestServer, registration_id: i64) {
    use cheminement::db::schema::{jobs, registrations};
    use diesel::prelude::*;
    {
        let mut conn = server.app.db.conn().unwrap();
        let past = cheminement::db::now() - Duration::minutes(1);
        diesel::update(registrations::table.find(registration_id))
            .set(registrations::hold_until.eq(Some(past)))
            .execute(&mut *conn)
            .unwrap();
        let moved = diesel::update(
            jobs::table
                .filter(jobs::kind.eq("registration-hold"))
                .filter(jobs::payload.eq(format!("{{\"registration_id\":{registration_id}}}"))),
        )
        .set(jobs::run_at.eq(past))
        .execute(&mut *conn)
        .unwrap();
        assert_eq!(moved, 1, "one release job per hold");
    }
    server.app.jobs.wake();
    server.settle().await;
}

fn registration_of(server: &TestServer, event_id: i64, email: &str) -> Registration {
    regs(server, event_id)
        .into_iter()
        .find(|r| r.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("{email} is registered"))
}

both_backends!(async a_web_registration_holds_its_place_until_confirmed_from_the_mail);
async fn a_web_registration_holds_its_place_until_confirmed_from_the_mail(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(
        &server,
        &token,
        held_event_json("Concert de jazz", Some(19)),
    )
    .await;
    assert_eq!(created["hold_registrations"], true, "held by default");
    assert_eq!(created["hold_minutes"], 120);
    let slug = created["slug"].as_str().unwrap().to_string();

    let client = visitor();
    let before = cheminement::db::now();
    let (status, page) = register(
        &client,
        &server,
        &slug,
        "Camille",
        "camille@example.org",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
    assert!(page.contains("data-outcome=\"held\""), "{page}");
    assert!(
        page.contains("Your place is held: confirm it from the mail"),
        "{page}"
    );

    // The seat counts at once, so the cap stays exact; the deadline is two hours away.
    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 1);
    let r = registration_of(&server, event.id, "camille@example.org");
    assert_eq!(r.status, RegistrationStatus::Confirmed);
    let until = r.hold_until.expect("held");
    assert!(until >= before + Duration::minutes(119), "{until} {before}");
    assert!(until <= cheminement::db::now() + Duration::minutes(120));
    assert_eq!(count_jobs(&server, "registration-hold"), 1);

    let text = mail_to(&smtp, "camille@example.org", "A place is held for you").await;
    assert!(text.contains("Confirm it before"), "{text}");
    let link = confirm_link(&server, &text);
    let cancel = cancel_link(&server, &text);

    // A forged link shows nobody and changes nothing; so does the cancel token in its place.
    let cancel_token = server.app.links.cancel_token(r.id);
    for bad in [
        format!(
            "/registrations/{}/confirm?token=00112233445566778899aabbccddeeff",
            r.id
        ),
        format!("/registrations/{}/confirm?token={cancel_token}", r.id),
        format!("/registrations/{}/confirm", r.id),
    ] {
        let (status, page) = get_text(&client, &server.url(&bad)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{bad}");
        assert!(page.contains("data-state=\"invalid\""), "{page}");
        assert!(!page.contains("Camille"), "{page}");
    }
    let csrf = csrf_of(&client, &server.url(&format!("/events/{slug}"))).await;
    let forged = client
        .post(server.url(&format!("/registrations/{}/confirm", r.id)))
        .form(&[("csrf", csrf.as_str()), ("token", cancel_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let ghost = 999_999;
    let (status, _) = get_text(
        &client,
        &server.url(&format!(
            "/registrations/{ghost}/confirm?token={}",
            server.app.links.confirm_token(ghost)
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Opening the link changes nothing (mail scanners open links)...
    let (status, page) = get_text(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"confirm\""), "{page}");
    assert!(page.contains("Camille"));
    assert!(registration_of(&server, event.id, "camille@example.org").awaits_confirmation());
    // ...the button confirms.
    let (status, page) = confirm_through(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"done\""), "{page}");
    let r = registration_of(&server, event.id, "camille@example.org");
    assert_eq!(r.hold_until, None, "{backend:?}");
    assert_eq!(r.status, RegistrationStatus::Confirmed);
    // Twice: already confirmed, on the link and on the button.
    let (_, page) = get_text(&visitor(), &link).await;
    assert!(page.contains("data-state=\"already\""), "{page}");
    let (status, page) = confirm_through(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"already\""), "{page}");
    assert!(page.contains("already confirmed"), "{page}");

    // The job, when it comes, leaves a confirmed place alone.
    let_the_hold_lapse_of_confirmed(&server, r.id).await;
    assert_eq!(
        status_of(&server, event.id, "camille@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);

    // The cancel link of the same mail still works.
    let (status, page) = cancel_through(&visitor(), &cancel).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);
    let (_, page) = get_text(&visitor(), &link).await;
    assert!(page.contains("data-state=\"inactive\""), "{page}");
}

/// Runs the release job of a registration now (its hold is gone: confirmed).
async fn let_the_hold_lapse_of_confirmed(server: &TestServer, registration_id: i64) {
    use cheminement::db::schema::jobs;
    use diesel::prelude::*;
    diesel::update(
        jobs::table
            .filter(jobs::kind.eq("registration-hold"))
            .filter(jobs::payload.eq(format!("{{\"registration_id\":{registration_id}}}"))),
    )
    .set(jobs::run_at.eq(cheminement::db::now() - Duration::minutes(1)))
    .execute(&mut *server.app.db.conn().unwrap())
    .unwrap();
    server.app.jobs.wake();
    server.settle().await;
}

both_backends!(async a_hold_not_confirmed_in_time_is_released_by_the_job_and_the_next_waiting_is_promoted);
async fn a_hold_not_confirmed_in_time_is_released_by_the_job_and_the_next_waiting_is_promoted(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, held_event_json("Yoga du mardi", Some(1))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    let (_, page) = register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    assert!(page.contains("data-outcome=\"held_waitlisted\""), "{page}");
    let (_, page) = register(&client, &server, &slug, "Cyd", "cyd@example.org", "").await;
    assert!(page.contains("data-outcome=\"held_waitlisted\""), "{page}");
    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 1);

    // Bea confirms her place on the waiting list; Ana never confirms hers.
    let text = mail_to(&smtp, "bea@example.org", "waiting list, number 1").await;
    let (status, page) = confirm_through(&visitor(), &confirm_link(&server, &text)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert!(
        page.contains("you keep your place on the waiting list"),
        "{page}"
    );
    let ana_mail = mail_to(&smtp, "ana@example.org", "A place is held for you").await;
    let ana = registration_of(&server, event.id, "ana@example.org");

    let_the_hold_lapse(&server, ana.id).await;

    assert_eq!(
        status_of(&server, event.id, "ana@example.org"),
        RegistrationStatus::Expired,
        "{backend:?}"
    );
    assert_eq!(
        status_of(&server, event.id, "bea@example.org"),
        RegistrationStatus::Confirmed,
        "{backend:?}: the first waiting is promoted"
    );
    assert_eq!(
        status_of(&server, event.id, "cyd@example.org"),
        RegistrationStatus::Waitlisted
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);
    let text = mail_to(&smtp, "bea@example.org", "A place freed up").await;
    assert!(text.contains("you're in for"), "{text}");
    server.settle().await;
    assert_eq!(
        mails_to(&smtp, "ana@example.org"),
        1,
        "no mail to an address that never answered"
    );

    // Ana's link, too late: the page says the place was released, and nothing moves.
    let link = confirm_link(&server, &ana_mail);
    let (status, page) = get_text(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"released\""), "{page}");
    assert!(page.contains("the place was released"), "{page}");
    let (_, page) = confirm_through(&visitor(), &link).await;
    assert!(page.contains("data-state=\"released\""), "{page}");
    assert_eq!(
        status_of(&server, event.id, "ana@example.org"),
        RegistrationStatus::Expired
    );
    // She may register again: at the back of the waiting list.
    let (_, page) = register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    assert!(page.contains("data-outcome=\"held_waitlisted\""), "{page}");
    mail_to(&smtp, "ana@example.org", "waiting list, number 2").await;

    // Cyd is promoted while still unconfirmed: the place is held for what is left of her
    // delay, and she is told to confirm it.
    let bea = registration_of(&server, event.id, "bea@example.org");
    let text = mail_to(&smtp, "bea@example.org", "A place freed up").await;
    cancel_through(&visitor(), &cancel_link(&server, &text)).await;
    let cyd = registration_of(&server, event.id, "cyd@example.org");
    assert_eq!(cyd.status, RegistrationStatus::Confirmed, "{backend:?}");
    assert!(cyd.awaits_confirmation());
    let text = mail_to(
        &smtp,
        "cyd@example.org",
        "A place freed up and is held for you",
    )
    .await;
    assert!(text.contains("/confirm?token="), "{text}");
    assert_eq!(bea.hold_until, None);
}

both_backends!(async a_bad_image_name_is_refused_next_to_the_field_and_nothing_is_saved);
async fn a_bad_image_name_is_refused_next_to_the_field_and_nothing_is_saved(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let png = b"\x89PNG\r\n\x1a\nrest of a picture".to_vec();
    let stored = cheminement::app::media::upload(&server.app, "affiche.png".into(), png)
        .await
        .unwrap();

    for bad in [
        "../../data/test.sqlite",
        "https://elsewhere.example/affiche.png",
        "affiche\u{0}.png",
        "nope.png",
        "a/b.png",
    ] {
        let mut body = event_json("Affiche", Some(10));
        body["image"] = json!(bad);
        let answer = reqwest::Client::new()
            .post(server.url("/api/v1/events"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend:?} {bad:?}"
        );
        let text = answer.text().await.unwrap();
        assert!(text.contains("\"image\""), "{text}");
    }
    let mut body = event_json("Délai", Some(10));
    body["hold_minutes"] = json!(0);
    let answer = reqwest::Client::new()
        .post(server.url("/api/v1/events"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.text().await.unwrap().contains("hold_minutes"));
    assert!(
        agenda::all(&mut server.app.db.conn().unwrap())
            .unwrap()
            .is_empty(),
        "nothing saved"
    );

    // A stored image is taken.
    let mut body = event_json("Affiche", Some(10));
    body["image"] = json!(stored.stored_name);
    let created = api_event(&server, &token, body).await;
    assert_eq!(created["image"], json!(stored.stored_name));
    let id = created["id"].as_i64().unwrap();

    // The dashboard form: the error next to the field, and the event as it was.
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}"),
        &csrf,
        &[
            ("title", "Affiche"),
            ("starts_at", &local_in(3, "20:30")),
            ("ends_at", &local_in(3, "22:30")),
            ("timezone", "Europe/Paris"),
            ("image", "../../etc/passwd"),
            ("capacity", "10"),
            ("takes_registrations", "on"),
            ("hold_registrations", "on"),
            ("hold_minutes", "soon"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert_eq!(
        text_of_id(&page, "image-error"),
        "Choose an image uploaded to this site&#39;s media.",
        "{page}"
    );
    assert!(
        !text_of_id(&page, "hold_minutes-error").is_empty(),
        "{page}"
    );
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.image.as_deref(), Some(stored.stored_name.as_str()));

    // And the hold settings from the form are saved.
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}"),
        &csrf,
        &[
            ("title", "Affiche"),
            ("starts_at", &local_in(3, "20:30")),
            ("ends_at", &local_in(3, "22:30")),
            ("timezone", "Europe/Paris"),
            ("image", ""),
            ("capacity", "10"),
            ("takes_registrations", "on"),
            ("hold_registrations", "on"),
            ("hold_minutes", "30"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    let hold =
        cheminement::events::holds::settings(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert!(hold.hold_registrations);
    assert_eq!(hold.hold_minutes, 30);
    assert_eq!(event.image, None);
    let (_, page) = get_text(&organizer, &server.url(&format!("/dashboard/events/{id}"))).await;
    assert!(
        page.contains("name=\"hold_minutes\" value=\"30\""),
        "{page}"
    );
}
