//! Hardening (issue 8): resets, throttling per client address, invitations by mail..

use super::*;

/// The link to this site in a mail's text (quoted-printable soft breaks undone).
fn link_in(mail: &ReceivedMail, prefix: &str) -> String {
    let body = mail.data.replace("=\r\n", "").replace("\r\n", "\n");
    let start = body.find(prefix).expect("the mail holds the link");
    body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Asks for a password reset for `email`; returns the status and the page.
async fn ask_reset(
    client: &reqwest::Client,
    server: &TestServer,
    email: &str,
) -> (StatusCode, String) {
    let csrf = csrf_of(client, &server.url("/password-reset")).await;
    let answer = client
        .post(server.url("/password-reset"))
        .header("accept-language", "en")
        .form(&[("csrf", csrf.as_str()), ("email", email)])
        .send()
        .await
        .unwrap();
    (answer.status(), answer.text().await.unwrap())
}

/// Logs in through the login form as if from `addr` (a trusted proxy on loopback says so in
/// X-Forwarded-For, with a spoofed entry on its left that must be ignored).
async fn login_from(
    client: &reqwest::Client,
    server: &TestServer,
    addr: &str,
    email: &str,
    password: &str,
) -> StatusCode {
    let forwarded = format!("198.18.0.1, {addr}");
    let page = client
        .get(server.url("/login"))
        .header("x-forwarded-for", &forwarded)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    client
        .post(server.url("/login"))
        .header("x-forwarded-for", &forwarded)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

const BEHIND_PROXY: &[(&str, &str)] = &[("CHEMINEMENT_TRUSTED_PROXIES", "127.0.0.1")];

both_backends!(async finishing_a_reset_voids_the_other_links_and_sessions);
async fn finishing_a_reset_voids_the_other_links_and_sessions(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let smtp_url = smtp.url();
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", smtp_url.as_str())]).await;
    let password = server.create_user("karim@example.org", Role::Organizer);
    let phone = browser();
    assert_eq!(
        login(&phone, &server, "karim@example.org", &password).await,
        StatusCode::SEE_OTHER
    );
    let client = browser();
    ask_reset(&client, &server, "karim@example.org").await;
    ask_reset(&client, &server, "karim@example.org").await;
    let mails = smtp.wait_for(2).await;
    let prefix = server.url("/password-reset/");
    let (first, second) = (link_in(&mails[0], &prefix), link_in(&mails[1], &prefix));
    assert_ne!(first, second);

    let csrf = csrf_of(&client, &second).await;
    let done = client
        .post(&second)
        .form(&[("csrf", csrf.as_str()), ("password", "brand new password")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER, "{backend:?}");

    let stranger = browser();
    let csrf = csrf_of(&stranger, &first).await;
    let old = stranger
        .post(&first)
        .form(&[("csrf", csrf.as_str()), ("password", "stolen password!!")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the other link was voided ({backend:?})"
    );
    assert_eq!(
        phone
            .get(server.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    assert_eq!(
        client
            .get(server.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "the browser that reset is signed in"
    );
    assert_eq!(
        login(
            &browser(),
            &server,
            "karim@example.org",
            "stolen password!!"
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

both_backends!(async at_most_three_reset_mails_an_hour_with_the_same_answer);
async fn at_most_three_reset_mails_an_hour_with_the_same_answer(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let smtp_url = smtp.url();
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", smtp_url.as_str())]).await;
    server.create_user("karim@example.org", Role::Organizer);
    let client = browser();
    let (_, unknown) = ask_reset(&client, &server, "nobody@example.org").await;
    for i in 0..5 {
        let (status, page) = ask_reset(&client, &server, "karim@example.org").await;
        assert_eq!(status, StatusCode::OK, "ask {i} ({backend:?})");
        assert_eq!(
            page, unknown,
            "the answer says neither whether the address exists nor whether the limit is reached"
        );
    }
    smtp.wait_for(3).await;
    server.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.mails().len(), 3, "{backend:?}");
}

both_backends!(async a_strangers_failures_do_not_lock_the_owner_out);
async fn a_strangers_failures_do_not_lock_the_owner_out(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start_with(&storage, BEHIND_PROXY).await;
    let password = server.create_user("admin@example.org", Role::Admin);
    let stranger = browser();
    for i in 0..5 {
        assert_eq!(
            login_from(
                &stranger,
                &server,
                "203.0.113.7",
                "admin@example.org",
                "guess!!!"
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "guess {i}"
        );
    }
    assert_eq!(
        login_from(
            &stranger,
            &server,
            "203.0.113.7",
            "admin@example.org",
            &password
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "the stranger's address waits, even with the right password ({backend:?})"
    );
    // The spoofed left-most entry is the same for both: only the proxy's entry counts.
    assert_eq!(
        login_from(
            &browser(),
            &server,
            "198.51.100.2",
            "admin@example.org",
            &password
        )
        .await,
        StatusCode::SEE_OTHER,
        "the owner from their own address gets in ({backend:?})"
    );
}

both_backends!(async spraying_many_accounts_from_one_address_is_throttled);
async fn spraying_many_accounts_from_one_address_is_throttled(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start_with(&storage, BEHIND_PROXY).await;
    let password = server.create_user("lucie@example.org", Role::Editor);
    let sprayer = browser();
    // One try per account, well under the per-account limit each time.
    for i in 0..cheminement::accounts::throttle::MAX_PER_CLIENT {
        let email = format!("person{i}@example.org");
        assert_eq!(
            login_from(&sprayer, &server, "203.0.113.50", &email, "Password2026").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "try {i}"
        );
    }
    assert_eq!(
        login_from(
            &sprayer,
            &server,
            "203.0.113.50",
            "lucie@example.org",
            &password
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "the address is blocked for every account ({backend:?})"
    );
    assert_eq!(
        login_from(
            &browser(),
            &server,
            "203.0.113.51",
            "lucie@example.org",
            &password
        )
        .await,
        StatusCode::SEE_OTHER,
        "another address is not"
    );
}

both_backends!(async the_current_password_check_is_throttled_too);
async fn the_current_password_check_is_throttled_too(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let password = server.create_user("lucie@example.org", Role::Editor);
    let client = browser();
    login(&client, &server, "lucie@example.org", &password).await;
    let csrf = csrf_of(&client, &server.url("/dashboard/account")).await;
    let change = |current: String| {
        let client = client.clone();
        let csrf = csrf.clone();
        let url = server.url("/dashboard/account/password");
        async move {
            client
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("current", current.as_str()),
                    ("password", "a much longer password"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..5 {
        assert_eq!(
            change(format!("guess number {i}")).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        change(password.clone()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "{backend:?}"
    );
    // The login form shares the count (the same password is guessed), so look in the
    // database.
    let mut conn = server.app.db.conn().unwrap();
    let user = cheminement::accounts::users::find_by_email(&mut conn, "lucie@example.org")
        .unwrap()
        .unwrap();
    assert!(
        cheminement::accounts::passwords::verify(&password, &user.password_hash),
        "the password did not change"
    );
}

both_backends!(async an_invitation_by_mail_lets_the_person_choose_their_password_once);
async fn an_invitation_by_mail_lets_the_person_choose_their_password_once(backend: Backend) {
    let smtp = SmtpSink::start(&[]);
    let storage = Storage::new(backend);
    let smtp_url = smtp.url();
    let server =
        TestServer::start_with(&storage, &[("CHEMINEMENT_SMTP_URL", smtp_url.as_str())]).await;
    let password = server.create_user("admin@example.org", Role::Admin);
    let admin = browser();
    login(&admin, &server, "admin@example.org", &password).await;
    let csrf = csrf_of(&admin, &server.url("/dashboard/users")).await;
    let invite = |email: &'static str| {
        let admin = admin.clone();
        let csrf = csrf.clone();
        let url = server.url("/dashboard/users");
        async move {
            admin
                .post(url)
                .header("accept-language", "en")
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("name", "Nadia"),
                    ("email", email),
                    ("role", "organizer"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let sent = invite("nadia@example.org").await;
    assert_eq!(sent.status(), StatusCode::OK, "{backend:?}");
    let page = sent.text().await.unwrap();
    assert!(page.contains("Invitation sent"), "{page}");
    assert!(page.contains("nadia@example.org"), "listed as pending");
    assert_eq!(
        invite("admin@example.org").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an address with an account is refused"
    );
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["nadia@example.org".to_string()]);
    let link = link_in(&mails[0], &server.url("/invitation/"));

    let nadia = browser();
    let form = nadia.get(&link).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let csrf = csrf_in(&form.text().await.unwrap());
    let short = nadia
        .post(&link)
        .form(&[("csrf", csrf.as_str()), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let chosen = nadia
        .post(&link)
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", "nadia's own password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), StatusCode::SEE_OTHER, "{backend:?}");
    assert_eq!(chosen.headers()["location"], "/dashboard");
    assert_eq!(
        nadia
            .get(server.url("/dashboard/events"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "signed in, as an organizer"
    );
    assert_eq!(
        login(
            &browser(),
            &server,
            "nadia@example.org",
            "nadia's own password"
        )
        .await,
        StatusCode::SEE_OTHER
    );

    // Used once: the link now says so, and a second try writes nothing.
    let stranger = browser();
    let used = stranger
        .get(&link)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(used.status(), StatusCode::GONE);
    let html = used.text().await.unwrap();
    assert!(html.contains("already been used or has expired"), "{html}");
    assert!(
        !html.contains("name=\"password\""),
        "no form on a dead link"
    );
    let csrf = csrf_of(&stranger, &server.url("/login")).await;
    let again = stranger
        .post(&link)
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", "a stranger's password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    assert_eq!(
        login(
            &browser(),
            &server,
            "nadia@example.org",
            "a stranger's password"
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Expired: refused the same way, and no account is made.
    invite("omar@example.org").await;
    let mails = smtp.wait_for(2).await;
    let link = link_in(&mails[1], &server.url("/invitation/"));
    {
        use cheminement::db::schema::invitations;
        use diesel::prelude::*;
        let mut conn = server.app.db.conn().unwrap();
        diesel::update(invitations::table.filter(invitations::email.eq("omar@example.org")))
            .set(invitations::expires_at.eq(cheminement::db::now() - chrono::Duration::minutes(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    let late = browser();
    let page = late.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::GONE, "{backend:?}");
    let csrf = csrf_of(&late, &server.url("/login")).await;
    let posted = late
        .post(&link)
        .form(&[("csrf", csrf.as_str()), ("password", "omar's own password")])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::GONE);
    let mut conn = server.app.db.conn().unwrap();
    assert!(
        cheminement::accounts::users::find_by_email(&mut conn, "omar@example.org")
            .unwrap()
            .is_none()
    );
}
