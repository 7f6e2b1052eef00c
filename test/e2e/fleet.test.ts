import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetFr } from '../../web/src/features/fleet/i18n/fleet-fr.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import { insightsEn } from '../../web/src/features/insights/i18n/en.ts';
import { insightsFr } from '../../web/src/features/insights/i18n/fr.ts';
import { insightsNl } from '../../web/src/features/insights/i18n/nl.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, pick, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: Fleet Manager and My line, the read side. The fleet manager (scope: cost centre Sales)
 * opens the fleet, whose table loads keyset pages as it scrolls and keeps only a window of rows in
 * the page; he sees Sales SIMs only, filters by status and searches by number, opens a SIM and
 * sees its usage this month and its change history (made by whom, through which delegation). The
 * employee sees his own line under My line.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
/** Extra Sales SIMs, so that the fleet outgrows one page (200) and the window of rows the table draws. */
const EXTRA = 300;
const SUSPENDED = 6;
let employeeMsisdn: string;
let financeMsisdn: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const sales = (await db.selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
  const account = (await db.selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).where('number', '=', 'ACME-0001').executeTakeFirstOrThrow()).id;
  await db.insertInto('sims').values(Array.from({ length: EXTRA }, (_, i) => ({
    customer_id: acme, msisdn: `+3247990${String(i).padStart(4, '0')}`, iccid: `8932990${String(i).padStart(12, '0')}`,
    billing_account_id: account, cost_centre_id: sales, end_user_id: null, status: i % (EXTRA / SUSPENDED) === 0 ? 'suspended' : 'active',
  }))).execute();
  employeeMsisdn = (await db.selectFrom('sims as s').innerJoin('users as u', 'u.id', 's.end_user_id').select('s.msisdn').where('u.email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).msisdn;
  financeMsisdn = (await db.selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id').select('s.msisdn')
    .where('s.customer_id', '=', acme).where('cc.name', '=', 'Finance').orderBy('s.msisdn').limit(1).executeTakeFirstOrThrow()).msisdn;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const WAIT = { timeout: 15_000 };

async function englishContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('mandate.language', 'en'));
  return context;
}

const loaded = async (page: Page) => Number(await page.getByTestId('fleet-table').getAttribute('data-loaded'));
const domRows = (page: Page) => page.getByTestId('fleet-row').count();

describe('the texts of Fleet Manager', () => {
  const catalogues = { nl: fleetNl, fr: fleetFr, en: fleetEn } as const;
  const RULE_ID = /\b(ROLE|DLG|ACC|INV|INS|PFM|MOB|EBL|RET|PRIV|IDV|SEC|OPS)-\d/;
  const NOT_GLOSSARY = {
    nl: [/facturatieaccount/i, /SIM-nummer/i, /mobiele nummers?/i, /kostencentr/i, /geschorst/i],
    fr: [/numéro de SIM/i, /numéros mobiles/i, /périmètre/i, /centre de coût\b/i],
    en: [/cost center/i, /SIM number/i],
  } as const;
  const GLOSSARY = {
    nl: ['simkaart', 'gsm-nummer', 'tariefplan', 'optie', 'kostenplaats', 'facturatierekening', 'facturatieperiode', 'simkaartenvloot', 'opgeschort', 'delegatie'],
    fr: ['carte sim', 'numéro de gsm', 'plan tarifaire', 'option', 'centre de coûts', 'compte de facturation', 'période de facturation', 'flotte', 'suspendu', 'délégation'],
    en: ['sim card', 'mobile number', 'tariff plan', 'option', 'cost centre', 'billing account', 'billing period', 'fleet', 'suspended', 'delegation'],
  } as const;

  it.each(['nl', 'fr', 'en'] as const)('%s: no rule id, no replaced word, and the glossary\'s words', (language) => {
    const entries = Object.entries(catalogues[language]);
    expect(entries.filter(([, value]) => RULE_ID.test(value))).toEqual([]);
    expect(entries.flatMap(([key, value]) => NOT_GLOSSARY[language].filter((w) => w.test(value)).map((w) => `${key}: ${String(w)}`))).toEqual([]);
    const all = entries.map(([, value]) => value.toLowerCase()).join('\n');
    expect(GLOSSARY[language].filter((word) => !all.includes(word))).toEqual([]);
  });

  // One verb for saving a view, in Fleet Manager as in Invoice Insights ("opslaan", not "bewaren", in Dutch).
  const insights = { nl: insightsNl, fr: insightsFr, en: insightsEn } as const;
  it.each(['nl', 'fr', 'en'] as const)('%s: a view is saved with the same words as in Insights', (language) => {
    const fleet = catalogues[language];
    expect(fleet['fleet.views.save'].replace(/…$/, '')).toBe(insights[language]['insights.views.save']);
    const verb = insights[language]['insights.views.save'].split(' ')[language === 'nl' ? 1 : 0]!.toLowerCase();
    for (const key of ['fleet.views.saveTitle', 'fleet.views.saveConfirm', 'fleet.self.save'] as const) expect(fleet[key].toLowerCase(), key).toContain(verb);
    if (language === 'nl') {
      const saving = Object.entries(fleet).filter(([key]) => key.startsWith('fleet.views.') || key.endsWith('.save') || key.endsWith('.saved'));
      expect(saving.filter(([key, value]) => key !== 'fleet.views.limit' && /bewa(ar|ren)/i.test(value))).toEqual([]);
    }
  });
});

