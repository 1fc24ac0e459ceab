//! The public website and the dashboard's site editing, through the real router: pages and
//! their menu, form errors and preview, news posts (sanitized on the page, in the Atom feed and
//! in ActivityPub), the two languages, image uploads, phone-friendly markup and 404 pages.

use cheminement::accounts::Role;
use reqwest::{StatusCode, header};

use crate::common::*;

mod languages_images_phones;
mod pages_and_news;

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
