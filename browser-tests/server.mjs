// Starts a real Cheminement server for a browser test: a fresh data folder, a free port on
// 127.0.0.1, one admin account (ines@example.org), and stops it all again at the end.
//
//   const server = await startServer();   // or startServer({ env: { CHEMINEMENT_SMTP_URL: ... } })
//   ... server.baseUrl ...
//   await server.stop();
//
// The binary is CHEMINEMENT_BIN, or ../target/debug/cheminement next to this folder.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, open, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));

export const ADMIN_EMAIL = 'ines@example.org';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const SITE_NAME = 'Lieu Respirer';

/** Asks the system for a port that is free right now on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Runs the binary once to the end, with `input` on its standard input. */
function runOnce(bin, args, { env, cwd, input }) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) ok(out);
      else fail(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
    child.stdin.end(input);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startServer({ timeoutMs = 30_000, env: extraEnv = {} } = {}) {
  const bin = resolve(process.env.CHEMINEMENT_BIN || join(here, '..', 'target', 'debug', 'cheminement'));
  if (!existsSync(bin)) {
    throw new Error(`no Cheminement binary at ${bin}: build it (cargo build) or set CHEMINEMENT_BIN`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'cheminement-browser-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  // Only what the test sets: no CHEMINEMENT_* from the caller's shell leaks in.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CHEMINEMENT_')),
  );
  Object.assign(env, {
    CHEMINEMENT_BASE_URL: baseUrl,
    CHEMINEMENT_LISTEN: `127.0.0.1:${port}`,
    CHEMINEMENT_DATA_DIR: dataDir,
    CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES: 'true',
    CHEMINEMENT_NAME: SITE_NAME,
    ...extraEnv,
  });
  // The temporary folder is the working directory, so that no ./cheminement.toml is read.
  const opts = { env, cwd: dir };

  await runOnce(bin, ['admin', 'create', '--email', ADMIN_EMAIL], {
    ...opts,
    input: ADMIN_PASSWORD + '\n',
  });

  const logPath = join(dir, 'serve.log');
  const log = await open(logPath, 'w');
  const child = spawn(bin, ['serve'], { ...opts, stdio: ['ignore', log.fd, log.fd] });
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const readLog = async () => {
    try {
      return await readFile(logPath, 'utf8');
    } catch {
      return '';
    }
  };

  const stop = async () => {
    if (exited === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => exited === null && child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    await log.close().catch(() => {});
    if (!process.env.KEEP_SERVER_DATA) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      const text = await readLog();
      await stop();
      throw new Error(`cheminement serve stopped (${JSON.stringify(exited)}) before answering:\n${text}`);
    }
    try {
      const res = await fetch(baseUrl + '/', { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const text = await readLog();
      await stop();
      throw new Error(`cheminement serve did not answer 200 on ${baseUrl}/ within ${timeoutMs} ms:\n${text}`);
    }
    await sleep(100);
  }

  return { baseUrl, port, dataDir, dir, pid: child.pid, readLog, stop };
}
