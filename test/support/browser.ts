/// <reference lib="dom" />
// The browser tests pass callbacks that run in the page (addInitScript, evaluate): they use its globals.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Language } from '@mandate/domain/profiles';
import { DEMO_PASSWORD } from '@mandate/server/seed/seed';
import { startTestApp, type TestApp } from './test-app.ts';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

/** Debian's Chromium, or null where it is not installed (then the browser tests are skipped, except in CI). */
export const chromiumPath = CANDIDATES.find((p) => existsSync(p)) ?? null;

if (!chromiumPath) {
  if (process.env.CI) throw new Error('Chromium is required for the browser tests in CI (apt-get install chromium)');
  console.warn('\n[e2e] Chromium not found: browser tests are SKIPPED. Install it with `apt-get install chromium`.\n');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The built web app the browser tests serve; E2E_WEB_DIST names another build (e.g. one of your own). */
export const webDist = process.env.E2E_WEB_DIST ?? fileURLToPath(new URL('../../web/dist', import.meta.url));

export function assertWebBuilt(): void {
  if (!existsSync(`${webDist}/index.html`)) throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');
}

/** Signs in through the login form and waits for the signed-in layout. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-profile').waitFor();
}

/** The same sign-in through the form's accessible labels and button name, in any of the three languages. */
export async function signInByLabels(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/e-?mail/i).fill(email);
  await page.getByLabel(/password|wachtwoord|mot de passe/i).fill(password);
  await page.getByRole('button', { name: /sign in|aanmelden|se connecter/i }).click();
  await page.getByTestId('nav-profile').waitFor();
}

/** The app as the browser tests use it: serving the built SPA, with room for their many sign-ins. */
export async function startBrowserApp(): Promise<TestApp> {
  assertWebBuilt();
  return startTestApp({ config: { webDist, loginMaxPerAccount: 100 } });
}

/**
 * Chooses `option` in the Mantine select with test id `testId`.
 * A dropdown that closes under the click (the page re-rendered while it opened) is opened again.
 */
export async function pick(page: Page, testId: string, option: string | RegExp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    try {
      await page.getByRole('option', { name: option }).click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** After a failure: a screenshot of every open page of `contexts`, in the OS temp directory. */
export async function saveScreenshots(name: string, ...contexts: BrowserContext[]): Promise<void> {
  for (const [i, page] of contexts.flatMap((c) => c.pages()).entries()) {
    await page.screenshot({ path: `${tmpdir()}/${name}-${i}.png` }).catch(() => undefined);
  }
}

/** A fresh desktop-sized browser context whose pages show the interface in `language`. */
export async function languageContext(browser: Browser, language: Language = 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Not on the blank page a new tab starts with, whose storage is out of reach.
  await context.addInitScript((lang) => {
    if (location.protocol.startsWith('http')) localStorage.setItem('mandate.language', lang);
  }, language);
  return context;
}

/**
 * Runs `body` in a fresh languageContext: it fails on an uncaught error in any of the context's
 * pages, and when it fails leaves a screenshot of each of them named after `name`. The context is closed after.
 */
export async function inBrowserContext(browser: Browser, name: string, body: (context: BrowserContext) => Promise<void>, language: Language = 'en'): Promise<void> {
  const context = await languageContext(browser, language);
  const errors: string[] = [];
  context.on('page', (page) => page.on('pageerror', (e) => errors.push(String(e))));
  try {
    await body(context);
    expect(errors).toEqual([]);
  } catch (error) {
    await saveScreenshots(name, context);
    throw error;
  } finally {
    await context.close();
  }
}

/** inBrowserContext with one page opened in the context, the page `body` is given. */
export async function inBrowser(browser: Browser, name: string, body: (page: Page) => Promise<void>, language: Language = 'en'): Promise<void> {
  await inBrowserContext(browser, name, async (context) => body(await context.newPage()), language);
}

/**
 * Types `isoDate` (YYYY-MM-DD) into the date field with test id `testId` as a person does, day first
 * (DD/MM/YYYY, the format of every interface language), then leaves the field so that its calendar closes.
 */
export async function fillDate(page: Page, testId: string, isoDate: string): Promise<void> {
  const field = page.getByTestId(testId);
  const [year, month, day] = isoDate.split('-');
  await field.fill(isoDate === '' ? '' : `${day}/${month}/${year}`);
  await field.press('Tab');
}

/** YYYY-MM-DD as the date fields show it: DD/MM/YYYY. */
export const shownDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');
