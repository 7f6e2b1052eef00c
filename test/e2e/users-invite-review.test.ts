import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreateUserResponse } from '@mandate/contracts/users';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: adding a user as administrators meet it. An invited person is "invited" in the list and
 * on his page until he accepts; a sub-profile's preset rights are reviewed in the form and given
 * with the invitation, within what the inviter may give; the mail language starts as the interface's.
 */

let t: TestApp;
let browser: Browser;
const customers = new Map<string, string>();

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  // Real time: these tests open pages by their address, and the browser drops a refresh cookie whose expiry (from the app's clock) lies in its past.
  t.clock.set(new Date());
  for (const c of await t.database.db.selectFrom('customers').select(['id', 'name']).execute()) customers.set(c.name, c.id);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A browser context whose own language is English, as a fresh Chromium's is. */
async function withPage(name: string, run: (page: Page, context: BrowserContext) => Promise<void>) {
  const context = await browser.newContext({ locale: 'en-US' });
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await run(page, context);
    expect(errors).toEqual([]);
  } catch (error) {
    await saveScreenshots(name, context);
    throw error;
  } finally {
    await context.close();
  }
}

async function invite(ownerEmail: string, customer: string, lastName: string) {
  const api = await signedIn(t.url, ownerEmail);
  const res = await api.post<CreateUserResponse>(`/api/v1/customers/${customers.get(customer)}/users`, {
    email: `${lastName.toLowerCase()}.${Date.now().toString(36)}@example.test`, firstName: 'Ivo', lastName, language: 'en',
    profile: 'service_user', employmentBasis: 'employment_indefinite',
  });
  expect(res.status).toBe(201);
  return res.body.user;
}

const CASES = [
  { lang: 'nl', owner: 'owner@acme.test', customer: 'Acme Belgium NV', invited: 'Uitgenodigd', active: 'Actief', account: 'Uitnodiging nog niet aanvaard', language: 'Nederlands' },
  { lang: 'fr', owner: 'owner@lumiere.test', customer: 'Lumière SRL', invited: 'Invité', active: 'Actif', account: 'Invitation pas encore acceptée', language: 'Français' },
  { lang: 'en', owner: 'owner@acme.test', customer: 'Acme Belgium NV', invited: 'Invited', active: 'Active', account: 'Invitation not yet accepted', language: 'English' },
] as const;

describe.skipIf(!chromiumPath)('browser: an invited user is "invited" in the list, filterable, and on his page (ROLE-7)', () => {
  it.each(CASES)('$lang: the list badge, the status filter and the detail page agree', async (c) => {
    const user = await invite(c.owner, c.customer, `Status${c.lang.toUpperCase()}`);
    await withPage(`users-invited-status-${c.lang}`, async (page, context) => {
      if (c.lang === 'en') await context.addInitScript(() => localStorage.setItem('mandate.language', 'en'));
      await signIn(page, t.url, c.owner);
      await page.goto(`${t.url}/customers/${customers.get(c.customer)}/users?q=${user.lastName}`);
      const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: user.lastName });
      await expect.poll(() => row.getByTestId('user-row-status').textContent()).toBe(c.invited);

      // The status filter offers "invited" and finds him; "active" does not.
      await page.getByTestId('data-table-search').fill('');
      // The search lands in the URL after its debounce: the status filter is picked on the list without it.
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBeNull();
      await pick(page, 'filter-status', c.invited);
      await expect.poll(() => page.url()).toContain('status=invited');
      // The filtered list replaces the whole one: every row invited, and he among them.
      await expect.poll(() => page.getByTestId('user-row-status').allTextContents().then((s) => s.length > 0 && s.every((x) => x === c.invited))).toBe(true);
      expect(await page.getByTestId('users-table').getByText(user.lastName, { exact: false }).count()).toBeGreaterThan(0);
      await pick(page, 'filter-status', c.active);
      await expect.poll(() => page.url()).toContain('status=active');
      await expect.poll(() => page.getByTestId('user-row-status').allTextContents().then((s) => s.length > 0 && s.every((x) => x === c.active))).toBe(true);
      expect(await page.getByTestId('users-table').getByText(user.lastName).count()).toBe(0);

      // His page says the same, and offers neither suspend nor reactivate (only he can make it active).
      await page.goto(`${t.url}/customers/${customers.get(c.customer)}/users/${user.id}`);
      await expect.poll(() => page.getByTestId('user-status').textContent()).toBe(c.invited);
      expect(await page.getByTestId('user-account-status').textContent()).toContain(c.account);
      expect(await page.getByTestId('user-suspend').count()).toBe(0);
      expect(await page.getByTestId('user-reactivate').count()).toBe(0);
    });
  });
});

