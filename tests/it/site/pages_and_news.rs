//! Pages; News.

use super::*;

both_backends!(async a_page_written_in_the_dashboard_is_served_rendered_and_listed_in_the_menu);
async fn a_page_written_in_the_dashboard_is_served_rendered_and_listed_in_the_menu(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;

    let saved = submit(
        &client,
        &server,
        "/dashboard/pages/new",
        &csrf,
        &[
            ("title", "Nous trouver"),
            ("slug", "nous-trouver"),
            ("body", "Au **12 rue des Lilas**.\n\n- en métro\n- à vélo"),
            ("in_menu", "on"),
            ("published", "on"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{backend:?}");
    id_from_location(&saved, "/dashboard/pages/");

    let (status, html) = get_html(&server, "/pages/nous-trouver", "fr").await;
    assert_eq!(status, StatusCode::OK, "{backend:?}");
    assert!(html.contains("<h1>Nous trouver</h1>"), "{html}");
    assert!(
        html.contains("<strong>12 rue des Lilas</strong>"),
        "the Markdown is rendered: {html}"
    );
    assert!(html.contains("<li>en métro</li>"), "{html}");
    assert!(!html.contains("**12 rue"), "no raw Markdown: {html}");

    let (status, home) = get_html(&server, "/", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        nav(&home).contains("<a href=\"/pages/nous-trouver\">Nous trouver</a>"),
        "the page is in the home page's menu: {home}"
    );

    // A page kept unpublished is neither served nor in the menu, even marked for it.
    let draft = submit(
        &client,
        &server,
        "/dashboard/pages/new",
        &csrf,
        &[
            ("title", "Projet de statuts"),
            ("slug", "projet-statuts"),
            ("body", "Pas encore prêt."),
            ("in_menu", "on"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(draft.status(), StatusCode::SEE_OTHER);
    let (status, html) = get_html(&server, "/pages/projet-statuts", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?}");
    assert!(!html.contains("Pas encore prêt"), "{html}");
    let (_, home) = get_html(&server, "/", "fr").await;
    assert!(!nav(&home).contains("projet-statuts"), "{home}");
    assert!(nav(&home).contains("/pages/nous-trouver"));

    // A published page not marked for the menu is served but not listed.
    let hidden = submit(
        &client,
        &server,
        "/dashboard/pages/new",
        &csrf,
        &[
            ("title", "Mentions légales"),
            ("slug", "mentions"),
            ("body", "Association loi 1901."),
            ("published", "on"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(hidden.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get(&server, "/pages/mentions", "fr").await.status(),
        StatusCode::OK
    );
    let (_, home) = get_html(&server, "/", "fr").await;
    assert!(!nav(&home).contains("/pages/mentions"), "{home}");
}

both_backends!(async a_form_with_an_empty_title_answers_422_with_the_message_next_to_the_field_and_keeps_the_text);
async fn a_form_with_an_empty_title_answers_422_with_the_message_next_to_the_field_and_keeps_the_text(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;

    let answer = submit(
        &client,
        &server,
        "/dashboard/pages/new",
        &csrf,
        &[
            ("title", "   "),
            ("slug", "horaires"),
            ("body", "Ouvert le mardi soir, de 18 h à 22 h."),
            ("published", "on"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let html = answer.text().await.unwrap();
    assert_eq!(text_of_id(&html, "title-error"), "This field is required.");
    assert_eq!(text_of_id(&html, "slug-error"), "", "the slug is fine");
    assert_eq!(
        text_of_id(&html, "body"),
        "Ouvert le mardi soir, de 18 h à 22 h.",
        "the body is still in the textarea"
    );
    assert!(
        html.contains("value=\"horaires\""),
        "the slug is kept: {html}"
    );
    assert!(html.contains("The form has mistakes"), "{html}");
    {
        let mut conn = server.app.db.conn().unwrap();
        assert!(cheminement::site::pages::all(&mut conn).unwrap().is_empty());
    }

    // The news post form does the same, with every mistake at once.
    let answer = submit(
        &client,
        &server,
        "/dashboard/posts/new",
        &csrf,
        &[
            ("title", ""),
            ("summary", "Le résumé reste là"),
            ("body", ""),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert_eq!(text_of_id(&html, "title-error"), "This field is required.");
    assert_eq!(text_of_id(&html, "body-error"), "This field is required.");
    assert!(html.contains("value=\"Le résumé reste là\""), "{html}");
    let mut conn = server.app.db.conn().unwrap();
    assert!(cheminement::site::posts::all(&mut conn).unwrap().is_empty());
}

both_backends!(async preview_shows_the_rendered_text_and_creates_nothing);
async fn preview_shows_the_rendered_text_and_creates_nothing(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;

    let answer = submit(
        &client,
        &server,
        "/dashboard/pages/new",
        &csrf,
        &[
            ("title", "Essai"),
            ("slug", "essai"),
            ("body", "Du **gras** et <script>alert(1)</script>"),
            ("published", "on"),
            ("action", "preview"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK, "{backend:?}");
    let html = answer.text().await.unwrap();
    let preview = &html[html.find("class=\"preview\"").expect("a preview section")..];
    assert!(preview.contains("<strong>gras</strong>"), "{html}");
    assert!(
        !html.contains("<script>alert"),
        "the preview is sanitized: {html}"
    );
    assert!(
        text_of_id(&html, "body").contains("Du **gras**"),
        "the Markdown stays in the textarea"
    );

    let answer = submit(
        &client,
        &server,
        "/dashboard/posts/new",
        &csrf,
        &[
            ("title", "Brouillon d'essai"),
            ("body", "Un _essai_"),
            ("publish", "on"),
            ("action", "preview"),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.text().await.unwrap().contains("<em>essai</em>"));

    {
        let mut conn = server.app.db.conn().unwrap();
        assert!(cheminement::site::pages::all(&mut conn).unwrap().is_empty());
        assert!(cheminement::site::posts::all(&mut conn).unwrap().is_empty());
    }
    assert_eq!(
        get(&server, "/pages/essai", "fr").await.status(),
        StatusCode::NOT_FOUND
    );
    let (_, news) = get_html(&server, "/news", "en").await;
    assert!(!news.contains("Brouillon d"), "{news}");
}

both_backends!(async a_hostile_news_post_is_sanitized_on_its_page_in_the_feed_and_in_activitypub);
async fn a_hostile_news_post_is_sanitized_on_its_page_in_the_feed_and_in_activitypub(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;
    let (_, slug) = write_post(&client, &server, &csrf, "Soirée jeux", HOSTILE_BODY, true).await;

    let (status, html) = get_html(&server, &format!("/news/{slug}"), "fr").await;
    assert_eq!(status, StatusCode::OK, "{backend:?}");
    assert_sanitized(&html, "the page");

    let feed = get(&server, "/news.atom", "fr").await;
    assert_eq!(feed.status(), StatusCode::OK);
    let xml = feed.bytes().await.unwrap();
    let feed = atom_syndication::Feed::read_from(&xml[..]).expect("a valid Atom feed");
    assert_eq!(feed.entries().len(), 1);
    let content = feed.entries()[0]
        .content()
        .and_then(|c| c.value())
        .expect("the entry has its content");
    assert_sanitized(content, "the feed");

    let ap = browser()
        .get(server.url(&format!("/news/{slug}")))
        .header(header::ACCEPT, "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(ap.status(), StatusCode::OK);
    assert!(
        ap.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("activity+json")
    );
    let doc: serde_json::Value = ap.json().await.unwrap();
    assert_eq!(doc["type"], "Article");
    assert_eq!(doc["id"], server.url(&format!("/news/{slug}")));
    assert_sanitized(doc["content"].as_str().unwrap(), "ActivityPub");
}

both_backends!(async news_lists_published_posts_newest_first_and_the_atom_feed_has_only_those);
async fn news_lists_published_posts_newest_first_and_the_atom_feed_has_only_those(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;

    // Written first, published last: it is the newest for readers.
    let (late_id, late_slug) = write_post(
        &client,
        &server,
        &csrf,
        "Rattrapage",
        "Publié en dernier.",
        false,
    )
    .await;
    let (_, first_slug) = write_post(&client, &server, &csrf, "Premier", "Le premier.", true).await;
    let (_, draft_slug) = write_post(
        &client,
        &server,
        &csrf,
        "Brouillon secret",
        "Pas prêt.",
        false,
    )
    .await;
    let (_, second_slug) = write_post(&client, &server, &csrf, "Second", "Le second.", true).await;
    let published = submit(
        &client,
        &server,
        &format!("/dashboard/posts/{late_id}"),
        &csrf,
        &[
            ("title", "Rattrapage"),
            ("body", "Publié en dernier."),
            ("publish", "on"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);

    let (status, html) = get_html(&server, "/news", "fr").await;
    assert_eq!(status, StatusCode::OK, "{backend:?}");
    let at = |slug: &str| {
        html.find(&format!("href=\"/news/{slug}\""))
            .unwrap_or_else(|| panic!("{slug} is listed: {html}"))
    };
    assert!(at(&late_slug) < at(&second_slug), "{html}");
    assert!(at(&second_slug) < at(&first_slug), "{html}");
    assert!(!html.contains("Brouillon secret"), "no draft: {html}");
    assert!(!html.contains(&format!("/news/{draft_slug}\"")), "{html}");
    assert_eq!(
        get(&server, &format!("/news/{draft_slug}"), "fr")
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "a draft has no public page"
    );

    let answer = get(&server, "/news.atom", "fr").await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        answer.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = answer.bytes().await.unwrap();
    let feed = atom_syndication::Feed::read_from(&xml[..]).expect("a valid Atom feed");
    assert_eq!(feed.title().as_str(), "Lieu Respirer");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["Rattrapage", "Second", "Premier"], "{backend:?}");
    for (entry, slug) in feed
        .entries()
        .iter()
        .zip([&late_slug, &second_slug, &first_slug])
    {
        let url = server.url(&format!("/news/{slug}"));
        assert_eq!(entry.id(), url);
        assert!(
            entry
                .links()
                .iter()
                .any(|l| l.rel() == "alternate" && l.href() == url),
            "{entry:?}"
        );
        assert!(entry.published().is_some());
    }
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == server.url("/news.atom"))
    );
}

both_backends!(async a_news_page_number_out_of_range_is_an_ordinary_page_not_an_error);
async fn a_news_page_number_out_of_range_is_an_ordinary_page_not_an_error(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;
    write_post(&client, &server, &csrf, "Seul article", "Texte.", true).await;
    for page in ["2", "-3", "922337203685477580", "9223372036854775807"] {
        let answer = browser()
            .get(server.url(&format!("/news?page={page}")))
            .header(header::ACCEPT_LANGUAGE, "en")
            .send()
            .await
            .unwrap_or_else(|e| panic!("page={page}: the server answers: {e}"));
        assert!(
            !answer.status().is_server_error(),
            "page={page}: {}",
            answer.status()
        );
        assert!(answer.status().is_success(), "page={page}");
    }
    let (_, html) = get_html(&server, "/news?page=-3", "en").await;
    assert!(html.contains("Seul article"), "a page below 1 is the first");
}
