import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: the fleet manager marks the device in a Sales SIM card as the customer's own, is told
 * under the IMEI field when the server finds it invalid, then marks it BYOD after the dialog warned
 * him that the device data goes for good, from the history too; each marking heads the SIM card's history.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let simId: string;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const currentDevice = () => db().selectFrom('devices').selectAll().where('sim_id', '=', simId).where('until', 'is', null).executeTakeFirst();

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const sales = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .select(['s.id'])
    .where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').where('s.status', '=', 'active')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('devices as d').select('d.id').whereRef('d.sim_id', '=', 's.id').where('d.until', 'is', null))))
    .orderBy('s.msisdn').execute();
  if (sales.length === 0) throw new Error('the demo data has no active Sales SIM card without a device');
  simId = sales[0]!.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('browser: the device in a SIM card, marked by the customer', () => {
  it('customer-owned with a checked IMEI, then BYOD with no device data kept', { timeout: 120_000 }, async () => {
    await inBrowser(browser, 'fleet-device', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${simId}`);
      const device = page.getByTestId('sim-device');
      await device.waitFor(WAIT);
      await page.getByTestId('sim-device-none').waitFor(WAIT);
      expect(await device.innerText()).toContain(fleetEn['fleet.device.answers']);

      // A bad IMEI: the server's refusal under the IMEI field, nothing kept.
      await page.getByTestId('sim-device-mark').click();
      // A line that never had a customer-owned device loses nothing as BYOD: no warning.
      await page.getByTestId('device-ownership-byod').check();
      expect(await page.getByTestId('device-byod-drops').count()).toBe(0);
      await page.getByTestId('device-ownership-customer').check();
      await page.getByTestId('device-imei').fill('35-209900-176148-2');
      await page.getByTestId('device-save').click();
      await expect.poll(() => page.getByTestId('device-imei').getAttribute('aria-invalid'), WAIT).toBe('true');
      await page.getByText(fleetEn['fleet.device.invalidImei']).waitFor(WAIT);
      expect(await currentDevice()).toBeUndefined();

      // A valid one (dashes ignored), with make and model.
      await page.getByTestId('device-imei').fill('35-209900-176148-1');
      await page.getByTestId('device-make').fill('Fairphone');
      await page.getByTestId('device-model').fill('5');
      await page.getByTestId('device-save').click();
      await page.getByTestId('sim-device-saved').waitFor(WAIT);
      await expect.poll(() => page.getByTestId('sim-device-imei').innerText(), WAIT).toBe('352099001761481');
      expect(await page.getByTestId('sim-device-make').innerText()).toBe('Fairphone');
      expect(await page.getByTestId('sim-device-model').innerText()).toBe('5');
      const top = page.getByTestId('sim-history-row').first();
      await expect.poll(() => top.getAttribute('data-kind'), WAIT).toBe('device');
      await expect.poll(() => top.getByTestId('sim-history-change').innerText(), WAIT)
        .toBe(`— → ${fleetEn['fleet.device.history.customer']} · IMEI 352099001761481 · Fairphone 5`);
      expect(await currentDevice()).toMatchObject({ ownership: 'customer', imei: '352099001761481', make: 'Fairphone', model: '5' });

      // BYOD: no device data sent, none kept or shown; the history says so. (The test's clock stands
      // still unless moved: a minute later, so that the history orders the two markings.)
      t.clock.advance(60_000);
      await page.getByTestId('sim-device-mark').click();
      await page.getByTestId('device-ownership-byod').check();
      expect(await page.getByTestId('device-imei').count()).toBe(0);
      // Before saving, the dialog warns that the data of the devices it had goes for good, from the history too.
      const warning = page.getByTestId('device-byod-drops');
      await warning.waitFor(WAIT);
      expect(await warning.textContent()).toBe(`${fleetEn['fleet.device.byodDropsTitle']}${fleetEn['fleet.device.byodDrops']}`);
      expect(await warning.getAttribute('role')).toBe('alert');
      expect(await currentDevice()).toMatchObject({ ownership: 'customer', imei: '352099001761481' });
      await page.getByTestId('device-save').click();
      await page.getByTestId('sim-device-byod').waitFor(WAIT);
      expect(await page.getByTestId('sim-device-imei').count()).toBe(0);
      await expect.poll(() => top.getByTestId('sim-history-change').innerText(), WAIT)
        .toBe(`${fleetEn['fleet.device.history.customer']} → ${fleetEn['fleet.device.history.byod']}`);
      // Marked BYOD, the line's history keeps no IMEI of the device it had before either (MOB-5).
      expect(await page.getByTestId('sim-history-table').innerText()).not.toContain('352099001761481');
      expect(await page.getByTestId('sim-history-row').evaluateAll((rows) => rows.filter((r) => r.getAttribute('data-kind') === 'device').length)).toBe(2);
      expect(await currentDevice()).toMatchObject({ ownership: 'byod', imei: null, make: null, model: null });
    });
  });
});
