//! Accounts through the real router: login, CSRF, throttling, roles, sessions across a
//! restart, password change and reset by mail (through a real SMTP server on loopback).

use cheminement::accounts::Role;
use reqwest::StatusCode;

use crate::common::*;

mod hardening;

both_backends!(async login_opens_the_dashboard_and_logout_closes_it);
async fn login_opens_the_dashboard_and_logout_closes_it(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("ines@example.org", Role::Editor);
    let client = browser();
    let before = client.get(server.url("/dashboard")).send().await.unwrap();
    assert_eq!(before.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert!(
        before.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );

    assert_eq!(
        login(&client, &server, "ines@example.org", &password).await,
        StatusCode::SEE_OTHER
    );
    let page = client.get(server.url("/dashboard")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK, "{backend:?}");

    let csrf = csrf_in(&page.text().await.unwrap());
    let out = client
        .post(server.url("/logout"))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = client.get(server.url("/dashboard")).send().await.unwrap();
    assert_eq!(
        after.status(),
        StatusCode::SEE_OTHER,
        "the session ended with logout"
    );
}

both_backends!(async a_wrong_password_shows_the_form_again_with_the_address_kept);
async fn a_wrong_password_shows_the_form_again_with_the_address_kept(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    server.create_user("ines@example.org", Role::Editor);
    let client = browser();
    let csrf = csrf_of(&client, &server.url("/login")).await;
    let answer = client
        .post(server.url("/login"))
        .header("accept-language", "en")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "ines@example.org"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = answer.text().await.unwrap();
    assert!(html.contains("Wrong address or password"), "{html}");
    assert!(
        html.contains("value=\"ines@example.org\""),
        "the typed address is kept"
    );
}

both_backends!(async a_form_without_the_right_csrf_token_is_refused);
async fn a_form_without_the_right_csrf_token_is_refused(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("ines@example.org", Role::Admin);
    let client = browser();
    assert_eq!(
        login(&client, &server, "ines@example.org", &password).await,
        StatusCode::SEE_OTHER
    );
    let forged = client
        .post(server.url("/dashboard/pages/new"))
        .form(&[
            ("csrf", "forged"),
            ("title", "Pirate"),
            ("body", "x"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let missing = client
        .post(server.url("/dashboard/pages/new"))
        .form(&[("title", "Pirate"), ("body", "x"), ("action", "save")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let mut conn = server.app.db.conn().unwrap();
    assert!(
        cheminement::site::pages::all(&mut conn).unwrap().is_empty(),
        "nothing was created"
    );
}

both_backends!(async five_failed_logins_block_the_address_even_with_the_right_password);
async fn five_failed_logins_block_the_address_even_with_the_right_password(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("marc@example.org", Role::Treasurer);
    let client = browser();
    for _ in 0..5 {
        assert_eq!(
            login(&client, &server, "marc@example.org", "wrong password!").await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        login(&client, &server, "marc@example.org", &password).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login(&client, &server, "MARC@example.org ", &password).await,
        StatusCode::TOO_MANY_REQUESTS,
        "case and spaces do not get around the limit"
    );
}

both_backends!(async roles_are_checked_on_every_dashboard_route);
async fn roles_are_checked_on_every_dashboard_route(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let cases = [
        (Role::Member, "/dashboard/posts", StatusCode::FORBIDDEN),
        (Role::Member, "/dashboard", StatusCode::OK),
        (Role::Organizer, "/dashboard/pages", StatusCode::FORBIDDEN),
        (Role::Editor, "/dashboard/pages", StatusCode::OK),
        (Role::Editor, "/dashboard/jobs", StatusCode::FORBIDDEN),
        (Role::Editor, "/dashboard/users", StatusCode::FORBIDDEN),
        (
            Role::Treasurer,
            "/dashboard/followers",
            StatusCode::FORBIDDEN,
        ),
        (Role::Admin, "/dashboard/jobs", StatusCode::OK),
        (Role::Admin, "/dashboard/users", StatusCode::OK),
    ];
    for (i, (role, path, expected)) in cases.iter().enumerate() {
        let email = format!("person{i}@example.org");
        let password = server.create_user(&email, *role);
        let client = browser();
        login(&client, &server, &email, &password).await;
        let status = client.get(server.url(path)).send().await.unwrap().status();
        assert_eq!(status, *expected, "{role:?} on {path} ({backend:?})");
    }
    // A POST is checked too, not only the page that shows the form.
    let password = server.create_user("member@example.org", Role::Member);
    let client = browser();
    login(&client, &server, "member@example.org", &password).await;
    let csrf = csrf_of(&client, &server.url("/dashboard")).await;
    let posted = client
        .post(server.url("/dashboard/posts/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "x"),
            ("body", "y"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
}

both_backends!(async a_session_survives_a_restart_of_the_server);
async fn a_session_survives_a_restart_of_the_server(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("sofiane@example.org", Role::Admin);
    let client = browser();
    login(&client, &server, "sofiane@example.org", &password).await;
    assert_eq!(
        client
            .get(server.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let session = {
        let mut conn = server.app.db.conn().unwrap();
        use diesel::prelude::*;
        cheminement::db::schema::sessions::table
            .count()
            .get_result::<i64>(&mut *conn)
            .unwrap()
    };
    assert_eq!(session, 1);
    server.stop().await;

    let restarted = TestServer::start(&storage).await;
    // Same database, new process and port: the browser's session cookie (cookies are per
    // host, not per port) still opens the dashboard.
    let page = client
        .get(restarted.url("/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK, "{backend:?}");
}

both_backends!(async changing_the_password_ends_other_sessions);
async fn changing_the_password_ends_other_sessions(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("lucie@example.org", Role::Editor);
    let laptop = browser();
    let phone = browser();
    login(&laptop, &server, "lucie@example.org", &password).await;
    login(&phone, &server, "lucie@example.org", &password).await;

    let csrf = csrf_of(&laptop, &server.url("/dashboard/account")).await;
    let short = laptop
        .post(server.url("/dashboard/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", password.as_str()),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        short.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a short password is refused"
    );

    let changed = laptop
        .post(server.url("/dashboard/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", password.as_str()),
            ("password", "a much longer password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        laptop
            .get(server.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "this browser stays in"
    );
    assert_eq!(
        phone
            .get(server.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER,
        "the other is out"
    );
    assert_eq!(
        login(
            &browser(),
            &server,
            "lucie@example.org",
            "a much longer password"
        )
        .await,
        StatusCode::SEE_OTHER
    );
}

both_backends!(async a_password_reset_link_arrives_by_mail_and_works_once);
async fn a_password_reset_link_arrives_by_mail_and_works_once(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let smtp_url = smtp.url();
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", smtp_url.as_str())]).await;
    server.create_user("karim@example.org", Role::Organizer);
    let client = browser();
    let csrf = csrf_of(&client, &server.url("/password-reset")).await;
    let asked = client
        .post(server.url("/password-reset"))
        .form(&[("csrf", csrf.as_str()), ("email", "karim@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::OK);
    // An unknown address gets the same answer and no mail.
    client
        .post(server.url("/password-reset"))
        .form(&[("csrf", csrf.as_str()), ("email", "nobody@example.org")])
        .send()
        .await
        .unwrap();
    let mails = smtp.wait_for(1).await;
    server.settle().await;
    assert_eq!(smtp.mails().len(), 1);
    assert_eq!(mails[0].to, vec!["karim@example.org".to_string()]);
    let body = mails[0].data.replace("=\r\n", "").replace("\r\n", "\n");
    let start = body
        .find(&server.url("/password-reset/"))
        .expect("the mail holds the link");
    let link: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();

    let csrf = csrf_of(&client, &link).await;
    let done = client
        .post(&link)
        .form(&[("csrf", csrf.as_str()), ("password", "brand new password")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(
        login(
            &browser(),
            &server,
            "karim@example.org",
            "brand new password"
        )
        .await,
        StatusCode::SEE_OTHER
    );

    let stranger = browser();
    let csrf = csrf_of(&stranger, &link).await;
    let again = stranger
        .post(&link)
        .form(&[("csrf", csrf.as_str()), ("password", "another password!")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the link works once"
    );
}

both_backends!(async the_setup_link_creates_the_first_admin_once);
async fn the_setup_link_creates_the_first_admin_once(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let secret = {
        let mut conn = server.app.db.conn().unwrap();
        cheminement::accounts::setup::prepare(&mut conn)
            .unwrap()
            .expect("no account yet, so a link")
    };
    let link = server.url(&format!("/setup/{secret}"));
    let client = browser();
    assert_eq!(
        client
            .get(server.url("/setup/wrong"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let csrf = csrf_of(&client, &link).await;
    let bad = client
        .post(&link)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "not-an-email"),
            ("name", "Inès"),
            ("password", "long enough pw"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().await.unwrap().contains("value=\"not-an-email\""),
        "what was typed is kept"
    );
    let made = client
        .post(&link)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "ines@example.org"),
            ("name", "Inès"),
            ("password", "long enough pw"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        client
            .get(server.url("/dashboard/users"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "an admin"
    );
    assert_eq!(
        browser().get(&link).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "once only"
    );
}
