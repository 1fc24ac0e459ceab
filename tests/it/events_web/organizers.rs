//! Organizers.

use super::*;

both_backends!(async the_csv_export_starts_with_a_bom_and_keeps_accents);
async fn the_csv_export_starts_with_a_bom_and_keeps_accents(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Fête", Some(10))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let client = visitor();
    register(
        &client,
        &server,
        &slug,
        "Zoé Façade",
        "zoe@example.org",
        "Végétarienne ; merci",
    )
    .await;
    register(
        &client,
        &server,
        &slug,
        "=HYPERLINK(\"http://evil\")",
        "evil@example.org",
        "",
    )
    .await;

    let organizer = visitor();
    sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let id = created["id"].as_i64().unwrap();
    let answer = organizer
        .get(server.url(&format!("/dashboard/events/{id}/registrations.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(
        answer.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let bytes = answer.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "{backend:?}: UTF-8 byte order mark"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("No.;Name;Email address;"), "{text}");
    assert!(text.contains("Zoé Façade"), "{text}");
    assert!(
        text.contains("\"Végétarienne ; merci\""),
        "a ; in a field is quoted"
    );
    assert!(text.contains("'=HYPERLINK"), "formulas are defused: {text}");
    assert_eq!(
        lines.len(),
        4,
        "header, two rows, and the final CRLF: {text:?}"
    );
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");

    // The same through the API.
    let answer = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/events/{id}/registrations.csv")))
        .bearer_auth(&token)
        .header(header::ACCEPT_LANGUAGE, "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let bytes = answer.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("N°;Nom;"), "{text}");
    assert!(text.contains("Zoé Façade;zoe@example.org"));
}

both_backends!(async in_approval_mode_registrations_wait_for_an_organizer);
async fn in_approval_mode_registrations_wait_for_an_organizer(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let mut body = event_json("Résidence d'artiste", Some(1));
    body["requires_approval"] = json!(true);
    let created = api_event(&server, &token, body).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert!(page.contains("The team confirms each registration"));
    let (status, page) = register(
        &client,
        &server,
        &slug,
        "Ana",
        "ana@example.org",
        "Je suis peintre",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-outcome=\"pending\""), "{page}");
    register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    register(&client, &server, &slug, "Cyd", "cyd@example.org", "").await;
    mail_to(&smtp, "ana@example.org", "has been received").await;
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 0);

    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let (status, page) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/registrations")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Je suis peintre"), "the message is shown");
    assert_eq!(page.matches("/approve\"").count(), 3);
    let list = regs(&server, id);
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/approve", list[0].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(
        status_of(&server, id, "ana@example.org"),
        RegistrationStatus::Confirmed
    );
    mail_to(&smtp, "ana@example.org", "You're in for").await;
    // One place only: the next approval goes to the waiting list.
    submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/approve", list[1].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(
        status_of(&server, id, "bea@example.org"),
        RegistrationStatus::Waitlisted
    );
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/refuse", list[2].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&server, id, "cyd@example.org"),
        RegistrationStatus::Refused
    );
    mail_to(&smtp, "cyd@example.org", "could not be accepted").await;
    assert_eq!(event_by_slug(&server, &slug).confirmed_count, 1);
    // Approving what is not waiting for approval is a conflict, not a change.
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/approve", list[0].id),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);

    // The API confirms too.
    register(&client, &server, &slug, "Dee", "dee@example.org", "").await;
    let dee = regs(&server, id)
        .into_iter()
        .find(|r| r.name == "Dee")
        .unwrap();
    let answer = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/registrations/{}/confirm", dee.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let r: Value = answer.json().await.unwrap();
    assert_eq!(r["status"], "waitlisted");
}

