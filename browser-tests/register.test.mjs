// Visitors register for an event through the web form on a phone until it is full, and the
// page says so; the next one lands on the waiting list. The event is made through the API with
// a token from `cheminement admin token`. Screenshots of the event page go to screenshots/.
//
// Run with ./run.sh (or: node --test --test-concurrency=1 *.test.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer, ADMIN_EMAIL, SITE_NAME } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TITLE = 'Concert : trio de jazz manouche';
const CAPACITY = 3;

let server;
let browser;
let phone;
let page;
let event;

/** Runs `cheminement admin token` against the test server's data; returns the token. */
function adminToken() {
  const bin = resolve(process.env.CHEMINEMENT_BIN || join(here, '..', 'target', 'debug', 'cheminement'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CHEMINEMENT_')));
  Object.assign(env, {
    CHEMINEMENT_BASE_URL: server.baseUrl,
    CHEMINEMENT_LISTEN: `127.0.0.1:${server.port}`,
    CHEMINEMENT_DATA_DIR: server.dataDir,
    CHEMINEMENT_ALLOW_PRIVATE_ADDRESSES: 'true',
    CHEMINEMENT_NAME: SITE_NAME,
  });
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['admin', 'token', '--email', ADMIN_EMAIL], { env, cwd: server.dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const token = out.match(/chm_\S+/);
      if (code === 0 && token) ok(token[0]);
      else fail(new Error(`admin token exited with ${code}: ${out}`));
    });
  });
}

/** A local date-time `days` from now in Paris, as `2026-12-05T20:30`. */
function parisIn(days, hm) {
  const d = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return `${day}T${hm}`;
}

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await startServer();
  const token = await adminToken();
  const res = await fetch(server.baseUrl + '/api/v1/events', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: TITLE,
      description: 'Trois musiciens, une guitare, un violon, une contrebasse.\n\nEntrée à **prix libre**.',
      starts_at: parisIn(4, '20:30'),
      ends_at: parisIn(4, '22:30'),
      place_name: 'Lieu Respirer',
      place_address: '12 rue des Lilas, 69003 Lyon',
      category: 'Musique',
      capacity: CAPACITY,
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  event = await res.json();

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  phone = await browser.newContext({
    baseURL: server.baseUrl,
    locale: 'en-US',
    extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' },
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  phone.setDefaultTimeout(15_000);
  phone.setDefaultNavigationTimeout(15_000);
  page = await phone.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
});

after(async () => {
  await phone?.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.error(await server.readLog());
    await server.stop();
  }
});

async function textOf(locator) {
  await locator.waitFor({ state: 'visible' });
  return (await locator.innerText()).trim();
}