describe.skipIf(!chromiumPath)('browser: the add-user form starts the mail language as the interface language', () => {
  it.each(CASES.filter((c) => c.lang !== 'en'))('$lang: opened by its address in an English browser, the invitee\'s language is $language', async (c) => {
    await withPage(`users-add-language-${c.lang}`, async (page) => {
      await signIn(page, t.url, c.owner);
      // A slow network: the page opened by its address shows the browser's language until his own
      // preference (from /me) has loaded; the form opened meanwhile still ends in the interface's language.
      await page.route(new RegExp(`/assets/${c.lang}-[^/]+\\.js$`), async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await page.goto(`${t.url}/customers/${customers.get(c.customer)}/users`);
      await page.getByTestId('add-user').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 10_000 }).toBe(c.lang);
      await expect.poll(() => page.getByTestId('user-form-language').inputValue()).toBe(c.language);
    });
  });
});

describe.skipIf(!chromiumPath)("browser: a sub-profile's preset rights, reviewed before saving and given with the invitation (ROLE-1, ROLE-6)", () => {
  const PRESET_CASES = [
    {
      lang: 'nl', owner: 'owner@noordzee.test', customer: 'Noordzee Bouw NV',
      given: ['invoices', 'insights'], withheld: ['invoice-delivery'], reason: 'de klant heeft deze applicatie niet',
      done: /Uitnodiging verstuurd naar .* met rechten in: /,
    },
    {
      lang: 'fr', owner: 'owner@lumiere.test', customer: 'Lumière SRL',
      given: ['invoices'], withheld: ['insights', 'invoice-delivery'], reason: 'le client n’a pas cette application',
      done: /Invitation envoyée à .* avec des droits dans : /,
    },
  ] as const;

  it.each(PRESET_CASES)('$lang: financial manager brings his rights; what the inviter may not give is left out and said', async (c) => {
    const email = `fm.${c.lang}.${Date.now().toString(36)}@example.test`;
    await withPage(`users-presets-${c.lang}`, async (page) => {
      await signIn(page, t.url, c.owner);
      await page.getByTestId('nav-user-management').click();
      await page.getByTestId('add-user').click();
      await page.getByTestId('user-form-email').fill(email);
      await page.getByTestId('user-form-first-name').fill('Frida');
      await page.getByTestId('user-form-last-name').fill('Finance');
      await pick(page, 'user-form-profile', 'Support Portal User');
      expect(await page.getByTestId('preset-rights').count()).toBe(0);
      await page.getByTestId('user-form-sub-profile-financial_manager').check();
      await page.getByTestId('preset-rights').waitFor();

      // Every preset right the inviter may give, ticked, app by app; the others named with the reason.
      for (const app of c.given) {
        await page.getByTestId(`preset-right-${app}`).waitFor();
        for (const action of ['read', 'export']) expect(await page.getByTestId(`preset-right-${app}-${action}`).isChecked()).toBe(true);
      }
      expect(await page.locator('[data-testid^="preset-right-"][data-testid$="-read"]').count()).toBe(c.given.length);
      for (const app of c.withheld) expect(await page.getByTestId(`preset-withheld-${app}`).textContent()).toContain(c.reason);
      for (const app of c.withheld) expect(await page.getByTestId(`preset-right-${app}`).count()).toBe(0);

      // The administrator unticks one action before saving.
      await page.getByTestId('preset-right-invoices-export').uncheck();
      await pick(page, 'user-form-employment-basis', /onbepaalde duur|durée indéterminée|indefinite duration/);
      await page.getByTestId('user-form-submit').click();
      await expect.poll(() => page.getByTestId('add-user-done').textContent()).toMatch(c.done);
    });

    const grants = await t.database.db.selectFrom('grants as g').innerJoin('memberships as m', 'm.id', 'g.membership_id').innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['g.app', 'g.actions', 'g.billing_account_ids', 'g.cost_centre_ids', 'm.status']).where('u.email', '=', email).orderBy('g.app').execute();
    expect(grants).toEqual(
      [...c.given].sort().map((app) => ({ app, actions: app === 'invoices' ? ['read'] : ['read', 'export'], billing_account_ids: [], cost_centre_ids: [], status: 'invited' })),
    );
  });
});
