// A Mastodon-like user, played by Fedify, follows the association, receives its news
// (Create, Update, Delete of a post made through the API), then unfollows.
//
// The steps run in order against one server and one peer; a step that needs an earlier one
// says so when that one failed.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { AS_PUBLIC, SECURITY_CONTEXT, asArray, containsString, eventually, getActivityJson, tail } from "./helpers.mjs";
import { startPeer } from "./peer.mjs";
import { HANDLE, startServer } from "./server.mjs";

const DELIVERY_TIMEOUT = 25_000; // the server delivers through a job queue polled about twice a second
const STEP_TIMEOUT = 60_000;

let server;
let peer;
const state = {}; // what earlier steps learnt: followId, post, delivered, createLatencyMs, unfollowed

before(async () => {
  server = await startServer();
  peer = await startPeer({ username: "camille" });
});

after(async () => {
  await peer?.stop();
  await server?.stop();
});

/** A test step; on failure its message carries the server's recent output and what Fedify refused. */
function step(name, fn) {
  test(name, { timeout: STEP_TIMEOUT }, async () => {
    const startedAt = Date.now();
    try {
      await fn();
    } catch (error) {
      const refused = peer.rejected(startedAt);
      const extra = [
        "",
        "--- inbox POSTs the Fedify peer refused during this step ---",
        ...(refused.length ? refused.map((r) => JSON.stringify(r, null, 2)) : ["(none)"]),
        "--- Cheminement output (last lines) ---",
        tail(server.output(), 60),
      ].join("\n");
      try {
        error.message += extra;
      } catch {
        /* read-only message */
      }
      throw error;
    }
  });
}

function needs(key, stepName) {
  if (state[key] == null) throw new Error(`this step needs "${stepName}", which failed`);
  return state[key];
}

const base = () => server.baseUrl;
const typeName = (object) => object?.constructor?.typeId?.href?.split("#").at(-1);

async function followersListed() {
  const res = await server.api("GET", "/api/v1/followers");
  assert.equal(res.status, 200, `GET /api/v1/followers answered ${res.status}: ${res.text}`);
  return { listed: containsString(res.json, peer.actorUrl), res };
}

// 1 -------------------------------------------------------------------------------------------

step("1. the association resolves by WebFinger to an Organization actor that Mastodon can use", async () => {
  // Fedify's own resolution of acct:asso@localhost:P (WebFinger, then the actor document).
  const actor = await peer.lookup(server.acct);
  assert.ok(actor, `Fedify could not resolve ${server.acct}; see the Fedify log:\n${peer.logs().slice(-20).join("\n")}`);
  assert.equal(actor.id?.href, server.actorUrl);
  assert.equal(typeName(actor), "Organization");
  assert.equal(actor.preferredUsername?.toString(), HANDLE);
  assert.equal(actor.inboxId?.href, `${base()}/actors/${HANDLE}/inbox`);
  assert.equal(actor.endpoints?.sharedInbox?.href, `${base()}/inbox`);
  assert.equal(actor.outboxId?.href, `${base()}/actors/${HANDLE}/outbox`);
  assert.equal(actor.followersId?.href, `${base()}/actors/${HANDLE}/followers`);
  // Fedify only sees publicKey when the security/v1 context is there.
  assert.deepEqual(
    actor.publicKeyIds.map((u) => u.href),
    [`${server.actorUrl}#main-key`],
    "Fedify finds no publicKey <actor>#main-key in the actor (is https://w3id.org/security/v1 in @context?)",
  );

  // The document as served.
  const doc = await getActivityJson(server.actorUrl);
  assert.equal(doc.status, 200);
  assert.match(doc.contentType, /application\/(activity\+json|ld\+json)/);
  assert.ok(asArray(doc.json["@context"]).includes(SECURITY_CONTEXT), `@context lacks ${SECURITY_CONTEXT}`);
  assert.equal(doc.json.id, server.actorUrl);
  assert.equal(doc.json.type, "Organization");
  assert.equal(doc.json.preferredUsername, "asso");
  assert.equal(doc.json.inbox, `${base()}/actors/${HANDLE}/inbox`);
  assert.equal(doc.json.endpoints?.sharedInbox, `${base()}/inbox`);
  assert.equal(doc.json.outbox, `${base()}/actors/${HANDLE}/outbox`);
  assert.equal(doc.json.followers, `${base()}/actors/${HANDLE}/followers`);
  assert.equal(doc.json.publicKey?.id, `${server.actorUrl}#main-key`);
  assert.equal(doc.json.publicKey?.owner, server.actorUrl);
  assert.match(doc.json.publicKey?.publicKeyPem ?? "", /^-----BEGIN PUBLIC KEY-----/);

  // WebFinger as served, and the round trip Mastodon checks: preferredUsername@host gives the same id.
  const wf = await fetch(`${base()}/.well-known/webfinger?resource=${encodeURIComponent(server.acct)}`, {
    headers: { Accept: "application/jrd+json, application/json" },
  });
  assert.equal(wf.status, 200);
  assert.match(wf.headers.get("content-type") ?? "", /application\/jrd\+json/);
  const roundTrip = await peer.webfinger(`acct:${doc.json.preferredUsername}@${new URL(doc.json.id).host}`);
  assert.ok(roundTrip, "Fedify's WebFinger lookup of preferredUsername@host found nothing");
  const self = roundTrip.links?.find(
    (link) =>
      link.rel === "self" &&
      /^application\/(activity\+json|ld\+json; *profile="https:\/\/www\.w3\.org\/ns\/activitystreams")$/.test(link.type ?? ""),
  );
  assert.ok(self, `no rel=self ActivityPub link in ${JSON.stringify(roundTrip)}`);
  assert.equal(self.href, doc.json.id, "WebFinger does not loop back to the actor id");
});

