/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The checks measure elements in the page: they use its globals.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { SimOrder } from '@mandate/contracts/sim-orders';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser, on a phone (390 × 844): the fleet's tables read as cards of "label: value" lines, as the
 * portal's other lists do, so that what a user must check or do is on the screen without a sideways
 * scroll: under My line, the changes awaiting approval or scheduled with who asked for them and the
 * button that withdraws his own; in a bulk change of tariff plan, the what-if's difference per SIM
 * card and the whole name of the plan chosen; on a SIM card's page, what each change was and its
 * before → after.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
/** The employee's own line. */
let employeeSim: { id: string; version: number; clir: boolean };
/** A Sales SIM card (the fleet manager's scope) with a change history. */
let historySim: string;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const employee = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
  employeeSim = await db().selectFrom('sims').select(['id', 'version', 'clir']).where('customer_id', '=', acme).where('end_user_id', '=', employee)
    .where('status', '=', 'active').executeTakeFirstOrThrow();
  const withHistory = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .select('s.id')
    .where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').where('s.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('sim_changes as c').select('c.sim_id').whereRef('c.sim_id', '=', 's.id')))
    .orderBy('s.msisdn').executeTakeFirst();
  if (!withHistory) throw new Error('the demo data has no active Sales SIM card with a change history');
  historySim = withHistory.id;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function onPhone(name: string, body: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  await context.addInitScript(() => localStorage.setItem('mandate.language', 'en'));
  try {
    await body(await context.newPage());
  } catch (error) {
    await saveScreenshots(name, context);
    throw error;
  } finally {
    await context.close();
  }
}

/** The element lies within the screen's width and within `container`'s. */
async function expectInside(element: Locator, container: Locator, what: string): Promise<void> {
  const box = await element.boundingBox();
  const outer = await container.boundingBox();
  expect(box, what).not.toBeNull();
  expect(outer, what).not.toBeNull();
  expect(box!.x, what).toBeGreaterThanOrEqual(Math.max(0, outer!.x) - 0.5);
  expect(box!.x + box!.width, what).toBeLessThanOrEqual(Math.min(PHONE.width, outer!.x + outer!.width) + 0.5);
}

/** Nothing in `container` is wider than it: no column hides past its edge. */
async function noSidewaysScroll(container: Locator): Promise<void> {
  const widths = await container.evaluate((el) => {
    let widest = 0;
    let which = '';
    for (const node of el.querySelectorAll('*')) {
      // A scroll area's own scrollbar is no content.
      if (node.closest('.mantine-ScrollArea-scrollbar')) continue;
      if (node instanceof HTMLElement && node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'visible') {
        widest = Math.max(widest, node.scrollWidth - node.clientWidth);
        which = `${node.tagName}.${node.className}`;
      }
    }
    return { widest, which, table: el.querySelector('table')?.getBoundingClientRect().width ?? 0, own: el.getBoundingClientRect().width };
  });
  expect(widths.widest, `${widths.which} scrolls sideways`).toBe(0);
  expect(widths.table).toBeLessThanOrEqual(widths.own + 0.5);
}

