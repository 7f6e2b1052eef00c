import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { backofficeEn } from '../../web/src/features/backoffice/i18n/backoffice-en.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, fillDate, inBrowser, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: operator staff withdraw a tariff plan from the back office (MOB-11). A last switch date
 * before the withdrawal is refused in the form and nothing changes; with both dates right the plan
 * is withdrawn, shown so, and the Access Owners of the customers with lines on it are mailed.
 */

let t: TestApp;
let browser: Browser;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('browser: operator staff withdraw a tariff plan (MOB-11)', () => {
  it('refuses a last switch date before the withdrawal, then withdraws the plan and mails the Access Owners', { timeout: 120_000 }, async () => {
    const plan = await db().selectFrom('tariff_plans').where('code', '=', 'BM-S').select(['id', 'name']).executeTakeFirstOrThrow();

    await inBrowser(browser, 'plan-withdrawal', async (page) => {
      await signIn(page, t.url, 'operator@mandate.test');
      await page.goto(`${t.url}/backoffice?tab=tariff-plans`);
      const row = page.getByTestId('bo-plan-BM-S');
      await row.waitFor(WAIT);
      expect(await row.getByTestId('bo-plan-status').innerText()).toBe(backofficeEn['bo.plans.offered']);
      // A plan withdrawn in the demo catalogue shows its dates and offers no withdrawal.
      expect(await page.getByTestId('bo-plan-BM-CLASSIC').getByTestId('bo-plan-status').innerText()).toMatch(/^Withdrawn from/);
      expect(await page.getByTestId('bo-plan-withdraw-BM-CLASSIC').count()).toBe(0);

      await page.getByTestId('bo-plan-withdraw-BM-S').click();
      // An irreversible step opens on Cancel, not on the dialog's close cross.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bo-plan-withdraw-cancel');
      await fillDate(page, 'bo-plan-withdrawn-at', '2027-03-01');
      await fillDate(page, 'bo-plan-last-switch', '2027-02-01');
      await page.getByTestId('confirm-bo-plan-withdraw').click();
      await page.getByText(backofficeEn['bo.plans.problem.beforeWithdrawal']).waitFor(WAIT);
      expect((await db().selectFrom('tariff_plans').where('id', '=', plan.id).select('withdrawn_at').executeTakeFirstOrThrow()).withdrawn_at).toBeNull();

      await fillDate(page, 'bo-plan-last-switch', '2027-05-31');
      await page.getByTestId('confirm-bo-plan-withdraw').click();
      const done = page.getByTestId('bo-plan-withdrawn');
      await done.waitFor(WAIT);
      // As many customers as were mailed (those with lines on it and an Access Owner who can sign in).
      const mailed = await db().selectFrom('mail_outbox').where('kind', '=', 'plan_withdrawn')
        .select((eb) => eb.fn.count<number>('customer_id').distinct().as('n')).executeTakeFirstOrThrow();
      expect(Number(mailed.n)).toBeGreaterThan(0);
      expect(await done.innerText()).toBe(backofficeEn['bo.plans.withdrawn'].replace('{plan}', plan.name).replace('{customers}', String(mailed.n)));
      await expect.poll(() => row.getByTestId('bo-plan-status').innerText(), WAIT).toMatch(/^Withdrawn from/);
      expect(await page.getByTestId('bo-plan-withdraw-BM-S').count()).toBe(0);
    });

    const stored = await db().selectFrom('tariff_plans').where('id', '=', plan.id).select(['withdrawn_at', 'last_switch_on']).executeTakeFirstOrThrow();
    expect([String(stored.withdrawn_at).slice(0, 10), String(stored.last_switch_on).slice(0, 10)]).toEqual(['2027-03-01', '2027-05-31']);
    const mails = await db().selectFrom('mail_outbox').where('to_address', '=', 'owner@acme.test').where('body_text', 'like', `%${plan.name}%`).select('id').execute();
    expect(mails.length).toBeGreaterThan(0);
  });
});
