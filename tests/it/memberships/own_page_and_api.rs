//! A member's own page; The API.

use super::*;

both_backends!(async a_member_sees_and_corrects_only_their_own_record);
async fn a_member_sees_and_corrects_only_their_own_record(backend: Backend) {
    let (_storage, server) = start(backend).await;
    let normal = new_category(&server, "Normale", "fixed", 2500);
    // The association already knows Marie, by her address, with a membership.
    let marie = new_contact(&server, "Marie", "Curie", "marie@example.org");
    new_membership(&server, marie.id, &normal, 2500, today_paris(), vec![]);
    let other = new_contact(&server, "Pierre", "Autre", "pierre@example.org");
    new_membership(&server, other.id, &normal, 3100, today_paris(), vec![]);

    // An event she registered for with the same address.
    let organizer = server.token_for("orga@example.org", Role::Organizer);
    let day = days_from_today(10);
    let (status, event) = api(
        &server,
        &organizer,
        reqwest::Method::POST,
        "/api/v1/events",
        Some(
            json!({"title": "Atelier vélo", "description": "Réparer ensemble.",
            "starts_at": format!("{}T18:00", iso(day)), "ends_at": format!("{}T20:00", iso(day))}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    {
        use cheminement::events::{Channel, registrations};
        let attendee =
            registrations::Attendee::web("Marie Curie", "Marie@Example.org", "fr").unwrap();
        registrations::register(
            &mut server.app.db.conn().unwrap(),
            &server.app.links,
            event["id"].as_i64().unwrap(),
            &attendee,
            Channel::Web,
            None,
            "",
        )
        .unwrap();
    }

    let client = signed_in(&server, "marie@example.org", Role::Member)
        .await
        .0;
    let (status, html) = get_page(&client, &server, "/dashboard/me").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Créer ma fiche à partir de mon compte"));
    let (status, location, _) = post_page(&client, &server, "/dashboard/me/create", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/dashboard/me?done=created");
    let linked =
        cheminement::members::contacts::find(&mut server.app.db.conn().unwrap(), marie.id).unwrap();
    assert!(
        linked.user_id.is_some(),
        "the existing record is linked, not a new one"
    );

    let (_, html) = get_page(&client, &server, "/dashboard/me").await;
    assert!(html.contains("value=\"Curie\""));
    assert!(html.contains("Adhérent·e jusqu"));
    assert!(html.contains("25,00 €"));
    assert!(html.contains("Atelier vélo"));
    assert!(!html.contains("Pierre"), "nothing of anyone else");
    assert!(!html.contains("31,00 €"));

    // She corrects her details; a record id slipped into the form changes nothing else.
    let other_id = other.id.to_string();
    let (status, _, _) = post_page(
        &client,
        &server,
        "/dashboard/me",
        &[
            ("id", other_id.as_str()),
            ("contact_id", other_id.as_str()),
            ("first_name", "Marie"),
            ("last_name", "Curie-Skłodowska"),
            ("phone", "06 12 34 56 78"),
            ("address", "1 rue Pierre et Marie Curie"),
            ("postal_code", "75005"),
            ("city", "Paris"),
            ("country", "France"),
            ("birth_date", "1967-11-07"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut conn = server.app.db.conn().unwrap();
    let after = cheminement::members::contacts::find(&mut conn, marie.id).unwrap();
    assert_eq!(after.last_name, "Curie-Skłodowska");
    assert_eq!(after.phone, "06 12 34 56 78");
    assert_eq!(after.lang, "en");
    assert_eq!(
        after.email.as_deref(),
        Some("marie@example.org"),
        "the address stays"
    );
    let untouched = cheminement::members::contacts::find(&mut conn, other.id).unwrap();
    assert_eq!(untouched.last_name, "Autre");
    assert_eq!(untouched.phone, "");
    drop(conn);

    // A mistake shows on the page and changes nothing.
    let (status, _, html) = post_page(
        &client,
        &server,
        "/dashboard/me",
        &[
            ("first_name", "Marie"),
            ("last_name", "Curie"),
            ("birth_date", "2990-01-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("aria-invalid=\"true\""));

    // Consents: recorded with the source "own page".
    let (status, _, _) = post_page(
        &client,
        &server,
        "/dashboard/me/consents",
        &[("newsletter", "on")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let log =
        cheminement::members::consents::log(&mut server.app.db.conn().unwrap(), marie.id).unwrap();
    assert_eq!(log.len(), 1, "only what changed is recorded");
    assert_eq!(
        (log[0].kind, log[0].given, log[0].source.as_str()),
        (
            cheminement::members::consents::ConsentKind::Newsletter,
            true,
            "own page"
        )
    );
    let (_, html) = get_page(&client, &server, "/dashboard/me").await;
    assert!(html.contains("name=\"newsletter\" value=\"on\" checked"));
    assert!(!html.contains("name=\"photos\" value=\"on\" checked"));

    // Nobody else's record, by any address.
    for path in [
        format!("/dashboard/contacts/{}/memberships", other.id),
        "/dashboard/members".to_string(),
    ] {
        assert_eq!(
            get_page(&client, &server, &path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let token = server.token_for("paul@example.org", Role::Member);
    let (status, _) = api(&server, &token, reqwest::Method::GET, "/api/v1/me", None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no record linked to Paul's account yet"
    );
    for path in [
        format!("/api/v1/contacts/{}/memberships", other.id),
        "/api/v1/memberships".to_string(),
        "/api/v1/members".to_string(),
    ] {
        assert_eq!(
            api(&server, &token, reqwest::Method::GET, &path, None)
                .await
                .0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let marie_user = cheminement::accounts::users::find_by_email(
        &mut server.app.db.conn().unwrap(),
        "marie@example.org",
    )
    .unwrap()
    .unwrap();
    let marie_token = cheminement::accounts::api_tokens::create(
        &mut server.app.db.conn().unwrap(),
        marie_user.id,
        "tests",
    )
    .unwrap();
    let (status, own) = api(
        &server,
        &marie_token,
        reqwest::Method::GET,
        "/api/v1/me",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own["contact"]["id"], marie.id);
    assert_eq!(own["memberships"].as_array().unwrap().len(), 1);

    // An account whose address is not known gets a new record; one whose record belongs
    // to another account is told so, and nothing is linked.
    let paul = signed_in(&server, "paul2@example.org", Role::Member)
        .await
        .0;
    let (status, _, _) = post_page(&paul, &server, "/dashboard/me/create", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut conn = server.app.db.conn().unwrap();
    let made = cheminement::members::contacts::find_by_email(&mut conn, "paul2@example.org")
        .unwrap()
        .unwrap();
    assert!(made.user_id.is_some());
    let jo_record = new_contact(&server, "Jo", "Pris", "jo@example.org");
    let orga = cheminement::accounts::users::find_by_email(&mut conn, "orga@example.org")
        .unwrap()
        .unwrap();
    cheminement::members::contacts::link_user(&mut conn, jo_record.id, Some(orga.id), None)
        .unwrap();
    drop(conn);
    let jo = signed_in(&server, "jo@example.org", Role::Member).await.0;
    let (status, _, html) = post_page(&jo, &server, "/dashboard/me/create", &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("un autre compte"));
    let (_, html) = get_page(&jo, &server, "/dashboard/me").await;
    assert!(
        !html.contains("value=\"Pris\""),
        "never someone else's record"
    );
    server.stop().await;
}

both_backends!(async the_api_records_reads_edits_and_deletes_memberships_with_the_role_checks);
async fn the_api_records_reads_edits_and_deletes_memberships_with_the_role_checks(
    backend: Backend,
) {
    let (_storage, server) = start(backend).await;
    let normal = new_category(&server, "Normale", "fixed", 2500);
    let hugo = new_contact(&server, "Hugo", "Lambert", "hugo@example.org");
    let token = server.token_for("tresor@example.org", Role::Treasurer);
    let editor = server.token_for("ed@example.org", Role::Editor);
    let today = iso(today_paris());
    let body = json!({"contact_id": hugo.id, "category_id": normal.id, "paid_on": today,
        "payment_method": "helloasso", "receipt_number": "HA-99"});

    let (status, _) = api(
        &server,
        &editor,
        reqwest::Method::POST,
        "/api/v1/memberships",
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, made) = api(
        &server,
        &token,
        reqwest::Method::POST,
        "/api/v1/memberships",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["source"], "api");
    assert_eq!(made["receipt_number"], "HA-99");
    let id = made["id"].as_i64().unwrap();
    let path = format!("/api/v1/memberships/{id}");

    let (status, listed) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/memberships?contact_id={}", hugo.id),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (status, _) = api(&server, &editor, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, edited) = api(&server, &token, reqwest::Method::PUT, &path,
        Some(json!({"category_id": normal.id, "paid_on": today, "payment_method": "card", "amount_cents": 3000}))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["amount_cents"], 3000);
    assert_eq!(edited["receipt_number"], Value::Null);
    let (status, of_contact) = api(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/v1/contacts/{}/memberships", hugo.id),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(of_contact["memberships"][0]["category"], "Normale");
    let (status, _) = api(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/contacts/99999/memberships",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api(&server, &editor, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = api(&server, &token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api(&server, &token, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The OpenAPI document describes them.
    let doc: Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for p in [
        "/api/v1/members",
        "/api/v1/memberships",
        "/api/v1/memberships/{id}",
        "/api/v1/contacts/{id}/memberships",
        "/api/v1/membership-categories",
        "/api/v1/me",
    ] {
        assert!(
            doc["paths"][p].is_object(),
            "{p} is in the OpenAPI document"
        );
    }
    server.stop().await;
}
