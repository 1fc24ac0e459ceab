// Bad input at the association's inbox and at the shared inbox: unsigned, malformed,
// tampered and oversized POSTs are refused with a 4xx, never accepted and never a 500.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";

import { signRequest } from "@fedify/fedify";

import { postRaw, tail } from "./helpers.mjs";
import { startPeer } from "./peer.mjs";
import { HANDLE, startServer } from "./server.mjs";

const CONTENT_TYPE = "application/activity+json";
const ONE_MIB = 1024 * 1024;

let server;
let peer;

before(async () => {
  server = await startServer();
  peer = await startPeer({ username: "dominique" });
});

after(async () => {
  await peer?.stop();
  await server?.stop();
});

function followBody() {
  return JSON.stringify({
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${peer.actorUrl}/follows/${randomUUID()}`,
    type: "Follow",
    actor: peer.actorUrl,
    object: server.actorUrl,
  });
}

/** A Create{Note} from the peer whose JSON is about `size` bytes long. */
function bigCreateBody(size) {
  const id = `${peer.actorUrl}/notes/${randomUUID()}`;
  const skeleton = {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${id}/activity`,
    type: "Create",
    actor: peer.actorUrl,
    to: ["https://www.w3.org/ns/activitystreams#Public"],
    object: { id, type: "Note", attributedTo: peer.actorUrl, content: "" },
  };
  skeleton.object.content = "<p>" + "a".repeat(Math.max(0, size - JSON.stringify(skeleton).length - 7)) + "</p>";
  return JSON.stringify(skeleton);
}

/** Headers of `body` POSTed to `url`, signed draft-cavage by the peer (Host, Date, Digest, Signature). */
async function signedHeaders(url, body) {
  const request = new Request(url, { method: "POST", headers: { "Content-Type": CONTENT_TYPE, Accept: CONTENT_TYPE }, body });
  const signed = await signRequest(request, peer.signingKey.privateKey, peer.signingKey.keyId);
  return Object.fromEntries(signed.headers);
}

function explain(res, what) {
  return `${what}: answered ${res.status ?? `nothing (${res.error})`} ${res.text ?? ""}\n--- Cheminement output (last lines) ---\n${tail(server.output(), 30)}`;
}

const is4xx = (status) => status != null && status >= 400 && status < 500;

for (const [label, path] of [
  ["the association's inbox", `/actors/${HANDLE}/inbox`],
  ["the shared inbox", "/inbox"],
]) {
  describe(`7. bad input at ${label} (${path})`, () => {
    const url = () => `${server.baseUrl}${path}`;

    test("an unsigned POST of a valid Follow gets 401", { timeout: 30_000 }, async () => {
      const res = await postRaw(url(), { "Content-Type": CONTENT_TYPE }, followBody());
      assert.equal(res.status, 401, explain(res, "unsigned Follow"));
    });

    test("an unsigned POST of malformed JSON gets a 4xx, not a 500", { timeout: 30_000 }, async () => {
      const res = await postRaw(url(), { "Content-Type": CONTENT_TYPE }, '{"type": "Follow", "actor": ');
      assert.ok(is4xx(res.status), explain(res, "unsigned malformed JSON"));
    });

    test("a correctly signed POST of malformed JSON gets a 4xx, not a 500", { timeout: 30_000 }, async () => {
      const body = '{"type": "Follow", "actor": ';
      const res = await postRaw(url(), await signedHeaders(url(), body), body);
      assert.ok(is4xx(res.status), explain(res, "signed malformed JSON"));
    });

    test("a signed POST whose body was changed after signing is refused with a 4xx", { timeout: 30_000 }, async () => {
      const headers = await signedHeaders(url(), followBody());
      const res = await postRaw(url(), headers, followBody()); // another Follow id: the Digest no longer matches
      assert.ok(is4xx(res.status), explain(res, "tampered body"));
    });

    test("an unsigned body over 1 MiB gets 413 or another 4xx", { timeout: 30_000 }, async () => {
      const body = bigCreateBody(ONE_MIB + ONE_MIB / 2);
      const res = await postRaw(url(), { "Content-Type": CONTENT_TYPE }, body);
      assert.ok(is4xx(res.status), explain(res, `unsigned ${body.length}-byte body`));
    });

    test("a correctly signed body over 1 MiB gets 413 or another 4xx", { timeout: 30_000 }, async () => {
      const body = bigCreateBody(ONE_MIB + ONE_MIB / 2);
      const res = await postRaw(url(), await signedHeaders(url(), body), body);
      assert.ok(is4xx(res.status), explain(res, `signed ${body.length}-byte body`));
    });
  });
}
