import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { SimOrder } from '@mandate/contracts/sim-orders';
import { backofficeEn } from '../../web/src/features/backoffice/i18n/backoffice-en.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: operator staff handle the number changes and port-outs customers asked for (MOB-8).
 * Acme's fleet manager asks for a number change and a port-out through the API; in the back office
 * the operator completes the number change (the SIM card gets the number asked for) and rejects the
 * port-out after giving a reason (the line is active again); the queue is then empty.
 */

let t: TestApp;
let browser: Browser;
let acme: string;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The fleet manager asks for a change of one of his Sales SIM cards, as the fleet screens do. */
async function ask(simId: string, body: unknown): Promise<SimOrder> {
  const fleet = await signedIn(t.url, 'fleet@acme.test');
  const path = `/api/v1/customers/${acme}/sims/${simId}`;
  const etag = (await fleet.get(path)).headers.get('etag')!;
  const res = await fleet.post<SimOrder>(`${path}/orders`, body, { 'if-match': etag });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe.skipIf(!chromiumPath)('browser: the operator completes a number change and rejects a port-out', () => {
  it('completes with the number asked for, rejects with a reason, and no number change waits any more', { timeout: 180_000 }, async () => {
    const sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
    const [first, second] = await db().selectFrom('sims').select(['id', 'msisdn']).where('customer_id', '=', acme).where('cost_centre_id', '=', sales)
      .where('status', '=', 'active').orderBy('msisdn').limit(2).execute();
    const change = await ask(first!.id, { kind: 'number_change', desiredMsisdn: '0499 55 44 33' });
    const portOut = await ask(second!.id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' });

    // The fleet manager is not offered a second number change while the first waits at the operator.
    const [, , other] = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).where('cost_centre_id', '=', sales)
      .where('status', '=', 'active').orderBy('msisdn').limit(3).execute();
    await inBrowser(browser, 'number-change-waiting', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${other!.id}`);
      await page.getByTestId('sim-line-number_change').waitFor(WAIT);
      await page.goto(`${t.url}/customers/${acme}/fleet/${first!.id}`);
      // Listed with the line's changes waiting, to take effect when the operator completes it (not "at once").
      await page.getByTestId('sim-orders').locator('tbody tr').first().waitFor(WAIT);
      expect(await page.getByTestId('sim-orders').locator('tbody tr').first().textContent()).toContain('When the operator completes it');
      await page.getByTestId('sim-line-suspend').waitFor(WAIT);
      expect(await page.getByTestId('sim-line-number_change').count()).toBe(0);
    });

    await inBrowser(browser, 'number-change-operator', async (page) => {
      await signIn(page, t.url, 'operator@mandate.test');
      await page.goto(`${t.url}/backoffice?tab=sim-orders`);
      const changeRow = page.getByTestId(`bo-sim-order-${change.id}`);
      await changeRow.waitFor(WAIT);
      expect(await changeRow.innerText()).toContain('+32499554433');
      expect(await page.getByTestId(`bo-sim-order-${portOut.id}`).innerText()).toContain('Other Mobile NV');

      // Complete: the dialog shows the number the customer asked for; confirmed, the SIM card has it.
      await page.getByTestId(`sim-order-complete-${change.id}`).click();
      expect(await page.getByTestId('new-msisdn').inputValue()).toBe('+32499554433');
      // A number in use, then a fixed line: the back office's words on the number's field, no alert about "something" besides.
      const dialog = page.getByRole('dialog');
      for (const [typed, text] of [[second!.msisdn, backofficeEn['bo.mob.problem.msisdn_taken']], ['+32 2 123 45 67', backofficeEn['bo.mob.problem.invalid_msisdn']]] as const) {
        await page.getByTestId('new-msisdn').fill(typed);
        await page.getByTestId('confirm-sim-order-complete').click();
        await expect.poll(() => page.getByTestId('new-msisdn').getAttribute('aria-invalid'), WAIT).toBe('true');
        await dialog.getByText(text).waitFor(WAIT);
        expect(await page.getByTestId('modal-error').count()).toBe(0);
        expect(await dialog.innerText()).not.toMatch(/body\.msisdn/);
      }
      await page.getByTestId('new-msisdn').fill('+32499554433');
      await page.getByTestId('confirm-sim-order-complete').click();
      await page.getByTestId('sim-order-done').waitFor(WAIT);
      // It names the number the line has now, not only the one it had.
      expect(await page.getByTestId('sim-order-done').textContent()).toContain('+32499554433');
      await changeRow.waitFor({ state: 'detached', ...WAIT });
      expect((await db().selectFrom('sims').select('msisdn').where('id', '=', first!.id).executeTakeFirstOrThrow()).msisdn).toBe('+32499554433');

      // Reject: a reason is required; given, the port-out does not happen and the line is active again.
      await page.getByTestId(`sim-order-reject-${portOut.id}`).click();
      await page.getByTestId('confirm-sim-order-reject').click();
      await page.getByTestId('reason-input').waitFor(WAIT);
      expect(await page.getByTestId('reason-input').getAttribute('aria-invalid')).toBe('true');
      await page.getByTestId('reason-input').fill('The recipient operator refused the transfer.');
      await page.getByTestId('confirm-sim-order-reject').click();
      await page.getByTestId(`bo-sim-order-${portOut.id}`).waitFor({ state: 'detached', ...WAIT });
      // Of the number changes, none waits any more (the demo's own port-out still does).
      await page.getByTestId('bo-sim-orders-kind').getByText(backofficeEn['bo.mob.kind.number_change']).click();
      await page.getByTestId('bo-sim-orders-empty').waitFor(WAIT);
      expect(await page.getByTestId('bo-sim-orders-empty').innerText()).toBe(backofficeEn['bo.mob.empty']);
      expect((await db().selectFrom('sims').select('status').where('id', '=', second!.id).executeTakeFirstOrThrow()).status).toBe('active');

      // All of them, of both kinds: both decided, with who decided.
      await page.getByTestId('bo-sim-orders-kind').getByText(backofficeEn['bo.mob.kindFilter.all']).click();
      await page.getByTestId('bo-sim-orders-status').getByText(backofficeEn['bo.mob.filter.all']).click();
      await expect.poll(() => page.getByTestId(`bo-sim-order-${portOut.id}`).innerText(), WAIT).toContain(backofficeEn['bo.mob.status.rejected']);
      expect(await page.getByTestId(`bo-sim-order-${change.id}`).innerText()).toContain(backofficeEn['bo.mob.status.applied']);
    });
  });

  it('a line lost while its port-out waits shows in the queue as blocked since the report (MOB-6)', { timeout: 120_000 }, async () => {
    const sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
    const lost = await db().selectFrom('sims').select(['id', 'msisdn']).where('customer_id', '=', acme).where('cost_centre_id', '=', sales)
      .where('status', '=', 'active').orderBy('msisdn', 'desc').limit(1).executeTakeFirstOrThrow();
    const portOut = await ask(lost.id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' });
    await ask(lost.id, { kind: 'block_lost_stolen' });

    await inBrowser(browser, 'number-change-operator-blocked', async (page) => {
      await signIn(page, t.url, 'operator@mandate.test');
      await page.goto(`${t.url}/backoffice?tab=sim-orders`);
      const row = page.getByTestId(`bo-sim-order-${portOut.id}`);
      await row.waitFor(WAIT);
      const blocked = await row.getByTestId('bo-sim-order-blocked').innerText();
      expect(blocked.startsWith(backofficeEn['bo.mob.sim.blockedSince'].replace('{date}', ''))).toBe(true);
      expect(blocked).toMatch(/\d/);
    });
  });
});
