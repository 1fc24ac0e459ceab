//! What the chat hears from the fediverse, through the real inbox: a new follower, and a post
//! that mentions the association (a post that does not is not told).

use reqwest::StatusCode;
use serde_json::json;

use cheminement::notifications::NoticeKind;

use super::{flush, rule, start};
use crate::common::Backend;
use crate::common::peer::Peer;

const AS: &str = "https://www.w3.org/ns/activitystreams";

both_backends!(async a_follower_and_a_mention_from_the_fediverse_reach_the_chat);
async fn a_follower_and_a_mention_from_the_fediverse_reach_the_chat(backend: Backend) {
    let (_storage, server, chat) = start(backend, &[]).await;
    rule(
        &server,
        &chat,
        &[NoticeKind::Follower, NoticeKind::Mention],
        "",
    )
    .await;
    let peer = Peer::start().await;
    let alice = peer.add_actor("alice").await;
    let inbox = server.app.actor.inbox.to_string();
    let ours = server.app.actor.id.to_string();

    let follow = json!({
        "@context": AS, "id": peer.new_id(), "type": "Follow",
        "actor": alice, "object": ours,
    });
    let answer = peer.post_signed("alice", &inbox, &follow).await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);

    let note = |id: String, content: &str, tag: serde_json::Value| {
        json!({
            "@context": AS, "id": format!("{id}/activity"), "type": "Create", "actor": alice,
            "to": [format!("{AS}#Public")],
            "object": {
                "id": id, "type": "Note", "attributedTo": alice,
                "to": [format!("{AS}#Public")], "content": content, "tag": tag,
            },
        })
    };
    let mention = peer.new_id();
    let answer = peer
        .post_signed(
            "alice",
            &inbox,
            &note(
                mention.clone(),
                "<p><span class=\"h-card\"><a href=\"#\">@asso</a></span> Merci pour hier soir</p>",
                json!([{"type": "Mention", "href": ours, "name": "@asso@localhost"}]),
            ),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let elsewhere = note(peer.new_id(), "<p>Rien à voir</p>", json!([]));
    let answer = peer.post_signed("alice", &inbox, &elsewhere).await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    server.settle().await;
    flush(&server).await;

    let messages = chat.wait_for(1).await;
    let text = messages[0]["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("New fediverse follower: {alice}")),
        "{text}"
    );
    assert!(text.contains("Merci pour hier soir"), "{text}");
    assert!(text.contains(&mention), "{text}");
    assert!(!text.contains("Rien à voir"), "{text}");
}
