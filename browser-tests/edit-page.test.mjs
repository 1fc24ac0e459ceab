// A volunteer logs in, writes a page in the dashboard, previews it, publishes it in the menu,
// then a visitor reads it on a phone; the page is edited again; a form with no title is refused
// with the message next to the Title field and the text kept.
//
// Run with ./run.sh (or: node --test --test-concurrency=1 *.test.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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

const TITLE = 'Horaires';
const SLUG = 'horaires';
const TEXT = 'Le lieu ouvre **mardi** à 18h';
const RENDERED = 'Le lieu ouvre mardi à 18h';
const NEW_TEXT = 'Le lieu ouvre mercredi';

let server;
let browser;
/** The volunteer's browser, on a laptop. */
let desk;
let dash;
/** A visitor's browser, on a phone, not logged in. */
let phone;
let visitor;

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  desk = await browser.newContext({
    baseURL: server.baseUrl,
    locale: 'en-US',
    extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' },
    viewport: { width: 1280, height: 900 },
  });
  phone = await browser.newContext({
    baseURL: server.baseUrl,
    locale: 'en-US',
    extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' },
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  for (const ctx of [desk, phone]) {
    ctx.setDefaultTimeout(15_000);
    ctx.setDefaultNavigationTimeout(15_000);
  }
  dash = await desk.newPage();
  visitor = await phone.newPage();
  // A server error or a broken script is a failure too.
  for (const p of [dash, visitor]) {
    p.on('pageerror', (e) => console.error('page error:', e.message));
  }
});

after(async () => {
  await desk?.close().catch(() => {});
  await phone?.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (server) {
    if (process.exitCode) console.error(await server.readLog());
    await server.stop();
  }
});

