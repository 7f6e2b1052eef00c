import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { SimOrder } from '@mandate/contracts/sim-orders';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { nl } from '../../web/src/lib/i18n/nl.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowserContext, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: Mobile numbers. Whoever manages lines is led to them from there, also at a customer
 * without Fleet Manager (MOB-1). The employee's My line keeps his changes that are not made yet in
 * view: a change he scheduled for the next billing period is listed as scheduled after the page is
 * loaded again, and he can withdraw it after confirming.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let employeeSim: { id: string; version: number; clir: boolean };

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const employee = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
  employeeSim = await db().selectFrom('sims').select(['id', 'version', 'clir']).where('customer_id', '=', acme).where('end_user_id', '=', employee)
    .where('status', '=', 'active').executeTakeFirstOrThrow();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('Mobile numbers for whoever manages lines (MOB-1..3)', () => {
  it('the fleet manager is led from Mobile numbers to the SIM cards he manages', { timeout: 60_000 }, async () => {
    await inBrowserContext(browser, 'mobile-numbers-manager', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/my-line`);
      await page.getByTestId('my-line-manage-link').click();
      await page.getByTestId('fleet-page').waitFor(WAIT);
      await expect.poll(() => page.getByTestId('fleet-row').count(), WAIT).toBeGreaterThan(0);
    });
  });

  it('at an affiliate without Fleet Manager, the Access Owner lists its SIM cards and opens one', { timeout: 60_000 }, async () => {
    const logistics = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Logistics BV').executeTakeFirstOrThrow()).id;
    const apps = await db().selectFrom('customer_apps').select('app').where('customer_id', '=', logistics).execute();
    expect(apps.map((a) => a.app)).not.toContain('fleet-manager');
    const count = (await db().selectFrom('sims').select((eb) => eb.fn.countAll<string>().as('n')).where('customer_id', '=', logistics).executeTakeFirstOrThrow()).n;
    await inBrowserContext(browser, 'mobile-numbers-affiliate', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${logistics}/my-line`);
      await page.getByTestId('my-line-manage-link').click();
      await page.getByTestId('fleet-page').waitFor(WAIT);
      // Named as the app it was opened from: no Fleet Manager here.
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), WAIT).toBe(en['app.mobile']);
      await expect.poll(() => page.getByTestId('fleet-row').count(), WAIT).toBe(Number(count));
      await page.getByTestId('fleet-row').first().click();
      await page.getByTestId('sim-subscription').waitFor(WAIT);
    });
  });
});

describe.skipIf(!chromiumPath)('a line leaving with its number (MOB-8)', () => {
  it('offers no change and no line action but the block of a lost SIM (MOB-6): neither early termination nor a plan', { timeout: 60_000 }, async () => {
    const leaving = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).where('status', '=', 'port_out_pending').executeTakeFirstOrThrow();
    await inBrowserContext(browser, 'port-out-pending', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${leaving.id}`);
      await page.getByTestId('sim-subscription').waitFor(WAIT);
      await page.getByTestId('sim-line-block').waitFor(WAIT);
      expect(await page.getByTestId('sim-line-actions').getByRole('button').count()).toBe(1);
      expect(await page.getByTestId('sim-line-terminate').count()).toBe(0);
      expect(await page.getByTestId('sim-change-plan').count()).toBe(0);
    });
  });
});

describe.skipIf(!chromiumPath)('French: "de" elided before a name', () => {
  it('the invoices of Acme read "d’Acme", the list of users too; the first of a month is "1er"', { timeout: 60_000 }, async () => {
    await inBrowserContext(browser, 'french-elision', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${acme}/invoices`);
      await expect.poll(() => page.locator('main').innerText(), WAIT).toContain('Les factures d’Acme Belgium NV des 12 derniers mois.');
      // Invoices are issued on the first of the month.
      await expect.poll(() => page.locator('main').innerText(), WAIT).toMatch(/\b1er [a-zéû]+\.? 20\d\d/);
      // Usage of the first (the clock stands on 2 November): its times read "1er nov. 2026, 14:00" too.
      await page.goto(`${t.url}/customers/${acme}/invoices/unbilled`);
      await expect.poll(() => page.locator('main').innerText(), WAIT).toMatch(/\b1er nov\.? 2026,? \d\d:\d\d/);
      expect(await page.locator('main').innerText()).not.toMatch(/\b1 [a-zéû]+\.? 20\d\d/);
      await page.goto(`${t.url}/customers/${acme}/users`);
      await page.getByTestId('users-table').waitFor(WAIT);
      await expect.poll(() => page.content(), WAIT).toContain('Utilisateurs d’Acme Belgium NV');
      // "que" elides as "de" does.
      await page.goto(`${t.url}/customers/${acme}/affiliates`);
      await expect.poll(() => page.locator('main').innerText(), WAIT).toContain('Les sociétés qu’Acme Belgium NV contrôle.');
    }, 'fr');
  });
});

