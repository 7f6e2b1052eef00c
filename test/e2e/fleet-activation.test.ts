import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { backofficeEn } from '../../web/src/features/backoffice/i18n/backoffice-en.ts';
import { customersEn } from '../../web/src/features/customers/i18n/customers-en.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: Fleet Manager on request with at least 30 SIM cards. Lumière's Access Owner (5 SIM cards)
 * sees what it needs and is refused by the server when he asks anyway; with 30 he asks and waits;
 * operator staff are shown the condition failing when the customer drops below 30 meanwhile, then
 * approve, and cannot end it while the customer has 30; the Access Owner then has the app.
 */

let t: TestApp;
let browser: Browser;
let lumiere: string;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  lumiere = (await db().selectFrom('customers').select('id').where('name', '=', 'Lumière SRL').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Gives Lumière SIM cards up to `count` (not deactivated), on its first billing account. */
async function simsUpTo(count: number): Promise<void> {
  const have = await db().selectFrom('sims').select('id').where('customer_id', '=', lumiere).where('status', '<>', 'deactivated').execute();
  const ba = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', lumiere).orderBy('number').executeTakeFirstOrThrow()).id;
  for (let i = have.length; i < count; i++) {
    await db().insertInto('sims').values({
      customer_id: lumiere, billing_account_id: ba, msisdn: `+3249${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      iccid: `8932${randomUUID().replace(/\D/g, '').slice(0, 15).padEnd(15, '0')}`,
    }).execute();
  }
}

describe.skipIf(!chromiumPath)('browser: Fleet Manager on request, with at least 30 SIM cards', () => {
  it('the AO asks, the operator approves after the condition is checked again, and the AO has the app', { timeout: 180_000 }, async () => {
    const card = (page: Page) => page.getByTestId('fleet-activation-card');

    await inBrowser(browser, 'fleet-activation-few', async (page) => {
      await signIn(page, t.url, 'owner@lumiere.test');
      await card(page).waitFor(WAIT);
      expect(await page.getByTestId('nav-fleet-manager').count()).toBe(0);
      // The condition and Lumière's 5 SIM cards.
      await expect.poll(() => page.getByTestId('fleet-activation-sims').getAttribute('data-sims'), WAIT).toBe('5');
      expect(await card(page).innerText()).toContain(fill(customersEn['fleetActivation.condition'], { minimum: 30 }));
      expect(await page.getByTestId('fleet-activation-sims').innerText()).toBe(fill(customersEn['fleetActivation.count'], { customer: 'Lumière SRL', sims: 5 }));

      // Too few: the request is not offered, and the card says why.
      expect(await page.getByTestId('fleet-activation-request').isDisabled()).toBe(true);
      expect(await page.getByTestId('fleet-activation-too-few').innerText()).toBe(fill(customersEn['fleetActivation.tooFew'], { minimum: 30 }));
      expect(await db().selectFrom('app_activation_requests').select('id').execute()).toHaveLength(0);
    });

    await simsUpTo(30);
    await inBrowser(browser, 'fleet-activation-ask', async (page) => {
      await signIn(page, t.url, 'owner@lumiere.test');
      await expect.poll(() => page.getByTestId('fleet-activation-sims').getAttribute('data-sims'), WAIT).toBe('30');
      await page.getByTestId('fleet-activation-request').click();
      await page.getByTestId('confirm-fleet-activation').click();
      await page.getByTestId('fleet-activation-pending').waitFor(WAIT);
      expect(await page.getByTestId('fleet-activation-pending').innerText()).toMatch(/waiting for the operator/);
      expect(await page.getByTestId('fleet-activation-request').count()).toBe(0);
      const asked = await db().selectFrom('app_activation_requests').select(['status', 'customer_id']).execute();
      expect(asked).toEqual([{ status: 'pending', customer_id: lumiere }]);
    });

    await inBrowser(browser, 'fleet-activation-operator', async (page) => {
      await signIn(page, t.url, 'operator@mandate.test');
      await page.goto(`${t.url}/backoffice?tab=fleet-manager`);
      const row = page.locator('[data-testid^="bo-fleet-activation-"][data-customer="Lumière SRL"]');
      await row.waitFor(WAIT);
      expect(await row.getByTestId('bo-fleet-activation-sims').innerText()).toBe('30');
      expect(await row.innerText()).toMatch(/Lumière SRL[\s\S]*30/);

      // Meanwhile Lumière dropped below 30: approving is refused, the reason in the dialog.
      const one = (await db().selectFrom('sims').select('id').where('customer_id', '=', lumiere).where('status', '<>', 'deactivated').executeTakeFirstOrThrow()).id;
      await db().updateTable('sims').set({ status: 'deactivated' }).where('id', '=', one).execute();
      await row.locator('[data-testid^="fleet-activation-approve-"]').click();
      await page.getByTestId('confirm-fleet-activation-approve').click();
      await expect.poll(() => page.getByTestId('modal-error').innerText(), WAIT)
        .toContain(fill(backofficeEn['bo.fm.problem.too_few_sims'], { customer: 'Lumière SRL', minimum: 30 }));
      await page.getByTestId('confirm-cancel').click();

      // A refusal needs its reason.
      await row.locator('[data-testid^="fleet-activation-refuse-"]').click();
      await page.getByTestId('confirm-fleet-activation-refuse').click();
      await page.getByTestId('reason-input').waitFor(WAIT);
      expect(await page.getByTestId('reason-input').getAttribute('aria-invalid')).toBe('true');
      await page.getByTestId('confirm-cancel').click();

      // Back at 30: approved, and the queue of requests to review is empty.
      await db().updateTable('sims').set({ status: 'active' }).where('id', '=', one).execute();
      await row.locator('[data-testid^="fleet-activation-approve-"]').click();
      await page.getByTestId('confirm-fleet-activation-approve').click();
      await page.getByTestId('bo-fleet-activations-empty').waitFor(WAIT);
      // Its row has gone with the button that opened the dialog: focus goes to the page's content, not to its top.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('main');
      expect((await db().selectFrom('app_activation_requests').select('status').executeTakeFirstOrThrow()).status).toBe('approved');

      // Ending it while Lumière has 30 SIM cards is refused, with the reason.
      await page.getByTestId('bo-tab-suspension').click();
      await page.getByTestId('bo-search').fill('Lumière');
      const customer = page.locator(`[data-testid="customer-row-${lumiere}"]`);
      await customer.waitFor(WAIT);
      await customer.getByTestId('customer-end-fleet-manager').click();
      await page.getByTestId('confirm-end-fleet-manager').click();
      await expect.poll(() => page.getByTestId('modal-error').innerText(), WAIT)
        .toContain(fill(backofficeEn['bo.fm.problem.condition_holds'], { customer: 'Lumière SRL', minimum: 30 }));
      await page.getByTestId('confirm-cancel').click();
      expect(await page.getByTestId('fleet-manager-ended').count()).toBe(0);
    });

    await inBrowser(browser, 'fleet-activation-active', async (page) => {
      await signIn(page, t.url, 'owner@lumiere.test');
      await page.getByTestId('nav-fleet-manager').waitFor(WAIT);
      await page.getByTestId('app-card-fleet-manager').waitFor(WAIT);
      expect(await page.getByTestId('fleet-activation-card').count()).toBe(0);
    });
  });
});