// 2 -------------------------------------------------------------------------------------------

step("2. a Follow from the peer is answered by an Accept of that Follow, and the follower is listed", async () => {
  const { followId, target } = await peer.follow(server.acct);
  assert.equal(target, server.actorUrl);
  state.followId = followId; // the server took the Follow (2xx): later steps can go on even if what follows fails

  const accept = await peer.waitFor((a) => a.type === "Accept", DELIVERY_TIMEOUT, "an Accept");
  assert.equal(accept.actor, server.actorUrl);
  assert.equal(accept.objectId, followId, "the Accept's object is not the peer's Follow");
  if (typeof accept.object === "object") {
    // Embedded: it must be that Follow, with plain URIs, as Mastodon sends it.
    assert.equal(accept.object.type, "Follow");
    assert.equal(accept.object.actor, peer.actorUrl);
    assert.equal(accept.object.object, server.actorUrl);
  }

  const { listed, res } = await eventually(async () => {
    const r = await followersListed();
    return r.listed ? r : null;
  }, 5_000).then((r) => r ?? followersListed());
  assert.ok(listed, `GET /api/v1/followers does not list ${peer.actorUrl}: ${res.text}`);
});

// 3 -------------------------------------------------------------------------------------------

step("3. a news post published through the API reaches the follower as a Create with the rendered Markdown", async () => {
  needs("followId", "2. follow");
  const sentAt = Date.now();
  const res = await server.api("POST", "/api/v1/posts", {
    title: "Programme de la semaine",
    body: "Yoga **mardi**, concert samedi.",
    publish: true,
  });
  assert.equal(res.status, 201, `POST /api/v1/posts answered ${res.status}: ${res.text}`);
  const post = res.json;
  assert.ok(Number.isInteger(post?.id), `no integer id in ${res.text}`);
  assert.equal(typeof post.slug, "string");
  assert.equal(typeof post.url, "string");
  assert.equal(post.ap_id, `${base()}/news/${post.slug}`);
  state.post = post; // the post exists: the later steps can go on even if its delivery fails

  const create = await peer.waitFor(
    (a) => a.type === "Create" && a.objectId === post.ap_id,
    DELIVERY_TIMEOUT,
    `a Create of ${post.ap_id}`,
  );
  state.createLatencyMs = Date.now() - sentAt;
  assert.equal(create.actor, server.actorUrl);
  assert.equal(typeof create.object, "object", "the Create does not embed its object");
  assert.ok(["Article", "Note"].includes(create.object.type), `object type ${create.object.type}`);
  assert.equal(create.object.id, post.ap_id);
  assert.match(create.object.content ?? "", /<strong>mardi<\/strong>/);
  assert.ok(create.object.attributedTo?.includes(server.actorUrl), `attributedTo ${create.object.attributedTo}`);
  const audience = [...create.to, ...create.cc, ...(create.object.to ?? []), ...(create.object.cc ?? [])];
  assert.ok(
    audience.includes(AS_PUBLIC) || audience.includes(`${server.actorUrl}/followers`),
    `addressed neither to Public nor to the followers: ${JSON.stringify(audience)}`,
  );
  state.delivered = true;
});

