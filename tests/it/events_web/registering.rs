//! Registering on the website.

use super::*;

both_backends!(async the_web_form_registers_and_the_mail_holds_a_working_cancel_link);
async fn the_web_form_registers_and_the_mail_holds_a_working_cancel_link(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert de jazz", Some(19))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    assert_eq!(created["places_left"], 19);

    let client = visitor();
    let (status, page) = register(
        &client,
        &server,
        &slug,
        "Camille Dupré",
        "camille@example.org",
        "Je viendrai avec une amie",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
    assert!(page.contains("data-outcome=\"confirmed\""), "{page}");
    assert!(page.contains("camille@example.org"));

    let text = mail_to(&smtp, "camille@example.org", "You're in for").await;
    assert!(text.contains("Concert de jazz"), "{text}");
    let link = cancel_link(&server, &text);

    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 1);
    let list = regs(&server, event.id);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Camille Dupré");
    assert_eq!(list[0].message, "Je viendrai avec une amie");
    assert_eq!(list[0].channel, cheminement::events::Channel::Web);
    assert_eq!(list[0].lang, "en");
    // Holds turned off: confirmed at once, as before, with no confirm link to follow.
    assert_eq!(list[0].hold_until, None);
    assert!(!text.contains("/confirm?token="), "{text}");
    assert_eq!(count_jobs(&server, "registration-hold"), 0);
    // The page now says one place fewer.
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert_eq!(text_of_id(&page, "places"), "18 places left");

    // Following the link changes nothing by itself (mail scanners follow links)...
    let stranger = visitor();
    let (status, page) = get_text(&stranger, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Camille Dupré"), "{page}");
    assert_eq!(
        status_of(&server, event.id, "camille@example.org"),
        RegistrationStatus::Confirmed
    );
    // ...the button does, without any login.
    let (status, page) = cancel_through(&stranger, &link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"done\""), "{page}");
    assert_eq!(
        status_of(&server, event.id, "camille@example.org"),
        RegistrationStatus::Cancelled
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);
    mail_to(&smtp, "camille@example.org", "is cancelled").await;

    // Twice is harmless: the page says so and nothing moves.
    let (status, page) = get_text(&stranger, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-state=\"already\""), "{page}");
    let csrf = csrf_in(
        &get_text(&stranger, &server.url(&format!("/events/{slug}")))
            .await
            .1,
    );
    let (path, token) = link.split_once("?token=").unwrap();
    let again = stranger
        .post(path)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("data-state=\"already\"")
    );
    server.settle().await;
    assert_eq!(mails_to(&smtp, "camille@example.org"), 2, "{backend:?}");
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);
}

both_backends!(async until_full_then_the_page_says_full_and_a_cancellation_promotes_the_first_waiting);
async fn until_full_then_the_page_says_full_and_a_cancellation_promotes_the_first_waiting(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Yoga du mardi", Some(2))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    for (name, email) in [("Ana", "ana@example.org"), ("Bea", "bea@example.org")] {
        let (status, page) = register(&client, &server, &slug, name, email, "").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("data-outcome=\"confirmed\""), "{page}");
    }
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert_eq!(text_of_id(&page, "places"), "Full – waiting list");
    assert!(page.contains("id=\"full-notice\""), "{page}");
    assert!(page.contains("Put me on the waiting list"));
    let (_, agenda) = get_text(&client, &server.url("/events")).await;
    assert!(agenda.contains("Full – waiting list"), "{agenda}");

    let (status, page) = register(&client, &server, &slug, "Chloé", "chloe@example.org", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-outcome=\"waitlisted\""), "{page}");
    // The number is in the mail, not on the page (which says nothing of who is registered).
    assert!(!page.contains("id=\"position\""), "{page}");
    let (_, page) = register(&client, &server, &slug, "Dan", "dan@example.org", "").await;
    assert!(page.contains("data-outcome=\"waitlisted\""), "{page}");
    mail_to(&smtp, "chloe@example.org", "waiting list, number 1").await;
    mail_to(&smtp, "dan@example.org", "waiting list, number 2").await;

    let event = event_by_slug(&server, &slug);
    assert_eq!(event.confirmed_count, 2);
    let text = mail_to(&smtp, "ana@example.org", "You're in for").await;
    let link = cancel_link(&server, &text);
    let (status, page) = cancel_through(&visitor(), &link).await;
    assert_eq!(status, StatusCode::OK, "{page}");

    assert_eq!(
        status_of(&server, event.id, "chloe@example.org"),
        RegistrationStatus::Confirmed,
        "{backend:?}: the first waiting is confirmed"
    );
    assert_eq!(
        status_of(&server, event.id, "dan@example.org"),
        RegistrationStatus::Waitlisted
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 2);
    mail_to(&smtp, "chloe@example.org", "A place freed up").await;
}