describe.skipIf(!chromiumPath)('browser: the fleet\'s tables on a phone', () => {
  it('My line: a change he scheduled reads as a card, who asked for it and when, and his cancel button on the screen', { timeout: 120_000 }, async () => {
    await db().updateTable('sim_self_service').set({ requires_approval: false, clir: true }).where('sim_id', '=', employeeSim.id).execute();
    const employee = await signedIn(t.url, 'employee@acme.test');
    const asked = await employee.post<SimOrder>(`/api/v1/customers/${acme}/sims/${employeeSim.id}/orders`,
      { kind: 'clir', enabled: !employeeSim.clir, effective: 'next_period' }, { 'If-Match': `"${employeeSim.version}"`, 'Idempotency-Key': randomUUID() });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    try {
      await onPhone('fleet-phone-my-line', async (page) => {
        await signIn(page, t.url, 'employee@acme.test');
        await page.goto(`${t.url}/customers/${acme}/my-line`);
        const card = page.getByTestId('my-line-waiting');
        const row = card.getByTestId('my-line-waiting-row');
        await expect.poll(() => row.count(), WAIT).toBe(1);
        await noSidewaysScroll(card);
        for (const id of ['my-line-waiting-by', 'my-line-waiting-at', 'my-line-cancel']) await expectInside(row.getByTestId(id), card, id);
        // Each value says which column it is.
        expect(await row.getByTestId('my-line-waiting-by').evaluate((td) => getComputedStyle(td, '::before').content)).toBe(JSON.stringify(fleetEn['fleet.order.column.by']));
        // The card's heading keeps its padding.
        const heading = card.getByRole('heading').first();
        expect((await heading.boundingBox())!.x - (await card.boundingBox())!.x).toBeGreaterThanOrEqual(8);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        await row.getByTestId('my-line-cancel').click();
        await page.getByTestId('confirm-my-line-cancel').waitFor(WAIT);
      });
    } finally {
      await employee.post(`/api/v1/customers/${acme}/sim-orders/${asked.body.id}/cancel`);
    }
  });

  it('a bulk change of tariff plan: the plan chosen is named whole, and each SIM card\'s difference is on the screen', { timeout: 120_000 }, async () => {
    // The longest name of the plans that can be chosen.
    const plans = await db().selectFrom('tariff_plans').select('name').where('withdrawn_at', 'is', null).execute();
    const longest = plans.map((p) => p.name).sort((a, b) => b.length - a.length)[0]!;
    await onPhone('fleet-phone-what-if', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      const boxes = page.getByTestId('fleet-select-row');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByTestId('fleet-bulk-plan').click();
      await pick(page, 'fleet-bulk-target', new RegExp(`^${longest}`));
      const input = page.getByTestId('fleet-bulk-target');
      expect(await input.inputValue()).toBe(longest);
      // Its text fits the field: nothing cut.
      expect(await input.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await page.getByTestId('fleet-what-if-run').click();
      const table = page.getByTestId('fleet-what-if-table');
      await table.waitFor(WAIT);
      const dialog = page.getByRole('dialog');
      await noSidewaysScroll(page.getByTestId('fleet-what-if'));
      const differences = page.getByTestId('fleet-what-if-difference');
      expect(await differences.count()).toBe(2);
      for (let i = 0; i < 2; i++) await expectInside(differences.nth(i), dialog, `difference ${i}`);
      expect(await differences.first().evaluate((td) => getComputedStyle(td, '::before').content)).toBe(JSON.stringify(fleetEn['fleet.whatIf.difference']));
      const total = page.getByTestId('fleet-what-if-total').locator('th').last();
      await expectInside(total, dialog, 'total difference');
      // Cards name their cells: no header row above them, which would cover the rows scrolled under it.
      expect(await table.locator('thead').evaluate((el) => getComputedStyle(el).display)).toBe('none');
      // A difference says its direction.
      for (const text of [...await differences.allTextContents(), await total.textContent() ?? '']) expect(text).toMatch(/^([+−-]|€\s?0\.00$)/);
    });
  });

  it('a SIM card\'s change history: what changed and its before → after are on the screen', { timeout: 120_000 }, async () => {
    await onPhone('fleet-phone-history', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${historySim}`);
      const card = page.getByTestId('sim-history');
      const row = card.getByTestId('sim-history-row').first();
      await row.waitFor(WAIT);
      await noSidewaysScroll(card);
      await expectInside(row.getByTestId('sim-history-what'), card, 'what');
      await expectInside(row.getByTestId('sim-history-change'), card, 'before → after');
      expect(await row.getByTestId('sim-history-change').evaluate((td) => getComputedStyle(td, '::before').content)).toBe(JSON.stringify(fleetEn['fleet.history.change']));
    });
  });
});
