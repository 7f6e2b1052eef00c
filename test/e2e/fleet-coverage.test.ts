import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: Fleet Manager covers the mobile billing accounts of its activation (PFM-2). A mobile
 * account opened later is listed on the fleet page for the Access Owner, who asks for it; until
 * operator staff approve, the fleet manager (his Fleet Manager right only) does not see its SIM;
 * afterwards he does.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
const MSISDN = '+32470990022';
const WAIT = { timeout: 15_000 };

const db = () => t.database.db;
const fleetUrl = (q = '') => `${t.url}/customers/${acme}/fleet${q ? `?q=${encodeURIComponent(q)}` : ''}`;
/** The SIM rows the fleet page shows for a search, once it has answered (the table, or "no SIM"). */
async function rowsFor(page: Page, q: string): Promise<number> {
  await page.goto(fleetUrl(q));
  await page.locator('[data-testid="fleet-row"], [data-testid="fleet-empty"]').first().waitFor(WAIT);
  return page.getByTestId('fleet-row').count();
}

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const { activated_at: activatedAt } = await db().selectFrom('customer_apps').select('activated_at')
    .where('customer_id', '=', acme).where('app', '=', 'fleet-manager').where('deactivated_at', 'is', null).executeTakeFirstOrThrow();
  const account = await db().insertInto('billing_accounts')
    .values({ customer_id: acme, number: 'ACME-0961', name: 'Acme mobile – new depot', type: 'mobile', created_at: new Date(new Date(activatedAt).getTime() + 86_400_000) })
    .returning('id').executeTakeFirstOrThrow();
  const sales = (await db().selectFrom('cost_centres').where('customer_id', '=', acme).where('name', '=', 'Sales').select('id').executeTakeFirstOrThrow()).id;
  await db().insertInto('sims').values({ customer_id: acme, billing_account_id: account.id, cost_centre_id: sales, msisdn: MSISDN, iccid: '8932000000009900220' }).execute();
  // The fleet manager keeps his Fleet Manager right only: mobile-number management covers every account.
  const membership = await db().selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .where('u.email', '=', 'fleet@acme.test').where('m.customer_id', '=', acme).select('m.id').executeTakeFirstOrThrow();
  await db().deleteFrom('grants').where('membership_id', '=', membership.id).where('app', '=', 'mobile').execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('browser: Fleet Manager covers the accounts of its activation (PFM-2)', () => {
  it('the AO asks for a later account on the fleet page, the operator approves, the fleet manager then sees its SIM', { timeout: 180_000 }, async () => {
    await inBrowser(browser, 'fleet-coverage-fleet-before', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      expect(await rowsFor(page, '0470990022')).toBe(0);
      expect(await rowsFor(page, '')).toBeGreaterThan(0);
    });

    await inBrowser(browser, 'fleet-coverage-owner', async (page) => {
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(fleetUrl());
      await page.getByTestId('coverage-ACME-0961').waitFor(WAIT);
      expect(await page.getByTestId('coverage-notice').innerText()).toContain('Fleet Manager covers the mobile billing accounts');
      await page.getByTestId('coverage-request-ACME-0961').click();
      await page.getByTestId('coverage-status-ACME-0961').waitFor(WAIT);
      expect(await page.getByTestId('coverage-request-ACME-0961').count()).toBe(0);
    });
    const request = await db().selectFrom('app_access_requests').select(['id', 'app', 'status']).where('customer_id', '=', acme).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ app: 'fleet-manager', status: 'pending' });

    await inBrowser(browser, 'fleet-coverage-operator', async (page) => {
      await signIn(page, t.url, 'operator@mandate.test');
      await page.goto(`${t.url}/backoffice?tab=access-requests`);
      const row = page.getByTestId('bo-access-requests').locator('tr', { hasText: 'ACME-0961' });
      await row.waitFor(WAIT);
      expect(await row.innerText()).toContain('Fleet Manager');
      await row.getByRole('button').first().click();
      await page.getByTestId('confirm-access-request-approve').click();
      await page.getByTestId('bo-access-requests-empty').waitFor(WAIT);
    });

    await inBrowser(browser, 'fleet-coverage-fleet-after', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await expect.poll(() => rowsFor(page, '0470990022'), WAIT).toBe(1);
    });
  });
});