both_backends!(async raising_the_capacity_promotes_and_it_cannot_go_below_the_confirmed);
async fn raising_the_capacity_promotes_and_it_cannot_go_below_the_confirmed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Yoga", Some(1))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    register(&client, &server, &slug, "Ana", "ana@example.org", "").await;
    register(&client, &server, &slug, "Bea", "bea@example.org", "").await;
    register(&client, &server, &slug, "Cyd", "cyd@example.org", "").await;
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;

    let path = format!("/dashboard/events/{id}/capacity");
    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "2")]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(
        status_of(&server, id, "bea@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        status_of(&server, id, "cyd@example.org"),
        RegistrationStatus::Waitlisted
    );
    mail_to(&smtp, "bea@example.org", "A place freed up").await;

    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "1")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(
        text_of_id(&page, "capacity-error").contains("More people are already registered"),
        "{page}"
    );
    assert!(page.contains("value=\"1\""), "what was typed is kept");
    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "lots")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(event_by_slug(&server, &slug).capacity, Some(2));

    // Empty: no limit, and everyone waiting is in.
    let answer = submit(&organizer, &server, &path, &csrf, &[("capacity", "")]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&server, id, "cyd@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(event_by_slug(&server, &slug).capacity, None);

    // Through the API as well.
    let answer = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/events/{id}/capacity")))
        .bearer_auth(&token)
        .json(&json!({ "capacity": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["fields"][0]["code"], "capacity_below_confirmed");
}

both_backends!(async cancelling_the_event_mails_everyone_registered);
async fn cancelling_the_event_mails_everyone_registered(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(2))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    for (n, e) in [
        ("Ana", "ana@example.org"),
        ("Bea", "bea@example.org"),
        ("Cyd", "cyd@example.org"),
    ] {
        register(&client, &server, &slug, n, e, "").await;
    }
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}/cancel"),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    for e in ["ana@example.org", "bea@example.org", "cyd@example.org"] {
        mail_to(&smtp, e, "is cancelled. We are sorry.").await;
    }
    let event = event_by_slug(&server, &slug);
    assert_eq!(event.status, cheminement::events::EventStatus::Cancelled);
    // Twice tells nobody twice.
    submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}/cancel"),
        &csrf,
        &[],
    )
    .await;
    server.settle().await;
    assert_eq!(
        mails_to(&smtp, "ana@example.org"),
        2,
        "registered, then cancelled"
    );
    let (_, page) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert!(page.contains("This event is cancelled."));
    assert!(
        !page.contains("name=\"email\""),
        "no form on a cancelled event"
    );
    // Deleting needs no more warning now; before cancelling it was refused.
    let other = api_event(&server, &token, event_json("Autre", Some(2))).await;
    register(
        &client,
        &server,
        other["slug"].as_str().unwrap(),
        "Ana",
        "ana@example.org",
        "",
    )
    .await;
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{}/delete", other["id"]),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}/delete"),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let (status, _) = get_text(&client, &server.url(&format!("/events/{slug}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

both_backends!(async check_in_the_sheet_and_a_message_to_everyone);
async fn check_in_the_sheet_and_a_message_to_everyone(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(2))).await;
    let slug = created["slug"].as_str().unwrap().to_string();
    let id = created["id"].as_i64().unwrap();
    let client = visitor();
    for (n, e) in [
        ("Zoé", "zoe@example.org"),
        ("Ana", "ana@example.org"),
        ("Cyd", "cyd@example.org"),
    ] {
        register(&client, &server, &slug, n, e, "").await;
    }
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "lea@example.org", Role::Organizer).await;

    let (status, page) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/checkin")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (a, z) = (
        page.find("<span>Ana</span>").unwrap(),
        page.find("<span>Zoé</span>").unwrap(),
    );
    assert!(a < z, "alphabetical");
    assert!(!page.contains("Cyd"), "only the confirmed");
    let ana = regs(&server, id)
        .into_iter()
        .find(|r| r.name == "Ana")
        .unwrap();
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/checkin", ana.id),
        &csrf,
        &[("came", "1"), ("back", "checkin")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert!(
        answer.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .ends_with(&format!("/checkin#r{}", ana.id))
    );
    assert!(
        registrations::find(&mut server.app.db.conn().unwrap(), ana.id)
            .unwrap()
            .checked_in,
        "{backend:?}"
    );
    let (_, page) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/checkin")),
    )
    .await;
    assert_eq!(text_of_id(&page, "came-count"), "Came: 1 / 2");
    submit(
        &organizer,
        &server,
        &format!("/dashboard/registrations/{}/checkin", ana.id),
        &csrf,
        &[("came", "0"), ("back", "checkin")],
    )
    .await;
    assert!(
        !registrations::find(&mut server.app.db.conn().unwrap(), ana.id)
            .unwrap()
            .checked_in
    );
    // The API marks too.
    let answer = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/registrations/{}/checkin", ana.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.json::<Value>().await.unwrap()["checked_in"], true);

    let (status, sheet) = get_text(
        &organizer,
        &server.url(&format!("/dashboard/events/{id}/sheet")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Its print styles are a file now (the pages' policy forbids inline style).
    assert!(sheet.contains("/static/events_sheet.css"));
    assert!(sheet.contains("Zoé") && sheet.contains("Ana") && sheet.contains("Cyd"));
    assert!(sheet.find("Ana").unwrap() < sheet.find("Zoé").unwrap());
    assert!(
        !sheet.contains("dash-nav"),
        "a plain page, without the dashboard's menu"
    );

    let path = format!("/dashboard/events/{id}/message");
    let answer = submit(&organizer, &server, &path, &csrf, &[("message", "   ")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = submit(
        &organizer,
        &server,
        &path,
        &csrf,
        &[("message", "Merci ! Prochaine date : le 12.")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert!(
        answer.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("sent=3")
    );
    for e in ["zoe@example.org", "ana@example.org", "cyd@example.org"] {
        mail_to(&smtp, e, "Merci ! Prochaine date : le 12.").await;
    }
}

both_backends!(async the_dashboard_form_creates_and_edits_an_event_and_keeps_what_was_typed);
async fn the_dashboard_form_creates_and_edits_an_event_and_keeps_what_was_typed(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "karim@example.org", Role::Organizer).await;
    let (status, page) = get_text(&organizer, &server.url("/dashboard/events/new")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("value=\"Europe/Paris\""),
        "the association's time zone"
    );
    assert!(page.contains("name=\"takes_registrations\" value=\"on\" checked"));

    let start = local_in(4, "20:30");
    let end = local_in(4, "22:30");
    let typed = [
        ("title", ""),
        ("description", "Un *trio* de jazz."),
        ("starts_at", start.as_str()),
        ("ends_at", "demain soir"),
        ("timezone", "Europe/Paris"),
        ("place_name", "Lieu Respirer"),
        ("capacity", "0"),
        ("latitude", "91"),
        ("takes_registrations", "on"),
        ("published", "on"),
        ("status", "scheduled"),
    ];
    let answer = submit(&organizer, &server, "/dashboard/events/new", &csrf, &typed).await;
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let page = answer.text().await.unwrap();
    assert_eq!(text_of_id(&page, "title-error"), "This field is required.");
    assert!(
        text_of_id(&page, "ends_at-error").starts_with("Unreadable date and time"),
        "{page}"
    );
    assert!(text_of_id(&page, "capacity-error").starts_with("Give a number of places"));
    assert!(text_of_id(&page, "latitude-error").starts_with("Invalid coordinate"));
    assert!(page.contains("value=\"demain soir\""));
    assert!(page.contains(">Un *trio* de jazz.</textarea>"));
    assert!(page.contains(&format!("value=\"{start}\"")));
    assert!(
        agenda::all(&mut server.app.db.conn().unwrap())
            .unwrap()
            .is_empty()
    );

    let answer = submit(
        &organizer,
        &server,
        "/dashboard/events/new",
        &csrf,
        &[
            ("title", "Concert : trio de jazz manouche"),
            ("description", "Un *trio* de jazz."),
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("timezone", ""),
            ("place_name", "Lieu Respirer"),
            ("capacity", ""),
            ("takes_registrations", "on"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let id: i64 = location
        .strip_prefix("/dashboard/events/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.capacity, None, "empty capacity: no limit");
    assert_eq!(event.timezone, "Europe/Paris");
    let local = event
        .starts_at
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    assert_eq!(local, start);
    let (_, page) = get_text(&organizer, &server.url(&location)).await;
    assert!(
        page.contains(&format!("value=\"{start}\"")),
        "the edit form shows local times"
    );

    // Edit: a capacity, and the status to cancelled through the form.
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{id}"),
        &csrf,
        &[
            ("title", "Concert : trio de jazz"),
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("timezone", "Europe/Paris"),
            ("capacity", "19"),
            ("takes_registrations", "on"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.capacity, Some(19));
    assert_eq!(event.title, "Concert : trio de jazz");
    let (_, list) = get_text(&organizer, &server.url("/dashboard/events")).await;
    assert!(list.contains("Concert : trio de jazz"));
    assert!(list.contains("0 / 19"));
}
