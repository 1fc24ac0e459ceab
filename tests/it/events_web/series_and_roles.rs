//! Series and roles.

use super::*;

both_backends!(async a_weekly_series_makes_one_event_per_date_without_the_holidays_and_keeps_local_time);
async fn a_weekly_series_makes_one_event_per_date_without_the_holidays_and_keeps_local_time(
    backend: Backend,
) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let organizer = visitor();
    let csrf = sign_in(&organizer, &server, "karim@example.org", Role::Organizer).await;
    // Tuesdays in March and April 2027; summer time starts on Sunday 28 March.
    let form = [
        ("title", "Yoga du mardi"),
        ("description", "Apportez un tapis si vous en avez un."),
        ("weekday", "2"),
        ("start_time", "19:00"),
        ("end_time", "20:30"),
        ("from", "2027-03-01"),
        ("until", "2027-04-13"),
        ("except", "2027-03-23\n2027-04-06..2027-04-07"),
        ("timezone", "Europe/Paris"),
        ("place_name", "Lieu Respirer"),
        ("capacity", "12"),
        ("category", "Bien-être"),
        ("takes_registrations", "on"),
        ("published", "on"),
    ];
    let answer = submit(&organizer, &server, "/dashboard/series/new", &csrf, &form).await;
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "{backend:?}: {}",
        answer.text().await.unwrap()
    );
    let location = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.ends_with("?saved=5"), "{location}");
    let series_id: i64 = location
        .strip_prefix("/dashboard/series/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let events =
        cheminement::events::series::occurrences(&mut server.app.db.conn().unwrap(), series_id)
            .unwrap();
    let local: Vec<String> = events
        .iter()
        .map(|e| {
            e.starts_at
                .and_utc()
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        local,
        [
            "2027-03-02 19:00",
            "2027-03-09 19:00",
            "2027-03-16 19:00",
            "2027-03-30 19:00",
            "2027-04-13 19:00",
        ]
    );
    // Before the change 19:00 is 18:00 UTC, after it 17:00 UTC.
    assert_eq!(events[2].starts_at.format("%H:%M").to_string(), "18:00");
    assert_eq!(events[3].starts_at.format("%H:%M").to_string(), "17:00");
    assert_eq!(events[3].ends_at.format("%H:%M").to_string(), "18:30");
    assert!(
        events
            .iter()
            .all(|e| e.capacity == Some(12) && e.series_id == Some(series_id))
    );
    let slugs: std::collections::HashSet<&str> = events.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs.len(), 5, "each occurrence has its own address");

    // Each occurrence has its own places.
    let client = visitor();
    let (status, page) = register(
        &client,
        &server,
        &events[0].slug,
        "Ana",
        "ana@example.org",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(event_by_slug(&server, &events[0].slug).confirmed_count, 1);
    assert_eq!(event_by_slug(&server, &events[1].slug).confirmed_count, 0);

    // Editing the whole series: every date to come, each keeping its registrations.
    let (status, page) = get_text(&organizer, &server.url(&location)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"19:00\""), "{page}");
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/series/{series_id}"),
        &csrf,
        &[
            ("title", "Yoga du mardi soir"),
            ("description", "Tapis fournis."),
            ("start_time", "19:30"),
            ("end_time", "21:00"),
            ("timezone", "Europe/Paris"),
            ("place_name", "Grande salle"),
            ("capacity", "10"),
            ("takes_registrations", "on"),
            ("published", "on"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let events =
        cheminement::events::series::occurrences(&mut server.app.db.conn().unwrap(), series_id)
            .unwrap();
    for e in &events {
        assert_eq!(e.title, "Yoga du mardi soir");
        assert_eq!(e.place_name, "Grande salle");
        assert_eq!(e.capacity, Some(10));
        let local = e
            .starts_at
            .and_utc()
            .with_timezone(&chrono_tz::Europe::Paris);
        assert_eq!(local.format("%H:%M").to_string(), "19:30");
    }
    assert_eq!(events[0].confirmed_count, 1, "registrations are kept");

    // One occurrence alone is the ordinary edit.
    let one = &events[1];
    let tz = chrono_tz::Europe::Paris;
    let start = one
        .starts_at
        .and_utc()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let end = one
        .ends_at
        .and_utc()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let answer = submit(
        &organizer,
        &server,
        &format!("/dashboard/events/{}", one.id),
        &csrf,
        &[
            ("title", "Yoga du mardi soir (salle du haut)"),
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("timezone", "Europe/Paris"),
            ("capacity", "8"),
            ("takes_registrations", "on"),
            ("published", "on"),
            ("status", "scheduled"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let events =
        cheminement::events::series::occurrences(&mut server.app.db.conn().unwrap(), series_id)
            .unwrap();
    assert_eq!(events[1].capacity, Some(8));
    assert_eq!(events[2].capacity, Some(10));
    assert_eq!(events[2].title, "Yoga du mardi soir");

    // Too many dates: a clear error next to the end date, and nothing made.
    let mut long = form.to_vec();
    long.retain(|(k, _)| *k != "until" && *k != "title");
    long.push(("until", "2031-12-31"));
    long.push(("title", "Trop long"));
    let answer = submit(&organizer, &server, "/dashboard/series/new", &csrf, &long).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(
        text_of_id(&page, "until-error").starts_with("More than 200 dates"),
        "{page}"
    );
    assert!(page.contains("value=\"Trop long\""));
    assert!(
        page.contains("2027-04-06..2027-04-07</textarea>"),
        "holidays kept as typed"
    );
    let all = agenda::all(&mut server.app.db.conn().unwrap()).unwrap();
    assert_eq!(all.len(), 5, "nothing made");

    // The API makes series as well.
    let token = server.token_for("lea@example.org", Role::Organizer);
    let answer = reqwest::Client::new()
        .post(server.url("/api/v1/series"))
        .bearer_auth(&token)
        .json(&json!({
            "rule": { "weekday": 6, "start_time": "10:00", "end_time": "12:00",
                      "from": "2027-05-01", "until": "2027-05-31", "except": ["2027-05-08"] },
            "event": { "title": "Atelier vélo", "capacity": 6 }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["events"].as_array().unwrap().len(), 4, "{body}");
}

both_backends!(async members_and_editors_get_403_on_the_events_dashboard_and_api);
async fn members_and_editors_get_403_on_the_events_dashboard_and_api(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let created = api_event(&server, &token, event_json("Concert", Some(2))).await;
    let id = created["id"].as_i64().unwrap();
    let slug = created["slug"].as_str().unwrap().to_string();
    register(&visitor(), &server, &slug, "Ana", "ana@example.org", "").await;
    let rid = regs(&server, id)[0].id;

    for (email, role) in [
        ("mia@example.org", Role::Member),
        ("ed@example.org", Role::Editor),
    ] {
        let client = visitor();
        let csrf = sign_in(&client, &server, email, role).await;
        for path in [
            "/dashboard/events".to_string(),
            "/dashboard/events/new".to_string(),
            "/dashboard/series/new".to_string(),
            format!("/dashboard/events/{id}"),
            format!("/dashboard/events/{id}/registrations"),
            format!("/dashboard/events/{id}/registrations.csv"),
            format!("/dashboard/events/{id}/checkin"),
            format!("/dashboard/events/{id}/sheet"),
        ] {
            let (status, _) = get_text(&client, &server.url(&path)).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{backend:?} {role:?} GET {path}"
            );
        }
        for path in [
            format!("/dashboard/events/{id}/cancel"),
            format!("/dashboard/events/{id}/capacity"),
            format!("/dashboard/registrations/{rid}/cancel"),
            format!("/dashboard/registrations/{rid}/checkin"),
        ] {
            let answer = submit(&client, &server, &path, &csrf, &[("capacity", "5")]).await;
            assert_eq!(
                answer.status(),
                StatusCode::FORBIDDEN,
                "{role:?} POST {path}"
            );
        }
        let api = server.token_for(&format!("api-{email}"), role);
        let c = reqwest::Client::new();
        for answer in [
            c.get(server.url("/api/v1/events"))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
            c.get(server.url(&format!("/api/v1/events/{id}/registrations")))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
            c.post(server.url("/api/v1/events"))
                .bearer_auth(&api)
                .json(&event_json("x", None))
                .send()
                .await
                .unwrap(),
            c.post(server.url(&format!("/api/v1/registrations/{rid}/cancel")))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
            c.get(server.url(&format!("/api/v1/events/{id}/registrations.csv")))
                .bearer_auth(&api)
                .send()
                .await
                .unwrap(),
        ] {
            assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{role:?} API");
        }
    }
    // Nothing changed.
    let event = agenda::find(&mut server.app.db.conn().unwrap(), id).unwrap();
    assert_eq!(event.status, cheminement::events::EventStatus::Scheduled);
    assert_eq!(event.capacity, Some(2));
    assert_eq!(regs(&server, id)[0].status, RegistrationStatus::Confirmed);
    // Without a token: 401.
    let answer = reqwest::Client::new()
        .get(server.url("/api/v1/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // The organizer reaches all of it.
    let client = visitor();
    sign_in(&client, &server, "org@example.org", Role::Organizer).await;
    for path in [
        "/dashboard/events".to_string(),
        format!("/dashboard/events/{id}/registrations"),
    ] {
        assert_eq!(
            get_text(&client, &server.url(&path)).await.0,
            StatusCode::OK
        );
    }
}

both_backends!(async the_api_covers_events_and_registrations_in_the_openapi_document);
async fn the_api_covers_events_and_registrations_in_the_openapi_document(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let token = organizer_token(&server).await;
    let c = reqwest::Client::new();
    // Times as a browser's datetime-local writes them, without seconds.
    let created = api_event(&server, &token, event_json("Concert", Some(1))).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        created["url"],
        server.url(&format!("/events/{}", created["slug"].as_str().unwrap()))
    );
    let bad = c
        .post(server.url("/api/v1/events"))
        .bearer_auth(&token)
        .json(&json!({ "title": "", "starts_at": local_in(2, "20:00"), "ends_at": local_in(2, "19:00") }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let body: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"ends_at"),
        "{body}"
    );

    let mut edit = event_json("Concert (complet)", Some(2));
    edit["status"] = json!("postponed");
    let answer = c
        .put(server.url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&token)
        .json(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["title"], "Concert (complet)");
    assert_eq!(body["capacity"], 2);
    assert_eq!(body["status"], "postponed");

    let listed: Value = c
        .get(server.url("/api/v1/events"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    register(
        &visitor(),
        &server,
        created["slug"].as_str().unwrap(),
        "Ana",
        "ana@example.org",
        "",
    )
    .await;
    let list: Value = c
        .get(server.url(&format!("/api/v1/events/{id}/registrations")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["name"], "Ana");
    assert_eq!(list[0]["status"], "confirmed");
    let rid = list[0]["id"].as_i64().unwrap();
    let answer = c
        .post(server.url(&format!("/api/v1/registrations/{rid}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap()["status"], "cancelled");
    let answer = c
        .post(server.url(&format!("/api/v1/events/{id}/message")))
        .bearer_auth(&token)
        .json(&json!({"message": "Bonjour"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap()["sent"], 0);

    let doc: Value = c
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/cancel",
        "/api/v1/events/{id}/registrations",
        "/api/v1/events/{id}/registrations.csv",
        "/api/v1/series",
        "/api/v1/registrations/{id}/confirm",
        "/api/v1/registrations/{id}/refuse",
        "/api/v1/registrations/{id}/cancel",
        "/api/v1/registrations/{id}/checkin",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    for schema in [
        "EventView",
        "EventInput",
        "Registration",
        "SeriesRule",
        "SeriesInput",
    ] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema}"
        );
    }
    let answer = c
        .post(server.url(&format!("/api/v1/events/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().await.unwrap()["status"], "cancelled");
    let answer = c
        .delete(server.url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
}
