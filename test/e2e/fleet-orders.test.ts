import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TerminationQuote } from '@mandate/contracts/sim-orders';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowserContext, languageContext, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: Fleet Manager, the write side. The fleet manager changes a Sales SIM's tariff plan at
 * once and schedules another change for the next billing period, which he cancels; the employee
 * adds an option his self-service rights allow on My line and is refused a plan outside them, in
 * the interface and by the server; Brightwave's delegate manages Acme's Sales SIMs and no other;
 * the fleet manager blocks a lost SIM and reactivates it, and reads the early-termination quote's
 * figures before ending a line or porting its number out within the initial term; a self-service
 * request waits for the fleet manager's approval.
 */

let t: TestApp;
let browser: Browser;
let acme: string;

interface Line { id: string; msisdn: string; planCode: string | null; optionCodes: string[] }
/** The employee's own line (a Sales SIM with self-service rights). */
let employeeSim: Line;
/** Active Sales SIMs of someone else, one per test that changes a SIM, whose options fit the plans these tests choose. */
let planSim: Line;
let delegateSim: Line;
let blockSim: Line;
let terminateSim: Line;
/** A line past its initial term: ending it costs nothing. */
let freeSim: Line;
let financeSimId: string;
let salesCount: number;
/** The Sales SIMs on planSim's plan. */
let salesOnPlan: number;
/** `text` as a regular expression matching it literally. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Plan and option names and ids by code. */
const plans = new Map<string, { id: string; name: string }>();
const options = new Map<string, { id: string; name: string; planIds: string[]; withdrawn: boolean }>();

const db = () => t.database.db;
const fits = (line: Line, planCode: string) => line.optionCodes.every((code) => options.get(code)!.planIds.includes(plans.get(planCode)!.id));
/** The plan a change "now" moves the SIM to, and the one a change for the next period asks. */
const nowPlan = (line: Line) => (line.planCode === 'BM-M' ? 'BM-S' : 'BM-M');
const nextPlan = 'BM-UNL';

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  for (const p of await db().selectFrom('tariff_plans').select(['id', 'code', 'name']).execute()) plans.set(p.code, { id: p.id, name: p.name });
  const fitting = await db().selectFrom('tariff_option_plans').select(['option_id', 'plan_id']).execute();
  for (const o of await db().selectFrom('tariff_options').selectAll().execute()) {
    options.set(o.code, { id: o.id, name: o.name, planIds: fitting.filter((f) => f.option_id === o.id).map((f) => f.plan_id), withdrawn: o.withdrawn_at !== null });
  }
  const lines = async (costCentre: string): Promise<Array<Line & { endUser: string | null; status: string }>> => {
    const rows = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
      .leftJoin('tariff_plans as p', 'p.id', 's.tariff_plan_id').leftJoin('users as u', 'u.id', 's.end_user_id')
      .select(['s.id', 's.msisdn', 's.status', 'p.code as planCode', 'u.email as endUser'])
      .where('s.customer_id', '=', acme).where('cc.name', '=', costCentre).orderBy('s.msisdn').execute();
    const held = await db().selectFrom('sim_options as so').innerJoin('tariff_options as o', 'o.id', 'so.option_id').select(['so.sim_id', 'o.code']).execute();
    return rows.map((r) => ({ ...r, optionCodes: held.filter((h) => h.sim_id === r.id).map((h) => h.code) }));
  };
  const sales = await lines('Sales');
  salesCount = sales.length;
  employeeSim = sales.find((l) => l.endUser === 'employee@acme.test')!;
  const others = sales.filter((l) => l.status === 'active' && l.endUser !== 'employee@acme.test' && l.planCode !== null && l.planCode !== nextPlan);
  const take = (ok: (line: Line) => boolean) => {
    const index = others.findIndex(ok);
    if (index < 0) throw new Error('the demo data has too few active Sales SIMs for these tests');
    return others.splice(index, 1)[0]!;
  };
  planSim = take((l) => fits(l, nowPlan(l)) && fits(l, nextPlan));
  salesOnPlan = sales.filter((l) => l.planCode === planSim.planCode).length;
  expect(salesOnPlan).toBeLessThan(salesCount);
  delegateSim = take(() => true);
  blockSim = take(() => true);
  terminateSim = take(() => true);
  freeSim = take(() => true);
  await db().updateTable('sims').set({ initial_term_end: '2025-01-31' }).where('id', '=', freeSim.id).execute();
  // A term that ends well after today, so that ending the line early costs remaining months.
  await db().updateTable('sims').set({ initial_term_end: '2027-06-30' }).where('id', '=', terminateSim.id).execute();
  financeSimId = (await lines('Finance'))[0]!.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const WAIT = { timeout: 15_000 };