/** Path and query of the page's current address. */
function where(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** Waits until `locator` is visible, then returns its trimmed text. */
async function textOf(locator) {
  await locator.waitFor({ state: 'visible' });
  return (await locator.innerText()).trim();
}

/** Clicks something that loads a new page, and waits for that page. */
async function clickAndLoad(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

test('the login page shows a visitor no dashboard menu and no Log out button', async () => {
  // Someone who is not logged in has nothing to log out of, and the dashboard's links only
  // lead back to this login form. (Fails today: see FINDINGS.md, "login page".)
  const res = await visitor.goto('/login');
  assert.equal(res.status(), 200);
  await visitor.getByLabel('Email address').waitFor();
  await visitor.screenshot({ path: join(shots, 'login-phone.png'), fullPage: true });
  assert.equal(await visitor.getByRole('button', { name: 'Log out' }).count(), 0, 'no Log out button');
  assert.equal(await visitor.getByRole('navigation', { name: 'Dashboard' }).count(), 0, 'no dashboard menu');
  assert.equal(
    await visitor.getByRole('navigation', { name: 'Main menu' }).count(),
    1,
    "the public site's menu, as on every public page",
  );
});

test('log in with email and password lands on the dashboard', async () => {
  const res = await dash.goto('/login');
  assert.equal(res.status(), 200);
  assert.equal(await dash.locator('html').getAttribute('lang'), 'en', 'the login page is in English');
  await dash.getByLabel('Email address').fill(ADMIN_EMAIL);
  await dash.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await clickAndLoad(dash, dash.getByRole('button', { name: 'Log in', exact: true }));
  assert.equal(where(dash), '/dashboard');
  assert.equal(await textOf(dash.getByRole('heading', { level: 1 })), 'Dashboard');
  // Logged in: the account menu offers to log out.
  await dash.getByRole('button', { name: 'Log out' }).waitFor();
});

test('write a page, preview it, save it', async () => {
  const nav = dash.getByRole('navigation', { name: 'Dashboard' });
  await clickAndLoad(dash, nav.getByRole('link', { name: 'Pages', exact: true }));
  assert.equal(where(dash), '/dashboard/pages');
  await clickAndLoad(dash, dash.getByRole('link', { name: 'New', exact: true }));
  assert.equal(where(dash), '/dashboard/pages/new');

  await dash.getByLabel('Title', { exact: true }).fill(TITLE);
  await dash.getByLabel('Page address').fill(SLUG);
  await dash.getByLabel('Text (Markdown)').fill(TEXT);
  await dash.getByLabel('Show in the menu').check();
  await dash.getByLabel('Publish', { exact: true }).check();

  await clickAndLoad(dash, dash.getByRole('button', { name: 'Preview' }));
  const preview = dash.getByRole('region', { name: 'Preview' });
  await preview.waitFor();
  assert.equal(await textOf(preview.locator('strong')), 'mardi', 'the preview shows "mardi" in bold');
  assert.match(await textOf(preview), new RegExp(RENDERED));
  assert.ok(!(await preview.innerText()).includes('**'), 'no Markdown stars left in the preview');
  // Nothing typed is lost by the preview.
  assert.equal(await dash.getByLabel('Text (Markdown)').inputValue(), TEXT);
  assert.equal(await dash.getByLabel('Title', { exact: true }).inputValue(), TITLE);
  assert.equal(await dash.getByLabel('Page address').inputValue(), SLUG);
  assert.ok(await dash.getByLabel('Show in the menu').isChecked());
  assert.ok(await dash.getByLabel('Publish', { exact: true }).isChecked());
  await dash.screenshot({ path: join(shots, 'dashboard-page-form-preview.png'), fullPage: true });

  await clickAndLoad(dash, dash.getByRole('button', { name: 'Save' }));
  assert.equal(await textOf(dash.getByRole('status')), 'Saved. See it on the site');
  assert.equal(
    await dash.getByRole('status').getByRole('link', { name: 'See it on the site' }).getAttribute('href'),
    `/pages/${SLUG}`,
    'the notice links to the published page',
  );
  assert.match(where(dash), /^\/dashboard\/pages\/[^/]+\?saved=1$/);
  // The form shows what was saved.
  assert.equal(await dash.getByLabel('Title', { exact: true }).inputValue(), TITLE);
  assert.equal(await dash.getByLabel('Text (Markdown)').inputValue(), TEXT);
  await dash.screenshot({ path: join(shots, 'dashboard-page-form-saved.png'), fullPage: true });
  // The same form on a phone, for a person to look at.
  await dash.setViewportSize({ width: 390, height: 844 });
  assert.ok(
    await dash.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the form fits a phone without sideways scrolling',
  );
  await dash.screenshot({ path: join(shots, 'dashboard-page-form-phone.png'), fullPage: true });
  await dash.setViewportSize({ width: 1280, height: 900 });
});

test('a visitor on a phone finds the page in the menu', async () => {
  const res = await visitor.goto('/');
  assert.equal(res.status(), 200);
  const menu = visitor.getByRole('navigation', { name: 'Main menu' });
  const link = menu.getByRole('link', { name: TITLE, exact: true });
  await link.waitFor();
  await clickAndLoad(visitor, link);
  assert.equal(where(visitor), `/pages/${SLUG}`);
  const main = visitor.getByRole('main');
  assert.equal(await textOf(main.getByRole('heading', { level: 1 })), TITLE);
  assert.match(await textOf(main), new RegExp(RENDERED));
  assert.equal(await textOf(main.locator('strong', { hasText: 'mardi' })), 'mardi');
  assert.match(await main.innerHTML(), /<strong>mardi<\/strong>/);
  assert.ok(!(await main.innerText()).includes('**'), 'no Markdown stars on the public page');
  assert.ok(
    await visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the page fits the phone without sideways scrolling',
  );
  await visitor.screenshot({ path: join(shots, 'public-page-phone.png'), fullPage: true });
});

test('edit the page again; the public page shows the new text', async () => {
  const nav = dash.getByRole('navigation', { name: 'Dashboard' });
  await clickAndLoad(dash, nav.getByRole('link', { name: 'Pages', exact: true }));
  const row = dash.getByRole('row').filter({ hasText: TITLE });
  assert.equal(await row.count(), 1, 'one row for the page in the list');
  assert.match(await row.innerText(), /Published/);
  await clickAndLoad(dash, row.getByRole('link', { name: 'Edit' }));
  assert.equal(await dash.getByLabel('Text (Markdown)').inputValue(), TEXT);

  await dash.getByLabel('Text (Markdown)').fill(NEW_TEXT);
  await clickAndLoad(dash, dash.getByRole('button', { name: 'Save' }));
  assert.equal(await textOf(dash.getByRole('status')), 'Saved. See it on the site');
  assert.equal(await dash.getByLabel('Text (Markdown)').inputValue(), NEW_TEXT);

  const res = await visitor.reload();
  assert.equal(res.status(), 200);
  const main = visitor.getByRole('main');
  assert.match(await textOf(main), new RegExp(NEW_TEXT));
  assert.ok(!(await main.innerText()).includes('mardi'), 'the old text is gone');
  // Still in the menu after the edit.
  await visitor
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: TITLE, exact: true })
    .waitFor();
});