describe.skipIf(!chromiumPath)('My line: changes not made yet', () => {
  it('a change scheduled for the next period stays listed after a reload, and the employee withdraws it', { timeout: 120_000 }, async () => {
    // His CLIR changes need no approval: effective next period, the order is scheduled at once.
    await db().updateTable('sim_self_service').set({ requires_approval: false, clir: true }).where('sim_id', '=', employeeSim.id).execute();
    const employee = await signedIn(t.url, 'employee@acme.test');
    const asked = await employee.post<SimOrder>(`/api/v1/customers/${acme}/sims/${employeeSim.id}/orders`,
      { kind: 'clir', enabled: !employeeSim.clir, effective: 'next_period' }, { 'If-Match': `"${employeeSim.version}"`, 'Idempotency-Key': randomUUID() });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.status).toBe('scheduled');

    await inBrowserContext(browser, 'my-line-scheduled', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'employee@acme.test');
      await page.goto(`${t.url}/customers/${acme}/my-line`);
      await page.getByTestId('my-line').waitFor(WAIT);
      const waiting = page.getByTestId('my-line-waiting');
      await expect.poll(() => waiting.getByTestId('my-line-waiting-row').count(), WAIT).toBe(1);
      const row = waiting.getByTestId('my-line-waiting-row');
      await expect.poll(() => row.innerText(), WAIT).toContain(fleetEn['fleet.order.status.scheduled']);

      await page.reload();
      await expect.poll(() => waiting.getByTestId('my-line-waiting-row').count(), WAIT).toBe(1);
      await waiting.getByTestId('my-line-cancel').click();
      await page.getByRole('dialog').getByText(fleetEn['fleet.myLine.cancelTitle']).waitFor(WAIT);
      // Escape closes the dialog and gives focus back to the button that opened it.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count(), WAIT).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('my-line-cancel');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').getByText(fleetEn['fleet.myLine.cancelTitle']).waitFor(WAIT);
      // A destructive action's dialog starts on the button that keeps things as they are.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('confirm-cancel');
      // Not two buttons that both say "cancel": the one that closes the dialog keeps the change.
      expect(await page.getByTestId('confirm-cancel').innerText()).toBe(fleetEn['fleet.order.keep']);
      await page.getByTestId('confirm-my-line-cancel').click();
      await expect.poll(() => page.getByTestId('my-line-result').innerText(), WAIT).toBe(fleetEn['fleet.myLine.cancelled']);
      await expect.poll(() => waiting.innerText(), WAIT).toContain(fleetEn['fleet.myLine.noWaiting']);
      expect((await db().selectFrom('sim_orders').select('status').where('id', '=', asked.body.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    });
  });

  it('a change his fleet manager scheduled is listed with who asked for it, without a way to cancel it', { timeout: 120_000 }, async () => {
    const fleet = await signedIn(t.url, 'fleet@acme.test');
    const { version, premium_barring: barred } = await db().selectFrom('sims').select(['version', 'premium_barring'])
      .where('id', '=', employeeSim.id).executeTakeFirstOrThrow();
    const scheduled = await fleet.post<SimOrder>(`/api/v1/customers/${acme}/sims/${employeeSim.id}/orders`,
      { kind: 'premium_barring', enabled: !barred, effective: 'next_period' }, { 'If-Match': `"${version}"`, 'Idempotency-Key': randomUUID() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);

    await inBrowserContext(browser, 'my-line-managers-change', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'employee@acme.test');
      await page.goto(`${t.url}/customers/${acme}/my-line`);
      const waiting = page.getByTestId('my-line-waiting');
      await expect.poll(() => waiting.getByTestId('my-line-waiting-row').count(), WAIT).toBe(1);
      await expect.poll(() => waiting.getByTestId('my-line-waiting-row').innerText(), WAIT).toContain(scheduled.body.createdBy!.name);
      expect(await waiting.getByTestId('my-line-cancel').count()).toBe(0);
    });
    expect((await fleet.post(`/api/v1/customers/${acme}/sim-orders/${scheduled.body.id}/cancel`)).status).toBe(200);
  });
});

