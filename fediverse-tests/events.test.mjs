// Events and registrations with independent fediverse peers (Fedify): a follower receives an
// event made through the API as a Create of an Event with its poll (Question); people register
// by a Mobilizon-style Join, by a Mastodon-style poll vote and by a Friendica-style Accept, and
// cancel by Leave and Undo, and every answer is checked as the peer's Fedify verified and read
// it. Then ten peers join at once an event with three places: three Accepts, seven waiting, and
// a Leave gives the seat to the first one waiting.
//
// The steps run in order against one server; a step that needs an earlier one says so.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { Accept, Create, Join, Leave, Note, Undo } from "@fedify/vocab";

import { AS_PUBLIC, asArray, tail } from "./helpers.mjs";
import { startPeer } from "./peer.mjs";
import { startServer } from "./server.mjs";

const DELIVERY_TIMEOUT = 25_000;
const STEP_TIMEOUT = 90_000;
const OPTION = "Je viens / I'm coming";

let server;
let camille; // Mastodon-like: follows, votes in the poll
let jules; // Mobilizon-like: Join, Leave, Undo{Join}
let carol; // Friendica-like: Accept of the event, Undo
const crowd = []; // ten peers for the capacity scenario
const state = {};

before(async () => {
  server = await startServer();
  camille = await startPeer({ username: "camille" });
  jules = await startPeer({ username: "jules" });
  carol = await startPeer({ username: "carol" });
});

after(async () => {
  for (const peer of [camille, jules, carol, ...crowd]) await peer?.stop();
  await server?.stop();
});

