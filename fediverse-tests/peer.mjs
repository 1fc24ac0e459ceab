// A Mastodon-like fediverse user played by the Fedify library, on plain http over loopback.
//
//   const peer = await startPeer({ username: "alice" });   // port 0 or omitted: a free port
//   await peer.follow("acct:asso@localhost:8080");         // WebFinger, Follow, signed POST
//   const accept = await peer.waitFor((a) => a.type === "Accept", 15_000);
//   await peer.unfollow();
//   await peer.stop();
//
// Every activity that reaches the peer's inbox (personal or shared) and that Fedify verified
// (HTTP signature, actor/key owner) is kept, summarised by Fedify's own parser: see summarize().
// Inbox POSTs that Fedify refused are kept apart (rejected()), with the status and the log lines
// Fedify wrote, so that a test failure says what the other server did wrong.

import dns from "node:dns";
import http from "node:http";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";

import {
  createFederation,
  generateCryptoKeyPair,
  MemoryKvStore,
} from "@fedify/fedify";
import {
  Accept,
  Activity,
  Create,
  Endpoints,
  Follow,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Undo,
} from "@fedify/vocab";
import { configure } from "@logtape/logtape";

// The server under test listens on 127.0.0.1 only; Node may resolve `localhost` to ::1 first.
dns.setDefaultResultOrder("ipv4first");

// ---------------------------------------------------------------------------------------------
// Process-wide set-up: https→http rewrite for loopback, and an in-memory log of what Fedify says.

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|[a-z0-9.-]+\.test)$/i;

/** Fedify resolves `acct:` handles over https only; on loopback we serve plain http. */
function installLoopbackHttpFetch() {
  if (globalThis.fetch.__cheminementLoopback) return;
  const realFetch = globalThis.fetch;
  const wrapped = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === "https:" && LOOPBACK_HOST.test(url.hostname)) {
      url.protocol = "http:";
      input = input instanceof Request ? new Request(url, input) : url;
    }
    return realFetch(input, init);
  };
  wrapped.__cheminementLoopback = true;
  globalThis.fetch = wrapped;
}

const LOG = [];
const LOG_LIMIT = 5000;
let loggingReady = null;

function formatRecord(record) {
  const text = record.message
    .map((part, i) => (i % 2 === 0 ? part : typeof part === "string" ? part : inspect(part, { depth: 4, breakLength: Infinity })))
    .join("");
  return `${new Date(record.timestamp).toISOString()} ${record.level} [${record.category.join(".")}] ${text}`;
}

/** LogTape can be configured once per process: all peers share one in-memory log. */
function ensureLogging() {
  loggingReady ??= configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: {
      memory(record) {
        LOG.push({ timestamp: record.timestamp, line: formatRecord(record) });
        if (LOG.length > LOG_LIMIT) LOG.splice(0, LOG.length - LOG_LIMIT);
        if (process.env.FEDIFY_LOG) process.stderr.write(formatRecord(record) + "\n");
      },
    },
    loggers: [
      { category: "fedify", lowestLevel: "debug", sinks: ["memory"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["memory"] },
    ],
  });
  return loggingReady;
}

