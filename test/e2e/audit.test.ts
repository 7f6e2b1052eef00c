import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AuditListResponse } from '@mandate/contracts/audit';
import type { SimDetail } from '@mandate/contracts/sims';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, fillDate, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser (SEC-3): the AO opens the Audit tab, sees a recent change with its actor, filters by action, opens the detail;
 * a fleet action reads in Dutch with the line's mobile number.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let logistics: string;
let grantEntry: string;
let msisdn: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const userId = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const account = (await db.selectFrom('billing_accounts').select('id').where('number', '=', 'ACME-0002').executeTakeFirstOrThrow()).id;
  // A fleet action first (the fleet manager hides the caller id of a Sales line), then two real
  // changes through the API: a right narrowed, then a user suspended.
  const line = await db.selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .select(['s.id', 's.msisdn']).where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').where('s.status', '=', 'active')
    .orderBy('s.msisdn').executeTakeFirstOrThrow();
  msisdn = line.msisdn;
  const fleet = await signedIn(t.url, 'fleet@acme.test');
  const current = await fleet.get<SimDetail>(`/api/v1/customers/${acme}/sims/${line.id}`);
  const ordered = await fleet.post(`/api/v1/customers/${acme}/sims/${line.id}/orders`, { kind: 'clir', enabled: !current.body.clir }, { 'if-match': current.headers.get('etag')! });
  expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
  t.clock.advance(60_000);
  const owner = await signedIn(t.url, 'owner@acme.test');
  const grant = await owner.request('PUT', `/api/v1/customers/${acme}/users/${await userId('finance@acme.test')}/grants/invoices`, { actions: ['read'], billingAccountIds: [account] });
  expect(grant.status).toBe(200);
  t.clock.advance(60_000);
  expect((await owner.post(`/api/v1/customers/${acme}/users/${await userId('fleet@acme.test')}/suspend`)).status).toBe(200);
  // DLG-1: the AO acts for the affiliate Acme Logistics BV.
  logistics = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Logistics BV').executeTakeFirstOrThrow()).id;
  const invited = await owner.post(`/api/v1/customers/${logistics}/users`, {
    email: 'audit.depot@acme.test', firstName: 'Dirk', lastName: 'Depot', language: 'nl', profile: 'service_user',
    subProfiles: [], employmentBasis: 'employment_indefinite', employmentEnd: null,
  });
  expect(invited.status, JSON.stringify(invited.body)).toBeLessThan(300);
  const list = await owner.get<AuditListResponse>(`/api/v1/customers/${acme}/audit?action=grant.update`);
  grantEntry = list.body.items[0]!.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});


describe.skipIf(!chromiumPath)('browser: the audit view (SEC-3)', () => {
  it('the AO opens the Audit tab, sees the recent changes with their actor, filters by action and opens the detail', async () => {
    const context = await browser.newContext();
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${acme}/users`);
      await page.getByTestId('users-table').waitFor();
      // A member acting for his own company: no note about a parent.
      expect(await page.getByTestId('users-via-parent').count()).toBe(0);
      await page.getByTestId('tab-audit').click();
      await page.waitForURL(`**/customers/${acme}/audit`);
      const table = page.getByTestId('audit-table');
      await table.getByText('Olivia Owner').first().waitFor();
      // The owner's language is Dutch: the actions are labelled, newest first (the newest is his
      // invitation at the affiliate, DLG-1).
      const actions = await table.getByTestId('audit-action').allInnerTexts();
      expect(actions.slice(0, 3)).toEqual(['Gebruiker uitgenodigd', 'Gebruiker opgeschort', 'Recht gewijzigd']);

      // Filter by action: only the right that changed stays.
      await page.getByTestId('audit-filter-action').click();
      await page.getByRole('option', { name: 'Recht gewijzigd' }).click();
      await expect.poll(() => table.getByTestId('audit-action').allInnerTexts()).toEqual(['Recht gewijzigd']);

      // The detail shows who, for whom, and before → after of the changed fields.
      await page.getByTestId(`audit-row-${grantEntry}`).click();
      const detail = page.getByTestId('audit-detail');
      await detail.waitFor();
      await detail.getByText('Olivia Owner <owner@acme.test>').waitFor();
      await detail.getByTestId('audit-detail-target').getByText('Recht: Fiona Finance').waitFor();
      const actionsLine = detail.getByTestId('audit-diff-actions');
      expect(await actionsLine.getAttribute('data-changed')).toBe('true');
      expect(await actionsLine.innerText()).toMatch(/Bekijken, Exporteren[\s\S]*→ Bekijken/);

      // A fleet action is labelled too, and names the line by its mobile number.
      await page.keyboard.press('Escape');
      await page.getByTestId('audit-filter-action').click();
      await page.getByRole('option', { name: 'Verbergen van het nummer gewijzigd' }).click();
      await expect.poll(() => table.getByTestId('audit-action').allInnerTexts()).toEqual(['Verbergen van het nummer gewijzigd']);
      expect((await table.getByTestId('audit-target').innerText()).split('\n').filter(Boolean)).toEqual([msisdn, 'Simkaart']);
      await table.getByTestId('audit-action').click();
      await page.getByTestId('audit-detail').getByTestId('audit-detail-target').getByText(`Simkaart: ${msisdn}`).waitFor();
      await page.keyboard.press('Escape');
      // No code is offered raw, nor one no customer's trail holds (a sign-in).
      await page.getByTestId('audit-filter-action').click();
      const offered = await page.getByRole('option').allInnerTexts();
      expect(offered.filter((o) => /^[a-z_]+\.[a-z_]+$/.test(o))).toEqual([]);
      expect(offered).not.toContain('Aangemeld');
      await page.keyboard.press('Escape');

      // A range that ends before it starts is refused in the form, no request goes out as a 400.
      await page.keyboard.press('Escape');
      await fillDate(page, 'audit-filter-from', '2030-01-02');
      await fillDate(page, 'audit-filter-to', '2030-01-01');
      await page.getByText('De einddatum moet op of na de begindatum liggen.').waitFor();
      expect(errors).toEqual([]);

      // DLG-1: the affiliate's trail names both the affiliate acted for and the actor's own company.
      await page.goto(`${t.url}/customers/${logistics}/audit`);
      const via = page.getByTestId('audit-table').getByTestId('audit-acting-via').first();
      await expect.poll(() => via.textContent()).toBe('als verbonden onderneming van Acme Belgium NV');
      // The company's own trail shows the same act, for the affiliate.
      await page.goto(`${t.url}/customers/${acme}/audit`);
      const forAffiliate = page.getByTestId('audit-table').getByRole('row').filter({ has: page.getByTestId('audit-acting-via') }).first();
      await expect.poll(() => forAffiliate.textContent()).toContain('Acme Logistics BVals verbonden onderneming van Acme Belgium NV');
      // The affiliate's user list says why the parent's Access Owner, acting there, is not in it.
      await page.goto(`${t.url}/customers/${logistics}/users`);
      await expect.poll(() => page.getByTestId('users-via-parent').textContent()).toBe(
        'U treedt op voor Acme Logistics BV als Access Owner van Acme Belgium NV, waarvan het een verbonden onderneming is. De Access Owners van Acme Belgium NV staan niet hier, maar bij de gebruikers van Acme Belgium NV.',
      );
    } finally {
      await context.close();
    }
  });
});
