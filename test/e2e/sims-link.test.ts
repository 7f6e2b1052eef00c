import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: "Service Users are linked to the SIMs they use". The AO opens a Service
 * User, links a line found by number in the picker, sees the move warning for a line someone else uses,
 * and unlinks a line after confirming.
 */

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


const sim = (msisdn: string) =>
  t.database.db.selectFrom('sims as s').leftJoin('users as u', 'u.id', 's.end_user_id')
    .select(['s.id', 's.end_user_id as endUserId', 'u.email']).where('s.customer_id', '=', acme).where('s.msisdn', '=', msisdn).executeTakeFirstOrThrow();

/** Opens the picker, searches a number and chooses the line. */
async function choose(page: Page, search: string, msisdn: string) {
  const picker = page.getByTestId('sims-picker');
  await picker.click();
  await picker.fill(search);
  await page.getByRole('option', { name: new RegExp(msisdn.replace('+', '\\+')) }).click();
}

describe.skipIf(!chromiumPath)('browser: linking lines to a Service User (SIM cards)', () => {
  it('the AO links a line from the user detail page and sees it listed; a used line asks to move; unlink asks to confirm', async () => {
    const context = await browser.newContext();
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'owner@acme.test');
      // In-app navigation only: the test clock lies behind the browser's, so a reload would lose the refresh cookie.
      await page.getByTestId('nav-user-management').click();
      await page.getByTestId('data-table-search').fill('Employee');
      await page.getByRole('link', { name: 'Emma Employee' }).click();
      await page.getByTestId('user-detail-name').waitFor();
      const card = page.getByTestId('user-sims');
      const cell = (msisdn: string) => card.getByRole('cell', { name: msisdn, exact: true });
      await cell('+32470000001').waitFor();

      // A line without an end user, found by its national number, "unassigned only".
      const free = await sim('+32470000039');
      expect(free.endUserId).toBeNull();
      await page.getByTestId('sims-link').click();
      await page.getByTestId('sims-unassigned-only').check();
      await choose(page, '0470 000 039', '+32470000039');
      await expect.poll(() => page.getByTestId('sims-move-warning').count()).toBe(0);
      await page.getByTestId('sims-link-confirm').click();
      await cell('+32470000039').waitFor();
      await page.getByTestId('sims-message').waitFor();
      expect((await sim('+32470000039')).email).toBe('employee@acme.test');
      expect((await sim('+32470000001')).email).toBe('employee@acme.test');

      // A line someone else uses: the picker says who, and linking it is a confirmed move.
      const used = await sim('+32470000002');
      expect(used.email).not.toBe('employee@acme.test');
      await page.getByTestId('sims-link').click();
      await choose(page, '+32 470 000 002', '+32470000002');
      await page.getByTestId('sims-move-warning').waitFor();
      await page.getByTestId('sims-link-confirm').click();
      await cell('+32470000002').waitFor();
      expect((await sim('+32470000002')).email).toBe('employee@acme.test');

      // Unlinking asks first; Cancel keeps the line, confirming unlinks it.
      await page.getByTestId(`sims-unlink-${free.id}`).click();
      await page.getByTestId('confirm-cancel').click();
      expect((await sim('+32470000039')).email).toBe('employee@acme.test');
      await page.getByTestId(`sims-unlink-${free.id}`).click();
      await page.getByTestId('confirm-sims-unlink').click();
      await expect.poll(() => cell('+32470000039').count()).toBe(0);
      expect((await sim('+32470000039')).endUserId).toBeNull();
      await cell('+32470000002').waitFor();
      await cell('+32470000001').waitFor();

      const audits = await t.database.db.selectFrom('audit_log').select('action').where('customer_id', '=', acme).where('action', '=', 'user.set_sims').execute();
      expect(audits).toHaveLength(3);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('sims-link-e2e', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
