//! The web face's hardening (issue 8): the public forms' hourly limit per client address, the
//! Content-Security-Policy, and cookies marked Secure when the site is served over https.

use cheminement::accounts::Role;
use reqwest::StatusCode;

use crate::common::*;

/// Posts the newsletter form as if from `addr` (behind a trusted proxy on loopback).
async fn subscribe_from(
    client: &reqwest::Client,
    server: &TestServer,
    addr: &str,
    lang: &str,
) -> reqwest::Response {
    client
        .post(server.url("/newsletter/subscribe"))
        .header("x-forwarded-for", addr)
        .header("accept-language", lang)
        .form(&[("email", "visitor@example.org"), ("name", "Visitor")])
        .send()
        .await
        .unwrap()
}

async fn register_from(client: &reqwest::Client, server: &TestServer, addr: &str) -> StatusCode {
    client
        .post(server.url("/events/no-such-event/register"))
        .header("x-forwarded-for", addr)
        .form(&[("name", "Visitor"), ("email", "visitor@example.org")])
        .send()
        .await
        .unwrap()
        .status()
}

both_backends!(async the_public_forms_are_limited_per_client_address);
async fn the_public_forms_are_limited_per_client_address(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start_with(
        &storage,
        &[
            ("CHEMINEMENT_TRUSTED_PROXIES", "127.0.0.1"),
            ("CHEMINEMENT_PUBLIC_FORM_LIMIT", "3"),
        ],
    )
    .await;
    // An hour-old post is pruned, and does not count.
    {
        use cheminement::db::schema::form_hits;
        use diesel::prelude::*;
        let mut conn = server.app.db.conn().unwrap();
        diesel::insert_into(form_hits::table)
            .values((
                form_hits::client_addr.eq("203.0.113.7"),
                form_hits::hit_at.eq(cheminement::db::now() - chrono::Duration::minutes(61)),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let visitor = browser();
    // Both forms count together; the handler answers as usual within the limit.
    for _ in 0..2 {
        let answer = subscribe_from(&visitor, &server, "203.0.113.7", "en").await;
        assert_ne!(
            answer.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "{backend:?}"
        );
    }
    assert_ne!(
        register_from(&visitor, &server, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the third post reaches the handler"
    );
    assert_eq!(
        register_from(&visitor, &server, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS,
        "{backend:?}"
    );
    let refused = subscribe_from(&visitor, &server, "203.0.113.7", "en").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("lang=\"en\"") && html.contains("Too many forms"),
        "{html}"
    );
    let refused = subscribe_from(&visitor, &server, "203.0.113.7", "fr").await;
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Trop de formulaires"),
        "in the visitor's language"
    );
    // A spoofed left-most entry changes nothing; another real address is not limited.
    assert_eq!(
        register_from(&visitor, &server, "198.51.100.1, 203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_ne!(
        register_from(&visitor, &server, "198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Pages and the other posts are not counted.
    assert_eq!(
        visitor
            .get(server.url("/newsletter"))
            .header("x-forwarded-for", "203.0.113.7")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    use cheminement::db::schema::form_hits;
    use diesel::prelude::*;
    let mut conn = server.app.db.conn().unwrap();
    let old: i64 = form_hits::table
        .filter(form_hits::hit_at.lt(cheminement::db::now() - chrono::Duration::minutes(60)))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(old, 0, "old rows are pruned");
}

both_backends!(async a_limit_of_zero_turns_the_public_form_limit_off);
async fn a_limit_of_zero_turns_the_public_form_limit_off(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start_with(&storage, &[("CHEMINEMENT_PUBLIC_FORM_LIMIT", "0")]).await;
    let visitor = browser();
    for _ in 0..25 {
        assert_ne!(
            register_from(&visitor, &server, "203.0.113.7").await,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend:?}"
        );
    }
}

const POLICY_PARTS: &[&str] = &[
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
];

fn policy_of(answer: &reqwest::Response) -> String {
    answer
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_page_carries_the_content_security_policy() {
    let storage = Storage::new(Backend::Sqlite);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("ines@example.org", Role::Admin);
    let client = browser();
    login(&client, &server, "ines@example.org", &password).await;
    for path in [
        "/",
        "/events",
        "/news",
        "/newsletter",
        "/login",
        "/password-reset",
        "/dashboard",
        "/dashboard/users",
        "/dashboard/events/new",
        "/dashboard/contacts",
        "/no-such-page",
    ] {
        let answer = client.get(server.url(path)).send().await.unwrap();
        let policy = policy_of(&answer);
        for part in POLICY_PARTS {
            assert!(policy.contains(part), "{path}: {policy:?}");
        }
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy:?}"
        );
    }
    // The newsletter form for other sites keeps the policy and stays frameable.
    let embed = client
        .get(server.url("/newsletter/embed"))
        .send()
        .await
        .unwrap();
    let policy = policy_of(&embed);
    for part in POLICY_PARTS {
        assert!(policy.contains(part), "{policy:?}");
    }
    assert!(policy.contains("frame-ancestors *"), "{policy:?}");
    assert_ne!(embed.headers()["x-frame-options"], "DENY");
    // The CSS and JavaScript moved out of the pages are served.
    for (name, kind) in [
        ("events.css", "text/css"),
        ("newsletter_embed.css", "text/css"),
        ("print.js", "text/javascript"),
    ] {
        let answer = client
            .get(server.url(&format!("/static/{name}")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{name}");
        assert!(
            answer.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind),
            "{name}"
        );
    }
}

/// The policy forbids inline script and style: no page template may hold any (mails may: they
/// are read in mail programs, not under this policy).
#[test]
fn no_page_template_holds_inline_script_or_style() {
    let on_attribute = |line: &str| {
        line.split_whitespace().any(|word| {
            word.starts_with("on")
                && word.contains('=')
                && word[2..word.find('=').unwrap()]
                    .chars()
                    .all(|c| c.is_ascii_lowercase())
                && word.find('=').unwrap() > 2
        })
    };
    let mut found = Vec::new();
    for dir in ["templates/public", "templates/dashboard", "templates"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                let inline_script = line.contains("<script") && !line.contains("src=");
                if line.contains("<style")
                    || line.contains(" style=\"")
                    || inline_script
                    || on_attribute(line)
                {
                    found.push(format!("{}:{}: {line}", path.display(), i + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "inline script or style:\n{}",
        found.join("\n")
    );
}

fn set_cookies(answer: &reqwest::Response) -> Vec<String> {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_named<'a>(cookies: &'a [String], name: &str) -> &'a str {
    cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {cookies:?}"))
}

fn is_secure(cookie: &str) -> bool {
    cookie
        .split(';')
        .any(|part| part.trim().eq_ignore_ascii_case("secure"))
}

#[tokio::test]
async fn every_cookie_is_secure_when_the_site_is_served_over_https() {
    for (base, secure) in [("https://asso.example", true), ("", false)] {
        let storage = Storage::new(Backend::Sqlite);
        let extra: Vec<(&str, &str)> = if base.is_empty() {
            vec![]
        } else {
            vec![("CHEMINEMENT_BASE_URL", base)]
        };
        let server = TestServer::start_with(&storage, &extra).await;
        let password = server.create_user("ines@example.org", Role::Admin);
        // No cookie store: a browser would not send Secure cookies back over http, so the
        // test carries the CSRF cookie itself.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = client.get(server.url("/login")).send().await.unwrap();
        let cookies = set_cookies(&page);
        let csrf_cookie = cookie_named(&cookies, "cheminement_csrf").to_string();
        assert_eq!(is_secure(&csrf_cookie), secure, "{csrf_cookie}");
        let csrf = csrf_in(&page.text().await.unwrap());
        let pair = csrf_cookie.split(';').next().unwrap().to_string();
        let logged = client
            .post(server.url("/login"))
            .header("cookie", &pair)
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "ines@example.org"),
                ("password", password.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(logged.status(), StatusCode::SEE_OTHER);
        let cookies = set_cookies(&logged);
        assert_eq!(
            is_secure(cookie_named(&cookies, "cheminement_session")),
            secure
        );
        let switched = client.get(server.url("/lang/en")).send().await.unwrap();
        let cookies = set_cookies(&switched);
        assert_eq!(
            is_secure(cookie_named(&cookies, "lang")),
            secure,
            "{cookies:?}"
        );
    }
}
