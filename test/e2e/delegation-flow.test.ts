import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { brusselsDate } from '@mandate/domain/dates';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { DEMO_PASSWORD, type TestApp } from '../support/test-app.ts';
import { chromiumPath, fillDate, launchBrowser, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: the AO proposes a delegation to Brightwave → the operator approves →
 * Brightwave's AO accepts and assigns a user → that user acts for Acme → the AO revokes →
 * the next click of that user is refused (DLG-2..4).
 */

let t: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  browser = await launchBrowser();
  // Real time: the browser drops a refresh cookie whose expiry (from the app's clock) lies in its past,
  // and this test reloads pages (a reload restores the session through that cookie).
  t.clock.set(new Date());
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['brightwave', 'Brightwave IT BV']]) {
    ids[key!] = (await t.database.db.selectFrom('customers').select('id').where('name', '=', name!).executeTakeFirstOrThrow()).id;
  }
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function signedInPage(email: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${t.url}/login`);
  await page.getByLabel(/e-?mail/i).fill(email);
  await page.getByLabel(/password|wachtwoord|mot de passe/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in|aanmelden|se connecter/i }).click();
  await page.getByTestId('nav-profile').waitFor();
  return page;
}

const delegationRow = () =>
  t.database.db.selectFrom('delegations').select(['id', 'status']).where('customer_id', '=', ids.acme!).where('partner_id', '=', ids.brightwave!)
    .where('status', '<>', 'active').orderBy('created_at', 'desc').executeTakeFirst();
const statusOf = async (id: string) => (await t.database.db.selectFrom('delegations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe.skipIf(!chromiumPath)('browser: third-party delegation life cycle (DLG-2..4)', () => {
  it('propose → approve → accept and assign → act for Acme → revoke → the next click is refused', async () => {
    // 1. The Acme AO proposes a delegation (user management, read) to Brightwave.
    const owner = await signedInPage('owner@acme.test');
    await owner.goto(`${t.url}/customers/${ids.acme}/delegations`);
    await owner.getByTestId('delegation-propose-open').click();
    await owner.getByTestId('delegation-partner').fill(DEMO_CUSTOMERS.brightwave);
    await owner.getByTestId('delegation-right-user-management-read').check();
    await fillDate(owner, 'delegation-end-date', brusselsDate(new Date(t.clock.now().getTime() + 60 * 86_400_000)));
    await owner.getByTestId('delegation-propose').click();
    await expect.poll(async () => (await delegationRow())?.status).toBe('pending_operator');
    const id = (await delegationRow())!.id;
    await owner.getByTestId(`delegation-row-${id}`).waitFor();

    // 2. The operator approves it in the back office.
    const operator = await signedInPage('operator@mandate.test');
    await operator.goto(`${t.url}/backoffice`);
    await operator.getByTestId(`delegation-approve-${id}`).click();
    await operator.getByTestId('confirm-delegation-approve').click();
    await expect.poll(() => statusOf(id)).toBe('pending_partner');

    // 3. Brightwave's AO accepts and assigns tech@brightwave.test.
    const partner = await signedInPage('admin@brightwave.test');
    await partner.goto(`${t.url}/customers/${ids.brightwave}/delegations`);
    const row = partner.getByTestId(`delegation-row-${id}`);
    await row.getByTestId('delegation-accept').click();
    await partner.getByTestId('confirm-delegation-accept').click();
    await expect.poll(() => statusOf(id)).toBe('active');
    await row.getByTestId('delegation-assign').click();
    await partner.getByTestId('delegation-assign-select').click();
    await partner.getByTestId('delegation-assign-select').fill('Tess');
    await partner.getByRole('option', { name: /Tess Technician/ }).click();
    await partner.keyboard.press('Tab'); // closes the list of users
    await partner.getByTestId('delegation-assign-save').click();
    await expect.poll(async () => (await t.database.db.selectFrom('delegation_users').select('user_id').where('delegation_id', '=', id).execute()).length).toBe(1);

    // 4. Tess acts for Acme: the switcher offers it, and she reads the Acme users.
    const tech = await signedInPage('tech@brightwave.test');
    await tech.getByTestId('customer-switcher').click();
    await tech.getByRole('option', { name: /Acme Belgium NV/ }).click();
    await tech.goto(`${t.url}/customers/${ids.acme}/users`);
    const table = tech.getByTestId('users-table');
    await expect.poll(() => table.getByText(/@acme\.test$/).count()).toBeGreaterThan(5);

    // 5. The Acme AO revokes.
    await owner.reload();
    await owner.getByTestId(`delegation-row-${id}`).getByTestId('delegation-revoke').click();
    await owner.getByTestId('confirm-delegation-revoke').click();
    await expect.poll(() => statusOf(id)).toBe('revoked');

    // 6. Her next click is refused: the next page of the list is "not found" for her now.
    await tech.getByRole('button', { name: /^(Next|Volgende|Suivant)$/ }).click();
    await tech.getByTestId('not-found').waitFor();
  });
});
