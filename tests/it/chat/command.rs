//! The slash command at /chat/command, posted as Mattermost posts it: a form with the token,
//! the user and the text; ephemeral JSON answers.

use reqwest::StatusCode;
use serde_json::Value;

use cheminement::accounts::{Role, users};

use super::{event, register, start};
use crate::common::{Backend, TestServer};

const TOKEN: &str = "hp9yq4ijgjbf8n5nyrz6xqeddo";

/// Posts the command as Mattermost does; answers (status, JSON).
async fn command(
    server: &TestServer,
    token: &str,
    user_id: &str,
    text: &str,
) -> (StatusCode, Value) {
    let answer = reqwest::Client::new()
        .post(server.url("/chat/command"))
        .form(&[
            ("channel_id", "fdsafdsafdsafdsafdsafdsafd"),
            ("channel_name", "town-square"),
            ("command", "/asso"),
            ("response_url", "http://127.0.0.1:9/hooks/commands/x"),
            ("team_domain", "lieu-respirer"),
            ("team_id", "rdc9bgriktyx9p4kowh3dmgqyc"),
            ("text", text),
            ("token", token),
            ("trigger_id", "abc"),
            ("user_id", user_id),
            ("user_name", "someone"),
        ])
        .send()
        .await
        .unwrap();
    let status = answer.status();
    assert!(
        answer
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json")),
        "answers JSON"
    );
    (status, answer.json().await.unwrap())
}

fn ephemeral(answer: &(StatusCode, Value)) -> String {
    assert_eq!(answer.0, StatusCode::OK, "{:?}", answer.1);
    assert_eq!(answer.1["response_type"], "ephemeral", "{:?}", answer.1);
    answer.1["text"].as_str().unwrap().to_string()
}

/// Links a Mattermost user to a new account of that role, with the code its page shows.
async fn linked(server: &TestServer, email: &str, role: Role, chat_user: &str) -> String {
    server.create_user(email, role);
    let user = {
        let mut conn = server.app.db.conn().unwrap();
        users::find_by_email(&mut conn, email).unwrap().unwrap()
    };
    let code = cheminement::notifications::command::link_code(&server.app.links.secret, &user);
    ephemeral(&command(server, TOKEN, chat_user, &format!("lier {code}")).await)
}

both_backends!(async the_slash_command_answers_members_and_refuses_strangers);
async fn the_slash_command_answers_members_and_refuses_strangers(backend: Backend) {
    let (_storage, server, _chat) = start(backend, &[]).await;
    let yoga = event(&server, "Yoga du samedi", Some(12), false, false);
    register(&server, yoga.id, "Léa Garnier").await;
    register(&server, yoga.id, "Marc Henry").await;

    // No token kept yet: refused.
    let (status, body) = command(&server, TOKEN, "u1", "places").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    cheminement::app::notifications::set_command_token(&server.app, TOKEN.into())
        .await
        .unwrap();

    // A wrong token: 401 with a short text, nothing answered.
    let (status, body_wrong) = command(&server, "not-the-token", "u1", "places").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body_wrong["text"], body["text"]);
    assert!(body_wrong["text"].as_str().unwrap().contains("token"));
    assert!(!body_wrong.to_string().contains("Yoga"));

    // places: anyone of the team.
    let places = ephemeral(&command(&server, TOKEN, "stranger", "places").await);
    assert!(
        places.contains("[Yoga du samedi](http://localhost:"),
        "{places}"
    );
    assert!(places.contains("10 places left"), "{places}");

    // aide, and anything unknown.
    let help = ephemeral(&command(&server, TOKEN, "stranger", "aide").await);
    assert!(
        help.contains("**places**") && help.contains("**inscrits**"),
        "{help}"
    );
    assert_eq!(
        ephemeral(&command(&server, TOKEN, "stranger", "blabla").await),
        help
    );

    // inscrits from an unknown user: a polite refusal, no names.
    let unknown = ephemeral(&command(&server, TOKEN, "stranger", "inscrits yoga").await);
    assert!(
        unknown.starts_with("Sorry, I do not know who you are yet"),
        "{unknown}"
    );
    assert!(!unknown.contains("Léa"));

    // A wrong code links nothing.
    let wrong = ephemeral(&command(&server, TOKEN, "stranger", "lier 1-deadbeef").await);
    assert!(wrong.contains("not right"), "{wrong}");

    // An organizer, linked: sees who is registered.
    let done = linked(&server, "orga@example.org", Role::Organizer, "mm-orga").await;
    assert!(done.contains("linked to orga@example.org"), "{done}");
    let list = ephemeral(&command(&server, TOKEN, "mm-orga", "inscrits samedi").await);
    assert!(list.contains("**Yoga du samedi**: 2 registered"), "{list}");
    assert!(
        list.contains("- Léa Garnier") && list.contains("- Marc Henry"),
        "{list}"
    );
    let which = ephemeral(&command(&server, TOKEN, "mm-orga", "inscrits").await);
    assert!(which.starts_with("Which event?"), "{which}");
    let none = ephemeral(&command(&server, TOKEN, "mm-orga", "inscrits piscine").await);
    assert!(none.contains("No coming event"), "{none}");

    // A member whose role may not see registrations: refused.
    linked(&server, "membre@example.org", Role::Member, "mm-membre").await;
    let refused = ephemeral(&command(&server, TOKEN, "mm-membre", "inscrits yoga").await);
    assert!(refused.contains("your role does not let you"), "{refused}");
    assert!(!refused.contains("Léa"));
}

both_backends!(async the_command_speaks_the_associations_language);
async fn the_command_speaks_the_associations_language(backend: Backend) {
    let (_storage, server, _chat) = start(backend, &[("CHEMINEMENT_DEFAULT_LANG", "fr")]).await;
    cheminement::app::notifications::set_command_token(&server.app, TOKEN.into())
        .await
        .unwrap();
    event(&server, "Chorale", None, false, false);
    let places = ephemeral(&command(&server, TOKEN, "u", "places").await);
    assert!(
        places.contains("**Prochains événements**") && places.contains("sans limite"),
        "{places}"
    );
    let refused = ephemeral(&command(&server, TOKEN, "u", "inscrits chorale").await);
    assert!(refused.starts_with("Désolé"), "{refused}");
}
