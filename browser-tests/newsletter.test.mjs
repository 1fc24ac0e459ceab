// A visitor subscribes to the newsletter through the public form on a phone, reads the
// confirmation mail that a REAL SMTP server on loopback received (smtp-server, started here),
// follows its link and confirms, then unsubscribes in one click from the unsubscribe page; the
// team sees it in the dashboard. Screenshots go to screenshots/.
//
// Run with ./run.sh (or: node --test --test-concurrency=1 *.test.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

import { startServer, ADMIN_EMAIL, ADMIN_PASSWORD } from './server.mjs';

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

const EMAIL = 'camille.dupre@example.org';
const NAME = 'Camille Dupré';

let smtp;
/** Every mail the SMTP server accepted: { from, to: [..], raw }. */
const received = [];
let server;
let browser;
let phone;
let page;
/** What the steps pass on to each other. */
const state = {};

/** A real SMTP server on a free loopback port, keeping what it receives. */
function startSmtp() {
  return new Promise((ok, fail) => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          done();
        });
      },
    });
    s.on('error', (e) => console.error('smtp server:', e.message));
    s.listen(0, '127.0.0.1', (err) => {
      if (err) fail(err);
      else ok({ server: s, port: s.server.address().port });
    });
  });
}

/** Quoted-printable to text (UTF-8). */
function fromQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodePart(head, body) {
  const h = head.toLowerCase();
  if (h.includes('content-transfer-encoding: base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (h.includes('content-transfer-encoding: quoted-printable')) return fromQuotedPrintable(body);
  return body;
}

/** The text and HTML parts of a raw mail. */
function readMail(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head);
  const mail = { head, text: '', html: '' };
  if (!boundary) {
    mail.text = decodePart(head, body);
    return mail;
  }
  for (const part of body.split('--' + boundary[1]).slice(1)) {
    if (part.startsWith('--')) break;
    const [partHead, ...partRest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const decoded = decodePart(partHead, partRest.join('\n\n'));
    if (/text\/plain/i.test(partHead)) mail.text = decoded;
    else if (/text\/html/i.test(partHead)) mail.html = decoded;
  }
  return mail;
}

/** Waits for a mail to `to` (15 s at most). */
async function mailTo(to) {
  for (let i = 0; i < 150; i++) {
    const found = received.find((m) => m.to.includes(to));
    if (found) return readMail(found.raw);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} after 15 s; got ${received.length} mail(s)`);
}

before(async () => {
  await mkdir(shots, { recursive: true });
  smtp = await startSmtp();
  server = await startServer({ env: { CHEMINEMENT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
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
  await new Promise((r) => (smtp ? smtp.server.close(r) : r()));
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

test('a visitor finds the newsletter form from the home page and subscribes on a phone', async () => {
  await page.goto('/');
  await clickAndLoad(page, page.getByRole('contentinfo').getByRole('link', { name: 'Newsletter' }));
  assert.equal(new URL(page.url()).pathname, '/newsletter');
  assert.equal(await textOf(page.getByRole('heading', { level: 1 })), 'Newsletter');
  assert.match(await textOf(page.locator('#nl-consent')), /unsubscribe in one click/);
  assert.ok(await fitsThePhone(page), 'the form fits a phone');
  await page.screenshot({ path: join(shots, 'newsletter-form-phone.png'), fullPage: true });

  // A mistake first: the message by the field, what was typed kept.
  await page.getByLabel('Email address').fill('camille(at)example');
  await page.getByLabel('Your name (optional)').fill(NAME);
  await page.locator('#nl-subscribe').evaluate((f) => (f.noValidate = true));
  await clickAndLoad(page, page.getByRole('button', { name: 'Subscribe' }));
  assert.equal(await textOf(page.locator('#nl-email-error')), 'This email address is not valid.');
  assert.equal(await page.getByLabel('Your name (optional)').inputValue(), NAME);
  assert.equal(await page.getByLabel('Email address').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Email address').fill(EMAIL);
  await clickAndLoad(page, page.getByRole('button', { name: 'Subscribe' }));
  assert.equal(await textOf(page.getByRole('heading', { level: 1 })), 'Check your mailbox');
  assert.match(await textOf(page.locator('#nl-sent')), /confirmation email has just been sent/);
  await page.screenshot({ path: join(shots, 'newsletter-check-mailbox-phone.png'), fullPage: true });
});

test('the confirmation mail arrives at the SMTP server and its link confirms', async () => {
  const mail = await mailTo(EMAIL);
  assert.match(mail.head, /^Subject: /m);
  const link = /(http:\/\/localhost:\d+\/newsletter\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.text);
  assert.ok(link, `the text holds the link: ${mail.text}`);
  assert.ok(mail.html.includes(link[1]), 'the HTML part holds it too');
  assert.match(mail.text, /Until you confirm, we will send you nothing else/);

  // The link opens a page with one button; opening it changes nothing.
  await page.goto(link[1]);
  assert.equal(await page.locator('#nl-state').getAttribute('data-state'), 'ask');
  assert.ok(await fitsThePhone(page));
  await page.screenshot({ path: join(shots, 'newsletter-confirm-phone.png'), fullPage: true });
  await clickAndLoad(page, page.getByRole('button', { name: 'Confirm' }));
  assert.equal(await page.locator('#nl-state').getAttribute('data-state'), 'confirmed');
  assert.match(await textOf(page.getByRole('status')), /you are subscribed/);
  await page.screenshot({ path: join(shots, 'newsletter-confirmed-phone.png'), fullPage: true });

  const leave = page.locator('#nl-leave').getByRole('link', { name: /Unsubscribe from/ });
  state.unsubscribe = new URL(await leave.getAttribute('href'), server.baseUrl).toString();
  state.confirm = link[1];

  // The link a second time says so.
  await page.goto(link[1]);
  assert.equal(await page.locator('#nl-state').getAttribute('data-state'), 'already');
});

test('the subscriber unsubscribes in one click, without logging in', async () => {
  assert.ok(state.unsubscribe, 'the confirmed page gave the unsubscribe link');
  await page.goto(state.unsubscribe);
  assert.equal(await page.locator('#nl-state').getAttribute('data-state'), 'ask');
  assert.equal(await textOf(page.locator('#nl-email')), EMAIL);
  assert.match(await textOf(page.locator('#nl-list')), /Lettre d'information/);
  assert.ok(await fitsThePhone(page));
  await page.screenshot({ path: join(shots, 'newsletter-unsubscribe-phone.png'), fullPage: true });
  await clickAndLoad(page, page.getByRole('button', { name: 'Unsubscribe me' }));
  assert.equal(await page.locator('#nl-state').getAttribute('data-state'), 'done');
  assert.match(await textOf(page.getByRole('status')), /you will not receive this newsletter any more/);
  await page.screenshot({ path: join(shots, 'newsletter-unsubscribed-phone.png'), fullPage: true });

  // A mail program's RFC 8058 one-click POST, with no cookie: already done, said so.
  const res = await fetch(state.unsubscribe, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /already unsubscribed/);

  // The old confirmation link does not bring them back.
  const again = await fetch(state.confirm, { method: 'POST' });
  assert.equal(again.status, 404);
});

test('the form sits in a frame on another site and its answer stays in the frame', async () => {
  // about:blank is another origin than the server: the frame must not be refused.
  await page.setContent(
    `<h1>Partner site</h1><iframe title="newsletter" src="${server.baseUrl}/newsletter/embed?lang=en" style="width:100%;height:34rem;border:0"></iframe>`,
  );
  const frame = page.frameLocator('iframe[title="newsletter"]');
  await frame.getByLabel('Email address').fill('framed@example.org');
  await frame.getByRole('button', { name: 'Subscribe' }).click();
  assert.match(await textOf(frame.locator('#nl-sent')), /Check your mailbox/);
  await page.screenshot({ path: join(shots, 'newsletter-embedded-phone.png'), fullPage: true });
  const mail = await mailTo('framed@example.org');
  assert.match(mail.text, /\/newsletter\/confirm\//);
});

test('the team sees who subscribed and left in the dashboard', async () => {
  const desk = await browser.newContext({
    baseURL: server.baseUrl,
    locale: 'en-US',
    extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' },
    viewport: { width: 1280, height: 900 },
  });
  desk.setDefaultTimeout(15_000);
  const p = await desk.newPage();
  try {
    await p.goto('/login?next=/dashboard/lists');
    await p.getByLabel('Email address').fill(ADMIN_EMAIL);
    await p.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await clickAndLoad(p, p.getByRole('button', { name: 'Log in', exact: true }));
    assert.equal(new URL(p.url()).pathname, '/dashboard/lists');
    const row = p.locator('#list-1');
    assert.equal(await textOf(row.locator('.n-unsubscribed')), '1');
    assert.equal(await textOf(row.locator('.n-confirmed')), '0');
    await clickAndLoad(p, row.getByRole('link', { name: /Lettre d'information/ }));
    const person = p.locator('#subscribers tbody tr').filter({ hasText: EMAIL });
    assert.match(await textOf(person), /unsubscribed/);
    assert.match(await p.locator('#embed-iframe').inputValue(), /<iframe src="http:\/\/localhost:\d+\/newsletter\/embed\?lang=en"/);
    await p.screenshot({ path: join(shots, 'dashboard-list-subscribers.png'), fullPage: true });
  } finally {
    await desk.close();
  }
});
