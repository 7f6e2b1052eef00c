import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AuditListResponse } from '@mandate/contracts/audit';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, fillDate, launchBrowser, saveScreenshots, shownDate, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser (SEC-3): the audit detail speaks the administrator's language — labelled, translated
 * fields, names instead of ids (billing account numbers, people), yes/no, the changed fields
 * first — and keeps the ids under "technical details". In NL, FR and EN.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let grantEntry: string;
let deputyEntry: string;
let financeId: string;
let accountId: string;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const userId = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  financeId = await userId('finance@acme.test');
  accountId = (await db.selectFrom('billing_accounts').select('id').where('number', '=', 'ACME-0002').executeTakeFirstOrThrow()).id;
  const owner = await signedIn(t.url, 'owner@acme.test');
  const grant = await owner.request('PUT', `/api/v1/customers/${acme}/users/${financeId}/grants/invoices`, { actions: ['read'], billingAccountIds: [accountId] });
  expect(grant.status).toBe(200);
  t.clock.advance(60_000);
  const deputy = await owner.post(`/api/v1/customers/${acme}/users/${await userId('manager@acme.test')}/make-deputy`);
  expect(deputy.status, JSON.stringify(deputy.body)).toBe(200);
  const list = await owner.get<AuditListResponse>(`/api/v1/customers/${acme}/audit`);
  grantEntry = list.body.items.find((i) => i.action === 'grant.update')!.id;
  deputyEntry = list.body.items.find((i) => i.action === 'user.make_deputy')!.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const CASES = [
  {
    language: 'nl', locale: 'nl-BE', action: 'Recht gewijzigd', concerns: 'Recht: Fiona Finance', technical: 'Technische details',
    fields: { actions: 'Acties', billingAccountIds: 'Facturatierekeningen', app: 'Applicatie', userId: 'Gebruiker' },
    actions: /Bekijken, Exporteren[\s\S]*→ Bekijken/, deputy: ['Plaatsvervangende Access Owner', /nee[\s\S]*→ ja/], profile: 'Access Manager', rangeInvalid: 'De einddatum moet op of na de begindatum liggen.',
  },
  {
    language: 'fr', locale: 'fr-BE', action: 'Droit modifié', concerns: 'Droit\u00a0: Fiona Finance', technical: 'Détails techniques',
    fields: { actions: 'Actions', billingAccountIds: 'Comptes de facturation', app: 'Application', userId: 'Utilisateur' },
    actions: /Consulter, Exporter[\s\S]*→ Consulter/, deputy: ['Access Owner suppléant', /non[\s\S]*→ oui/], profile: 'Access Manager', rangeInvalid: 'La date de fin doit être égale ou postérieure à la date de début.',
  },
  {
    language: 'en', locale: 'en-GB', action: 'Right changed', concerns: 'Right: Fiona Finance', technical: 'Technical details',
    fields: { actions: 'Actions', billingAccountIds: 'Billing accounts', app: 'App', userId: 'User' },
    actions: /View, Export[\s\S]*→ View/, deputy: ['Deputy Access Owner', /no[\s\S]*→ yes/], profile: 'Access Manager', rangeInvalid: 'The end date must be on or after the start date.',
  },
] as const;

