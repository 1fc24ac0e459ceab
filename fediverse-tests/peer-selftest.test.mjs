// The Fedify peer against a second Fedify peer: proves the harness itself before it judges
// the Cheminement server.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startPeer } from "./peer.mjs";

let alice;
let bob;

before(async () => {
  alice = await startPeer({ username: "alice" });
  bob = await startPeer({ username: "bob" });
});

after(async () => {
  await alice?.stop();
  await bob?.stop();
});

test("a Fedify peer follows another by acct: handle, gets its posts, and unfollows", { timeout: 60_000 }, async () => {
  const { followId, target } = await alice.follow(`acct:bob@localhost:${bob.port}`);
  assert.equal(target, bob.actorUrl);

  const accept = await alice.waitFor((a) => a.type === "Accept", 10_000, "Accept");
  assert.equal(accept.actor, bob.actorUrl);
  assert.equal(accept.object.type, "Follow");
  assert.equal(accept.object.id, followId);
  assert.deepEqual(bob.followers(), [alice.actorUrl]);

  const noteId = await bob.post("<p>Hello <strong>world</strong></p>");
  const create = await alice.waitFor((a) => a.type === "Create" && a.objectId === noteId, 10_000, "Create");
  assert.equal(create.object.type, "Note");
  assert.match(create.object.content, /<strong>world<\/strong>/);
  assert.deepEqual(create.object.attributedTo, [bob.actorUrl]);

  await alice.unfollow();
  const undo = await bob.waitFor((a) => a.type === "Undo", 10_000, "Undo");
  assert.equal(undo.object.type, "Follow");
  assert.equal(undo.object.id, followId);
  assert.deepEqual(bob.followers(), []);
  // firstKnock: both peers sign with draft-cavage and send a Digest, as Mastodon does.
  for (const post of [...alice.inboxPosts(), ...bob.inboxPosts()]) {
    assert.equal(post.scheme, "draft-cavage");
    assert.match(post.digest, /^SHA-256=/);
  }
  assert.deepEqual(alice.rejected(), []);
  assert.deepEqual(bob.rejected(), []);
});
