//! The dashboard's followers page: who follows, and blocking an account or a whole server from
//! it. (What a block does to incoming activities is in federation.rs.)

use cheminement::accounts::Role;
use cheminement::audience::{blocks, followers};
use reqwest::StatusCode;

use crate::common::contacts::{browser_as, post_form};
use crate::common::*;

/// A follower written straight through the domain, as an accepted `Follow` leaves it.
fn follower(server: &TestServer, actor_id: &str) -> i64 {
    let mut conn = server.app.db.conn().unwrap();
    followers::upsert(
        &mut conn,
        actor_id,
        &format!("{actor_id}/inbox"),
        None,
        &format!("{actor_id}#follow"),
    )
    .unwrap();
    followers::list(&mut conn, 10, 0)
        .unwrap()
        .into_iter()
        .find(|f| f.actor_id == actor_id)
        .unwrap()
        .id
}

both_backends!(async a_block_of_an_unknown_kind_is_refused_and_nothing_is_blocked);
async fn a_block_of_an_unknown_kind_is_refused_and_nothing_is_blocked(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let id = follower(&server, "https://social.example/users/alice");
    let client = browser_as(&server, "admin@example.org", Role::Admin).await;

    let path = format!("/dashboard/followers/{id}/block");
    let answer = post_form(&client, &server, &path, &[("kind", "server")]).await;
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{backend:?}"
    );
    let html = answer.text().await.unwrap();
    assert!(
        html.contains("Un blocage vise un compte ou tout un serveur"),
        "the page says why, in French: {html}"
    );
    let mut conn = server.app.db.conn().unwrap();
    assert!(
        blocks::all(&mut conn).unwrap().is_empty(),
        "nothing blocked"
    );
    assert_eq!(followers::count(&mut conn).unwrap(), 1, "she still follows");
    drop(conn);

    // The two words the page sends still block.
    let answer = post_form(&client, &server, &path, &[("kind", "domain")]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let mut conn = server.app.db.conn().unwrap();
    let blocked = blocks::all(&mut conn).unwrap();
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].kind, blocks::BlockKind::Domain);
    assert_eq!(blocked[0].value, "social.example");
    assert_eq!(
        followers::count(&mut conn).unwrap(),
        0,
        "the block removed her"
    );
}

both_backends!(async the_list_of_blocks_says_what_each_covers_in_the_reader_s_language);
async fn the_list_of_blocks_says_what_each_covers_in_the_reader_s_language(backend: Backend) {
    let storage = Storage::new(backend);
    let server = TestServer::start(&storage).await;
    let alice = follower(&server, "https://social.example/users/alice");
    let bob = follower(&server, "https://other.example/users/bob");
    let client = browser_as(&server, "admin@example.org", Role::Admin).await;
    for (id, kind) in [(alice, "actor"), (bob, "domain")] {
        let path = format!("/dashboard/followers/{id}/block");
        let answer = post_form(&client, &server, &path, &[("kind", kind)]).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{backend:?}");
    }

    let html = client
        .get(server.url("/dashboard/followers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Compte · https://social.example/users/alice"),
        "the account block in French: {html}"
    );
    assert!(
        html.contains("Tout le serveur · other.example"),
        "the server block in French: {html}"
    );
    assert!(
        !html.contains("actor:") && !html.contains("domain:"),
        "{html}"
    );
}
