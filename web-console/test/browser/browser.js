// Headless Chromium (Debian's) driven by playwright-core, against the system running on 127.0.0.1
// (deploy/local/stack.sh up), over HTTPS. Settings: GATEWAY (https://127.0.0.1:8443), EMULATOR (http://127.0.0.1:4566),
// CHROMIUM (/usr/bin/chromium), SCREENSHOT_DIR (web-console/test-results/screenshots).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const gateway = process.env.GATEWAY ?? 'https://127.0.0.1:8443';
export const emulator = process.env.EMULATOR ?? 'http://127.0.0.1:4566';
const screenshots = process.env.SCREENSHOT_DIR ?? fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export const LAPTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // As root with no sandbox, and without the background connections this machine's closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A browser context whose every request URL and console line is kept, so a test can check that no token
 * ever appears in them.
 */
export async function openContext(browser, viewport = LAPTOP) {
  // The local gateway's certificate is one stack.sh made for 127.0.0.1, which no browser trusts.
  const context = await browser.newContext({ viewport, baseURL: gateway, acceptDownloads: true, ignoreHTTPSErrors: true });
  context.seen = [];
  context.on('request', (request) => context.seen.push(request.url()));
  context.on('console', (message) => context.seen.push(message.text()));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway });
  return context;
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** aws-emulator trusts roleArn with externalId, with a copy of the demo account's resources: what the customer does in IAM. */
export async function createRoleInAws(roleArn, externalId) {
  const response = await fetch(`${emulator}/_emulator/roles`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ roleArn, externalId }),
  });
  if (!response.ok) throw new Error(`aws-emulator refused the role: ${response.status} ${await response.text()}`);
}

/** A fresh user's details; the password is random, as a person's would be. */
export function newUser(name) {
  const unique = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return {
    email: `console-${name}-${unique}@clouddiagnoze.test`,
    password: `${crypto.randomUUID()}A!`,
    company: `Console ${name}`,
    account: `5${unique.slice(-11).padStart(11, '0')}`,
  };
}

/** Opens the console at hash (#/findings) and waits until the page for it is drawn. */
export async function visit(page, hash) {
  await page.goto(`/${hash}`);
  await drawn(page, hash);
}

/** Waits until the console has drawn the page for hash (it marks which one it shows). */
export function drawn(page, hash) {
  return page.waitForFunction((expected) => document.getElementById('page').dataset.shown === expected, hash);
}

/** Signs up through the page and waits for the AWS role page. */
export async function signUp(page, user) {
  await visit(page, '#/signup');
  await page.getByLabel('Company').fill(user.company);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'AWS role' }).waitFor();
}

/** Form controls without an accessible label, and buttons without a name, on the page as drawn. */
export function unlabelled(page) {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('input, select, textarea')]
      .filter((control) => control.labels.length === 0 && !control.getAttribute('aria-label'))
      .map((control) => `${control.tagName.toLowerCase()}[name=${control.name}]`),
    ...[...document.querySelectorAll('button')].filter((button) => !button.textContent.trim() && !button.getAttribute('aria-label'))
      .map(() => 'button without a name'),
  ]);
}

/** Whether the page is wider than its viewport (a phone would have to scroll sideways). */
export function overflowsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** How many pixels of the canvas are drawn in the chart's line colour (#2463eb). */
export function linePixels(canvas) {
  return canvas.evaluate((element) => {
    const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
    let count = 0;
    for (let index = 0; index < data.length; index += 4) {
      const close = Math.abs(data[index] - 36) < 30 && Math.abs(data[index + 1] - 99) < 30 && Math.abs(data[index + 2] - 235) < 30;
      if (close && data[index + 3] > 200) count += 1;
    }
    return count;
  });
}