describe.skipIf(!chromiumPath)('browser: Fleet Manager, read side (PFM-1, PFM-4, MOB-2, MOB-3)', () => {
  it('the fleet manager scrolls his Sales fleet, filters, searches and opens a SIM with its usage and history', { timeout: 180_000 }, async () => {
    const context = await englishContext();
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);

      // One keyset page is loaded (the 14 seeded Sales SIMs and the extra ones make more than one), only a window of it drawn.
      await expect.poll(() => loaded(page), WAIT).toBe(200);
      expect(await domRows(page)).toBeGreaterThan(0);
      expect(await domRows(page)).toBeLessThan(60);
      // Scrolling to the end loads the next page; the page still holds only a window of rows.
      await page.getByTestId('fleet-scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect.poll(() => loaded(page), WAIT).toBe(14 + EXTRA);
      expect(await domRows(page)).toBeLessThan(60);
      expect(await page.getByTestId('fleet-count').innerText()).toMatch(/314 SIM cards loaded · all matching SIM cards are loaded/);

      // Only Sales SIMs: every row drawn names the cost centre Sales; a Finance number is not found.
      const centres = await page.getByTestId('fleet-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
      expect(centres.length).toBeGreaterThan(0);
      expect(centres.filter((text) => !text.includes('Sales'))).toEqual([]);

      // Filter by status: the URL carries it, the server answers the suspended ones only.
      await pick(page, 'fleet-filter-status', 'Suspended');
      await expect.poll(() => page.url()).toMatch(/status=suspended/);
      await expect.poll(() => loaded(page), WAIT).toBe(SUSPENDED);
      expect(await page.getByTestId('fleet-row').getByTestId('sim-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(Array(SUSPENDED).fill('suspended'));

      // Sort by clicking a header: server-side, in the URL.
      await page.getByTestId('fleet-sort-msisdn').click();
      await expect.poll(() => page.url()).toMatch(/sort=msisdn%3Adesc|sort=msisdn:desc/);
      const descending = async () => {
        const numbers = await page.getByTestId('fleet-sim-link').allInnerTexts();
        return numbers.length === SUSPENDED && numbers.join() === [...numbers].sort().reverse().join();
      };
      await expect.poll(descending, WAIT).toBe(true);
      // The table is drawn anew, and focus stays on the header, so the keyboard can sort back.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('fleet-sort-msisdn');
      await page.getByTestId('fleet-filter-reset').click();
      await expect.poll(() => page.url()).not.toMatch(/status=/);

      // A Finance SIM is outside his scope: searching it finds nothing.
      await page.getByTestId('fleet-search').fill(financeMsisdn);
      await page.getByTestId('fleet-empty').waitFor(WAIT);

      // Selecting lines opens the bulk bar with an honest count.
      await page.getByTestId('fleet-search').fill(employeeMsisdn);
      await expect.poll(() => loaded(page), WAIT).toBe(1);
      await page.getByTestId('fleet-select-row').first().check();
      await expect.poll(() => page.getByTestId('fleet-selected-count').innerText()).toBe('1 selected');
      await page.getByTestId('fleet-select-clear').click();
      await expect.poll(() => page.getByTestId('fleet-bulk-bar').count()).toBe(0);

      // The SIM: its header, usage this month against the allowance, and its change history.
      await page.getByTestId('fleet-sim-link').first().click();
      await page.getByTestId('sim-detail-page').waitFor(WAIT);
      expect(await page.getByTestId('sim-end-user').innerText()).toBe('Emma Employee');
      expect(await page.getByTestId('sim-cost-centre').innerText()).toMatch(/Sales/);
      await page.getByTestId('sim-usage').waitFor(WAIT);
      for (const kind of ['data', 'voice', 'sms']) expect(await page.getByTestId(`usage-${kind}`).count()).toBe(1);
      await expect.poll(() => page.getByTestId('sim-history-row').count(), WAIT).toBeGreaterThan(0);
      // A change Brightwave's delegate made through the delegation, named as such.
      const delegations = await page.getByTestId('sim-history-delegation').allInnerTexts();
      expect(delegations.some((text) => /Delegation to Brightwave/.test(text))).toBe(true);
      // His ability lets him change this Sales SIM: the changes are offered.
      await page.getByTestId('sim-change-plan').waitFor();
      await page.getByTestId('sim-line-actions').waitFor();

      // Back to the list as it was: its search (and any filter) stays in the address (DESIGN.md §15).
      await page.getByTestId('sim-back').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      expect(new URL(page.url()).searchParams.get('q')).toBe(employeeMsisdn);
      expect(await page.getByTestId('fleet-search').inputValue()).toBe(employeeMsisdn);
      await expect.poll(() => loaded(page), WAIT).toBe(1);

      // Opened by its row with a status filter in the address, the SIM goes back to the filtered list too.
      await pick(page, 'fleet-filter-status', 'Active');
      await page.waitForURL((url) => url.searchParams.get('status') === 'active', WAIT);
      await expect.poll(() => loaded(page), WAIT).toBe(1);
      const listUrl = new URL(page.url());
      await page.getByTestId('fleet-row').first().click();
      await page.getByTestId('sim-detail-page').waitFor(WAIT);
      await page.getByTestId('sim-back').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      expect(new URL(page.url()).search).toBe(listUrl.search);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('fleet-manager', context);
      throw error;
    } finally {
      await context.close();
    }
  });

  it('the fleet manager saves a view of the table on the server: it follows him to another browser, a taken name is said on the field, deleting asks first', { timeout: 180_000 }, async () => {
    const context = await englishContext();
    const other = await englishContext();
    const errors: string[] = [];
    const viewsOf = () => t.database.db.selectFrom('saved_views as v').innerJoin('users as u', 'u.id', 'v.user_id')
      .select(['v.id', 'v.name', 'v.state']).where('u.email', '=', 'fleet@acme.test').where('v.app', '=', 'fleet-manager').where('v.name', 'like', 'Suspended lines%').execute();
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').click();
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await page.getByTestId('fleet-views-menu').click();
      await page.getByTestId('fleet-views-none').waitFor(WAIT);
      await page.keyboard.press('Escape');

      // Filter and hide a column, then save that as a view: kept on the server, and chosen (in the URL).
      await pick(page, 'fleet-filter-status', 'Suspended');
      await expect.poll(() => loaded(page), WAIT).toBe(SUSPENDED);
      await page.getByTestId('fleet-columns').click();
      await page.getByTestId('fleet-column-options').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('cols')).toBe('status,endUser,plan,costCentre,billingAccount');
      await page.keyboard.press('Escape');
      await page.getByTestId('fleet-view-save').click();
      await page.getByTestId('fleet-view-name').fill('  Suspended lines ');
      await page.getByTestId('fleet-view-save-confirm').click();
      await page.waitForURL((url) => url.searchParams.get('view') === 'Suspended lines', WAIT);
      await expect.poll(() => page.getByTestId('fleet-views-menu').innerText(), WAIT).toContain('View: Suspended lines');
      const [saved] = await viewsOf();
      expect(saved?.state).toMatchObject({ status: 'suspended', cols: 'status,endUser,plan,costCentre,billingAccount' });

      // The same name again: the server's 409 is said on the name field, and nothing is saved twice.
      await page.getByTestId('fleet-view-save').click();
      await page.getByTestId('fleet-view-name').fill('Suspended lines');
      await page.getByTestId('fleet-view-save-confirm').click();
      await expect.poll(() => page.getByTestId('fleet-view-name').getAttribute('aria-invalid'), WAIT).toBe('true');
      expect(await page.getByRole('dialog').innerText()).toContain('You already have a view with this name.');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      expect(await viewsOf()).toHaveLength(1);

      // Another browser (nothing in its storage): the view is there, and picking it restores the filters and columns.
      const elsewhere = await other.newPage();
      elsewhere.on('pageerror', (e) => errors.push(String(e)));
      await signIn(elsewhere, t.url, 'fleet@acme.test');
      await elsewhere.goto(`${t.url}/customers/${acme}/fleet`);
      await elsewhere.getByTestId('fleet-table').waitFor(WAIT);
      expect(new URL(elsewhere.url()).searchParams.has('status')).toBe(false);
      await elsewhere.getByTestId('fleet-views-menu').click();
      await elsewhere.getByTestId('fleet-view-Suspended lines').click();
      await elsewhere.waitForURL((url) => url.searchParams.get('status') === 'suspended' && url.searchParams.get('view') === 'Suspended lines', WAIT);
      await expect.poll(() => loaded(elsewhere), WAIT).toBe(SUSPENDED);
      expect(new URL(elsewhere.url()).searchParams.get('cols')).toBe('status,endUser,plan,costCentre,billingAccount');

      // Renamed, it stays chosen under its new name (the URL names it), its filters unchanged.
      await elsewhere.getByTestId('fleet-view-rename').click();
      await elsewhere.getByTestId('fleet-view-name').fill('Suspended lines, by plan');
      await elsewhere.getByTestId('fleet-view-save-confirm').click();
      await elsewhere.waitForURL((url) => url.searchParams.get('view') === 'Suspended lines, by plan' && url.searchParams.get('status') === 'suspended', WAIT);
      await expect.poll(() => elsewhere.getByTestId('fleet-views-menu').innerText(), WAIT).toContain('View: Suspended lines, by plan');
      expect((await viewsOf()).map((v) => v.name)).toEqual(['Suspended lines, by plan']);

      // Delete it, after confirming: gone from the server, and no longer chosen.
      await elsewhere.getByTestId('fleet-view-delete').click();
      await elsewhere.getByTestId('confirm-fleet-view-delete').click();
      await elsewhere.waitForURL((url) => !url.searchParams.has('view'), WAIT);
      expect(await viewsOf()).toHaveLength(0);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('fleet-views', context, other);
      throw error;
    } finally {
      await context.close();
      await other.close();
    }
  });

  it('a fleet address whose SIM id is no id is not found, as a SIM out of his scope, without asking the API', { timeout: 120_000 }, async () => {
    await inBrowser(browser, 'fleet-not-an-id', async (page) => {
      const asked: string[] = [];
      page.on('request', (request) => {
        if (/\/api\/v1\/customers\/[^/]+\/sims\/(?![0-9a-f-]{36}(\/|\?|$))/.test(request.url())) asked.push(request.url());
      });
      await signIn(page, t.url, 'fleet@acme.test');
      const finance = (await t.database.db.selectFrom('sims').select('id').where('customer_id', '=', acme).where('msisdn', '=', financeMsisdn).executeTakeFirstOrThrow()).id;
      for (const simId of ['requests', finance.toUpperCase(), `${finance}x`, finance]) {
        await page.goto(`${t.url}/customers/${acme}/fleet/${simId}`);
        await page.getByTestId('not-found').waitFor(WAIT);
        expect(await page.getByTestId('error-state').count(), simId).toBe(0);
        expect(await page.getByTestId('sim-detail-page').count(), simId).toBe(0);
        expect(await page.locator('main').innerText(), simId).not.toMatch(/params\.simId|Ongeldige aanvraag/);
      }
      // Only the real id was asked of the API (and answered 404: out of his scope).
      expect(asked).toEqual([]);
    }, 'nl');
  });

  it('the employee sees his own line under My line, and no Fleet Manager', { timeout: 120_000 }, async () => {
    const context = await englishContext();
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'employee@acme.test');
      expect(await page.getByTestId('nav-fleet-manager').count()).toBe(0);
      await page.getByTestId('nav-mobile').click();
      await page.getByTestId('my-line-page').waitFor(WAIT);
      await page.getByTestId('my-line').waitFor(WAIT);
      expect(await page.getByTestId('my-line').count()).toBe(1);
      expect(await page.getByTestId('my-line').innerText()).toContain(employeeMsisdn);
      await page.getByTestId('my-line-usage').waitFor();
      await page.getByTestId('sim-plan').waitFor();
      // Only what his self-service rights allow is offered: the demo gives him two plans, a few options and CLIR, never the EU data cut-off.
      expect(await page.getByTestId('sim-change-eu').count()).toBe(0);
      // The fleet's addresses, typed: he has no fleet, only his line.
      const own = (await t.database.db.selectFrom('sims').select('id').where('customer_id', '=', acme).where('msisdn', '=', employeeMsisdn).executeTakeFirstOrThrow()).id;
      for (const path of ['fleet', 'fleet/approvals', `fleet/${own}`]) {
        await page.goto(`${t.url}/customers/${acme}/${path}`);
        await page.waitForURL(new RegExp(`/customers/${acme}/my-line$`), WAIT);
        await page.getByTestId('my-line').waitFor(WAIT);
        expect(await page.getByTestId('fleet-row').count(), path).toBe(0);
      }
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('fleet-my-line', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
