// Small helpers shared by the test files.

import http from "node:http";

export const AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
export const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";
export const SECURITY_CONTEXT = "https://w3id.org/security/v1";
export const ACTIVITY_JSON = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** True when some string anywhere inside `value` (arrays, objects) equals `needle`. */
export function containsString(value, needle) {
  if (typeof value === "string") return value === needle;
  if (Array.isArray(value)) return value.some((v) => containsString(v, needle));
  if (value != null && typeof value === "object") return Object.values(value).some((v) => containsString(v, needle));
  return false;
}

/** `x` as an array: undefined → [], a single value → [value]. */
export const asArray = (x) => (x == null ? [] : Array.isArray(x) ? x : [x]);

/** The id of a JSON-LD value given as a string or as an object with an id. */
export const idOf = (x) => (typeof x === "string" ? x : x?.id ?? x?.["@id"] ?? null);

/** GET with ActivityPub content negotiation; resolves { status, contentType, json, text }. */
export async function getActivityJson(url) {
  const res = await fetch(url, { headers: { Accept: ACTIVITY_JSON } });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", json, text };
}

/**
 * POSTs raw bytes with node:http (not fetch), so that a server answering before it has read the
 * whole body (413 on a large body) is still seen: resolves { status, text }, or
 * { status: null, error } when the connection closed with no answer at all.
 */
export function postRaw(url, headers, body, timeoutMs = 20_000) {
  return new Promise((resolve) => {
    const target = new URL(url);
    let settled = false;
    const done = (value) => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    const req = http.request(
      {
        host: "127.0.0.1",
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        headers: { Host: target.host, "Content-Length": Buffer.byteLength(body), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d.length < 4000 ? d : d.slice(0, 4000)));
        res.on("end", () => done({ status: res.statusCode, text }));
        res.on("error", () => done({ status: res.statusCode, text }));
      },
    );
    req.on("timeout", () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on("error", (error) => {
      // The server may close while we are still writing, after it answered: wait a moment for that answer.
      setTimeout(() => done({ status: null, error: String(error) }), 500);
    });
    req.end(body);
  });
}

/** Polls `check` (async, returns truthy when done) until it holds or `timeoutMs` passes; returns the last value. */
export async function eventually(check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() >= deadline) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The server's recent output, for failure messages. */
export function tail(text, lines = 40) {
  return text.split("\n").slice(-lines).join("\n");
}