async function clickAndLoad(p, locator) {
  await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

async function fitsThePhone(p) {
  return p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Fills in the form on the event page and sends it. */
async function registerAs(name, email) {
  await page.goto(`/events/${event.slug}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  const button = page.getByRole('button', { name: /Register me|Put me on the waiting list/ });
  await clickAndLoad(page, button);
  return textOf(page.locator('#outcome'));
}

test('a visitor finds the event in the agenda, with its date and the places left', async () => {
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  await clickAndLoad(page, page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Events' }));
  assert.equal(new URL(page.url()).pathname, '/events');
  const card = page.getByRole('article').filter({ hasText: TITLE });
  assert.match(await textOf(card), /20:30 – 22:30/);
  assert.match(await card.innerText(), /3 places left/);
  await clickAndLoad(page, card.getByRole('link', { name: TITLE }));
  assert.equal(new URL(page.url()).pathname, `/events/${event.slug}`);
  assert.equal(await textOf(page.getByRole('heading', { level: 1 })), TITLE);
  assert.equal(await textOf(page.locator('#places')), '3 places left');
  assert.ok(await fitsThePhone(page), 'the event page fits a phone');
  await page.screenshot({ path: join(shots, 'event-page-phone.png'), fullPage: true });
});

test('a form with a mistake shows the message by the field and keeps what was typed', async () => {
  await page.goto(`/events/${event.slug}`);
  await page.getByLabel('Your name').fill('   ');
  await page.getByLabel('Email address').fill('camille@example');
  await page.getByLabel('A message for the team (optional)').fill('Deux places si possible');
  await page.locator('form.stack').evaluate((f) => (f.noValidate = true));
  await clickAndLoad(page, page.getByRole('button', { name: 'Register me' }));
  assert.equal(await textOf(page.locator('#name-error')), 'This field is required.');
  assert.ok((await textOf(page.locator('#email-error'))).length > 0);
  assert.equal(await page.getByLabel('Email address').inputValue(), 'camille@example');
  assert.equal(await page.getByLabel('A message for the team (optional)').inputValue(), 'Deux places si possible');
  await page.screenshot({ path: join(shots, 'event-form-error-phone.png'), fullPage: true });
});

test('visitors register until the event is full; the page says so; the next one waits', async () => {
  const people = [
    ['Camille Martin', 'camille@example.org'],
    ['Jules Bernard', 'jules@example.org'],
    ['Zoé Petit', 'zoe@example.org'],
  ];
  const left = ['2 places left', '1 place left', 'Full – waiting list'];
  for (const [i, [name, email]] of people.entries()) {
    const outcome = await registerAs(name, email);
    // Held until confirmed from the mail (the default), the seat counted at once.
    assert.match(outcome, /Your place is held: confirm it from the mail/, `${name} holds a place`);
    assert.match(outcome, new RegExp(email.replace('.', '\\.')));
    await page.goto(`/events/${event.slug}`);
    assert.equal(await textOf(page.locator('#places')), left[i]);
  }
  // Full: the page says so and offers the waiting list.
  assert.match(await textOf(page.locator('#full-notice')), /It's full/);
  await page.getByRole('button', { name: 'Put me on the waiting list' }).waitFor();
  assert.ok(await fitsThePhone(page));
  await page.screenshot({ path: join(shots, 'event-full-phone.png'), fullPage: true });

  const outcome = await registerAs('Inès Robert', 'ines.robert@example.org');
  assert.match(outcome, /your place on the waiting list is held/);
  await page.screenshot({ path: join(shots, 'event-waitlisted-phone.png'), fullPage: true });

  // The same address twice: the page a newcomer gets (it tells nobody who is registered; the
  // mail to the address says so), and nothing counted again.
  const again = await registerAs('Camille Martin', 'camille@example.org');
  assert.match(again, /your place on the waiting list is held/);

  // The agenda says it too.
  await page.goto('/events');
  assert.match(await textOf(page.getByRole('article').filter({ hasText: TITLE })), /Full – waiting list/);
});

test('the organizer ticks who came on a phone and sees the registrations', async () => {
  const organizer = await browser.newContext({
    baseURL: server.baseUrl,
    locale: 'en-US',
    extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' },
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  organizer.setDefaultTimeout(15_000);
  const p = await organizer.newPage();
  try {
    await p.goto(`/login?next=/dashboard/events/${event.id}/checkin`);
    await p.getByLabel('Email address').fill(ADMIN_EMAIL);
    await p.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await clickAndLoad(p, p.getByRole('button', { name: 'Log in', exact: true }));
    assert.equal(new URL(p.url()).pathname, `/dashboard/events/${event.id}/checkin`);
    assert.equal(await textOf(p.locator('#came-count')), 'Came: 0 / 3');
    const jules = p.getByRole('button', { name: /Jules Bernard/ });
    assert.equal(await jules.getAttribute('aria-pressed'), 'false');
    await clickAndLoad(p, jules);
    assert.equal(await p.getByRole('button', { name: /Jules Bernard/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await textOf(p.locator('#came-count')), 'Came: 1 / 3');
    assert.ok(await fitsThePhone(p), 'the check-in page fits a phone');
    await p.screenshot({ path: join(shots, 'dashboard-checkin-phone.png'), fullPage: true });

    await clickAndLoad(p, p.getByRole('link', { name: /Registrations/ }));
    const rows = p.locator('tbody tr');
    assert.equal(await rows.count(), 4, 'three confirmed and one waiting');
    assert.match(await textOf(p.locator('#counts')), /Confirmed: 3 \/ 3/);
    await p.screenshot({ path: join(shots, 'dashboard-registrations-phone.png'), fullPage: true });
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.screenshot({ path: join(shots, 'dashboard-registrations.png'), fullPage: true });
    await p.goto('/dashboard/series/new');
    await p.screenshot({ path: join(shots, 'dashboard-series-form.png'), fullPage: true });
    await p.goto(`/dashboard/events/${event.id}/sheet`);
    await p.emulateMedia({ media: 'print' });
    await p.screenshot({ path: join(shots, 'dashboard-checkin-sheet-print.png'), fullPage: true });
  } finally {
    await organizer.close();
  }
});
