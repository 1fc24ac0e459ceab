//! The dashboard; The API.

use super::*;

both_backends!(async the_lists_dashboard_is_for_editors_and_admins_not_organizers);
async fn the_lists_dashboard_is_for_editors_and_admins_not_organizers(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let (organizer, o_csrf) = signed_in(&server, "orga@example.org", Role::Organizer).await;
    for path in [
        "/dashboard/lists",
        "/dashboard/lists/1",
        "/dashboard/lists/1/subscribers.csv",
        "/dashboard/lists/new",
    ] {
        let (status, _) = get(&organizer, &server.url(path)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?} {path}");
    }
    let answer = organizer
        .post(server.url("/dashboard/lists/1/subscribers"))
        .form(&[("csrf", o_csrf.as_str()), ("email", "x@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let (treasurer, _) = signed_in(&server, "tresor@example.org", Role::Treasurer).await;
    assert_eq!(
        get(&treasurer, &server.url("/dashboard/lists")).await.0,
        StatusCode::FORBIDDEN
    );

    let (editor, csrf) = signed_in(&server, "editor@example.org", Role::Editor).await;
    let (status, page) = get(&editor, &server.url("/dashboard/lists")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Lettre d") && page.contains("Adhérents"),
        "{page}"
    );

    // A new private list; a slug that is taken is refused by its field.
    let answer = editor
        .post(server.url("/dashboard/lists/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Bénévoles"),
            ("kind", "private"),
            ("description", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let id: i64 = location
        .trim_start_matches("/dashboard/lists/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let answer = editor
        .post(server.url("/dashboard/lists/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Autre"),
            ("slug", "benevoles"),
            ("kind", "private"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("value=\"Autre\""), "keeps what was typed");

    // Someone who agreed on paper: confirmed at once, the source recorded.
    let answer = editor
        .post(server.url(&format!("/dashboard/lists/{id}/subscribers")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "paper@example.org"),
            ("name", "Jules Bernard"),
            ("how", "consent"),
            ("consent_source", "bulletin papier du 12/09/2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        subscription_of(&server, "paper@example.org", "benevoles")
            .unwrap()
            .status
            .as_str(),
        "confirmed"
    );
    let consents = consents_of(&server, "paper@example.org");
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].source, "bulletin papier du 12/09/2026");
    assert!(consents[0].recorded_by.is_some());

    // By mail: pending, and the confirmation arrives.
    let answer = editor
        .post(server.url(&format!("/dashboard/lists/{id}/subscribers")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "mail@example.org"),
            ("how", "mail"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        subscription_of(&server, "mail@example.org", "benevoles")
            .unwrap()
            .status
            .as_str(),
        "pending"
    );
    let mails = wait_mails_for(&smtp, "mail@example.org", 1).await;
    confirm_link(&server, &mails[0].text);

    // On the public list, "agreed otherwise" needs to say where and when.
    let answer = editor
        .post(server.url("/dashboard/lists/1/subscribers"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "nosource@example.org"),
            ("how", "consent"),
            ("consent_source", " "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(page.contains("value=\"nosource@example.org\""), "{page}");
    assert!(subscription_of(&server, "nosource@example.org", "newsletter").is_none());

    // The subscribers page: counts, search, status filter.
    let (status, page) = get(&editor, &server.url(&format!("/dashboard/lists/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("paper@example.org") && page.contains("mail@example.org"),
        "{page}"
    );
    let (_, page) = get(
        &editor,
        &server.url(&format!("/dashboard/lists/{id}?q=bernard")),
    )
    .await;
    assert!(
        page.contains("paper@example.org") && !page.contains("mail@example.org"),
        "{page}"
    );
    let (_, page) = get(
        &editor,
        &server.url(&format!("/dashboard/lists/{id}?status=pending")),
    )
    .await;
    assert!(!page.contains("paper@example.org") && page.contains("mail@example.org"));

    // The CSV export opens in a spreadsheet.
    let answer = editor
        .get(server.url(&format!("/dashboard/lists/{id}/subscribers.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("list-benevoles.csv")
    );
    let bytes = answer.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains("paper@example.org;Jules;Bernard;"), "{text}");
    assert!(text.contains("\r\n"));

    // Taking someone off.
    let sub = subscription_of(&server, "paper@example.org", "benevoles").unwrap();
    let answer = editor
        .post(server.url(&format!("/dashboard/subscriptions/{}/unsubscribe", sub.id)))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        subscription_of(&server, "paper@example.org", "benevoles")
            .unwrap()
            .status
            .as_str(),
        "unsubscribed"
    );
    let (_, page) = get(&editor, &server.url("/dashboard/lists")).await;
    assert!(page.contains(&format!("id=\"list-{id}\"")));

    // The snippets for another site, on a public list.
    let (_, page) = get(&editor, &server.url("/dashboard/lists/1")).await;
    assert!(
        page.contains(&format!(
            "&#60;iframe src=&#34;{}/newsletter/embed?lang=fr&#34;",
            server.base
        )),
        "{page}"
    );
    assert!(page.contains(&format!(
        "&#60;form action=&#34;{}/newsletter/subscribe&#34; method=&#34;post&#34;&#62;",
        server.base
    )));
    assert!(
        page.contains("name=&#34;list&#34; value=&#34;1&#34;"),
        "{page}"
    );

    // A POST without the CSRF token is refused.
    let answer = editor
        .post(server.url(&format!("/dashboard/lists/{id}/subscribers")))
        .form(&[("email", "nocsrf@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    server.stop().await;
}

both_backends!(async the_api_manages_lists_and_subscribers_for_editors_only);
async fn the_api_manages_lists_and_subscribers_for_editors_only(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let (_storage, server) = start(backend, &smtp).await;
    let client = reqwest::Client::new();
    let organizer = server.token_for("orga@example.org", Role::Organizer);
    let editor = server.token_for("editor@example.org", Role::Editor);
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/lists"),
        (reqwest::Method::POST, "/api/v1/lists"),
        (reqwest::Method::GET, "/api/v1/lists/1"),
        (reqwest::Method::PUT, "/api/v1/lists/1"),
        (reqwest::Method::DELETE, "/api/v1/lists/1"),
        (reqwest::Method::GET, "/api/v1/lists/1/subscribers"),
        (reqwest::Method::POST, "/api/v1/lists/1/subscribers"),
        (reqwest::Method::DELETE, "/api/v1/subscriptions/1"),
    ] {
        let answer = client
            .request(method.clone(), server.url(path))
            .bearer_auth(&organizer)
            .json(&json!({"name": "x", "kind": "private", "email": "x@example.org"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::FORBIDDEN,
            "{backend:?} {method} {path}"
        );
        let answer = client
            .request(method.clone(), server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
    }

    let lists: Value = client
        .get(server.url("/api/v1/lists"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = lists
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["newsletter", "members"]);
    assert_eq!(lists[0]["kind"], "public");
    assert_eq!(lists[0]["counts"]["confirmed"], 0);

    let answer = client
        .post(server.url("/api/v1/lists"))
        .bearer_auth(&editor)
        .json(&json!({"name": "Conseil d'administration", "kind": "private"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let board: Value = answer.json().await.unwrap();
    assert_eq!(board["slug"], "conseil-d-administration");
    let board_id = board["id"].as_i64().unwrap();

    let answer = client
        .post(server.url("/api/v1/lists"))
        .bearer_auth(&editor)
        .json(&json!({"name": "Double", "slug": "newsletter", "kind": "weekly"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = answer.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"kind"), "{body}");

    let answer = client
        .put(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .json(&json!({"name": "Le CA", "slug": "ca", "kind": "private", "description": "Le bureau et le CA"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let answer = client
        .put(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .json(&json!({"name": "Le CA", "slug": "members", "kind": "private"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the slug is taken"
    );

    // With a consent source: confirmed at once. Without: a confirmation mail.
    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "paper@example.org", "name": "Zoé Petit", "consent_source": "bulletin papier, AG 2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let added: Value = answer.json().await.unwrap();
    assert_eq!(added["outcome"], "confirmed");
    assert_eq!(added["subscription"]["status"], "confirmed");
    assert!(added["subscription"].get("unsubscribe_token").is_none());
    assert_eq!(
        consents_of(&server, "paper@example.org")[0].source,
        "bulletin papier, AG 2026"
    );

    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "mail@example.org", "lang": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let added: Value = answer.json().await.unwrap();
    assert_eq!(added["outcome"], "confirmation_sent");
    assert_eq!(added["subscription"]["status"], "pending");
    let mails = wait_mails_for(&smtp, "mail@example.org", 1).await;
    assert!(
        mails[0].subject.contains("Confirm your subscription"),
        "{}",
        mails[0].subject
    );
    let link = confirm_link(&server, &mails[0].text);
    let (_, page) = post_link(&link).await;
    assert_eq!(state_of(&page), "confirmed");
    assert!(
        consents_of(&server, "mail@example.org")[0]
            .source
            .starts_with("api on "),
        "{:?}",
        consents_of(&server, "mail@example.org")
    );

    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "not an address"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = client
        .post(server.url("/api/v1/lists/1/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "paper@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.json::<Value>().await.unwrap()["outcome"],
        "already_confirmed"
    );
    let answer = client
        .post(server.url("/api/v1/lists/424242/subscribers"))
        .bearer_auth(&editor)
        .json(&json!({"email": "x@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);

    let page: Value = client
        .get(server.url("/api/v1/lists/1/subscribers?status=confirmed"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["per_page"], 50);
    let page: Value = client
        .get(server.url("/api/v1/lists/1/subscribers?q=zo%C3%A9"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["subscribers"][0]["email"], "paper@example.org");
    let sub_id = page["subscribers"][0]["id"].as_i64().unwrap();

    let answer = client
        .delete(server.url(&format!("/api/v1/subscriptions/{sub_id}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.json::<Value>().await.unwrap()["status"],
        "unsubscribed"
    );
    assert!(
        !consents_of(&server, "paper@example.org")
            .last()
            .unwrap()
            .given
    );
    let summary: Value = client
        .get(server.url("/api/v1/lists/1"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary["counts"],
        json!({"confirmed": 1, "pending": 0, "unsubscribed": 1})
    );

    // A list that a campaign uses cannot be deleted; another can.
    let campaign = sent_campaign(&server, "lettre-1", "Lettre 1", true);
    {
        let mut conn = server.app.db.conn().unwrap();
        diesel::insert_into(campaign_lists::table)
            .values((
                campaign_lists::campaign_id.eq(campaign),
                campaign_lists::list_id.eq(1i64),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let answer = client
        .delete(server.url("/api/v1/lists/1"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let answer = client
        .delete(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let answer = client
        .get(server.url(&format!("/api/v1/lists/{board_id}")))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);

    let doc: Value = client
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/lists",
        "/api/v1/lists/{id}",
        "/api/v1/lists/{id}/subscribers",
        "/api/v1/subscriptions/{id}",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} in the OpenAPI document"
        );
    }
    server.stop().await;
}