describe.skipIf(!chromiumPath)('browser: the audit detail in the administrator’s words (SEC-3)', () => {
  for (const c of CASES) {
    it(`${c.language}: labelled fields, names and yes/no, changes first, ids only under technical details`, async () => {
      const context = await browser.newContext({ locale: c.locale, viewport: { width: 1440, height: 900 } });
      await context.addInitScript((language) => localStorage.setItem('mandate.language', language), c.language);
      const errors: string[] = [];
      try {
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(String(e)));
        await signIn(page, t.url, 'owner@acme.test');
        await page.goto(`${t.url}/customers/${acme}/audit`);
        const table = page.getByTestId('audit-table');
        await table.getByText(c.action).first().waitFor();
        // The list never shows a bare id as what an entry concerns.
        expect(await table.innerText()).not.toMatch(UUID);

        // A right narrowed: labelled fields, the changed ones first, the billing account by its number, the user by name.
        await page.getByTestId(`audit-row-${grantEntry}`).click();
        const detail = page.getByTestId('audit-detail');
        await detail.waitFor();
        expect(await detail.getByTestId('audit-detail-target').innerText()).toBe(c.concerns);
        const labels = await detail.getByTestId('audit-diff-label').allInnerTexts();
        expect(labels.slice(0, 2)).toEqual([c.fields.actions, c.fields.billingAccountIds]);
        expect(labels).toEqual(expect.arrayContaining([c.fields.app, c.fields.userId]));
        expect(labels.join(' ')).not.toMatch(/billingAccountIds|userId|membershipId/);
        expect(await detail.getByTestId('audit-diff-actions').innerText()).toMatch(c.actions);
        const accounts = await detail.getByTestId('audit-diff-billingAccountIds').innerText();
        expect(accounts).toMatch(/^\S.*\tACME-0001 \(Acme mobile – head office\), ACME-0002 \(Acme mobile – field\), ACME-0003 \(Acme fixed lines\)\t→ ACME-0002 \(Acme mobile – field\)$/);
        expect(await detail.getByTestId('audit-diff-userId').innerText()).toContain('Fiona Finance');
        expect(await detail.getByTestId('audit-diff').innerText()).not.toMatch(UUID);

        // The ids are there for whoever needs them, behind the disclosure.
        const technical = detail.getByTestId('audit-technical');
        expect(await technical.getByText(accountId).first().isVisible()).toBe(false);
        await technical.getByText(c.technical).click();
        await technical.getByText(grantEntry, { exact: true }).waitFor();
        expect(await technical.innerText()).toContain(financeId);
        await page.keyboard.press('Escape');
        await detail.waitFor({ state: 'hidden' });

        // A deputy named: yes/no instead of true/false, the profile by its name, the user id not a field.
        await page.getByTestId(`audit-row-${deputyEntry}`).click();
        await detail.waitFor();
        const first = detail.getByTestId('audit-diff-label').first();
        expect(await first.innerText()).toBe(c.deputy[0]);
        expect(await detail.getByTestId('audit-diff-isDeputy').innerText()).toMatch(c.deputy[1]);
        expect(await detail.getByTestId('audit-diff-profile').innerText()).toContain(c.profile);
        expect(await detail.getByTestId('audit-diff-isDeputy').getAttribute('data-changed')).toBe('true');
        expect(await detail.getByTestId('audit-diff-profile').getAttribute('data-changed')).toBeNull();
        expect(await detail.getByTestId('audit-diff').innerText()).not.toMatch(/\btrue\b|\bfalse\b|isDeputy|membershipId/);
        expect(await detail.getByTestId('audit-diff').innerText()).not.toMatch(UUID);
        await page.keyboard.press('Escape');
        await detail.waitFor({ state: 'hidden' });

        // The date filters read and take dd/mm/yyyy, and filter by those days.
        const today = new Date(t.clock.now()).toISOString().slice(0, 10);
        await fillDate(page, 'audit-filter-from', today);
        await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(today);
        expect(await page.getByTestId('audit-filter-from').inputValue()).toBe(shownDate(today));
        await fillDate(page, 'audit-filter-to', '2000-01-01');
        await expect.poll(() => new URL(page.url()).searchParams.get('to')).toBe('2000-01-01');
        expect(await page.getByTestId('audit-filter-to').inputValue()).toBe('01/01/2000');
        await page.getByText(c.rangeInvalid).waitFor();
        expect(errors).toEqual([]);
      } catch (e) {
        await saveScreenshots(`audit-detail-${c.language}`, context);
        throw e;
      } finally {
        await context.close();
      }
    });
  }
});
