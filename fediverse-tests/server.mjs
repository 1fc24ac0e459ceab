// Starts a Cheminement server for one test file, on http://localhost:PORT with a fresh SQLite
// data directory, an admin account and its API token.
//
//   const server = await startServer();
//   const res = await server.api("POST", "/api/v1/posts", { title, body, publish: true });
//   await server.stop();
//
// The binary is $CHEMINEMENT_BIN, or ../target/debug/cheminement next to this folder.
// Its output is kept (server.output()) and printed on stderr when $CHEMINEMENT_LOG is set.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const ADMIN_EMAIL = "admin@example.org";
export const ADMIN_PASSWORD = "correct horse battery staple";
export const HANDLE = "asso";
export const NAME = "Lieu Respirer";

export function binaryPath() {
  return process.env.CHEMINEMENT_BIN
    ? path.resolve(process.env.CHEMINEMENT_BIN)
    : path.resolve(HERE, "..", "target", "debug", "cheminement");
}

/** A port nobody listens on right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs `cheminement ARGS` to completion; resolves { code, stdout, stderr }. */
function run(bin, args, env, stdin, cwd, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`cheminement ${args.join(" ")} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? "");
  });
}

/**
 * Starts `cheminement serve` with a temp data dir; returns
 * { port, baseUrl, actorUrl, handle, acct, token, dataDir, api(), output(), stop() }.
 */
export async function startServer({ startTimeoutMs = 30_000 } = {}) {
  const bin = binaryPath();
  if (!existsSync(bin)) {
    throw new Error(`No Cheminement binary at ${bin}: build it (cargo build) or set CHEMINEMENT_BIN.`);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cheminement-fedi-"));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env = {
    ...process.env,
    CHEMINEMENT_BASE_URL: baseUrl,
    CHEMINEMENT_LISTEN: `127.0.0.1:${port}`,
    CHEMINEMENT_DATA_DIR: dataDir,
    CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES: "true",
    CHEMINEMENT_HANDLE: HANDLE,
    CHEMINEMENT_NAME: NAME,
  };
  // The commands run in the data directory, so that no ./cheminement.toml is picked up.
  // SQLite only here: never hand a database URL from the caller's environment to the server.
  delete env.CHEMINEMENT_DATABASE_URL;
  delete env.DATABASE_URL;

  const created = await run(bin, ["admin", "create", "--email", ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`, dataDir);
  if (created.code !== 0) {
    throw new Error(`cheminement admin create failed (exit ${created.code}):\n${created.stdout}\n${created.stderr}`);
  }
  const tokenRun = await run(bin, ["admin", "token", "--email", ADMIN_EMAIL], env, "", dataDir);
  const token = tokenRun.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1);
  if (tokenRun.code !== 0 || !token) {
    throw new Error(`cheminement admin token failed (exit ${tokenRun.code}):\n${tokenRun.stdout}\n${tokenRun.stderr}`);
  }

  let output = "";
  const child = spawn(bin, ["serve"], { env, cwd: dataDir, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    if (process.env.CHEMINEMENT_LOG) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const server = {
    port,
    baseUrl,
    actorUrl: `${baseUrl}/actors/${HANDLE}`,
    handle: `${HANDLE}@localhost:${port}`,
    acct: `acct:${HANDLE}@localhost:${port}`,
    token,
    dataDir,
    pid: child.pid,

    /** The server's stdout and stderr so far. */
    output: () => output,

    /** JSON API call with the admin's Bearer token; resolves { status, headers, json, text }. */
    async api(method, apiPath, body) {
      const res = await fetch(new URL(apiPath, baseUrl), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, headers: res.headers, json, text };
    },

    async stop() {
      if (exited == null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exit;
        clearTimeout(timer);
      }
      if (!process.env.CHEMINEMENT_KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
    },
  };

  // Wait until the server answers NodeInfo.
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited != null) {
      await server.stop();
      throw new Error(`cheminement serve exited (${JSON.stringify(exited)}) before answering:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.well-known/nodeinfo`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`cheminement serve did not answer /.well-known/nodeinfo within ${startTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return server;
}
