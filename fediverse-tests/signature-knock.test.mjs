// Beyond Mastodon: other Fedify-based servers sign with RFC 9421 first and fall back to
// draft-cavage on a 4xx; and some deliver a Follow to the shared inbox.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { containsString, eventually, tail } from "./helpers.mjs";
import { startPeer } from "./peer.mjs";
import { startServer } from "./server.mjs";

const DELIVERY_TIMEOUT = 25_000;

let server;
const peers = [];

before(async () => {
  server = await startServer();
});

after(async () => {
  for (const peer of peers) await peer.stop();
  await server?.stop();
});

async function followAndExpectAccept(peer, options) {
  const { followId } = await peer.follow(server.acct, options);
  let accept;
  try {
    accept = await peer.waitFor((a) => a.type === "Accept" && a.objectId === followId, DELIVERY_TIMEOUT, `an Accept of ${followId}`);
  } catch (error) {
    error.message += `\n--- Cheminement output (last lines) ---\n${tail(server.output(), 40)}`;
    throw error;
  }
  assert.equal(accept.actor, server.actorUrl);
  const listed = await eventually(async () => {
    const res = await server.api("GET", "/api/v1/followers");
    return containsString(res.json, peer.actorUrl);
  }, 5_000);
  assert.ok(listed, `GET /api/v1/followers does not list ${peer.actorUrl}`);
}

test("a Fedify peer that knocks with RFC 9421 first still gets its Follow accepted (401, then draft-cavage)", { timeout: 60_000 }, async () => {
  const peer = await startPeer({ username: "rfc", firstKnock: "rfc9421" });
  peers.push(peer);
  await followAndExpectAccept(peer);
});

test("a Follow delivered to the shared inbox is accepted too", { timeout: 60_000 }, async () => {
  const peer = await startPeer({ username: "shared" });
  peers.push(peer);
  await followAndExpectAccept(peer, { preferSharedInbox: true });
});