describe.skipIf(!chromiumPath)('My line: a change the server refuses', () => {
  it('a plan taken out of his self-service rights meanwhile: the refusal in Dutch, without the server\'s English or its field', { timeout: 120_000 }, async () => {
    const rights = await db().selectFrom('sim_self_service').selectAll().where('sim_id', '=', employeeSim.id).executeTakeFirstOrThrow();
    const current = (await db().selectFrom('sims').select('tariff_plan_id').where('id', '=', employeeSim.id).executeTakeFirstOrThrow()).tariff_plan_id;
    const plan = await db().selectFrom('tariff_plans').select(['id', 'name']).where('id', 'in', rights.tariff_plan_ids)
      .where('withdrawn_at', 'is', null).where('id', '<>', current ?? '').orderBy('name').executeTakeFirstOrThrow();
    try {
      await inBrowserContext(browser, 'my-line-refused', async (context) => {
        const page = await context.newPage();
        await signIn(page, t.url, 'employee@acme.test');
        await page.goto(`${t.url}/customers/${acme}/my-line`);
        await page.getByTestId('my-line').waitFor(WAIT);
        await page.getByTestId('sim-change-plan').click();
        await pick(page, 'fleet-change-plan', new RegExp(`^${plan.name} ·`));
        // Meanwhile his fleet manager takes that plan out of his rights: the server refuses it (403 outside_self_service).
        await db().updateTable('sim_self_service').set({ tariff_plan_ids: rights.tariff_plan_ids.filter((id) => id !== plan.id) })
          .where('sim_id', '=', employeeSim.id).execute();
        const answer = page.waitForResponse((res) => res.url().endsWith(`/sims/${employeeSim.id}/orders`) && res.request().method() === 'POST');
        await page.getByTestId('fleet-change-submit').click();
        expect((await answer).status()).toBe(403);
        const alert = page.getByTestId('fleet-order-error');
        await alert.waitFor(WAIT);
        const text = await alert.innerText();
        expect(text).toContain(nl['error.notAvailable.title']);
        expect(text).toContain(fleetNl['fleet.problem.outside_self_service.plan']);
        expect(text).not.toMatch(/body\.|tariffPlanId|self-service rights|Ask your/);
        expect((await db().selectFrom('sims').select('tariff_plan_id').where('id', '=', employeeSim.id).executeTakeFirstOrThrow()).tariff_plan_id).toBe(current);
      }, 'nl');
    } finally {
      await db().updateTable('sim_self_service').set({ tariff_plan_ids: rights.tariff_plan_ids }).where('sim_id', '=', employeeSim.id).execute();
    }
  });
});