const loaded = async (page: Page) => Number(await page.getByTestId('fleet-table').getAttribute('data-loaded'));

/** From the fleet table: searches the SIM's number and opens it. */
async function openSim(page: Page, msisdn: string): Promise<void> {
  await page.getByTestId('fleet-search').fill(msisdn);
  await expect.poll(() => page.url(), WAIT).toContain(`q=${encodeURIComponent(msisdn)}`);
  await expect.poll(() => loaded(page), WAIT).toBe(1);
  await page.getByTestId('fleet-sim-link').first().click();
  await page.getByTestId('sim-detail-page').waitFor(WAIT);
}

/** The options a Mantine select with test id `testId` offers (opened, read, closed again). */
async function offered(page: Page, testId: string): Promise<string[]> {
  await page.getByTestId(testId).click();
  await page.getByRole('option').first().waitFor(WAIT);
  const texts = await page.getByRole('option').allInnerTexts();
  await page.getByTestId(testId).press('Escape');
  return texts.map((text) => text.split(' · ')[0]!.trim());
}

/** An amount as shown ("€50.00", "€ 50,00") in cents. */
const cents = (text: string) => Number(text.replace(/\D/g, ''));
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

const simRow = (id: string) => db().selectFrom('sims').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const ordersOf = (simId: string) => db().selectFrom('sim_orders').selectAll().where('sim_id', '=', simId).orderBy('created_at').execute();

