//! Languages; Images; Phones, accessibility, errors.

use super::*;

both_backends!(async the_language_follows_accept_language_and_the_switch_cookie_wins);
async fn the_language_follows_accept_language_and_the_switch_cookie_wins(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;

    let (_, en) = get_html(&server, "/news", "en-GB,en;q=0.9").await;
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(en.contains(">News<") && en.contains(">Home<"), "{en}");
    assert!(!en.contains("Actualités"), "{en}");

    let (_, fr) = get_html(&server, "/news", "fr-FR,fr;q=0.9").await;
    assert!(fr.contains("<html lang=\"fr\">"), "{fr}");
    assert!(
        fr.contains(">Actualités<") && fr.contains(">Accueil<"),
        "{fr}"
    );
    assert!(!fr.contains(">News<"), "{fr}");

    let client = browser();
    let switched = client
        .get(server.url("/lang/en?next=/news"))
        .header(header::ACCEPT_LANGUAGE, "fr")
        .send()
        .await
        .unwrap();
    assert!(switched.status().is_redirection(), "{backend:?}");
    assert_eq!(switched.headers()[header::LOCATION], "/news");
    let cookie = switched.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=en"), "{cookie}");
    let page = client
        .get(server.url("/news"))
        .header(header::ACCEPT_LANGUAGE, "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<html lang=\"en\">"),
        "the cookie wins: {page}"
    );
    assert!(
        page.contains(">News<") && !page.contains("Actualités"),
        "{page}"
    );

    // And back.
    let back = client
        .get(server.url("/lang/fr?next=/"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()[header::LOCATION], "/");
    let page = client
        .get(server.url("/"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(">Actualités<"), "{page}");
}

both_backends!(async the_language_switch_only_goes_back_to_a_page_of_this_site);
async fn the_language_switch_only_goes_back_to_a_page_of_this_site(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let wanted = [
        ("//evil.example", "/"),
        ("//evil.example/news", "/"),
        ("https://evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/%09/evil.example", "/"),
        ("/%0D%0ASet-Cookie:%20x=y", "/"),
        ("/news%C3%A9", "/"),
        ("", "/"),
        ("/pages/nous-trouver", "/pages/nous-trouver"),
    ];
    for (next, location) in wanted {
        let answer = browser()
            .get(server.url(&format!("/lang/en?next={next}")))
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_redirection(),
            "next={next}: {} ({backend:?})",
            answer.status()
        );
        assert_eq!(
            answer.headers()[header::LOCATION],
            location,
            "next={next} ({backend:?})"
        );
    }
    let answer = browser().get(server.url("/lang/en")).send().await.unwrap();
    assert_eq!(answer.headers()[header::LOCATION], "/");
}

