import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, signInByLabels, startBrowserApp } from '../support/browser.ts';
import { nl } from '../../web/src/lib/i18n/nl.ts';


let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});


async function navigation(page: Page): Promise<string[]> {
  await page.getByTestId('nav-profile').waitFor();
  const ids = await page.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  return [...new Set(ids)].filter((id) => id !== 'nav-home').sort();
}

const nav = (...apps: string[]) => [...apps, 'profile'].map((a) => `nav-${a}`).sort();

describe.skipIf(!chromiumPath)('browser: each demo persona sees exactly his navigation', () => {
  it.each([
    // Only the apps the portal has are offered: rights to the others (invoice delivery, orders) wait for their arrival.
    // My invoice online also to an end user, who reads his own line's usage without the app; not to a fleet
    // manager, whose usage is on his SIM cards' pages (ROLE-4).
    // Mobile numbers leads a manager to the fleet's SIM cards: with Fleet Manager, its entry is that one.
    ['owner@acme.test', nav('user-management', 'invoices', 'insights', 'fleet-manager')],
    ['manager@acme.test', nav('user-management')],
    ['finance@acme.test', nav('invoices', 'insights')],
    ['fleet@acme.test', nav('fleet-manager')],
    ['employee@acme.test', nav('invoices', 'mobile')],
    // Brightwave's first billing data activated Insights (INS-1).
    ['admin@brightwave.test', nav('user-management', 'invoices', 'insights', 'mobile')],
    // The development mailbox (outside production; the entry appears once the server confirms it).
    ['operator@mandate.test', nav('backoffice', 'mailbox')],
  ])('%s', async (email, expected) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await signInByLabels(page, t.url, email);
      if (expected.includes('nav-mailbox')) await page.getByTestId('nav-mailbox').waitFor();
      expect(await navigation(page)).toEqual(expected);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the Brightwave admin switches to Acme (delegation) and sees the delegated apps only', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInByLabels(page, t.url, 'admin@brightwave.test');
      // At Brightwave, without Fleet Manager, mobile numbers are its SIM cards, not a line of his own.
      expect(await page.getByTestId('nav-mobile').getAttribute('href')).toMatch(/\/customers\/[0-9a-f-]{36}\/fleet$/);
      await page.getByTestId('customer-switcher').click();
      await page.getByRole('option', { name: /Acme Belgium NV/ }).click();
      // Acme delegates Fleet Manager and mobile numbers (both the fleet's SIM cards: one entry); their usage is on the SIM cards' pages.
      await expect.poll(() => navigation(page)).toEqual(nav('fleet-manager'));
      await page.getByTestId('app-card-fleet-manager').waitFor();
      expect(await page.locator('[data-testid^="app-card-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(
        ['app-card-fleet-manager'],
      );
      expect(page.url()).toMatch(/\/customers\/[0-9a-f-]{36}/);
    } finally {
      await context.close();
    }
  });

  it('the owner sees the Acme users, switches language, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInByLabels(page, t.url, 'owner@acme.test');
      await page.getByTestId('nav-user-management').click();
      const table = page.getByTestId('users-table');
      await expect.poll(() => table.getByText('employee@acme.test').count()).toBeGreaterThan(0);

      await page.getByTestId('language-switcher').getByText('FR', { exact: true }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
      await expect.poll(() => page.getByTestId('nav-user-management').innerText()).toMatch(/Gestion des utilisateurs/);

      const signOut = page.getByTestId('sign-out');
      if (!(await signOut.isVisible())) await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.waitForURL(/\/login/);
      // The session is over: going back into the app lands on the sign-in page again.
      await page.goto(`${t.url}/profile`);
      await page.waitForURL(/\/login/);
    } finally {
      await context.close();
    }
  });

  it('a user sets the language of his own mails on My profile; it is kept', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInByLabels(page, t.url, 'manager@acme.test');
      await page.goto(`${t.url}/profile`);
      const field = page.getByTestId('profile-language');
      await expect.poll(() => field.inputValue()).toBe('Nederlands');
      await field.click();
      await page.getByRole('option', { name: 'Français' }).click();
      await page.getByTestId('profile-language-saved').waitFor();
      const stored = await t.database.db.selectFrom('users').select('language').where('email', '=', 'manager@acme.test').executeTakeFirstOrThrow();
      expect(stored.language).toBe('fr');
      await page.reload();
      await expect.poll(() => page.getByTestId('profile-language').inputValue()).toBe('Français');
    } finally {
      await context.close();
    }
  });

  it('apps the portal does not have yet are on no home page and at no address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInByLabels(page, t.url, 'employee@acme.test');
      // His own line (mobile numbers) and its usage in My invoice online are the apps his home offers.
      await page.getByTestId('app-card-mobile').waitFor();
      expect(await page.getByTestId('nav-mobile').getAttribute('href')).toMatch(/\/my-line$/);
      expect(await page.locator('[data-testid^="app-card-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(
        ['app-card-invoices', 'app-card-mobile'],
      );
      // The card promises what he finds there: his line's usage and charges, not the company's invoices (ROLE-5).
      expect(await page.getByTestId('app-card-invoices').textContent()).toContain(nl['appDescription.myLineUsage']);
      // The employee's home says nothing about the fleet he does not manage, nor about the apps still to come.
      expect(await page.locator('main').innerText()).not.toMatch(/Fleet Manager|Factuurlevering|Envoi des factures|Invoice delivery|Bestellingen|Commandes|\bOrders\b/i);

      // The former placeholder pages are gone: their address is not found.
      const acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
      await page.goto(`${t.url}/customers/${acme}/apps/mobile`);
      await expect.poll(() => page.locator('main').innerText()).toMatch(/niet gevonden|not found|introuvable/i);
      expect(await page.getByTestId('app-landing-mobile').count()).toBe(0);
      await context.close();

      // The owner, who holds rights to every app, is offered those the portal has (mobile numbers through Fleet Manager's fleet).
      const owner = await (await browser.newContext()).newPage();
      await signInByLabels(owner, t.url, 'owner@acme.test');
      await owner.getByTestId('app-card-user-management').waitFor();
      expect(await owner.locator('[data-testid^="app-card-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(
        ['app-card-user-management', 'app-card-invoices', 'app-card-insights', 'app-card-fleet-manager'],
      );
      await owner.context().close();
    } finally {
      await context.close();
    }
  });

  it('who is my administrator on the employee’s profile', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInByLabels(page, t.url, 'employee@acme.test');
      await page.getByTestId('nav-profile').click();
      await expect.poll(() => page.getByTestId('my-administrator').innerText()).toMatch(/Olivia Owner[\s\S]*owner@acme\.test/);
    } finally {
      await context.close();
    }
  });
});
