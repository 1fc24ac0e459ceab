//! The public website and the dashboard's site editing, through the real router: pages and
//! their menu, form errors and preview, news posts (sanitized on the page, in the Atom feed and
//! in ActivityPub), the two languages, image uploads, phone-friendly markup and 404 pages.

use cheminement::accounts::Role;
use reqwest::{StatusCode, header};

use crate::common::*;

// ---------------------------------------------------------------------------------------------
// Helpers

async fn editor(server: &TestServer) -> (reqwest::Client, String) {
    signed_in(server, "ines@example.org", Role::Editor).await
}

/// POSTs a dashboard form (with the CSRF token first), in English.
async fn submit(
    client: &reqwest::Client,
    server: &TestServer,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    client
        .post(server.url(path))
        .header(header::ACCEPT_LANGUAGE, "en")
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Writes a news post in the dashboard; returns its id and slug.
async fn write_post(
    client: &reqwest::Client,
    server: &TestServer,
    csrf: &str,
    title: &str,
    body: &str,
    publish: bool,
) -> (i64, String) {
    let mut fields = vec![("title", title), ("body", body), ("action", "save")];
    if publish {
        fields.push(("publish", "on"));
    }
    let answer = submit(client, server, "/dashboard/posts/new", csrf, &fields).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{title} is saved");
    let id = id_from_location(&answer, "/dashboard/posts/");
    let mut conn = server.app.db.conn().unwrap();
    let post = cheminement::site::posts::find(&mut conn, id).unwrap();
    assert_eq!(post.title, title);
    (id, post.slug)
}

/// The id in a `Location: {prefix}{id}?saved=1` header.
fn id_from_location(answer: &reqwest::Response, prefix: &str) -> i64 {
    let location = answer.headers()[header::LOCATION].to_str().unwrap();
    let rest = location
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{location} starts with {prefix}"));
    rest.split('?').next().unwrap().parse().unwrap()
}

async fn get(server: &TestServer, path: &str, lang: &str) -> reqwest::Response {
    browser()
        .get(server.url(path))
        .header(header::ACCEPT_LANGUAGE, lang)
        .send()
        .await
        .unwrap()
}

async fn get_html(server: &TestServer, path: &str, lang: &str) -> (StatusCode, String) {
    let answer = get(server, path, lang).await;
    (answer.status(), answer.text().await.unwrap())
}

/// The first `<nav>...</nav>` of a page: the site's menu.
fn nav(html: &str) -> &str {
    let start = html.find("<nav").expect("the page has a menu");
    let end = html[start..].find("</nav>").unwrap() + start;
    &html[start..end]
}

/// The text inside the element whose id is `id` (up to its first child tag).
fn text_of_id<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("an element with id {id}"));
    let open = html[at..].find('>').unwrap() + at + 1;
    let close = html[open..].find('<').unwrap() + open;
    &html[open..close]
}

/// The value of an attribute in one tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).count())
        .unwrap_or(0)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    out.extend_from_slice(&checked);
    out.extend_from_slice(&crc32(&checked).to_be_bytes());
}

/// A valid 1×1 RGB PNG: signature, IHDR, one zlib-stored IDAT, IEND, with real checksums.
fn tiny_png() -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    let scanline = [0u8, 0x2A, 0x7F, 0x50];
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(scanline.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(scanline.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&scanline);
    zlib.extend_from_slice(&adler32(&scanline).to_be_bytes());
    png_chunk(&mut png, b"IDAT", &zlib);
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// Uploads one file through the dashboard's multipart form (the CSRF field first).
async fn upload(
    client: &reqwest::Client,
    server: &TestServer,
    csrf: Option<&str>,
    file_name: &str,
    mime: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    if let Some(csrf) = csrf {
        form = form.text("csrf", csrf.to_string());
    }
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_string())
        .mime_str(mime)
        .unwrap();
    form = form.part("file", part);
    client
        .post(server.url("/dashboard/media"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

const HOSTILE_BODY: &str = "Bonjour à toutes et à tous.\n\n\
<script>alert('script')</script>\n\n\
<img src=\"/static/logo.svg\" alt=\"logo\" onerror=\"alert('onerror')\">\n\n\
[un lien piégé](javascript:alert('markdown')) et <a href=\"javascript:alert('html')\">un autre</a>\n\n\
[un vrai lien](https://example.org/programme)";

/// What must never reach a reader from `HOSTILE_BODY`, with what must still be there.
fn assert_sanitized(html: &str, place: &str) {
    assert!(
        html.contains("Bonjour à toutes"),
        "{place}: the text is there: {html}"
    );
    assert!(
        html.contains("href=\"https://example.org/programme\""),
        "{place}: the real link stays: {html}"
    );
    assert!(
        html.contains("/static/logo.svg"),
        "{place}: the image stays: {html}"
    );
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{place}: no script: {html}");
    assert!(
        !lower.contains("onerror"),
        "{place}: no event handler: {html}"
    );
    assert!(
        !lower.contains("javascript:"),
        "{place}: no javascript link: {html}"
    );
    assert!(
        !lower.contains("alert("),
        "{place}: nothing of the payloads: {html}"
    );
}

// ---------------------------------------------------------------------------------------------
// Pages

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

// ---------------------------------------------------------------------------------------------
// News

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

// ---------------------------------------------------------------------------------------------
// Languages

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

// ---------------------------------------------------------------------------------------------
// Images

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

// ---------------------------------------------------------------------------------------------
// Phones, accessibility, errors

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