test('a page with no title is refused, the message is by the Title field, the text is kept', async () => {
  const body = 'Un texte à ne pas perdre\n\n- premier point';
  await clickAndLoad(dash, dash.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Pages', exact: true }));
  await clickAndLoad(dash, dash.getByRole('link', { name: 'New', exact: true }));
  const title = dash.getByLabel('Title', { exact: true });
  const text = dash.getByLabel('Text (Markdown)');

  // 1. Empty title: the browser itself stops the form (the field is `required`).
  await text.fill(body);
  await dash.getByRole('button', { name: 'Save' }).click();
  assert.equal(where(dash), '/dashboard/pages/new', 'the browser kept the form');
  assert.ok(await title.evaluate((el) => el.validity.valueMissing), 'the browser flags the Title field');
  assert.equal(await text.inputValue(), body);

  // 2. The server's own check, as a browser without form validation would reach it.
  await dash.locator('form.stack').evaluate((f) => (f.noValidate = true));
  await clickAndLoad(dash, dash.getByRole('button', { name: 'Save' }));
  await checkTitleError(body);

  // 3. A title of spaces only passes the browser's check and is refused by the server.
  await title.fill('   ');
  await clickAndLoad(dash, dash.getByRole('button', { name: 'Save' }));
  await checkTitleError(body);
  await dash.screenshot({ path: join(shots, 'dashboard-page-form-error.png'), fullPage: true });

  // Nothing was saved: the list still has the one page.
  await clickAndLoad(dash, dash.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Pages', exact: true }));
  assert.equal(await dash.locator('tbody tr').count(), 1);
});

/** The form came back refused: a summary at the top, the message right under Title, the body kept. */
async function checkTitleError(body) {
  assert.equal(where(dash), '/dashboard/pages/new');
  assert.match(await textOf(dash.getByRole('alert')), /mistakes/);
  const title = dash.getByLabel('Title', { exact: true });
  const describedBy = await title.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the Title field points to its error message');
  const message = dash.locator(`[id="${describedBy}"]`);
  assert.equal(await textOf(message), 'This field is required.');
  // "Next to": below the Title input and above the next field's label.
  const t = await title.boundingBox();
  const m = await message.boundingBox();
  const next = await dash.locator('label[for="slug"]').boundingBox();
  assert.ok(m.y >= t.y + t.height - 1, 'the message is under the Title field');
  assert.ok(m.y + m.height <= next.y + 1, 'the message is before the next field');
  assert.ok(m.y - (t.y + t.height) < 40, 'the message is close to the Title field');
  // The other fields carry no error, and the typed text is still there.
  assert.equal((await dash.locator('#body-error').innerText()).trim(), '');
  assert.equal(await dash.getByLabel('Text (Markdown)').inputValue(), body);
}