both_backends!(async a_malformed_email_or_an_empty_name_is_refused_with_the_errors_and_nothing_stored);
async fn a_malformed_email_or_an_empty_name_is_refused_with_the_errors_and_nothing_stored(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Atelier", Some(10))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();

    let (status, page) = register(
        &client,
        &server,
        &slug,
        "   ",
        "not-an-address",
        "mon message",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
    assert_eq!(text_of_id(&page, "name-error"), "This field is required.");
    assert!(!text_of_id(&page, "email-error").is_empty(), "{page}");
    // What was typed is still there.
    assert!(page.contains("value=\"not-an-address\""), "{page}");
    assert!(page.contains(">mon message</textarea>"), "{page}");
    assert!(page.contains("aria-invalid=\"true\""));

    let (status, page) = register(&client, &server, &slug, "Jules", "jules@", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"Jules\""));

    // Without the CSRF token: refused before anything is read.
    let forged = visitor()
        .post(server.url(&format!("/events/{slug}/register")))
        .form(&[("name", "Jules"), ("email", "jules@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);

    let event = event_by_slug(&server, &slug);
    assert!(regs(&server, event.id).is_empty(), "{backend:?}");
    assert_eq!(event.confirmed_count, 0);
    server.settle().await;
    assert!(smtp.mails().is_empty());
}

/// The `#outcome` part of the page after the form: what a visitor is told.
fn outcome_of(page: &str) -> &str {
    let start = page
        .find("<div id=\"outcome\"")
        .unwrap_or_else(|| panic!("an outcome in {page}"));
    let end = page[start..].find("</div>").unwrap() + start;
    &page[start..end]
}

both_backends!(async an_address_already_registered_gets_the_same_page_as_a_newcomer_and_a_mail_saying_so);
async fn an_address_already_registered_gets_the_same_page_as_a_newcomer_and_a_mail_saying_so(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let client = visitor();

    // Held (the default): the second answer is the page of a new hold.
    let held = api_event(&server, &token, held_event_json("Ciné-club", Some(2))).await;
    let slug = held["slug"].as_str().unwrap().to_string();
    let (_, first) = register(&client, &server, &slug, "Inès", "ines@example.org", "").await;
    let (status, again) = register(
        &client,
        &server,
        &slug,
        "Inès again",
        "  INES@example.org ",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains("data-outcome=\"held\""), "{first}");
    assert_eq!(outcome_of(&again), outcome_of(&first), "{backend:?}");
    assert!(!again.contains("already"), "{again}");
    let event = event_by_slug(&server, &slug);
    assert_eq!(regs(&server, event.id).len(), 1, "{backend:?}: one row");
    assert_eq!(event.confirmed_count, 1);
    // The mail says which it is, with the confirm link again (not confirmed yet) and the
    // cancel link.
    let text = mail_to(&smtp, "ines@example.org", "You were already registered").await;
    assert!(text.contains("a place is held for you"), "{text}");
    assert!(text.contains("/confirm?token="), "{text}");
    assert!(text.contains("/cancel?token="), "{text}");
    server.settle().await;
    assert_eq!(mails_to(&smtp, "ines@example.org"), 2);

    // A newcomer takes the last place; then the event is full, and an address already in
    // gets the page a newcomer now gets: the waiting list's.
    let (_, page) = register(&client, &server, &slug, "Jo", "jo@example.org", "").await;
    assert!(page.contains("data-outcome=\"held\""), "{page}");
    let (_, newcomer) = register(&client, &server, &slug, "Kim", "kim@example.org", "").await;
    let (_, known) = register(&client, &server, &slug, "Inès", "ines@example.org", "").await;
    assert!(
        newcomer.contains("data-outcome=\"held_waitlisted\""),
        "{newcomer}"
    );
    assert_eq!(
        outcome_of(&known).replace("ines@example.org", "kim@example.org"),
        outcome_of(&newcomer)
    );
    mail_to(&smtp, "kim@example.org", "waiting list, number 1").await;
    assert_eq!(
        status_of(&server, event.id, "ines@example.org"),
        RegistrationStatus::Confirmed,
        "nothing changed for her"
    );

    // Holds turned off: the same, with the pages of today.
    let plain = api_event(&server, &token, event_json("Atelier", Some(10))).await;
    let slug = plain["slug"].as_str().unwrap().to_string();
    let (_, first) = register(&client, &server, &slug, "Léo", "leo@example.org", "").await;
    let (_, again) = register(&client, &server, &slug, "Léo", "leo@example.org", "").await;
    assert!(first.contains("data-outcome=\"confirmed\""), "{first}");
    assert_eq!(outcome_of(&again), outcome_of(&first));
    let text = mail_to(&smtp, "leo@example.org", "You were already registered").await;
    assert!(text.contains("your place is confirmed"), "{text}");
    assert!(!text.contains("/confirm?token="), "{text}");
    assert!(text.contains("/cancel?token="), "{text}");
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);
}

both_backends!(async after_the_window_closed_or_for_a_past_or_cancelled_event_registration_is_closed);
async fn after_the_window_closed_or_for_a_past_or_cancelled_event_registration_is_closed(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;

    let mut closed = event_json("Fermé", Some(10));
    closed["registration_closes_at"] = json!(local_in(-1, "12:00"));
    closed["registration_opens_at"] = json!(local_in(-5, "12:00"));
    let closed = api_event(&server, &token, closed).await;

    let mut past = event_json("Passé", Some(10));
    past["starts_at"] = json!(local_in(-3, "20:30"));
    past["ends_at"] = json!(local_in(-3, "22:30"));
    let past = api_event(&server, &token, past).await;

    let mut later = event_json("Plus tard", Some(10));
    later["registration_opens_at"] = json!(local_in(2, "12:00"));
    let later = api_event(&server, &token, later).await;

    let cancelled = api_event(&server, &token, event_json("Annulé", Some(10))).await;
    let answer = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/events/{}/cancel", cancelled["id"])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);

    let client = visitor();
    for (event, words) in [
        (&closed, "Registration is closed."),
        (&past, "This event is over."),
        (&later, "Registration is not open yet."),
        (&cancelled, "This event is cancelled."),
    ] {
        let slug = event["slug"].as_str().unwrap();
        // The page shows why instead of the form...
        let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
        assert!(text_of_id(&page, "closed").contains(words), "{page}");
        assert!(!page.contains("name=\"email\""));
    }
    // A form posted anyway (from a tab left open) is answered the same way. A page
    // without a form makes no token: take one from a page that has a form.
    let open = api_event(&server, &token, event_json("Ouvert", Some(10))).await;
    let csrf = csrf_of(
        &client,
        &server.url(&format!("/events/{}", open["slug"].as_str().unwrap())),
    )
    .await;
    for (event, words) in [
        (&closed, "Registration is closed."),
        (&past, "This event is over."),
        (&later, "Registration is not open yet."),
        (&cancelled, "This event is cancelled."),
    ] {
        let slug = event["slug"].as_str().unwrap();
        let answer = client
            .post(server.url(&format!("/events/{slug}/register")))
            .form(&[
                ("csrf", csrf.as_str()),
                ("name", "Jules"),
                ("email", "jules@example.org"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::CONFLICT, "{backend:?} {slug}");
        let page = answer.text().await.unwrap();
        assert!(page.contains("data-outcome=\"closed\""), "{page}");
        assert!(page.contains(words), "{page}");
        let id = event["id"].as_i64().unwrap();
        assert!(regs(&server, id).is_empty(), "{slug}: nothing stored");
    }
    server.settle().await;
    assert_eq!(mails_to(&smtp, "jules@example.org"), 0);
}

both_backends!(async a_forged_cancel_token_is_refused_and_changes_nothing);
async fn a_forged_cancel_token_is_refused_and_changes_nothing(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(5))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    let event = event_by_slug(&server, &slug);
    let list = regs(&server, event.id);
    let (ana, bea) = (list[0].id, list[1].id);
    let bea_token = server.app.links.cancel_token(bea);

    for bad in [
        format!("/registrations/{ana}/cancel?token=00112233445566778899aabbccddeeff"),
        format!("/registrations/{ana}/cancel?token={bea_token}"),
        format!("/registrations/{ana}/cancel"),
        format!("/registrations/{ana}/cancel?token=%3Cscript%3E"),
    ] {
        let (status, page) = get_text(&client, &server.url(&bad)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?} {bad}");
        assert!(page.contains("data-state=\"invalid\""), "{page}");
        assert!(page.contains("not valid"));
        assert!(!page.contains("Ana"), "a forged link shows nobody's name");
    }
    let csrf = csrf_of(&client, &server.url(&format!("/events/{slug}"))).await;
    for token in ["00112233445566778899aabbccddeeff", bea_token.as_str(), ""] {
        let answer = client
            .post(server.url(&format!("/registrations/{ana}/cancel")))
            .form(&[("csrf", csrf.as_str()), ("token", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        status_of(&server, event.id, "ana@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        status_of(&server, event.id, "bea@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 2);
    // A registration that does not exist, with a token that would be right for it.
    let ghost = 999_999;
    let link = format!(
        "/registrations/{ghost}/cancel?token={}",
        server.app.links.cancel_token(ghost)
    );
    let (status, page) = get_text(&client, &server.url(&link)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("data-state=\"gone\""));
}