/** Fedify's log lines written since `since` (a Date.now() value), oldest first. */
export function fedifyLogSince(since) {
  return LOG.filter((entry) => entry.timestamp >= since).map((entry) => entry.line);
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts a Fedify peer at http://localhost:PORT with one Person actor at /users/{username}.
 * Options: port (0 or omitted: pick a free one), username (default "alice"),
 * autoAccept (default true: answer a Follow with an Accept, as an unlocked Mastodon account does),
 * firstKnock (default "draft-cavage-http-signatures-12", as Mastodon signs; "rfc9421" is Fedify's
 * own default, with a fallback to draft-cavage when the first attempt gets a 4xx).
 */
export async function startPeer({
  port = 0,
  username = "alice",
  autoAccept = true,
  firstKnock = "draft-cavage-http-signatures-12",
} = {}) {
  installLoopbackHttpFetch();
  await ensureLogging();
  const startedAt = Date.now();

  const received = [];
  const rejected = [];
  const inboxPosts = []; // { path, status, scheme } for every POST, accepted or not
  const followers = new Map(); // follower actor id -> { id, inboxId, endpoints }
  const following = []; // { follow: Follow, target: Actor }

  // Listen first, so that the origin (which needs the port) is known before the federation.
  let federation = null;
  const handler = (req, res) => {
    handle(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error?.stack ?? error));
    });
  };
  const servers = [http.createServer(handler)];
  const actualPort = await listen(servers[0], port, "127.0.0.1");
  // Also answer on ::1, in case something resolves localhost to IPv6 (optional: IPv6 may be off).
  const v6 = http.createServer(handler);
  try {
    await listen(v6, actualPort, "::1");
    servers.push(v6);
  } catch {
    /* no IPv6 loopback: 127.0.0.1 is enough since we prefer IPv4 */
  }

  const origin = `http://localhost:${actualPort}`;
  const rsaKeys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const ed25519Keys = await generateCryptoKeyPair("Ed25519");

  federation = createFederation({
    kv: new MemoryKvStore(),
    origin,
    allowPrivateAddress: true,
    firstKnock,
  });

  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== username) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: `Fedify peer ${identifier}`,
        summary: "A test user played by Fedify.",
        url: ctx.getActorUri(identifier),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        manuallyApprovesFollowers: false,
        publicKey: keys[0].cryptographicKey,
        assertionMethods: keys.map((key) => key.multikey),
      });
    })
    .setKeyPairsDispatcher((ctx, identifier) => (identifier === username ? [rsaKeys, ed25519Keys] : []));

  federation.setOutboxDispatcher("/users/{identifier}/outbox", (ctx, identifier) =>
    identifier === username ? { items: [] } : null,
  );

  federation.setFollowersDispatcher("/users/{identifier}/followers", (ctx, identifier) =>
    identifier === username ? { items: [...followers.values()] } : null,
  );

  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .on(Follow, async (ctx, follow) => {
      received.push(await summarize(follow));
      if (!autoAccept || follow.objectId?.href !== ctx.getActorUri(username).href) return;
      const follower = await follow.getActor(ctx);
      if (follower?.id == null || follower.inboxId == null) return;
      followers.set(follower.id.href, follower);
      await ctx.sendActivity(
        { identifier: username },
        follower,
        new Accept({
          id: new URL(`${origin}/users/${username}/accepts/${randomUUID()}`),
          actor: ctx.getActorUri(username),
          object: new Follow({ id: follow.id, actor: follow.actorId, object: follow.objectId }),
        }),
        { immediate: true },
      );
    })
    .on(Undo, async (ctx, undo) => {
      const entry = await summarize(undo);
      received.push(entry);
      if (entry.object?.type === "Follow" && entry.object.actor === entry.actor) followers.delete(entry.actor);
    })
    .on(Activity, async (ctx, activity) => {
      received.push(await summarize(activity));
    })
    .onError((ctx, error) => {
      rejected.push({ at: Date.now(), stage: "listener", error: String(error?.stack ?? error) });
    });

  async function handle(req, res) {
    const url = new URL(req.url, `http://${req.headers.host ?? `localhost:${actualPort}`}`);
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value != null) headers.set(name, value);
    }
    const request = new Request(url, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
    });
    const before = Date.now();
    const response = await federation.fetch(request, { contextData: undefined });
    const responseBody = Buffer.from(await response.arrayBuffer());
    if (req.method === "POST") {
      const scheme = req.headers["signature-input"] ? "rfc9421" : req.headers.signature ? "draft-cavage" : "unsigned";
      inboxPosts.push({ path: url.pathname, status: response.status, scheme, digest: req.headers.digest ?? null });
    }
    if (req.method === "POST" && response.status >= 400) {
      rejected.push({
        at: before,
        stage: "inbox",
        path: url.pathname,
        status: response.status,
        response: responseBody.toString("utf8").slice(0, 2000),
        signature: req.headers.signature ?? req.headers["signature-input"] ?? null,
        body: body.toString("utf8").slice(0, 4000),
        fedifyLog: fedifyLogSince(before),
      });
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(responseBody);
  }

  const context = () => federation.createContext(new URL(origin), undefined);
  const actorUrl = `${origin}/users/${username}`;

  const peer = {
    username,
    port: actualPort,
    origin,
    actorUrl,
    handle: `@${username}@localhost:${actualPort}`,
    federation,

    /** Fedify's context, for lookups and sends in tests. */
    context,

    /** The RSA key pair the peer signs with, and its key id (for hand-made signed requests). */
    signingKey: { privateKey: rsaKeys.privateKey, keyId: new URL(`${actorUrl}#main-key`) },

    /** A document loader that signs its GETs as this peer (authorized fetch). */
    async documentLoader() {
      return await context().getDocumentLoader({ identifier: username });
    },

    /** Resolves a handle (`acct:u@h`, `@u@h`) or URL to a Fedify object, as Mastodon's search does. */
    async lookup(target) {
      const ctx = context();
      return await ctx.lookupObject(target, { documentLoader: await peer.documentLoader() });
    },

    /** WebFinger as Fedify does it (https rewritten to http on loopback). */
    async webfinger(resource) {
      return await context().lookupWebFinger(resource);
    },

    /**
     * Looks the target up, sends it a signed Follow; returns { followId, target (actor id) }.
     * Option preferSharedInbox: deliver to the target's shared inbox (Mastodon uses the personal one).
     */
    async follow(target, { preferSharedInbox = false } = {}) {
      const ctx = context();
      const actor = await peer.lookup(target);
      if (actor == null || actor.id == null) throw new Error(`Fedify could not resolve ${target} to an actor`);
      if (actor.inboxId == null) throw new Error(`${actor.id.href} has no inbox`);
      const follow = new Follow({
        id: new URL(`${origin}/users/${username}/follows/${randomUUID()}`),
        actor: ctx.getActorUri(username),
        object: actor.id,
      });
      await ctx.sendActivity({ identifier: username }, actor, follow, { immediate: true, preferSharedInbox });
      following.push({ follow, target: actor });
      return { followId: follow.id.href, target: actor.id.href };
    },

    /** Sends Undo{Follow} (the Follow embedded, as Fedify and Mastodon do) for the last follow, or the one for `target`. */
    async unfollow(target) {
      const ctx = context();
      let index = following.length - 1;
      if (target != null) {
        index = following.findLastIndex((f) => f.target.id.href === String(target) || f.follow.id.href === String(target));
      }
      if (index < 0) throw new Error("unfollow(): this peer follows nobody" + (target ? ` matching ${target}` : ""));
      const [{ follow, target: actor }] = following.splice(index, 1);
      const undo = new Undo({
        id: new URL(`${origin}/users/${username}/undos/${randomUUID()}`),
        actor: ctx.getActorUri(username),
        object: follow,
      });
      await ctx.sendActivity({ identifier: username }, actor, undo, { immediate: true });
      return { undoId: undo.id.href, followId: follow.id.href, target: actor.id.href };
    },

    /** Publishes a public Create{Note} to this peer's followers; returns the note id. */
    async post(content) {
      const ctx = context();
      const noteId = new URL(`${origin}/users/${username}/notes/${randomUUID()}`);
      const note = new Note({
        id: noteId,
        attribution: ctx.getActorUri(username),
        content,
        to: PUBLIC_COLLECTION,
        cc: ctx.getFollowersUri(username),
      });
      await ctx.sendActivity(
        { identifier: username },
        "followers",
        new Create({
          id: new URL(`${noteId.href}/activity`),
          actor: ctx.getActorUri(username),
          object: note,
          to: PUBLIC_COLLECTION,
          cc: ctx.getFollowersUri(username),
        }),
        { immediate: true },
      );
      return noteId.href;
    },

    /** Actor ids that follow this peer (after it accepted them). */
    followers: () => [...followers.keys()],

    /** Verified activities received, oldest first (see summarize()). */
    received: () => [...received],

    /** Inbox POSTs Fedify refused (since `since`, a Date.now() value), with status, body and Fedify's log lines. */
    rejected: (since = 0) => rejected.filter((r) => r.at >= since),

    /** Every POST this peer answered: { path, status, scheme ("draft-cavage" | "rfc9421" | "unsigned"), digest }. */
    inboxPosts: () => [...inboxPosts],

    /** Fedify's log since this peer started. */
    logs: () => fedifyLogSince(startedAt),

    /** Resolves with the first received activity matching `predicate`, polling; rejects after timeoutMs with what did arrive. */
    async waitFor(predicate, timeoutMs = 15_000, description = predicate.toString()) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((activity) => {
          try {
            return predicate(activity);
          } catch {
            return false;
          }
        });
        if (found) return found;
        if (Date.now() >= deadline) throw new Error(waitReport(description, timeoutMs));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    /** Resolves if nothing matching arrives within ms; rejects with the activity otherwise. */
    async expectNothing(predicate, ms) {
      const start = Date.now();
      while (Date.now() - start < ms) {
        const found = received.find(predicate);
        if (found) throw new Error(`expected no such activity, got: ${inspect(found, { depth: 6 })}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    async stop() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise((resolve) => {
              server.closeAllConnections?.();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };

  function waitReport(description, timeoutMs) {
    const lines = [`peer ${username}: nothing matching ${description} within ${timeoutMs} ms.`];
    lines.push(`received (${received.length}):`);
    for (const a of received) lines.push(`  ${a.type} ${a.id} object=${a.objectId ?? inspect(a.object)}`);
    lines.push(`rejected by Fedify during the wait:`);
    for (const r of rejected.filter((r) => r.at >= Date.now() - timeoutMs - 1000)) lines.push(inspect(r, { depth: 4, breakLength: 120 }).replace(/^/gm, "  "));
    const log = fedifyLogSince(Date.now() - timeoutMs - 1000).filter((line) => !/\bdebug\b/.test(line.split(" ")[1] ?? ""));
    lines.push(`Fedify log (info and above, last ${timeoutMs} ms):`);
    for (const line of log.slice(-40)) lines.push(`  ${line}`);
    return lines.join("\n");
  }

  return peer;
}

// ---------------------------------------------------------------------------------------------

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address().port);
    });
  });
}

/** The ActivityStreams type name of a Fedify vocabulary object ("Create", "Article", ...). */
function typeName(object) {
  const id = object?.constructor?.typeId?.href;
  if (!id) return null;
  return id.slice(Math.max(id.lastIndexOf("#"), id.lastIndexOf("/")) + 1);
}

const hrefs = (urls) => (urls ?? []).map((url) => url.href);
const noNetwork = async (url) => {
  throw new Error(`summarize() does not fetch (${url})`);
};

/**
 * What Fedify understood of an activity, as a plain object:
 *   { type, id, actor, to, cc, objectId, object, raw }
 * `object` is the embedded object summarised the same way (type, id, content, attributedTo, to,
 * cc, ...), or the object's id as a string when it was given by reference. `raw` is the JSON as
 * the sender wrote it.
 */
async function summarize(activity) {
  const raw = await activity.toJsonLd();
  const entry = {
    type: typeName(activity),
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    to: hrefs(activity.toIds),
    cc: hrefs(activity.ccIds),
    objectId: activity.objectId?.href ?? null,
    object: activity.objectId?.href ?? null,
    raw,
  };
  const embedded =
    raw != null && typeof raw === "object" && raw.object != null && typeof raw.object === "object" && !Array.isArray(raw.object);
  if (embedded) {
    try {
      const object = await activity.getObject({ crossOrigin: "trust", documentLoader: noNetwork, suppressError: true });
      if (object != null) entry.object = summarizeObject(object);
    } catch (error) {
      entry.objectError = String(error);
    }
  }
  return entry;
}

function summarizeObject(object) {
  const out = { type: typeName(object), id: object.id?.href ?? null };
  const take = (key, read) => {
    try {
      const value = read();
      if (value != null && !(Array.isArray(value) && value.length === 0)) out[key] = value;
    } catch {
      /* the class has no such property */
    }
  };
  take("name", () => object.name?.toString());
  take("summary", () => object.summary?.toString());
  take("content", () => object.content?.toString());
  take("mediaType", () => object.mediaType);
  take("url", () => (object.url instanceof URL ? object.url.href : object.url?.href?.href));
  take("attributedTo", () => hrefs(object.attributionIds));
  take("to", () => hrefs(object.toIds));
  take("cc", () => hrefs(object.ccIds));
  take("published", () => object.published?.toString());
  take("updated", () => object.updated?.toString());
  take("deleted", () => object.deleted?.toString());
  take("formerType", () => (object.formerType ? String(object.formerType) : null));
  take("inReplyTo", () => object.replyTargetId?.href);
  // For an embedded activity (the Follow inside an Accept or an Undo).
  take("actor", () => object.actorId?.href);
  take("object", () => object.objectId?.href);
  return out;
}
