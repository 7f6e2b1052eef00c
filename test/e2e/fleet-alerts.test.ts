import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { SimOrder } from '@mandate/contracts/sim-orders';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowserContext, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: bill-shock alerts and their one-click remedies, and the end user withdrawing his own
 * request. The fleet manager sets a roaming alert on a Sales SIM, sees it and removes it after
 * confirming; he sets an alert on the whole cost centre Sales from the fleet page. A remedy link
 * of the bill-shock mail opens the SIM with its change ready (a roaming option, the EU data
 * cut-off back on), which he confirms as any order; a link that cannot apply only says so. The
 * employee cancels his request that awaits approval on My line.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let salesCentre: string;
let fleetUserId: string;

interface Line { id: string; msisdn: string; planId: string | null }
/** Active Sales SIMs of someone else than the employee, one per test that changes one. */
let alertSim: Line;
let remedySim: Line;
let cutoffSim: Line;
let employeeSim: Line;
/** A roaming option that fits remedySim's plan and that it does not hold. */
let remedyOption: { id: string; name: string };

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  salesCentre = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
  fleetUserId = (await db().selectFrom('users').select('id').where('email', '=', 'fleet@acme.test').executeTakeFirstOrThrow()).id;
  const employee = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;

  const sales = await db().selectFrom('sims').select(['id', 'msisdn', 'tariff_plan_id as planId', 'end_user_id as endUserId'])
    .where('customer_id', '=', acme).where('cost_centre_id', '=', salesCentre).where('status', '=', 'active').where('tariff_plan_id', 'is not', null)
    .orderBy('msisdn').execute();
  employeeSim = sales.find((s) => s.endUserId === employee)!;
  expect(employeeSim).toBeDefined();
  const others = sales.filter((s) => s.endUserId !== employee);
  const held = await db().selectFrom('sim_options').select(['sim_id', 'option_id']).where('customer_id', '=', acme).execute();
  const roaming = await db().selectFrom('tariff_options as o').innerJoin('tariff_option_plans as op', 'op.option_id', 'o.id')
    .select(['o.id', 'o.name', 'op.plan_id as planId', 'o.monthly_fee_cents as fee'])
    .where('o.kind', '=', 'roaming').where('o.withdrawn_at', 'is', null).orderBy('o.monthly_fee_cents').execute();
  // As the mail picks it: the cheapest roaming option that fits the plan and is not held yet.
  const index = others.findIndex((s) => roaming.some((o) => o.planId === s.planId && !held.some((h) => h.sim_id === s.id && h.option_id === o.id)));
  if (index < 0) throw new Error('the demo data has no Sales SIM without a roaming option that fits its plan');
  remedySim = others.splice(index, 1)[0]!;
  const option = roaming.find((o) => o.planId === remedySim.planId && !held.some((h) => h.sim_id === remedySim.id && h.option_id === o.id))!;
  remedyOption = { id: option.id, name: option.name };
  if (others.length < 2) throw new Error('the demo data has too few active Sales SIMs for these tests');
  alertSim = others[0]!;
  cutoffSim = others[1]!;
  // A line whose user opted out of the EU data cut-off, as the remedy link is meant for.
  await db().updateTable('sims').set({ eu_data_cutoff_opt_out: true }).where('id', '=', cutoffSim.id).execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const alertsOf = (where: { simId?: string; costCentreId?: string }) => {
  let q = db().selectFrom('bill_shock_alerts').selectAll().where('customer_id', '=', acme);
  if (where.simId) q = q.where('sim_id', '=', where.simId);
  if (where.costCentreId) q = q.where('cost_centre_id', '=', where.costCentreId);
  return q.execute();
};
const simRow = (id: string) => db().selectFrom('sims').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.skipIf(!chromiumPath)('browser: bill-shock alerts and their remedies (PFM, MOB-4)', () => {
  it('the fleet manager sets a roaming alert on a Sales SIM, removes it after confirming, and sets one on the cost centre Sales', { timeout: 180_000 }, async () => {
    await inBrowserContext(browser, 'fleet-alerts-set', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${alertSim.id}`);
      const section = page.getByTestId('sim-bill-shock');
      await section.getByTestId('sim-alerts-empty').waitFor(WAIT);

      // A threshold of zero is refused in the form; nothing is sent.
      await pick(page, 'alert-metric', fleetEn['fleet.alerts.metric.roaming']);
      await page.getByTestId('alert-threshold').fill('0');
      await page.getByTestId('alert-add').click();
      await section.getByText(fleetEn['fleet.alerts.thresholdInvalid']).waitFor(WAIT);
      expect(await alertsOf({ simId: alertSim.id })).toEqual([]);

      // €25.50 on roaming: listed with who set it, and in the database in cents.
      await page.getByTestId('alert-threshold').fill('25.50');
      await page.getByTestId('alert-add').click();
      const row = section.getByTestId('alert-row');
      await expect.poll(() => row.count(), WAIT).toBe(1);
      const text = await row.innerText();
      expect(text).toContain(fleetEn['fleet.alerts.metric.roaming']);
      expect(text).toContain('€25.50');
      expect(text).toContain('Florian Fleet');
      expect(text).toContain(fleetEn['fleet.alerts.never']);
      expect(await page.getByTestId('alerts-message').innerText()).toBe(fleetEn['fleet.alerts.added']);
      // The button was busy while the alert was sent, not gone: focus is back on it, not on the page's top.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('alert-add');
      const [stored] = await alertsOf({ simId: alertSim.id });
      expect(stored).toMatchObject({ metric: 'roaming', threshold_cents: 2550, cost_centre_id: null, created_by: fleetUserId });
      // The same alert again is said on the threshold; nothing is added.
      await page.getByTestId('alert-threshold').fill('25.50');
      await page.getByTestId('alert-add').click();
      await section.getByText(fleetEn['fleet.alerts.exists']).waitFor(WAIT);
      expect(await alertsOf({ simId: alertSim.id })).toHaveLength(1);

      // Removing asks first; cancelling keeps it, confirming removes it from the list and the database.
      await row.getByTestId('alert-remove').click();
      await page.getByTestId('confirm-cancel').click();
      expect(await alertsOf({ simId: alertSim.id })).toHaveLength(1);
      await row.getByTestId('alert-remove').click();
      await page.getByRole('dialog').getByText(fleetEn['fleet.alerts.removeTitle']).waitFor(WAIT);
      await page.getByTestId('confirm-alert-remove').click();
      await section.getByTestId('sim-alerts-empty').waitFor(WAIT);
      expect(await page.getByTestId('alerts-message').innerText()).toBe(fleetEn['fleet.alerts.removed']);
      expect(await alertsOf({ simId: alertSim.id })).toEqual([]);
      // The refusal it was about is gone with the alert.
      expect(await section.getByText(fleetEn['fleet.alerts.exists']).count()).toBe(0);

      // On the fleet page: an alert on all usage of each Sales SIM.
      await page.getByTestId('sim-back').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await page.getByTestId('fleet-alerts-toggle').click();
      const panel = page.getByTestId('fleet-bill-shock');
      await panel.getByTestId('fleet-alerts-empty').waitFor(WAIT);
      // Without a cost centre the form says what is missing.
      await page.getByTestId('alert-centre-threshold').fill('500');
      await page.getByTestId('alert-centre-add').click();
      await panel.getByText(fleetEn['fleet.alerts.costCentreRequired']).waitFor(WAIT);
      await pick(page, 'alert-cost-centre', /Sales/);
      await pick(page, 'alert-centre-metric', fleetEn['fleet.alerts.metric.total']);
      await page.getByTestId('alert-centre-add').click();
      const centreRow = panel.getByTestId('alert-row');
      await expect.poll(() => centreRow.count(), WAIT).toBe(1);
      const centreText = await centreRow.innerText();
      expect(centreText).toContain(fill(fleetEn['fleet.alerts.costCentreOf'], { name: 'Sales' }));
      expect(centreText).toContain(fleetEn['fleet.alerts.metric.total']);
      expect(centreText).toContain('€500.00');
      const centre = await alertsOf({ costCentreId: salesCentre });
      expect(centre).toHaveLength(1);
      expect(centre[0]).toMatchObject({ sim_id: null, metric: 'total', threshold_cents: 50_000, created_by: fleetUserId });
    });
  });

  it('a remedy link opens the add-option dialog with the roaming option chosen; confirming adds it', { timeout: 120_000 }, async () => {
    await inBrowserContext(browser, 'fleet-alerts-remedy-option', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${remedySim.id}?remedy=add_option&optionId=${remedyOption.id}`);
      const dialog = page.getByRole('dialog');
      await dialog.getByText(fill(fleetEn['fleet.change.addOptionTitle'], { msisdn: remedySim.msisdn })).waitFor(WAIT);
      expect(await page.getByTestId('fleet-change-option').inputValue()).toContain(remedyOption.name);
      // The link leaves the address once the dialog is open; nothing is ordered before the confirmation.
      await expect.poll(() => page.url(), WAIT).not.toContain('remedy=');
      expect(await db().selectFrom('sim_orders').select('id').where('sim_id', '=', remedySim.id).execute()).toEqual([]);

      await page.getByTestId('fleet-change-submit').click();
      await page.getByTestId('sim-order-result').waitFor(WAIT);
      await expect.poll(async () => (await db().selectFrom('sim_options').select('option_id').where('sim_id', '=', remedySim.id).execute()).map((o) => o.option_id), WAIT)
        .toContain(remedyOption.id);
      const [order] = await db().selectFrom('sim_orders').selectAll().where('sim_id', '=', remedySim.id).execute();
      expect(order).toMatchObject({ kind: 'add_option', status: 'applied', created_by: fleetUserId });
      await expect.poll(() => page.getByTestId('sim-options').innerText(), WAIT).toContain(remedyOption.name);

      // The same link again: the option is held now, so nothing opens and a notice says why.
      await page.goto(`${t.url}/customers/${acme}/fleet/${remedySim.id}?remedy=add_option&optionId=${remedyOption.id}`);
      await expect.poll(() => page.getByTestId('sim-remedy-notice').innerText(), WAIT).toBe(fleetEn['fleet.remedy.optionNotOffered']);
      expect(await page.getByRole('dialog').count()).toBe(0);
      await expect.poll(() => page.url(), WAIT).not.toContain('remedy=');
    });
  });

  it('a remedy link turns the EU data cut-off back on after confirming; an unknown remedy only says so', { timeout: 120_000 }, async () => {
    await inBrowserContext(browser, 'fleet-alerts-remedy-cutoff', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${cutoffSim.id}?remedy=eu_data_cutoff`);
      const dialog = page.getByRole('dialog');
      await dialog.getByText(fill(fleetEn['fleet.change.euTitle'], { msisdn: cutoffSim.msisdn })).waitFor(WAIT);
      await dialog.getByText(fleetEn['fleet.change.euOptInText']).waitFor();
      await expect.poll(() => page.url(), WAIT).not.toContain('remedy=');
      expect((await simRow(cutoffSim.id)).eu_data_cutoff_opt_out).toBe(true);

      await page.getByTestId('fleet-change-submit').click();
      await page.getByTestId('sim-order-result').waitFor(WAIT);
      await expect.poll(async () => (await simRow(cutoffSim.id)).eu_data_cutoff_opt_out, WAIT).toBe(false);
      await expect.poll(() => page.getByTestId('sim-eu-cutoff').textContent(), WAIT).toBe(fleetEn['fleet.sub.euCutoffOn']);

      await page.goto(`${t.url}/customers/${acme}/fleet/${cutoffSim.id}?remedy=eu_data_cutoff`);
      await expect.poll(() => page.getByTestId('sim-remedy-notice').innerText(), WAIT).toBe(fleetEn['fleet.remedy.cutoffOn']);
      await page.goto(`${t.url}/customers/${acme}/fleet/${cutoffSim.id}?remedy=port_everything_out`);
      await expect.poll(() => page.getByTestId('sim-remedy-notice').innerText(), WAIT).toBe(fleetEn['fleet.remedy.unknown']);
      expect(await page.getByRole('dialog').count()).toBe(0);
      await expect.poll(() => page.url(), WAIT).not.toContain('remedy=');
    });
  });

  it('the employee cancels his request awaiting approval on My line, after confirming', { timeout: 120_000 }, async () => {
    // His changes need approval; he asks to change CLIR through the API.
    await db().updateTable('sim_self_service').set({ requires_approval: true, clir: true }).where('sim_id', '=', employeeSim.id).execute();
    const sim = await simRow(employeeSim.id);
    const employee = await signedIn(t.url, 'employee@acme.test');
    const asked = await employee.post<SimOrder>(`/api/v1/customers/${acme}/sims/${employeeSim.id}/orders`, { kind: 'clir', enabled: !sim.clir, effective: 'now' }, {
      'If-Match': `"${sim.version}"`, 'Idempotency-Key': randomUUID(),
    });
    expect(asked.status, JSON.stringify(asked.body)).toBeLessThan(300);
    expect(asked.body.status).toBe('awaiting_approval');

    await inBrowserContext(browser, 'fleet-alerts-my-line-cancel', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'employee@acme.test');
      await page.getByTestId('nav-mobile').click();
      await page.getByTestId('my-line').waitFor(WAIT);
      const waiting = page.getByTestId('my-line-waiting');
      await expect.poll(() => waiting.getByTestId('my-line-waiting-row').count(), WAIT).toBe(1);

      await waiting.getByTestId('my-line-cancel').click();
      await page.getByRole('dialog').getByText(fleetEn['fleet.myLine.cancelTitle']).waitFor(WAIT);
      expect((await db().selectFrom('sim_orders').select('status').where('id', '=', asked.body.id).executeTakeFirstOrThrow()).status).toBe('awaiting_approval');
      await page.getByTestId('confirm-my-line-cancel').click();
      await expect.poll(() => page.getByTestId('my-line-result').innerText(), WAIT).toBe(fleetEn['fleet.myLine.cancelled']);
      await expect.poll(() => waiting.innerText(), WAIT).toContain(fleetEn['fleet.myLine.noWaiting']);
      const order = await db().selectFrom('sim_orders').select(['status', 'decided_by']).where('id', '=', asked.body.id).executeTakeFirstOrThrow();
      expect(order.status).toBe('cancelled');
      expect((await simRow(employeeSim.id)).clir).toBe(sim.clir);
    });
  });
});
