/// <reference lib="dom" />
// cutActions measures the buttons in the page: it uses its globals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '@mandate/domain/profiles';
import { runBulkChanges } from '@mandate/server/modules/sim-orders/bulk-changes.service';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: what the fleet manager reads on the fleet table and a SIM card's page, as he sees it.
 * The billing account filter offers the accounts of the SIM cards he may see (his scope is a cost
 * centre, which lists no billing account of its own); the Subscription card keeps every action
 * whole in each language, on a desk and on a phone; a plan with no allowance of calls or SMS shows
 * their usage without a gauge that reads as an overrun, on the SIM card's page and under My line;
 * a bulk change's progress never starts at "0 SIM cards", and the SIM cards it could not change say
 * why in the user's language.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
/** A Sales SIM card on Data Only 10 GB (no calls or SMS included) with options the fleet manager may remove. */
let dataOnlySim: string;
/** The billing accounts of the Sales SIM cards. */
let salesAccounts: string[];

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const DESK = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const dataOnly = (await db().selectFrom('tariff_plans').select('id').where('code', '=', 'DATA-10').executeTakeFirstOrThrow()).id;
  const sales = db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales');
  const candidates = await sales
    .select('s.id')
    .where('s.tariff_plan_id', '=', dataOnly).where('s.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('sim_options as so').select('so.sim_id').whereRef('so.sim_id', '=', 's.id')))
    .orderBy('s.msisdn').execute();
  if (candidates.length === 0) throw new Error('the demo data has no active Sales SIM card on Data Only 10 GB with an option');
  dataOnlySim = candidates[0]!.id;
  salesAccounts = (await sales.innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id').select('ba.number').distinct().orderBy('ba.number').execute())
    .map((a) => a.number);
  // The employee's own line on the same plan, for My line.
  await db().updateTable('sims').set({ tariff_plan_id: dataOnly })
    .where('end_user_id', '=', db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test'))
    .where('customer_id', '=', acme).execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const loaded = async (page: Page) => Number(await page.getByTestId('fleet-table').getAttribute('data-loaded'));

/** The buttons of the Subscription card whose label is cut, or that stick out of the card or the window. */
function cutActions(page: Page): Promise<string[]> {
  return page.getByTestId('sim-subscription').evaluate((card) => {
    const box = card.getBoundingClientRect();
    const right = Math.min(box.right, document.documentElement.clientWidth);
    return Array.from(card.querySelectorAll('button')).flatMap((button) => {
      const name = button.textContent ?? '';
      const at = button.getBoundingClientRect();
      const label = (button.querySelector('.mantine-Button-label') as HTMLElement | null) ?? button;
      return [
        ...(label.scrollWidth > label.clientWidth + 1 ? [`"${name}" cut (${label.clientWidth} of ${label.scrollWidth} px)`] : []),
        ...(at.left < box.left - 1 || at.right > right + 1 ? [`"${name}" outside the card (${Math.round(at.left)}–${Math.round(at.right)}, card ${Math.round(box.left)}–${Math.round(right)})`] : []),
      ];
    });
  });
}

/** The usage meter `testId` (usage-data, usage-voice, usage-sms): its text and whether it draws a gauge. */
async function meter(page: Page, testId: string): Promise<{ text: string; gauges: number }> {
  const figure = page.getByTestId(testId);
  return { text: await figure.innerText(), gauges: await figure.getByRole('progressbar').count() };
}

describe.skipIf(!chromiumPath)('browser: the fleet table\'s filters, the SIM card\'s page and a bulk change, as shown', () => {
  it('PFM-4: the fleet table and a SIM card\'s page print what they show, every loaded row, without the portal around them', { timeout: 120_000 }, async () => {
    await inBrowser(browser, 'fleet-print', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      const rows = Number(await page.getByTestId('fleet-table').getAttribute('data-loaded'));
      expect(rows).toBe(14);
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => { (window as unknown as { printed: number }).printed += 1; };
      });
      await page.getByTestId('fleet-print').click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      // On paper: every loaded row, no navigation, filters or buttons.
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await expect.poll(() => page.locator('[data-testid="fleet-row"]:visible').count(), WAIT).toBe(rows);
      expect(await page.getByTestId('fleet-print').isVisible()).toBe(false);
      expect(await page.locator('.mantine-AppShell-navbar').isVisible()).toBe(false);
      expect(await page.getByTestId('fleet-filter-billing-account').isVisible()).toBe(false);
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'screen' });

      await page.goto(`${t.url}/customers/${acme}/fleet/${dataOnlySim}`);
      await page.getByTestId('sim-detail-page').waitFor(WAIT);
      await page.getByTestId('fleet-print').waitFor(WAIT);
    });
  });

  it('the billing account filter offers the accounts of the fleet manager\'s SIM cards, and filters by one', { timeout: 120_000 }, async () => {
    expect(salesAccounts.length).toBeGreaterThan(1);
    await inBrowser(browser, 'fleet-filter-account', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      const all = await loaded(page);

      await page.getByTestId('fleet-filter-billing-account').click();
      await page.getByRole('option').first().waitFor(WAIT);
      const offered = await page.getByRole('option').allInnerTexts();
      expect(offered.map((o) => o.split(' · ')[0])).toEqual(salesAccounts);
      await page.keyboard.press('Escape');

      const [, second] = salesAccounts as [string, string];
      await pick(page, 'fleet-filter-billing-account', new RegExp(`^${second}\\b`));
      await expect.poll(() => new URL(page.url()).searchParams.get('ba'), WAIT).toMatch(/^[0-9a-f-]{36}$/);
      await expect.poll(async () => {
        const accounts = await page.getByTestId('fleet-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
        return accounts.length > 0 && accounts.every((text) => text.includes(second));
      }, WAIT).toBe(true);
      expect(await loaded(page)).toBeLessThan(all);
    });
  });

  it.each(['nl', 'fr', 'en'] as const)('%s: every action of the Subscription card is whole, on a desk and on a phone', { timeout: 120_000 }, async (language: Language) => {
    await inBrowser(browser, `fleet-subscription-${language}`, async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${dataOnlySim}`);
      await page.getByTestId('sim-change-eu').waitFor(WAIT);
      expect(await page.getByTestId('sim-remove-option').count()).toBeGreaterThan(0);
      expect(await cutActions(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      await page.getByTestId('sim-change-eu').scrollIntoViewIfNeeded();
      expect(await cutActions(page)).toEqual([]);
      await page.setViewportSize(DESK);
    }, language);
  });

  it.each(['nl', 'fr', 'en'] as const)('%s: the fleet table\'s default columns fit a 1,366 px screen, no header or value cut', { timeout: 60_000 }, async (language) => {
    // The longest status words: a Sales line lost while its port-out waits, another deactivated.
    const [lost, gone] = await db().selectFrom('sims as s').innerJoin('cost_centres as c', 'c.id', 's.cost_centre_id')
      .select('s.id').where('s.customer_id', '=', acme).where('c.name', '=', 'Sales').where('s.status', '=', 'active')
      .orderBy('s.msisdn').limit(2).execute() as [{ id: string }, { id: string }];
    await db().updateTable('sims').set({ status: 'port_out_pending', blocked_at: new Date() }).where('id', '=', lost.id).execute();
    await db().updateTable('sims').set({ status: 'deactivated' }).where('id', '=', gone.id).execute();
    try {
      await inBrowser(browser, `fleet-fit-${language}`, async (page) => {
        await page.setViewportSize({ width: 1366, height: 768 });
        await signIn(page, t.url, 'fleet@acme.test');
        await page.goto(`${t.url}/customers/${acme}/fleet`);
        await expect.poll(() => loaded(page), WAIT).toBeGreaterThan(0);
        const fit = await page.getByTestId('fleet-table').evaluate((table) => ({
          table: table.scrollWidth, room: table.parentElement!.clientWidth,
          clippedHeaders: Array.from(table.querySelectorAll('th')).filter((c) => c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight).map((c) => c.textContent),
          clippedNumbers: Array.from(table.querySelectorAll('[data-testid="fleet-sim-link"]')).filter((c) => c.parentElement!.scrollWidth > c.parentElement!.clientWidth).length,
          clippedStatuses: Array.from(table.querySelectorAll('[data-testid="sim-status"]')).filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent),
        }));
        expect(fit.table).toBeLessThanOrEqual(fit.room);
        expect(fit.clippedHeaders).toEqual([]);
        expect(fit.clippedNumbers).toBe(0);
        expect(fit.clippedStatuses).toEqual([]);
        expect(await page.locator('[data-testid="sim-status"][data-blocked]').count()).toBe(1);
      }, language);
    } finally {
      await db().updateTable('sims').set({ status: 'active', blocked_at: null }).where('id', 'in', [lost.id, gone.id]).execute();
    }
  });

  it('no allowance of calls or SMS: their usage without a gauge, charged at the plan\'s rates (SIM card\'s page, My line)', { timeout: 120_000 }, async () => {
    const noAllowance = /No allowance included: charged at the tariff plan's rates/;
    const check = async (page: Page) => {
      await page.getByTestId('sim-usage').waitFor(WAIT);
      for (const kind of ['usage-voice', 'usage-sms']) {
        const { text, gauges } = await meter(page, kind);
        expect(gauges, kind).toBe(0);
        expect(text, kind).toMatch(noAllowance);
        expect(text, kind).not.toMatch(/ of 0 /);
      }
      // The data allowance is 10 GB: its gauge stays.
      expect((await meter(page, 'usage-data')).gauges).toBe(1);
    };
    await inBrowser(browser, 'fleet-usage-sim', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${dataOnlySim}`);
      await check(page);
    });
    await inBrowser(browser, 'fleet-usage-my-line', async (page) => {
      await signIn(page, t.url, 'employee@acme.test');
      await page.getByTestId('nav-mobile').click();
      await page.getByTestId('my-line-usage').waitFor(WAIT);
      await check(page);
    });
  });

  it('a bulk change\'s progress names the count of SIM cards from the start, never 0', { timeout: 120_000 }, async () => {
    await inBrowser(browser, 'fleet-bulk-progress', async (page) => {
      // The first answers about the bulk change are held, as on a slow line.
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(/\/sim-bulk-changes\/[0-9a-f-]{36}$/, async (route) => {
        await held;
        await route.continue();
      });
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      const boxes = page.getByTestId('fleet-select-row');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await expect.poll(() => page.getByTestId('fleet-selected-count').innerText()).toBe('2 selected');
      await page.getByTestId('fleet-bulk-add-option').click();
      await pick(page, 'fleet-bulk-target', /^Roaming Day Pass/);
      await page.getByTestId('fleet-bulk-confirm').click();

      const panel = page.getByTestId('fleet-bulk-progress');
      await panel.waitFor(WAIT);
      const title = await panel.getByRole('heading').first().innerText();
      expect(title).not.toMatch(/\b0 SIM/);
      expect(title).toBe('Change of 2 SIM cards');
      release();
      await expect.poll(() => page.getByTestId('fleet-bulk-progress-text').innerText(), WAIT).toMatch(/, of 2$/);
      expect(await panel.getByRole('heading').first().innerText()).toBe('Change of 2 SIM cards');
    });
  });

  it('a bulk change\'s failed SIM cards say why in Dutch, naming the option by its catalogue name, not the server\'s English', { timeout: 120_000 }, async () => {
    const dataOnly = (await db().selectFrom('tariff_plans').select('id').where('code', '=', 'DATA-10').executeTakeFirstOrThrow()).id;
    const intl = await db().selectFrom('tariff_options').select(['id', 'code', 'name']).where('code', '=', 'INTL-100').executeTakeFirstOrThrow();
    // Not an option of Data Only 10 GB: every active SIM card on that plan fails with option_incompatible.
    expect(await db().selectFrom('tariff_option_plans').select('plan_id').where('option_id', '=', intl.id).where('plan_id', '=', dataOnly).execute()).toEqual([]);
    await inBrowser(browser, 'fleet-bulk-failed-nl', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet?plan=${dataOnly}&status=active`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await expect.poll(() => loaded(page), WAIT).toBeGreaterThan(0);
      const boxes = page.getByTestId('fleet-select-row');
      const chosen = Math.min(await boxes.count(), 2);
      for (let i = 0; i < chosen; i++) await boxes.nth(i).check();
      await page.getByTestId('fleet-bulk-add-option').click();
      await pick(page, 'fleet-bulk-target', new RegExp(`^${intl.name}`));
      await page.getByTestId('fleet-bulk-confirm').click();
      const panel = page.getByTestId('fleet-bulk-progress');
      await panel.waitFor(WAIT);

      // The job (off in tests) runs the change now.
      await runBulkChanges({ db: db(), clock: t.clock, config: t.app.config, log: t.app.log });
      await expect.poll(() => panel.getAttribute('data-status'), WAIT).toBe('done');
      const reasons = panel.getByTestId('fleet-bulk-failed-reason');
      await expect.poll(() => reasons.count(), WAIT).toBe(chosen);
      const expected = fleetNl['fleet.bulk.failed.option_incompatible'].replace('{name}', intl.name);
      expect(await reasons.allInnerTexts()).toEqual(Array(chosen).fill(expected));
      expect(await reasons.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-code')))).toEqual(Array(chosen).fill('option_incompatible'));
      const text = await panel.innerText();
      expect(text).not.toContain(intl.code);
      expect(text).not.toMatch(/cannot be added|tariff plan/);
    }, 'nl');
  });

  it('before a bulk change, its dialog says how many of the selected SIM cards will not change, and why', { timeout: 120_000 }, async () => {
    const firstSales = await db().selectFrom('sims as s')
      .innerJoin('cost_centres as cc', (j) => j.onRef('cc.id', '=', 's.cost_centre_id').onRef('cc.customer_id', '=', 's.customer_id'))
      .select('s.id').where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').orderBy('s.msisdn').limit(3).execute();
    expect(firstSales).toHaveLength(3);
    const [ended, holder, third] = firstSales.map((sim) => sim.id) as [string, string, string];
    const option = await db().selectFrom('tariff_options').select(['id', 'name']).where('name', '=', 'Roaming Day Pass').executeTakeFirstOrThrow();
    await db().updateTable('sims').set({ status: 'deactivated' }).where('id', '=', ended).execute();
    await db().insertInto('sim_options').values({ customer_id: acme, sim_id: holder, option_id: option.id, added_at: new Date() })
      .onConflict((oc) => oc.doNothing()).execute();
    const holds = await db().selectFrom('sim_options').select('sim_id').where('option_id', '=', option.id).where('sim_id', 'in', [holder, third]).execute();
    const already = holds.length;
    await inBrowser(browser, 'fleet-bulk-precheck', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      const boxes = page.getByTestId('fleet-select-row');
      for (let i = 0; i < 3; i++) await boxes.nth(i).check();
      await page.getByTestId('fleet-bulk-add-option').click();
      // Nothing said before the option is chosen but the line that can take no change.
      await page.getByTestId('fleet-bulk-precheck-ending').waitFor(WAIT);
      expect(await page.getByTestId('fleet-bulk-precheck-already').count()).toBe(0);
      await pick(page, 'fleet-bulk-target', /^Roaming Day Pass/);
      const fill = (key: string, n: number) => (fleetEn as Record<string, string>)[`${key}_${n === 1 ? 'one' : 'other'}`]!.replace('{count}', String(n));
      expect(await page.getByTestId('fleet-bulk-precheck-ending').textContent()).toBe(fill('fleet.bulk.precheck.ending', 1));
      expect(await page.getByTestId('fleet-bulk-precheck-already').textContent()).toBe(fill('fleet.bulk.precheck.already', already));
    });
  });
});
