import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Delegation } from '@mandate/contracts/delegations';
import { addDays, brusselsDate } from '@mandate/domain/dates';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { nl } from '../../web/src/lib/i18n/nl.ts';
import { chromiumPath, fillDate, launchBrowser, pick, saveScreenshots, shownDate, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser (DLG-2..4), the delegations screen as administrators meet it: the scope by name, whole
 * status badges at 1440 px, the partner's AO offered first in the assign dialog and told he must be
 * chosen to act himself, and the last day picked as dd/mm/yyyy.
 */

let t: TestApp;
let browser: Browser;
const ids: Record<string, string> = {};
let pending: Delegation;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  const db = t.database.db;
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['brightwave', 'Brightwave IT BV']] as const) {
    ids[key] = (await db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  const account = (await db.selectFrom('billing_accounts').select('id').where('number', '=', 'ACME-0001').executeTakeFirstOrThrow()).id;
  const centre = (await db.selectFrom('cost_centres').select('id').where('customer_id', '=', ids.acme!).where('name', '=', 'Finance').executeTakeFirstOrThrow()).id;
  // A delegation scoped to one account and one centre, approved by the operator: awaiting the partner.
  const owner = await signedIn(t.url, 'owner@acme.test');
  const proposed = await owner.post<Delegation>(`/api/v1/customers/${ids.acme}/delegations`, {
    partnerEnterpriseNumber: DEMO_CUSTOMERS.brightwave, rights: [{ app: 'invoices', actions: ['read'] }],
    billingAccountIds: [account], costCentreIds: [centre], endDate: addDays(brusselsDate(t.clock.now()), 60),
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const operator = await signedIn(t.url, 'operator@mandate.test');
  expect((await operator.post(`/api/v1/operator/delegations/${proposed.body.id}/approve`, {})).status).toBe(200);
  pending = proposed.body;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(language: 'nl' | 'fr' | 'en', email: string, customer: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: `${language}-BE`, viewport: { width: 1440, height: 900 } });
  await context.addInitScript((lang) => localStorage.setItem('mandate.language', lang), language);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, t.url, email);
  await page.goto(`${t.url}/customers/${customer}/delegations`);
  return { context, page, errors };
}

/** Every status badge on the page whose label is cut (ellipsis): its text when it is. */
const cutBadges = (page: Page) => page.getByTestId('delegation-status').evaluateAll((badges) =>
  badges.flatMap((b) => {
    const label = (b.querySelector('.mantine-Badge-label') ?? b) as HTMLElement;
    return label.scrollWidth > label.clientWidth + 1 || b.scrollWidth > b.clientWidth + 1 ? [b.textContent ?? ''] : [];
  }));

const CASES = [
  { language: 'nl', waiting: 'Wacht op de partner', active: 'Actief', accounts: 'Facturatierekeningen', centres: 'Kostenplaatsen', colon: ':' },
  // French sets a (non-breaking) space before the colon.
  { language: 'fr', waiting: 'En attente du partenaire', active: 'Active', accounts: 'Comptes de facturation', centres: 'Centres de coûts', colon: '\u00a0:' },
] as const;

describe.skipIf(!chromiumPath)('browser: the delegations screen (DLG-2..4)', () => {
  for (const c of CASES) {
    it(`${c.language}, 1440 px: the scope names its accounts and centres; the status badges are whole`, async () => {
      const { context, page, errors } = await open(c.language, 'owner@acme.test', ids.acme!);
      try {
        const row = page.getByTestId(`delegation-row-${pending.id}`);
        await row.waitFor();
        const scope = await row.getByTestId('delegation-scope').innerText();
        expect(scope).toMatch(new RegExp(`${c.accounts}${c.colon} ACME-0001`));
        expect(scope).toMatch(new RegExp(`${c.centres}${c.colon} Finance`));
        expect(scope).not.toMatch(/\d+ .*\(s\)/);
        expect(await row.getByTestId('delegation-status').innerText()).toBe(c.waiting);
        const statuses = await page.getByTestId('delegation-status').allInnerTexts();
        expect(statuses).toEqual(expect.arrayContaining([c.waiting, c.active]));
        expect(await cutBadges(page)).toEqual([]);
        // The page itself does not scroll sideways at this width.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        expect(errors).toEqual([]);
      } catch (e) {
        await saveScreenshots(`delegations-screen-${c.language}`, context);
        throw e;
      } finally {
        await context.close();
      }
    });

    it(`${c.language}: the last day of a new delegation is picked as dd/mm/yyyy`, async () => {
      const { context, page, errors } = await open(c.language, 'owner@acme.test', ids.acme!);
      try {
        await page.getByTestId('delegation-propose-open').click();
        await page.getByTestId('delegation-partner').fill(DEMO_CUSTOMERS.brightwave);
        await page.getByTestId('delegation-right-user-management-read').check();
        const day = addDays(brusselsDate(t.clock.now()), c.language === 'nl' ? 45 : 46);
        await fillDate(page, 'delegation-end-date', day);
        expect(await page.getByTestId('delegation-end-date').inputValue()).toBe(shownDate(day));
        await page.getByTestId('delegation-propose').click();
        await expect.poll(async () => (await t.database.db.selectFrom('delegations').select('id')
          .where('customer_id', '=', ids.acme!).where('ends_at', '>', new Date(`${day}T00:00:00Z`)).where('ends_at', '<', new Date(`${addDays(day, 1)}T00:00:00Z`))
          .execute()).length).toBe(1);
        expect(errors).toEqual([]);
      } catch (e) {
        await saveScreenshots(`delegations-date-${c.language}`, context);
        throw e;
      } finally {
        await context.close();
      }
    });
  }

  it('the partner’s AO is offered first in the assign dialog, told he must be chosen to act, and chooses himself', async () => {
    const { context, page, errors } = await open('nl', 'admin@brightwave.test', ids.brightwave!);
    try {
      const row = page.getByTestId(`delegation-row-${pending.id}`);
      await row.getByTestId('delegation-accept').click();
      await page.getByTestId('confirm-delegation-accept').click();
      await row.getByTestId('delegation-status').getByText('Actief').waitFor();
      await row.getByTestId('delegation-assign').click();
      const hint = page.getByTestId('delegation-assign-self-hint');
      await hint.getByText('U handelt zelf namens Acme Belgium NV pas als u bij de gekozen gebruikers staat.').waitFor();
      // The list of users starts with himself.
      await page.getByTestId('delegation-assign-select').click();
      const first = page.getByRole('option').first();
      expect(await first.innerText()).toBe('Bart Brightwave (admin@brightwave.test) (u)');
      await page.keyboard.press('Escape');
      await hint.getByTestId('delegation-assign-self').click();
      await hint.waitFor({ state: 'hidden' });
      await page.getByTestId('delegation-assign-save').click();
      await expect.poll(async () => (await t.database.db.selectFrom('delegation_users as du').innerJoin('users as u', 'u.id', 'du.user_id')
        .select('u.email').where('du.delegation_id', '=', pending.id).execute()).map((r) => r.email)).toEqual(['admin@brightwave.test']);
      await row.getByText('Bart Brightwave').waitFor();
      expect(errors).toEqual([]);
    } catch (e) {
      await saveScreenshots('delegations-assign-self', context);
      throw e;
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(!chromiumPath)('browser: a refusal in the portal\'s own words', () => {
  it('an affiliate request for a company the portal does not know says so in Dutch, without the server\'s English', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('mandate.language', 'nl'));
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${ids.acme!}/affiliates`);
      // A well-formed enterprise number (its check digits hold) that no customer of the portal has.
      await page.getByTestId('affiliate-number').fill('0400.000.086');
      await pick(page, 'affiliate-basis', nl['aff.basis.de_jure_voting_rights']);
      await page.getByTestId('affiliate-request').click();
      const alert = page.getByTestId('problem-alert');
      await alert.waitFor({ timeout: 15_000 });
      const text = (await alert.textContent())!;
      expect(text).toContain(nl['problem.company_not_registered']);
      expect(text).not.toMatch(/body\.|registered on the portal/);
    } finally {
      await context.close();
    }
  });
});