step("3b. the news post can be fetched by its id, as Mastodon does to refresh it", async () => {
  const post = needs("post", "3. create");
  const object = await peer.lookup(post.ap_id);
  assert.ok(object, `Fedify could not fetch ${post.ap_id}`);
  assert.equal(object.id?.href, post.ap_id);
  assert.ok(["Article", "Note"].includes(typeName(object)));
  assert.match(object.content?.toString() ?? "", /<strong>mardi<\/strong>/);
  assert.deepEqual(
    object.attributionIds.map((u) => u.href),
    [server.actorUrl],
  );
});

// 4 -------------------------------------------------------------------------------------------

step("4. editing the post reaches the follower as an Update of the same object with the new content", async () => {
  const post = needs("post", "3. create");
  const res = await server.api("PUT", `/api/v1/posts/${post.id}`, {
    title: "Programme de la semaine",
    body: "Yoga **jeudi**, concert dimanche.",
    publish: true,
  });
  assert.ok(res.status >= 200 && res.status < 300, `PUT /api/v1/posts/${post.id} answered ${res.status}: ${res.text}`);

  const update = await peer.waitFor(
    (a) => a.type === "Update" && a.objectId === post.ap_id,
    DELIVERY_TIMEOUT,
    `an Update of ${post.ap_id}`,
  );
  assert.equal(update.actor, server.actorUrl);
  assert.equal(typeof update.object, "object", "the Update does not embed the new version");
  assert.equal(update.object.id, post.ap_id);
  assert.match(update.object.content ?? "", /<strong>jeudi<\/strong>/);
  assert.doesNotMatch(update.object.content ?? "", /mardi/);
});

// 5 -------------------------------------------------------------------------------------------

step("5. deleting the post reaches the follower as a Delete of that object", async () => {
  const post = needs("post", "3. create");
  const res = await server.api("DELETE", `/api/v1/posts/${post.id}`);
  assert.equal(res.status, 204, `DELETE /api/v1/posts/${post.id} answered ${res.status}: ${res.text}`);

  const del = await peer.waitFor(
    (a) => a.type === "Delete" && a.objectId === post.ap_id,
    DELIVERY_TIMEOUT,
    `a Delete of ${post.ap_id}`,
  );
  assert.equal(del.actor, server.actorUrl);
  if (typeof del.object === "object") assert.equal(del.object.type, "Tombstone");
});

// 6 -------------------------------------------------------------------------------------------

step("6. after Undo{Follow} the peer is no longer listed as a follower", async () => {
  needs("followId", "2. follow");
  const { followId } = await peer.unfollow(server.actorUrl);
  assert.equal(followId, state.followId);

  const gone = await eventually(async () => !(await followersListed()).listed, 10_000);
  const { res } = await followersListed();
  assert.ok(gone, `GET /api/v1/followers still lists ${peer.actorUrl} 10 s after the Undo: ${res.text}`);
  state.unfollowed = true;
});

step("6b. a post published after the Undo does not reach the former follower", async () => {
  needs("unfollowed", "6. undo");
  // Only meaningful if posts did reach the peer while it followed.
  needs("delivered", "3. create (a post delivered while following)");
  const created = await server.api("POST", "/api/v1/posts", {
    title: "Après le départ",
    body: "Ce message ne doit pas arriver.",
    publish: true,
  });
  assert.equal(created.status, 201, `POST /api/v1/posts answered ${created.status}: ${created.text}`);
  assert.equal(typeof created.json?.ap_id, "string", `no ap_id in ${created.text}`);
  const quiet = Math.min(20_000, Math.max(6_000, 3 * (state.createLatencyMs ?? 2_000)));
  await peer.expectNothing((a) => a.objectId === created.json.ap_id, quiet);
});