describe.skipIf(!chromiumPath)('browser: Fleet Manager, changes of a SIM (MOB-3, MOB-4, MOB-6, MOB-10, PFM-1)', () => {
  it('the fleet manager changes a plan now (new plan shown, on top of the history), then schedules one for the next period and cancels it', { timeout: 180_000 }, async () => {
    await inBrowserContext(browser, 'fleet-orders-plan', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);

      // Filtered to the SIM's tariff plan: the server answers only the Sales SIMs on it.
      const current = plans.get(planSim.planCode!)!;
      await expect.poll(() => loaded(page), WAIT).toBe(salesCount);
      await pick(page, 'fleet-filter-plan', new RegExp(`^${current.name}$`));
      await expect.poll(() => page.url(), WAIT).toContain(`plan=${current.id}`);
      await expect.poll(() => loaded(page), WAIT).toBe(salesOnPlan);
      const rows = await page.getByTestId('fleet-row').allInnerTexts();
      expect(rows).toHaveLength(salesOnPlan);
      expect(rows.filter((text) => !text.includes('Sales') || !text.includes(current.name))).toEqual([]);
      await openSim(page, planSim.msisdn);

      const target = plans.get(nowPlan(planSim))!;
      // The keyboard: Enter opens the dialog on its plan list, one Escape closes it and focus is back on the button.
      await page.getByTestId('sim-change-plan').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('fleet-change-plan').waitFor(WAIT);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('fleet-change-plan');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count(), WAIT).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('sim-change-plan');
      await page.getByTestId('sim-change-plan').click();
      await pick(page, 'fleet-change-plan', new RegExp(`^${target.name} ·`));
      await page.getByTestId('fleet-change-now').check();
      await page.getByTestId('fleet-change-submit').click();
      await expect.poll(() => page.getByTestId('sim-order-result').innerText(), WAIT).toBe(fleetEn['fleet.order.result.applied']);
      await expect.poll(() => page.getByTestId('sim-plan').innerText(), WAIT).toContain(target.name);
      // The change heads the history: a plan change by Florian Fleet, to the new plan.
      const top = page.getByTestId('sim-history-row').first();
      await expect.poll(() => top.getAttribute('data-kind'), WAIT).toBe('plan');
      expect(await top.innerText()).toMatch(new RegExp(`Florian Fleet[\\s\\S]*→\\s*${target.name}`));
      expect((await simRow(planSim.id)).tariff_plan_id).toBe(target.id);
      expect((await ordersOf(planSim.id)).map((o) => [o.kind, o.status])).toEqual([['plan', 'applied']]);

      // A change for the next billing period: scheduled, the plan unchanged meanwhile, cancelled after confirming.
      const later = plans.get(nextPlan)!;
      await page.getByTestId('sim-change-plan').click();
      await pick(page, 'fleet-change-plan', new RegExp(`^${later.name} ·`));
      await page.getByTestId('fleet-change-next-period').check();
      await page.getByTestId('fleet-change-submit').click();
      await expect.poll(() => page.getByTestId('sim-order-result').innerText(), WAIT).toMatch(/^The change is scheduled for /);
      const row = page.getByTestId('sim-order-row');
      await expect.poll(() => row.count(), WAIT).toBe(1);
      expect(await row.innerText()).toContain(fill(fleetEn['fleet.order.kind.plan'], { value: later.name }));
      expect(await row.innerText()).toContain(fleetEn['fleet.order.status.scheduled']);
      expect(await page.getByTestId('sim-plan').innerText()).toContain(target.name);
      const scheduled = (await ordersOf(planSim.id)).at(-1)!;
      expect(scheduled).toMatchObject({ kind: 'plan', status: 'scheduled', effective: 'next_period' });

      await row.getByTestId('sim-order-cancel').click();
      // Not yet: the dialog asks first, and cancelling the dialog keeps the order.
      await page.getByTestId('confirm-cancel').click();
      expect((await db().selectFrom('sim_orders').select('status').where('id', '=', scheduled.id).executeTakeFirstOrThrow()).status).toBe('scheduled');
      await row.getByTestId('sim-order-cancel').click();
      await page.getByTestId('confirm-sim-order-cancel').click();
      await page.getByTestId('sim-orders-empty').waitFor(WAIT);
      expect((await db().selectFrom('sim_orders').select('status').where('id', '=', scheduled.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
      expect((await simRow(planSim.id)).tariff_plan_id).toBe(target.id);
    });
  });

  it('the employee adds an option his rights allow on My line; a plan outside them is not offered and the server refuses it (403)', { timeout: 120_000 }, async () => {
    await inBrowserContext(browser, 'fleet-orders-my-line', async (context) => {
      const page = await context.newPage();
      // His own requests carry his bearer token: the test asks the server with it, as the page would.
      let bearer: string | undefined;
      page.on('request', (request) => {
        const authorization = request.headers().authorization;
        if (authorization?.startsWith('Bearer ')) bearer = authorization;
      });
      await signIn(page, t.url, 'employee@acme.test');
      await page.getByTestId('nav-mobile').click();
      await page.getByTestId('my-line').waitFor(WAIT);
      expect(await page.getByTestId('my-line').getAttribute('data-sim')).toBe(employeeSim.id);

      // Offered: the options of his rights that fit his plan and that he does not hold yet.
      const plan = (await simRow(employeeSim.id)).tariff_plan_id!;
      const rights = await db().selectFrom('sim_self_service').selectAll().where('sim_id', '=', employeeSim.id).executeTakeFirstOrThrow();
      const expected = [...options.values()]
        .filter((o) => rights.option_ids.includes(o.id) && o.planIds.includes(plan) && !o.withdrawn && !employeeSim.optionCodes.some((c) => options.get(c)!.id === o.id))
        .map((o) => o.name);
      expect(expected.length).toBeGreaterThan(0);
      await page.getByTestId('sim-add-option').click();
      expect((await offered(page, 'fleet-change-option')).sort()).toEqual([...expected].sort());
      await pick(page, 'fleet-change-option', new RegExp(`^${expected[0]!} ·`));
      await page.getByTestId('fleet-change-submit').click();
      await expect.poll(() => page.getByTestId('my-line-result').innerText(), WAIT).toBe(fleetEn['fleet.order.result.applied']);
      await expect.poll(() => page.getByTestId('sim-options').innerText(), WAIT).toContain(expected[0]!);
      const added = [...options.values()].find((o) => o.name === expected[0])!;
      expect(await db().selectFrom('sim_options').select('option_id').where('sim_id', '=', employeeSim.id).where('option_id', '=', added.id).execute()).toHaveLength(1);

      // The plans offered are those of his rights only: no Business Mobile Unlimited.
      await page.getByTestId('sim-change-plan').click();
      const offeredPlans = await offered(page, 'fleet-change-plan');
      const allowed = [...plans.values()].filter((p) => rights.tariff_plan_ids.includes(p.id) && p.id !== plan).map((p) => p.name);
      expect(offeredPlans.sort()).toEqual(allowed.sort());
      expect(offeredPlans).not.toContain(plans.get('BM-UNL')!.name);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('fleet-change-plan').count(), WAIT).toBe(0);
      // Nor is anything offered beyond his rights: no barring, no EU cut-off, no line action.
      for (const testId of ['sim-change-barring', 'sim-change-eu', 'sim-line-actions', 'sim-line-block']) expect(await page.getByTestId(testId).count(), testId).toBe(0);

      // Asked directly with his own token, the server refuses the plan outside his rights.
      expect(bearer).toBeDefined();
      const answer = await page.evaluate(async ({ path, authorization, tariffPlanId }) => {
        const sim = await fetch(path, { headers: { authorization } });
        const res = await fetch(`${path}/orders`, {
          method: 'POST', body: JSON.stringify({ kind: 'plan', tariffPlanId }),
          headers: { authorization, 'content-type': 'application/json', 'if-match': sim.headers.get('etag') ?? '' },
        });
        return { read: sim.status, status: res.status, body: await res.json() as { code?: string; errors?: Array<{ field: string }> } };
      }, { path: `/api/v1/customers/${acme}/sims/${employeeSim.id}`, authorization: bearer!, tariffPlanId: plans.get('BM-UNL')!.id });
      expect(answer.read).toBe(200);
      expect(answer).toMatchObject({ status: 403, body: { code: 'outside_self_service', errors: [{ field: 'body.tariffPlanId' }] } });
      expect((await simRow(employeeSim.id)).tariff_plan_id).toBe(plan);
    });
  });

  it('Brightwave\'s delegate sees only Acme\'s Sales SIMs, changes one through the delegation, and a Finance SIM is not found', { timeout: 120_000 }, async () => {
    await inBrowserContext(browser, 'fleet-orders-delegate', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'admin@brightwave.test');
      await page.getByTestId('customer-switcher').click();
      await page.getByRole('option', { name: /Acme Belgium NV/ }).click();
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await expect.poll(() => loaded(page), WAIT).toBe(salesCount);
      const rows = await page.getByTestId('fleet-row').allInnerTexts();
      expect(rows.length).toBe(salesCount);
      expect(rows.filter((text) => !text.includes('Sales') || /Finance|Operations/.test(text))).toEqual([]);

      await openSim(page, delegateSim.msisdn);
      const before = (await simRow(delegateSim.id)).premium_barring;
      await page.getByTestId('sim-change-barring').click();
      await page.getByTestId('fleet-change-submit').click();
      await expect.poll(() => page.getByTestId('sim-premium-barring').textContent(), WAIT).toBe(before ? fleetEn['fleet.off'] : fleetEn['fleet.on']);
      const top = page.getByTestId('sim-history-row').first();
      await expect.poll(() => top.getAttribute('data-kind'), WAIT).toBe('premium_barring');
      expect(await top.getByTestId('sim-history-delegation').innerText()).toMatch(/Delegation to Brightwave/);
      expect((await simRow(delegateSim.id)).premium_barring).toBe(!before);
      const change = await db().selectFrom('sim_changes as c').innerJoin('users as u', 'u.id', 'c.actor_user_id').select(['u.email', 'c.delegation_id'])
        .where('c.sim_id', '=', delegateSim.id).where('c.kind', '=', 'premium_barring').orderBy('c.at', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(change.email).toBe('admin@brightwave.test');
      expect(change.delegation_id).not.toBeNull();

      // A Finance SIM's address: not found, nothing of it shown.
      await page.goto(`${t.url}/customers/${acme}/fleet/${financeSimId}`);
      await page.getByTestId('not-found').waitFor(WAIT);
      expect(await page.getByTestId('sim-detail-page').count()).toBe(0);
    });
  });

  it('the fleet manager blocks a lost SIM after confirming and reactivates it; the early-termination dialog shows the quote before its confirmation', { timeout: 180_000 }, async () => {
    // In Dutch: the status is said in the interface's language.
    await inBrowserContext(browser, 'fleet-orders-line', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await openSim(page, blockSim.msisdn);
      const status = page.getByTestId('sim-detail-page').getByTestId('sim-status');
      expect(await status.getAttribute('data-status')).toBe('active');

      await page.getByTestId('sim-line-block').click();
      const confirmBlock = page.getByTestId('fleet-line-confirm-block');
      await confirmBlock.waitFor();
      // Asked first: nothing happens until it is confirmed.
      expect((await simRow(blockSim.id)).status).toBe('active');
      await page.getByTestId('fleet-line-note').fill('Telefoon gestolen op de trein');
      await confirmBlock.click();
      await expect.poll(() => status.getAttribute('data-status'), WAIT).toBe('blocked');
      expect(await status.textContent()).toBe(fleetNl['fleet.status.blocked']);
      // Since when: usage after the report is not charged.
      expect(await page.getByTestId('sim-status-period').innerText()).toMatch(new RegExp(`^${fleetNl['fleet.status.blockedSince'].replace('{date}', '')}\\S`));
      const blocked = await simRow(blockSim.id);
      expect(blocked.status).toBe('blocked');
      expect(blocked.blocked_at).not.toBeNull();
      // The history says the new status first, then the report's time and note.
      const top = page.getByTestId('sim-history-row').first();
      await expect.poll(() => top.getByTestId('sim-history-change').innerText(), WAIT)
        .toMatch(new RegExp(`^${fleetNl['fleet.status.active']} → ${escape(fleetNl['fleet.status.blocked'])} · ${fleetNl['fleet.history.field.blockedAt']}: \\S.* · ${fleetNl['fleet.history.field.note']}: Telefoon gestolen op de trein$`));

      await page.getByTestId('sim-line-reactivate').click();
      await page.getByTestId('fleet-line-confirm-reactivate').click();
      await expect.poll(() => status.getAttribute('data-status'), WAIT).toBe('active');
      expect(await status.textContent()).toBe(fleetNl['fleet.status.active']);
      expect(await page.getByTestId('sim-status-period').count()).toBe(0);
      expect((await simRow(blockSim.id)).status).toBe('active');
      expect((await ordersOf(blockSim.id)).map((o) => [o.kind, o.status])).toEqual([['block_lost_stolen', 'applied'], ['reactivate', 'applied']]);

      // Early termination: the quote's figures, as the server computes them, come before the confirmation.
      const fleet = await signedIn(t.url, 'fleet@acme.test');
      const quote = (await fleet.get<TerminationQuote>(`/api/v1/customers/${acme}/sims/${terminateSim.id}/termination-quote`)).body;
      expect(quote.remainingMonths).toBeGreaterThan(0);
      await page.getByTestId('sim-back').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await page.getByTestId('fleet-search').fill('');
      await openSim(page, terminateSim.msisdn);
      expect(await page.getByTestId('sim-line-terminate').textContent()).toBe(fleetNl['fleet.line.terminate']);
      await page.getByTestId('sim-line-terminate').click();
      const figures = page.getByTestId('fleet-termination-quote');
      await figures.waitFor(WAIT);
      const value = async (testId: string) => figures.getByTestId(testId).locator('td').innerText();
      expect(await value('quote-months')).toBe(String(quote.remainingMonths));
      expect(cents(await value('quote-remaining-fees'))).toBe(quote.remainingFeesCents);
      expect(cents(await value('quote-average'))).toBe(quote.averageCallAmountCents);
      expect(cents(await value('quote-compensation'))).toBe(quote.callCompensationCents);
      expect(cents(await value('quote-per-sim'))).toBe(5000);
      expect(cents(await value('quote-total'))).toBe(quote.totalCents);
      expect(quote.totalCents).toBe(quote.remainingFeesCents + quote.callCompensationCents + 5000);
      const confirm = page.getByTestId('fleet-line-confirm-terminate');
      // The total precedes the button, which stays disabled until the cost is accepted, and names the amount.
      expect(await figures.getByTestId('quote-total').evaluate((row, button) => Boolean(row.compareDocumentPosition(button!) & Node.DOCUMENT_POSITION_FOLLOWING), await confirm.elementHandle())).toBe(true);
      expect(await confirm.isDisabled()).toBe(true);
      expect(cents(await confirm.innerText())).toBe(quote.totalCents);
      await page.getByTestId('fleet-terminate-accept').check();

      // Meanwhile the terms change (a longer initial term): the server refuses the cost he accepted,
      // the dialog shows the new figures and asks him to accept them again; nothing ended yet.
      await db().updateTable('sims').set({ initial_term_end: '2027-12-31' }).where('id', '=', terminateSim.id).execute();
      const requote = (await fleet.get<TerminationQuote>(`/api/v1/customers/${acme}/sims/${terminateSim.id}/termination-quote`)).body;
      expect(requote.totalCents).toBeGreaterThan(quote.totalCents);
      await confirm.click();
      await page.getByTestId('fleet-order-error').waitFor(WAIT);
      await expect.poll(async () => cents(await value('quote-total')), WAIT).toBe(requote.totalCents);
      expect(await value('quote-months')).toBe(String(requote.remainingMonths));
      expect(await page.getByTestId('fleet-terminate-accept').isChecked()).toBe(false);
      expect(await confirm.isDisabled()).toBe(true);
      expect((await simRow(terminateSim.id)).status).toBe('active');

      await page.getByTestId('fleet-terminate-accept').check();
      await confirm.click();
      await expect.poll(() => status.getAttribute('data-status'), WAIT).toBe('deactivated');
      expect(await status.textContent()).toBe(fleetNl['fleet.status.deactivated']);
      const ended = await db().selectFrom('sim_changes').select('after').where('sim_id', '=', terminateSim.id).where('kind', '=', 'status').orderBy('at', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(ended.after).toMatchObject({ status: 'deactivated', earlyTerminationCostCents: requote.totalCents });
    }, 'nl');
  });

  it('a port-out within the initial term shows the early-termination cost and is asked only once that cost is accepted', { timeout: 120_000 }, async () => {
    // The line blocked and reactivated above, now within a fixed term that ends well after today.
    await db().updateTable('sims').set({ initial_term_end: '2027-06-30' }).where('id', '=', blockSim.id).execute();
    const fleet = await signedIn(t.url, 'fleet@acme.test');
    const quote = (await fleet.get<TerminationQuote>(`/api/v1/customers/${acme}/sims/${blockSim.id}/termination-quote`)).body;
    expect(quote.totalCents).toBeGreaterThan(5000);
    await inBrowserContext(browser, 'fleet-orders-port-out', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await openSim(page, blockSim.msisdn);
      await page.getByTestId('sim-line-port_out').click();
      await page.getByTestId('fleet-line-recipient').fill('Other Mobile NV');
      const figures = page.getByTestId('fleet-termination-quote');
      await figures.waitFor(WAIT);
      expect(cents(await figures.getByTestId('quote-total').locator('td').innerText())).toBe(quote.totalCents);
      // Not accepted: asked for nothing, the dialog says why.
      await page.getByTestId('fleet-line-confirm-port_out').click();
      await expect.poll(() => page.getByText(fleetEn['fleet.line.portOutAcceptRequired']).count(), WAIT).toBe(1);
      expect((await ordersOf(blockSim.id)).filter((o) => o.kind === 'port_out')).toEqual([]);

      await page.getByTestId('fleet-port-out-accept').check();
      await page.getByTestId('fleet-line-confirm-port_out').click();
      const status = page.getByTestId('sim-detail-page').getByTestId('sim-status');
      await expect.poll(() => status.getAttribute('data-status'), WAIT).toBe('port_out_pending');
      const asked = (await ordersOf(blockSim.id)).filter((o) => o.kind === 'port_out');
      expect(asked.map((o) => [o.status, (o.request as { acceptedCostCents?: number }).acceptedCostCents])).toEqual([['requested', quote.totalCents]]);
      // The test's clock stands still: the change is found by its order, not by its place in time.
      const change = await db().selectFrom('sim_changes').select('after').where('sim_id', '=', blockSim.id).where('order_id', '=', asked[0]!.id).executeTakeFirstOrThrow();
      expect(change.after).toMatchObject({ status: 'port_out_pending', earlyTerminationCostCents: quote.totalCents });

      // The SIM is lost while its number waits to leave: it is blocked at once, and the port-out goes on.
      await page.getByTestId('sim-line-block').click();
      await page.getByText(fleetEn['fleet.line.blockPortOutText']).waitFor(WAIT);
      await page.getByTestId('fleet-line-confirm-block').click();
      await expect.poll(async () => (await simRow(blockSim.id)).blocked_at !== null, WAIT).toBe(true);
      expect((await simRow(blockSim.id)).status).toBe('port_out_pending');
      await expect.poll(() => page.getByTestId('sim-status-period').innerText(), WAIT)
        .toMatch(new RegExp(`^${fleetEn['fleet.status.portOutBlocked'].replace('{date}', '')}\\S`));
      expect(await page.getByTestId('sim-line-block').count()).toBe(0);
      // The port-out waits for the operator: the customer cannot cancel it.
      await expect.poll(() => page.getByTestId('sim-order-row').count(), WAIT).toBeGreaterThan(0);
      expect(await page.getByTestId('sim-order-cancel').count()).toBe(0);
      // The history says it in words, the cost in euros.
      const history = (await page.getByTestId('sim-history-table').innerText()).replace(/\s+/g, ' ');
      expect(history).not.toMatch(/blockedAt|earlyTerminationCostCents|recipientOperator/);
      expect(history).toContain(`${fleetEn['fleet.history.field.blockedAt']}: `);
      expect(history).toMatch(new RegExp(`${fleetEn['fleet.history.field.earlyTerminationCostCents']}: €\\d`));
      // Back in the list, the line is marked blocked too.
      await page.goBack();
      const listed = page.getByTestId('fleet-table').getByTestId('sim-status').first();
      await expect.poll(() => listed.getAttribute('data-blocked'), WAIT).toBe('true');
      expect(await listed.textContent()).toBe(fleetEn['fleet.status.short.portOutBlocked']);
      expect(await listed.getAttribute('title')).toBe(fleetEn['fleet.status.portOutPendingBlocked']);
      // Readable in full, not cut by an ellipsis.
      expect(await listed.evaluate((badge) => badge.scrollWidth <= badge.clientWidth && badge.scrollHeight <= badge.clientHeight)).toBe(true);
    });
  });

  it('a line past its initial term ends at no cost: the dialog says so, without figures or a cost to accept', { timeout: 120_000 }, async () => {
    await inBrowserContext(browser, 'fleet-orders-free-termination', async (context) => {
      const page = await context.newPage();
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await openSim(page, freeSim.msisdn);
      // Past its initial term, ending it is not early.
      expect(await page.getByTestId('sim-line-terminate').textContent()).toBe(fleetEn['fleet.line.terminateAfterTerm']);
      await page.getByTestId('sim-line-terminate').click();
      const dialog = page.getByRole('dialog');
      // Ending a line cannot be undone: focus starts on Cancel, not on the dialog's close button.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('fleet-line-cancel');
      await dialog.getByText(fleetEn['fleet.quote.noCost']).waitFor(WAIT);
      expect(await dialog.getByTestId('fleet-termination-quote').count()).toBe(0);
      expect(await dialog.getByTestId('fleet-terminate-accept').count()).toBe(0);
      const confirm = page.getByTestId('fleet-line-confirm-terminate');
      expect(await confirm.innerText()).toBe(fleetEn['fleet.line.terminateFree']);
      await confirm.click();
      const status = page.getByTestId('sim-detail-page').getByTestId('sim-status');
      await expect.poll(() => status.getAttribute('data-status'), WAIT).toBe('deactivated');
      expect((await ordersOf(freeSim.id)).map((o) => [o.kind, o.status, (o.request as { acceptedCostCents?: number }).acceptedCostCents]))
        .toEqual([['terminate', 'applied', 0]]);
    });
  });

  it('with approval required, the employee\'s CLIR request waits on My line until the fleet manager approves it, then it is applied', { timeout: 180_000 }, async () => {
    const fleetContext = await languageContext(browser);
    const employeeContext = await languageContext(browser);
    const errors: string[] = [];
    for (const c of [fleetContext, employeeContext]) c.on('page', (page) => page.on('pageerror', (e) => errors.push(String(e))));
    try {
      // The fleet manager asks for his approval in the SIM's self-service rights.
      const fleet = await fleetContext.newPage();
      await signIn(fleet, t.url, 'fleet@acme.test');
      await fleet.getByTestId('nav-fleet-manager').click();
      await fleet.getByTestId('fleet-table').waitFor(WAIT);
      await openSim(fleet, employeeSim.msisdn);
      const approval = fleet.getByTestId('self-approval');
      await approval.waitFor(WAIT);
      expect(await approval.isChecked()).toBe(false);
      await approval.check();
      await fleet.getByTestId('self-save').click();
      await fleet.getByTestId('sim-self-service-saved').waitFor(WAIT);
      const rights = await db().selectFrom('sim_self_service').selectAll().where('sim_id', '=', employeeSim.id).executeTakeFirstOrThrow();
      expect(rights.requires_approval).toBe(true);
      expect(rights.clir).toBe(true);
      await expect.poll(() => fleet.getByTestId('sim-self-service').innerText(), WAIT).toContain('Last set by Florian Fleet');

      // The employee asks to change CLIR: it waits, unchanged, under his requests awaiting approval.
      const employee = await employeeContext.newPage();
      await signIn(employee, t.url, 'employee@acme.test');
      await employee.getByTestId('nav-mobile').click();
      await employee.getByTestId('my-line').waitFor(WAIT);
      await employee.getByTestId('my-line-approval').waitFor(WAIT);
      const clir = (await simRow(employeeSim.id)).clir;
      const asked = fill(fleetEn['fleet.order.kind.clir'], { value: clir ? fleetEn['fleet.off'] : fleetEn['fleet.on'] });
      await employee.getByTestId('sim-change-clir').click();
      await employee.getByTestId('fleet-change-submit').click();
      await expect.poll(() => employee.getByTestId('my-line-result').innerText(), WAIT).toBe(fleetEn['fleet.order.result.awaiting_approval']);
      const waiting = employee.getByTestId('my-line-waiting');
      await expect.poll(() => waiting.innerText(), WAIT).toContain(asked);
      expect(await employee.getByTestId('sim-clir').textContent()).toBe(clir ? fleetEn['fleet.on'] : fleetEn['fleet.off']);
      const order = (await ordersOf(employeeSim.id)).at(-1)!;
      expect(order).toMatchObject({ kind: 'clir', status: 'awaiting_approval' });
      expect((await simRow(employeeSim.id)).clir).toBe(clir);

      // The fleet manager approves it among the requests awaiting him.
      await fleet.getByTestId('sim-back').click();
      await fleet.getByTestId('fleet-tab-approvals').click();
      await fleet.getByTestId('fleet-approvals-page').waitFor(WAIT);
      const row = fleet.getByTestId('approval-row');
      await expect.poll(() => row.count(), WAIT).toBe(1);
      expect(await row.innerText()).toMatch(new RegExp(`${asked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*Emma Employee`));
      await row.getByTestId('approval-approve').click();
      await expect.poll(() => fleet.getByTestId('approvals-message').innerText(), WAIT).toBe(fleetEn['fleet.approvals.approved']);
      await fleet.getByTestId('approvals-empty').waitFor(WAIT);
      expect(await db().selectFrom('sim_orders').select(['status']).where('id', '=', order.id).executeTakeFirstOrThrow()).toEqual({ status: 'applied' });
      expect((await simRow(employeeSim.id)).clir).toBe(!clir);
      // The line's history says who asked and who approved (MOB-3).
      await fleet.getByTestId('fleet-tab-sims').click();
      await fleet.getByTestId('fleet-table').waitFor(WAIT);
      await openSim(fleet, employeeSim.msisdn);
      const approvedRow = fleet.getByTestId('sim-history-row').filter({ has: fleet.getByTestId('sim-history-approved-by') }).first();
      await approvedRow.waitFor(WAIT);
      expect(await approvedRow.getAttribute('data-kind')).toBe('clir');
      expect(await approvedRow.innerText()).toContain('Emma Employee');
      expect(await approvedRow.getByTestId('sim-history-approved-by').innerText()).toBe(fleetEn['fleet.history.approvedBy'].replace('{name}', 'Florian Fleet'));

      // His line shows it applied, and nothing waits any more.
      await employee.reload();
      await employee.getByTestId('my-line').waitFor(WAIT);
      await expect.poll(() => employee.getByTestId('sim-clir').textContent(), WAIT).toBe(clir ? fleetEn['fleet.off'] : fleetEn['fleet.on']);
      await expect.poll(() => waiting.innerText(), WAIT).toContain(fleetEn['fleet.myLine.noWaiting']);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('fleet-orders-approval', fleetContext, employeeContext);
      throw error;
    } finally {
      await fleetContext.close();
      await employeeContext.close();
    }
  });
});
