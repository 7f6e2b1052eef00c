import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/** Browser: the AO invites a user, the link in the mail sets his password, he signs in; the AO suspends him. */

let t: TestApp;
let browser: Browser;
let acme: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});


describe.skipIf(!chromiumPath)('browser: inviting a user (ROLE-7, invitations)', () => {
  it('the AO invites a user; the link in the mail sets his password; he signs in; the AO suspends him', async () => {
    const email = `invited.${Date.now().toString(36)}@example.test`;
    const owner = await browser.newContext();
    const invited = await browser.newContext();
    const errors: string[] = [];
    try {
      const page = await owner.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'owner@acme.test');
      // In-app navigation only: the test clock lies behind the browser's, so a reload would lose the refresh cookie.
      await page.getByTestId('nav-user-management').click();
      await page.getByTestId('add-user').click();

      // Client-side validation first: nothing is sent without the required fields.
      await page.getByTestId('user-form-submit').click();
      await expect.poll(() => page.getByText(/Vul dit veld in|Fill in this field|Remplissez ce champ/).count()).toBeGreaterThan(0);

      await page.getByTestId('user-form-email').fill(email);
      await page.getByTestId('user-form-first-name').fill('Ines');
      await page.getByTestId('user-form-last-name').fill('Invited');
      await pick(page, 'user-form-profile', 'Support Portal User');
      await page.getByTestId('user-form-sub-profile-financial_manager').check();
      await pick(page, 'user-form-employment-basis', /onbepaalde duur|indefinite duration|durée indéterminée/);
      await page.getByTestId('user-form-submit').click();
      await page.getByTestId('add-user-done').waitFor();

      // The invitation is in the outbox, with its link.
      const mail = await t.database.db.selectFrom('mail_outbox').select(['body_text']).where('to_address', '=', email).executeTakeFirstOrThrow();
      const link = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+/.exec(mail.body_text)?.[0];
      expect(link).toBeDefined();

      const newcomer = await invited.newPage();
      newcomer.on('pageerror', (e) => errors.push(String(e)));
      await newcomer.goto(link!);
      await newcomer.getByTestId('invitation-password').fill('my-own-long-password');
      await newcomer.getByTestId('invitation-password-repeat').fill('my-own-long-password');
      await newcomer.getByTestId('invitation-submit').click();
      await newcomer.getByTestId('invitation-done').waitFor();
      await newcomer.getByTestId('invitation-sign-in').click();
      await signIn(newcomer, t.url, email, 'my-own-long-password');

      // The link works once.
      await newcomer.goto(link!);
      await newcomer.getByTestId('invitation-invalid').waitFor();

      // The AO opens him from the list and suspends him after confirming.
      await page.getByTestId('add-user-done').waitFor();
      await page.getByTestId('data-table-search').fill('Invited');
      await page.getByRole('link', { name: 'Ines Invited' }).click();
      await page.getByTestId('user-detail-name').waitFor();
      await page.getByTestId('user-suspend').click();
      await page.getByTestId('confirm-suspend').click();
      await page.getByTestId('user-reactivate').waitFor();
      const membership = await t.database.db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.status').where('u.email', '=', email).where('m.customer_id', '=', acme).executeTakeFirstOrThrow();
      expect(membership.status).toBe('suspended');
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('users-admin-e2e', owner, invited);
      throw error;
    } finally {
      await owner.close();
      await invited.close();
    }
  });
});
