import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createMongoAbility, subject } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import type { MeResponse } from '@mandate/contracts/me';
import { ApiClient, type TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: the AO invites a financial manager and grants invoice rights on ONE billing
 * account → that user signs in and sees exactly that (ROLE-4, ROLE-6, ROLE-7; invitations).
 */

let t: TestApp;
let browser: Browser;
let acme: string;
const accounts = new Map<string, string>();

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  // The browser's clock is the real one: the server's must agree (refresh cookie, token expiry).
  t.clock.set(new Date());
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  for (const b of await t.database.db.selectFrom('billing_accounts').select(['id', 'number']).where('customer_id', '=', acme).execute()) accounts.set(b.number, b.id);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});


async function navigation(page: Page): Promise<string[]> {
  await page.getByTestId('nav-profile').waitFor();
  const ids = await page.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  return [...new Set(ids)].sort();
}

describe.skipIf(!chromiumPath)('browser: the AO invites a financial manager with invoice rights on one billing account (ROLE-4/6/7)', () => {
  it('he signs in through the invitation and sees exactly that: invoices, on that one account', async () => {
    const email = `fm.${Date.now().toString(36)}@example.test`;
    const password = 'a-financial-managers-password';
    const ownerContext = await browser.newContext();
    const newcomerContext = await browser.newContext();
    const errors: string[] = [];
    try {
      // 1. The AO adds him as a Support Portal User, financial manager.
      const page = await ownerContext.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'owner@acme.test');
      // In-app navigation only from here on (no full reloads after signing in).
      await page.getByTestId('nav-user-management').click();
      await page.getByTestId('add-user').click();
      await page.getByTestId('user-form-email').fill(email);
      await page.getByTestId('user-form-first-name').fill('Frida');
      await page.getByTestId('user-form-last-name').fill('Facturen');
      await pick(page, 'user-form-profile', 'Support Portal User');
      await page.getByTestId('user-form-sub-profile-financial_manager').check();
      // The sub-profile brings its preset rights for review: he keeps invoices only.
      await page.getByTestId('preset-right-invoices-read').waitFor();
      for (const action of ['read', 'export']) await page.getByTestId(`preset-right-insights-${action}`).uncheck();
      for (const action of ['read', 'update']) await page.getByTestId(`preset-right-invoice-delivery-${action}`).uncheck();
      await pick(page, 'user-form-employment-basis', /onbepaalde duur|indefinite duration|durée indéterminée/);
      await page.getByTestId('user-form-submit').click();
      await page.getByTestId('add-user-done').waitFor();
      const userId = (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

      // 2. He opens the new user's rights and grants invoices, read, on ONE billing account.
      await page.getByTestId('data-table-search').fill('Facturen');
      await page.getByRole('link', { name: 'Frida Facturen' }).click();
      await page.getByTestId('user-rights-link').click();
      await page.getByTestId('rights-app-invoices').waitFor();
      // Only the scopes an app's data can be narrowed by are offered: user management covers the whole company.
      await page.getByTestId('rights-scope-user-management-whole-only').waitFor();
      expect(await page.getByTestId('rights-scope-user-management').count()).toBe(0);
      const readBox = page.getByTestId('rights-action-invoices-read');
      if (!(await readBox.isChecked())) await readBox.check();
      const exportBox = page.getByTestId('rights-action-invoices-export');
      if (await exportBox.isChecked()) await exportBox.uncheck();
      await page.getByTestId('rights-scope-edit-invoices').click();
      await page.getByTestId('rights-scope-invoices').getByText(/Gekozen facturatierekeningen|Chosen billing accounts|Comptes de facturation ou/).click();
      await pick(page, 'rights-scope-invoices-accounts', /ACME-0001/);
      await page.keyboard.press('Escape');
      // Whatever else his sub-profile filled in is taken away in the same Save: he keeps exactly that one right.
      for (const id of ['insights-read', 'insights-export', 'invoice-delivery-read', 'invoice-delivery-change']) {
        const box = page.getByTestId(`rights-action-${id}`);
        if (await box.isChecked()) await box.uncheck();
      }
      // One Save for the whole matrix, confirmed after its summary.
      await page.getByTestId('rights-save').click();
      await page.getByTestId('rights-confirm-save').click();
      await page.getByTestId('rights-saved').waitFor();

      // The database holds exactly that right, and nothing else for him.
      const grants = await t.database.db.selectFrom('grants as g').innerJoin('memberships as m', 'm.id', 'g.membership_id')
        .select(['g.app', 'g.actions', 'g.billing_account_ids', 'g.cost_centre_ids']).where('m.user_id', '=', userId).execute();
      expect(grants).toEqual([{ app: 'invoices', actions: ['read'], billing_account_ids: [accounts.get('ACME-0001')], cost_centre_ids: [] }]);

      // 3. The invitation link from the outbox; he sets his password.
      const mail = await t.database.db.selectFrom('mail_outbox').select(['body_text']).where('to_address', '=', email).where('kind', '=', 'invitation')
        .executeTakeFirst() ?? await t.database.db.selectFrom('mail_outbox').select(['body_text']).where('to_address', '=', email).executeTakeFirstOrThrow();
      const link = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+/.exec(mail.body_text)?.[0];
      expect(link, mail.body_text).toBeDefined();
      const newcomer = await newcomerContext.newPage();
      newcomer.on('pageerror', (e) => errors.push(String(e)));
      await newcomer.goto(link!);
      await newcomer.getByTestId('invitation-password').fill(password);
      await newcomer.getByTestId('invitation-password-repeat').fill(password);
      await newcomer.getByTestId('invitation-submit').click();
      await newcomer.getByTestId('invitation-done').waitFor();
      await newcomer.getByTestId('invitation-sign-in').click();

      // 4. He signs in: his only app is My invoice online, so his navigation is home, that app and his profile.
      await signIn(newcomer, t.url, email, password);
      await expect.poll(() => navigation(newcomer)).toEqual(['nav-home', 'nav-invoices', 'nav-profile'].sort());

      // And his rights at Acme are exactly that: the invoices app, on that one billing account; no administration.
      const api = new ApiClient(t.url);
      expect((await api.login(email, password)).status).toBe(200);
      const me = (await api.get<MeResponse>('/api/v1/me')).body;
      const atAcme = me.customers.find((c) => c.id === acme)!;
      expect(atAcme).toMatchObject({ relation: 'member', profile: 'support_portal_user', subProfiles: ['financial_manager'], apps: ['invoices'] });
      const ability = createMongoAbility(unpackRules(atAcme.rules as PackRule<never>[]) as never);
      const readable = [...accounts].filter(([, id]) => ability.can('read', subject('Invoice', { customerId: acme, billingAccountId: id }))).map(([n]) => n);
      expect(readable).toEqual(['ACME-0001']);
      expect(ability.can('export', subject('Invoice', { customerId: acme, billingAccountId: accounts.get('ACME-0001') }))).toBe(false);
      expect((await api.get(`/api/v1/customers/${acme}/users`)).status).toBe(403);
      expect((await api.get(`/api/v1/customers/${acme}/sims`)).status).toBe(403);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('invite-grant-e2e', ownerContext, newcomerContext);
      throw error;
    } finally {
      await ownerContext.close();
      await newcomerContext.close();
    }
  });
});