function step(name, fn) {
  test(name, { timeout: STEP_TIMEOUT }, async () => {
    const startedAt = Date.now();
    try {
      await fn();
    } catch (error) {
      const refused = [camille, jules, carol, ...crowd].flatMap((p) => (p ? p.rejected(startedAt) : []));
      const extra = [
        "",
        "--- inbox POSTs the Fedify peers refused during this step ---",
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

/** Local time in Europe/Paris-less form, `days` from now, as the API takes it. */
function localTime(days, hour) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:00`;
}

async function createEvent(title, capacity, days = 10) {
  const res = await server.api("POST", "/api/v1/events", {
    title,
    description: "Apportez vos **objets** cassés.",
    starts_at: localTime(days, 14),
    ends_at: localTime(days, 17),
    timezone: "Europe/Paris",
    place_name: "Salle des fêtes",
    place_address: "10 rue Jangot, Lyon",
    category: "community",
    capacity,
  });
  assert.equal(res.status, 201, `POST /api/v1/events answered ${res.status}: ${res.text}`);
  assert.equal(typeof res.json?.url, "string", `no url in ${res.text}`);
  return res.json;
}

async function registrations(event) {
  const res = await server.api("GET", `/api/v1/events/${event.id}/registrations`);
  assert.equal(res.status, 200, `GET registrations answered ${res.status}: ${res.text}`);
  return res.json;
}

async function registrationOf(event, peer) {
  return (await registrations(event)).find((r) => r.actor_id === peer.actorUrl);
}

/** Polls the API until the peer's registration has `status`; returns it. */
async function waitForStatus(event, peer, status, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await registrationOf(event, peer);
    if (last?.status === status) return last;
    if (Date.now() > deadline) {
      throw new Error(`${peer.actorUrl}: expected a registration "${status}", got ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The association's actor, as the peer's Fedify resolves it (the recipient of what it sends). */
async function association(peer) {
  const actor = await peer.lookup(server.actorUrl);
  assert.ok(actor?.inboxId, `Fedify could not resolve ${server.actorUrl}`);
  return actor;
}

async function send(peer, activity) {
  await peer.context().sendActivity({ identifier: peer.username }, await association(peer), activity, { immediate: true });
}

const newId = (peer, what) => new URL(`${peer.origin}/users/${peer.username}/${what}/${randomUUID()}`);

async function sendJoin(peer, eventUrl) {
  const join = new Join({ id: newId(peer, "joins"), actor: new URL(peer.actorUrl), object: new URL(eventUrl), to: new URL(server.actorUrl) });
  await send(peer, join);
  return join;
}

/** A DM from the association to `peer`: a Create{Note} addressed to the peer only. */
function isDirectMessage(peer) {
  return (a) =>
    a.type === "Create" &&
    a.actor === server.actorUrl &&
    a.object?.type === "Note" &&
    asArray(a.object.to).includes(peer.actorUrl) &&
    ![...a.to, ...a.cc, ...asArray(a.object.to), ...asArray(a.object.cc)].includes(AS_PUBLIC);
}

const count = (peer, predicate) => peer.received().filter(predicate).length;

// 1 -------------------------------------------------------------------------------------------

step("1. a follower receives an event made through the API as a Create of an Event, with its poll", async () => {
  await camille.follow(server.acct);
  await camille.waitFor((a) => a.type === "Accept", DELIVERY_TIMEOUT, "the Accept of the Follow");

  const event = await createEvent("Repair café", 5);
  state.event = event;
  const create = await camille.waitFor(
    (a) => a.type === "Create" && a.objectId === event.url,
    DELIVERY_TIMEOUT,
    `a Create of ${event.url}`,
  );
  assert.equal(create.actor, server.actorUrl);
  assert.equal(create.object.type, "Event", "Fedify reads the object as an Event");
  assert.equal(create.object.name, "Repair café");
  assert.match(create.object.summary ?? "", /Salle des fêtes/);
  assert.equal(create.object.url, event.url);
  assert.ok(create.to.includes(AS_PUBLIC));
  // Mobilizon's and FEP-8a8e's fields, as sent.
  const raw = create.raw.object;
  assert.equal(raw.joinMode, "restricted");
  assert.equal(raw.maximumAttendeeCapacity, 5);
  assert.equal(raw.remainingAttendeeCapacity, 5);
  assert.equal(raw.participantCount, 0);
  assert.equal(raw.timezone, "Europe/Paris");
  assert.equal(raw.status, "CONFIRMED");

  const poll = await camille.waitFor(
    (a) => a.type === "Create" && a.object?.type === "Question",
    DELIVERY_TIMEOUT,
    "a Create of the Question",
  );
  assert.equal(poll.object.inReplyTo, event.url);
  state.pollId = poll.objectId;
  const options = asArray(poll.raw.object.oneOf).map((o) => o.name);
  assert.deepEqual(options, [OPTION]);

  // Both can be fetched by id, as Mastodon does to refresh them.
  const fetchedEvent = await camille.lookup(event.url);
  assert.equal(fetchedEvent?.id?.href, event.url);
  const fetchedPoll = await camille.lookup(state.pollId);
  assert.equal(fetchedPoll?.id?.href, state.pollId);
  assert.equal(fetchedPoll?.replyTargetId?.href, event.url);
});

// 2 -------------------------------------------------------------------------------------------

step("2. a Join is answered by an Accept of that Join, from the event's attributedTo", async () => {
  const event = needs("event", "1. event");
  const join = await sendJoin(jules, event.url);
  state.julesJoin = join.id.href;
  const accept = await jules.waitFor((a) => a.type === "Accept" && a.objectId === join.id.href, DELIVERY_TIMEOUT, "the Accept of the Join");
  assert.equal(accept.actor, server.actorUrl);
  assert.equal(accept.object.type, "Join");
  assert.equal(accept.object.actor, jules.actorUrl);
  assert.equal(accept.object.object, event.url);
  const reg = await waitForStatus(event, jules, "confirmed");
  assert.equal(reg.channel, "join");
  assert.equal(reg.channel_ref, join.id.href);
});

// 3 -------------------------------------------------------------------------------------------

step("3. a vote in the poll registers and is answered by a direct message with the cancel link", async () => {
  const event = needs("event", "1. event");
  const pollId = needs("pollId", "1. event");
  const noteId = new URL(`${camille.actorUrl}#votes/${randomUUID()}`);
  await send(
    camille,
    new Create({
      id: new URL(`${noteId.href}/activity`),
      actor: new URL(camille.actorUrl),
      to: new URL(server.actorUrl),
      object: new Note({ id: noteId, attribution: new URL(camille.actorUrl), name: OPTION, replyTarget: new URL(pollId), to: new URL(server.actorUrl) }),
    }),
  );
  const dm = await camille.waitFor(isDirectMessage(camille), DELIVERY_TIMEOUT, "a direct message");
  assert.equal(dm.object.inReplyTo, pollId);
  const reg = await waitForStatus(event, camille, "confirmed");
  assert.equal(reg.channel, "poll");
  assert.match(dm.object.content, new RegExp(`href="${server.baseUrl}/registrations/${reg.id}/cancel\\?token=[0-9a-f]+"`));
  const mention = asArray(dm.raw.object.tag).find((t) => t.type === "Mention");
  assert.equal(mention?.href, camille.actorUrl);

  // A vote for an option that does not exist changes nothing.
  const otherId = new URL(`${camille.actorUrl}#votes/${randomUUID()}`);
  const before = (await registrations(event)).length;
  await send(
    camille,
    new Create({
      id: new URL(`${otherId.href}/activity`),
      actor: new URL(camille.actorUrl),
      to: new URL(server.actorUrl),
      object: new Note({ id: otherId, attribution: new URL(camille.actorUrl), name: "Je ne viens pas", replyTarget: new URL(pollId), to: new URL(server.actorUrl) }),
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await registrations(event)).length, before);
  assert.equal(count(camille, isDirectMessage(camille)), 1, "no second message");
});

// 4 -------------------------------------------------------------------------------------------

step("4. a Friendica-style Accept of the event registers someone who does not follow, answered by a direct message", async () => {
  const event = needs("event", "1. event");
  const accept = new Accept({ id: newId(carol, "accepts"), actor: new URL(carol.actorUrl), object: new URL(event.url), to: new URL(server.actorUrl) });
  state.carolAccept = accept;
  await send(carol, accept);
  const dm = await carol.waitFor(isDirectMessage(carol), DELIVERY_TIMEOUT, "a direct message");
  const reg = await waitForStatus(event, carol, "confirmed");
  assert.equal(reg.channel, "accept");
  assert.match(dm.object.content, /\/registrations\/\d+\/cancel\?token=/);
  assert.equal(dm.object.inReplyTo, event.url);
});

// 5 -------------------------------------------------------------------------------------------

step("5. Leave and Undo cancel: Leave of the event, Undo of the Accept, Undo of a new Join", async () => {
  const event = needs("event", "1. event");
  needs("julesJoin", "2. join");
  await send(jules, new Leave({ id: newId(jules, "leaves"), actor: new URL(jules.actorUrl), object: new URL(event.url), to: new URL(server.actorUrl) }));
  await waitForStatus(event, jules, "cancelled");

  const accept = needs("carolAccept", "4. accept");
  await send(carol, new Undo({ id: newId(carol, "undos"), actor: new URL(carol.actorUrl), object: accept, to: new URL(server.actorUrl) }));
  await waitForStatus(event, carol, "cancelled");
  // Carol is told her registration is cancelled.
  await carol.waitFor((a) => isDirectMessage(carol)(a) && /annul|cancel/i.test(a.object.content ?? "") && !/cancel\?token/.test(a.object.content ?? ""), DELIVERY_TIMEOUT, "the acknowledgement");

  // Jules joins again (a new Join, accepted), then undoes that Join.
  const join = await sendJoin(jules, event.url);
  await jules.waitFor((a) => a.type === "Accept" && a.objectId === join.id.href, DELIVERY_TIMEOUT, "the Accept of the new Join");
  await waitForStatus(event, jules, "confirmed");
  await send(jules, new Undo({ id: newId(jules, "undos"), actor: new URL(jules.actorUrl), object: join, to: new URL(server.actorUrl) }));
  await waitForStatus(event, jules, "cancelled");
});

// 6 -------------------------------------------------------------------------------------------

step("6. a Join of an event that does not exist changes nothing; one of a past event gets a Reject", async () => {
  const before = jules.received().length;
  await sendJoin(jules, `${server.baseUrl}/events/nothing-here`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(jules.received().length, before, "no answer for an unknown event");

  const past = await createEvent("Hier", 10, -3);
  const join = await sendJoin(jules, past.url);
  const reject = await jules.waitFor((a) => a.type === "Reject" && a.objectId === join.id.href, DELIVERY_TIMEOUT, "a Reject of the Join");
  assert.equal(reject.actor, server.actorUrl);
  assert.deepEqual(await registrations(past), []);
});

// 7 -------------------------------------------------------------------------------------------

step("7. ten peers join at once for three places: three Accepts, seven wait; a Leave promotes the first waiting", async () => {
  for (let i = 0; i < 10; i++) crowd.push(await startPeer({ username: `p${i}` }));
  const event = await createEvent("Jauge", 3, 12);
  // Resolve the association first, so that the ten Joins leave together.
  const recipients = await Promise.all(crowd.map((peer) => association(peer)));
  const joins = crowd.map((peer) => new Join({ id: newId(peer, "joins"), actor: new URL(peer.actorUrl), object: new URL(event.url), to: new URL(server.actorUrl) }));
  await Promise.all(
    crowd.map((peer, i) => peer.context().sendActivity({ identifier: peer.username }, recipients[i], joins[i], { immediate: true })),
  );

  // Every one is answered: an Accept for the three in, a message for the seven waiting.
  const answered = (peer, i) => count(peer, (a) => a.type === "Accept" && a.objectId === joins[i].id.href) + count(peer, isDirectMessage(peer));
  const deadline = Date.now() + DELIVERY_TIMEOUT;
  while (crowd.some((peer, i) => answered(peer, i) === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));

  const regs = await registrations(event);
  assert.equal(regs.length, 10);
  const confirmed = regs.filter((r) => r.status === "confirmed");
  const waiting = regs.filter((r) => r.status === "waitlisted");
  assert.equal(confirmed.length, 3, JSON.stringify(regs.map((r) => [r.actor_id, r.status])));
  assert.equal(waiting.length, 7);
  const accepted = crowd.filter((peer, i) => count(peer, (a) => a.type === "Accept" && a.objectId === joins[i].id.href) === 1);
  assert.deepEqual(accepted.map((p) => p.actorUrl).sort(), confirmed.map((r) => r.actor_id).sort(), "the Accepts went to the confirmed three");
  assert.equal(crowd.reduce((n, peer) => n + count(peer, (a) => a.type === "Accept"), 0), 3, "exactly three Accepts");
  for (const r of waiting) {
    const peer = crowd.find((p) => p.actorUrl === r.actor_id);
    await peer.waitFor(isDirectMessage(peer), DELIVERY_TIMEOUT, "the waiting-list message");
  }

  // One of the three leaves: the first waiting (by arrival) gets the Accept of its Join.
  const leaver = crowd.find((p) => p.actorUrl === confirmed[0].actor_id);
  const first = waiting.reduce((a, b) => (a.id < b.id ? a : b));
  const firstPeer = crowd.find((p) => p.actorUrl === first.actor_id);
  const firstJoin = joins[crowd.indexOf(firstPeer)];
  await send(leaver, new Leave({ id: newId(leaver, "leaves"), actor: new URL(leaver.actorUrl), object: new URL(event.url), to: new URL(server.actorUrl) }));
  await firstPeer.waitFor((a) => a.type === "Accept" && a.objectId === firstJoin.id.href, DELIVERY_TIMEOUT, "the Accept of the first waiting Join");
  await waitForStatus(event, firstPeer, "confirmed");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await registrations(event);
  assert.equal(after.filter((r) => r.status === "confirmed").length, 3);
  assert.equal(after.filter((r) => r.status === "waitlisted").length, 6);
  assert.equal(crowd.reduce((n, peer) => n + count(peer, (a) => a.type === "Accept"), 0), 4, "one more Accept, no other");
});