both_backends!(async an_uploaded_png_is_stored_and_served_as_an_image_with_nosniff);
async fn an_uploaded_png_is_stored_and_served_as_an_image_with_nosniff(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;
    let png = tiny_png();

    let answer = upload(
        &client,
        &server,
        Some(&csrf),
        "affiche.png",
        "image/png",
        png.clone(),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(answer.headers()[header::LOCATION], "/dashboard/media");

    let stored = {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::site::media::all(&mut conn).unwrap()
    };
    assert_eq!(stored.len(), 1);
    let media = &stored[0];
    assert_eq!(media.original_name, "affiche.png");
    assert_eq!(media.content_type, "image/png");
    assert_eq!(media.size_bytes, png.len() as i64);
    assert!(media.stored_name.ends_with(".png"));
    assert_ne!(media.stored_name, "affiche.png", "stored under a new name");

    let served = browser()
        .get(server.url(&format!("/media/{}", media.stored_name)))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);

    let list = client
        .get(server.url("/dashboard/media"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains(&format!("![](/media/{})", media.stored_name)),
        "the list gives its Markdown: {list}"
    );
}

both_backends!(async uploads_that_are_not_images_or_too_large_or_unauthorised_are_refused_and_not_stored);
async fn uploads_that_are_not_images_or_too_large_or_unauthorised_are_refused_and_not_stored(
    backend: Backend,
) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;
    let media_dir = storage.data_dir().join("media");
    let nothing_stored = |why: &str| {
        let mut conn = server.app.db.conn().unwrap();
        assert!(
            cheminement::site::media::all(&mut conn).unwrap().is_empty(),
            "{why}: no row"
        );
        assert_eq!(count_files(&media_dir), 0, "{why}: no file");
    };

    let text = upload(
        &client,
        &server,
        Some(&csrf),
        "notes.png",
        "image/png",
        b"Ceci est du texte, pas une image.\n".to_vec(),
    )
    .await;
    assert_eq!(
        text.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let html = text.text().await.unwrap();
    assert!(
        html.contains("This file is not a PNG, JPEG, GIF or WebP image."),
        "{html}"
    );
    nothing_stored("a text file named .png");

    let svg = upload(
        &client,
        &server,
        Some(&csrf),
        "logo.png",
        "image/png",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec(),
    )
    .await;
    assert_eq!(svg.status(), StatusCode::UNPROCESSABLE_ENTITY);
    nothing_stored("an SVG named .png");

    // A real PNG start, but one byte over 5 MiB.
    let mut big = tiny_png();
    big.resize(cheminement::site::media::MAX_BYTES + 1, 0);
    let too_large = upload(&client, &server, Some(&csrf), "big.png", "image/png", big).await;
    assert_eq!(too_large.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_large
            .text()
            .await
            .unwrap()
            .contains("The image is larger than 5 MB.")
    );
    nothing_stored("a file over 5 MiB");

    // Far over: past the request's own limit, still the same answer, not a broken page.
    let mut huge = tiny_png();
    huge.resize(9 * 1024 * 1024, 0);
    let huge = upload(&client, &server, Some(&csrf), "huge.png", "image/png", huge).await;
    assert_eq!(huge.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        huge.text()
            .await
            .unwrap()
            .contains("The image is larger than 5 MB.")
    );
    nothing_stored("a file over the request limit");

    let no_csrf = upload(&client, &server, None, "a.png", "image/png", tiny_png()).await;
    assert_eq!(no_csrf.status(), StatusCode::BAD_REQUEST);
    nothing_stored("an upload without the CSRF token");

    let (member, member_csrf) = signed_in(&server, "paul@example.org", Role::Member).await;
    let refused = upload(
        &member,
        &server,
        Some(&member_csrf),
        "a.png",
        "image/png",
        tiny_png(),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        member
            .get(server.url("/dashboard/media"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    nothing_stored("a member's upload");

    // Still works for the editor afterwards: the refusals above did not break anything.
    let ok = upload(
        &client,
        &server,
        Some(&csrf),
        "a.png",
        "image/png",
        tiny_png(),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(count_files(&media_dir), 1);
}

/// Form controls in `html` that have no label: neither a `<label for>` naming their id nor a
/// `<label>` around them. Hidden inputs and buttons need none. Also checks that every
/// `<label for>` names a control that exists. Returns the names of the controls found.
fn check_labels(html: &str) -> Vec<String> {
    let mut label_targets = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find("<label") {
        let start = at + found;
        let end = html[start..].find('>').unwrap() + start;
        if let Some(target) = attr(&html[start..end], "for") {
            label_targets.push(target.to_string());
        }
        at = end;
    }
    let mut names = Vec::new();
    for kind in ["<input", "<textarea", "<select"] {
        let mut at = 0;
        while let Some(found) = html[at..].find(kind) {
            let start = at + found;
            let end = html[start..].find('>').unwrap() + start;
            let tag = &html[start..end];
            at = end;
            let kind_of_input = attr(tag, "type").unwrap_or("text");
            if ["hidden", "submit", "button"].contains(&kind_of_input) {
                continue;
            }
            let name = attr(tag, "name").unwrap_or("?").to_string();
            let by_for = attr(tag, "id").is_some_and(|id| label_targets.iter().any(|t| t == id));
            let before = &html[..start];
            let around = match (before.rfind("<label"), before.rfind("</label>")) {
                (Some(open), Some(close)) => open > close,
                (Some(_), None) => true,
                _ => false,
            };
            assert!(by_for || around, "the control `{name}` has no label: {tag}");
            names.push(name);
        }
    }
    for target in &label_targets {
        assert_eq!(
            html.matches(&format!("id=\"{target}\"")).count(),
            1,
            "the label for `{target}` names exactly one element"
        );
    }
    names
}

both_backends!(async pages_are_made_for_phones_and_every_form_field_has_a_label);
async fn pages_are_made_for_phones_and_every_form_field_has_a_label(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let (client, csrf) = editor(&server).await;
    let (_, slug) = write_post(&client, &server, &csrf, "Yoga", "Mardi.", true).await;
    let viewport = "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";

    for (path, lang) in [
        ("/".to_string(), "fr"),
        ("/news".to_string(), "en"),
        (format!("/news/{slug}"), "fr"),
        ("/login".to_string(), "en"),
        ("/no/such/page".to_string(), "en"),
    ] {
        let (_, html) = get_html(&server, &path, lang).await;
        assert!(
            html.contains(viewport),
            "{path}: the viewport meta ({backend:?})"
        );
        let open = &html[html.find("<html").expect("an html element")..];
        let open = &open[..open.find('>').unwrap()];
        let code = attr(open, "lang").unwrap_or_else(|| panic!("{path}: a lang attribute"));
        assert!(["fr", "en"].contains(&code), "{path}: {code}");
    }

    for (path, expected) in [
        (
            "/dashboard/posts/new",
            &["title", "summary", "body", "publish"][..],
        ),
        (
            "/dashboard/pages/new",
            &[
                "title",
                "slug",
                "body",
                "in_menu",
                "menu_order",
                "published",
            ][..],
        ),
        ("/dashboard/media", &["file"][..]),
    ] {
        let html = client
            .get(server.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(viewport), "{path}");
        let main = &html[html.find("<main").expect("a main element")..];
        let mut names = check_labels(main);
        names.sort();
        let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(names, expected, "{path}: the form's controls");
    }
}

both_backends!(async unknown_addresses_answer_a_404_page_in_both_languages);
async fn unknown_addresses_answer_a_404_page_in_both_languages(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    for path in [
        "/nope",
        "/pages/nope",
        "/news/nope",
        "/media/nope.png",
        "/media/..%2Fdata.sqlite",
        "/static/nope.css",
        "/dashboard/nope",
        "/a/b/c/d",
    ] {
        for lang in ["fr", "en"] {
            let answer = get(&server, path, lang).await;
            assert_eq!(
                answer.status(),
                StatusCode::NOT_FOUND,
                "{path} ({lang}, {backend:?})"
            );
            assert!(
                answer.headers()[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{path}"
            );
            let html = answer.text().await.unwrap();
            assert!(
                html.contains("This page does not exist (any more)."),
                "{path}: {html}"
            );
            assert!(
                html.contains("Cette page n&#39;existe pas (ou plus).")
                    || html.contains("Cette page n'existe pas (ou plus)."),
                "{path}: {html}"
            );
        }
    }
}
