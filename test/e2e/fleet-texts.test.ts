/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The checks read elements in the page: they use its globals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Language } from '@mandate/domain/profiles';
import { runBulkChanges } from '@mandate/server/modules/sim-orders/bulk-changes.service';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, inBrowserContext, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: what the fleet's screens say, as written. A truncated cell of the fleet table gives its
 * whole text on hover and to assistive technology; a count of one SIM card reads in the singular in
 * Dutch, French and English (the selection, the bulk change's title, button and progress, the
 * loaded count); a deactivated line on a withdrawn plan is not told to switch, and its self-service
 * rights are not offered for change.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
/** A Sales SIM card (the fleet manager's scope), active, found by its number. */
let salesSim: { id: string; msisdn: string };

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  salesSim = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .select(['s.id', 's.msisdn'])
    .where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').where('s.status', '=', 'active')
    .orderBy('s.msisdn').executeTakeFirstOrThrow();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('browser: the fleet table\'s truncated cells', () => {
  it('at 1366 px, a plan or options cut short by an ellipsis give their whole text as the cell\'s title', { timeout: 60_000 }, async () => {
    await inBrowserContext(browser, 'fleet-cell-titles', async (context) => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      await expect.poll(() => page.getByTestId('fleet-row').count(), WAIT).toBeGreaterThan(5);
      const cells = await page.getByTestId('fleet-row').evaluateAll((rows) => rows.flatMap((row) => [...row.querySelectorAll('td')].map((td) => ({
        text: td.textContent ?? '', title: td.getAttribute('title'), cut: td.scrollWidth > td.clientWidth,
      }))));
      const cut = cells.filter((c) => c.cut);
      expect(cut.length, 'no cell of the demo fleet is cut at 1366 px').toBeGreaterThan(0);
      for (const cell of cut) expect(cell.title, cell.text).toBe(cell.text);
      // The options of a SIM card with several, whole in the title.
      const options = cells.find((c) => c.cut && c.text.includes(', '));
      expect(options?.title).toMatch(/, /);
    });
  });
});

/** The texts one SIM card gets, and two. */
const SINGULAR: Record<Language, { one: string; two: string; loaded: string; title: string; confirm: string; progressTitle: string; progress: string }> = {
  en: {
    one: '1 selected', two: '2 selected', loaded: '1 SIM card loaded',
    title: 'Add an option to 1 SIM card', confirm: 'Change 1 SIM card', progressTitle: 'Change of 1 SIM card',
    progress: '1 changed, 0 unchanged (had it already), 0 failed, 0 waiting, of 1',
  },
  nl: {
    one: '1 geselecteerd', two: '2 geselecteerd', loaded: '1 simkaart geladen',
    title: 'Een optie toevoegen aan 1 simkaart', confirm: '1 simkaart wijzigen', progressTitle: 'Wijziging van 1 simkaart',
    progress: '1 gewijzigd, 0 ongewijzigd (hadden het al), 0 mislukt, 0 wachtend, van 1',
  },
  fr: {
    one: '1 sélectionnée', two: '2 sélectionnées', loaded: '1 carte SIM chargée',
    title: 'Ajouter une option à 1 carte SIM', confirm: 'Modifier 1 carte SIM', progressTitle: 'Modification de 1 carte SIM',
    // French counts zero in the singular.
    progress: '1 modifiée, 0 inchangée (l’avait déjà), 0 en échec, 0 en attente, sur 1',
  },
};

describe.skipIf(!chromiumPath)('browser: a count of one SIM card in the singular', () => {
  for (const language of ['nl', 'fr', 'en'] as const) {
    it(`${language}: the selection, the bulk change and the loaded count`, { timeout: 120_000 }, async () => {
      const texts = SINGULAR[language];
      // An option the SIM card does not have yet, that fits its plan.
      const plan = (await db().selectFrom('sims').select('tariff_plan_id').where('id', '=', salesSim.id).executeTakeFirstOrThrow()).tariff_plan_id!;
      const option = await db().selectFrom('tariff_options as o').innerJoin('tariff_option_plans as op', 'op.option_id', 'o.id')
        .select(['o.id', 'o.name']).where('op.plan_id', '=', plan).where('o.withdrawn_at', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('sim_options as so').select('so.sim_id').where('so.sim_id', '=', salesSim.id).whereRef('so.option_id', '=', 'o.id'))))
        .orderBy('o.name').executeTakeFirstOrThrow();
      await inBrowser(browser, `fleet-singular-${language}`, async (page) => {
        await signIn(page, t.url, 'fleet@acme.test');
        await page.goto(`${t.url}/customers/${acme}/fleet?q=${encodeURIComponent(salesSim.msisdn)}`);
        await page.getByTestId('fleet-table').waitFor(WAIT);
        await expect.poll(() => page.getByTestId('fleet-row').count(), WAIT).toBe(1);
        await expect.poll(() => page.getByTestId('fleet-count').textContent(), WAIT).toMatch(new RegExp(`^${texts.loaded} · `));
        await page.getByTestId('fleet-select-row').check();
        await expect.poll(() => page.getByTestId('fleet-selected-count').textContent(), WAIT).toBe(texts.one);
        await page.getByTestId('fleet-bulk-add-option').click();
        const dialog = page.getByRole('dialog');
        await expect.poll(() => dialog.locator('.mantine-Modal-title').textContent(), WAIT).toBe(texts.title);
        await pick(page, 'fleet-bulk-target', new RegExp(`^${option.name}`));
        expect(await page.getByTestId('fleet-bulk-confirm').textContent()).toBe(texts.confirm);
        await page.getByTestId('fleet-bulk-confirm').click();
        const panel = page.getByTestId('fleet-bulk-progress');
        await panel.waitFor(WAIT);
        expect(await panel.getByRole('heading').first().textContent()).toBe(texts.progressTitle);
        // The job (off in tests) runs the change now.
        await runBulkChanges({ db: db(), clock: t.clock, config: t.app.config, log: t.app.log });
        await expect.poll(() => panel.getAttribute('data-status'), WAIT).toBe('done');
        await expect.poll(() => page.getByTestId('fleet-bulk-progress-text').textContent(), WAIT).toBe(texts.progress);
      }, language);
      // Back as it was, for the next language.
      await db().deleteFrom('sim_options').where('sim_id', '=', salesSim.id).where('option_id', '=', option.id).execute();
    });
  }

  it('en: plans are offered with what they include; a bulk change of the next billing period says it is scheduled, not made', { timeout: 120_000 }, async () => {
    const current = (await db().selectFrom('sims').select('tariff_plan_id').where('id', '=', salesSim.id).executeTakeFirstOrThrow()).tariff_plan_id!;
    const plan = await db().selectFrom('tariff_plans').select(['id', 'name', 'data_mb']).where('id', '<>', current).where('withdrawn_at', 'is', null)
      .where('data_mb', 'is not', null).orderBy('name').executeTakeFirstOrThrow();
    await inBrowser(browser, 'fleet-scheduled-en', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet?q=${encodeURIComponent(salesSim.msisdn)}`);
      await expect.poll(() => page.getByTestId('fleet-row').count(), WAIT).toBe(1);
      await page.getByTestId('fleet-select-row').check();
      await page.getByTestId('fleet-bulk-plan').click();
      await page.getByTestId('fleet-bulk-target').click();
      const choice = page.getByRole('option', { name: new RegExp(`^${plan.name}`) });
      // Its monthly fee, and its data, minutes and SMS a month, beside its name.
      await expect.poll(() => choice.textContent(), WAIT).toMatch(/per month · (\d[\d,.]* (GB|MB)|Unlimited) data · (\d[\d,.]* min|Unlimited) · (\d[\d,.]* SMS|Unlimited)/);
      await page.keyboard.press('Escape');
      await pick(page, 'fleet-bulk-target', new RegExp(`^${plan.name}`));
      await page.getByTestId('fleet-bulk-next-period').check();
      // A plan change is confirmed after its what-if.
      await page.getByTestId('fleet-what-if-run').click();
      await page.getByTestId('fleet-what-if-table').waitFor(WAIT);
      await page.getByTestId('fleet-bulk-confirm').click();
      const panel = page.getByTestId('fleet-bulk-progress');
      await panel.waitFor(WAIT);
      await runBulkChanges({ db: db(), clock: t.clock, config: t.app.config, log: t.app.log });
      await expect.poll(() => panel.getAttribute('data-status'), WAIT).toBe('done');
      await expect.poll(() => page.getByTestId('fleet-bulk-progress-text').textContent(), WAIT).toMatch(/^1 scheduled for the next billing period, /);
    }, 'en');
    // Back as it was: the scheduled order goes.
    await db().deleteFrom('sim_orders').where('sim_id', '=', salesSim.id).where('status', '=', 'scheduled').execute();
  });

  it('fr: two selected SIM cards in the plural', { timeout: 60_000 }, async () => {
    await inBrowser(browser, 'fleet-plural-fr', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet`);
      await page.getByTestId('fleet-table').waitFor(WAIT);
      const boxes = page.getByTestId('fleet-select-row');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await expect.poll(() => page.getByTestId('fleet-selected-count').textContent(), WAIT).toBe(SINGULAR.fr.two);
      await page.getByTestId('fleet-bulk-plan').click();
      await expect.poll(() => page.getByRole('dialog').locator('.mantine-Modal-title').textContent(), WAIT).toBe('Modifier le plan tarifaire de 2 cartes SIM');
    }, 'fr');
  });
});

describe.skipIf(!chromiumPath)('browser: a deactivated line', () => {
  it('on a withdrawn plan: no date to switch by, and its self-service rights shown but not offered for change', { timeout: 120_000 }, async () => {
    const withdrawn = await db().selectFrom('tariff_plans').select('id').where('withdrawn_at', 'is not', null).where('last_switch_on', 'is not', null)
      .executeTakeFirstOrThrow();
    const onWithdrawn = db().selectFrom('sims').select(['id', 'end_user_id']).where('customer_id', '=', acme).where('tariff_plan_id', '=', withdrawn.id);
    const deactivated = await onWithdrawn.where('status', '=', 'deactivated').orderBy('msisdn').executeTakeFirstOrThrow();
    const active = await onWithdrawn.where('status', '=', 'active').orderBy('msisdn').executeTakeFirstOrThrow();
    // An end user, so that the self-service rights have someone to be for.
    const owner = (await db().selectFrom('users').select('id').where('email', '=', 'owner@acme.test').executeTakeFirstOrThrow()).id;
    for (const sim of [deactivated, active]) {
      if (!sim.end_user_id) await db().updateTable('sims').set({ end_user_id: owner }).where('id', '=', sim.id).execute();
    }
    await inBrowser(browser, 'fleet-deactivated-line', async (page) => {
      await signIn(page, t.url, 'owner@acme.test');
      // A live line on the same plan is told until when it can switch.
      const switchBy = fleetEn['fleet.sub.withdrawn'].split('{date}')[0]!;
      await page.goto(`${t.url}/customers/${acme}/fleet/${active.id}`);
      await expect.poll(() => page.getByTestId('sim-plan').textContent(), WAIT).toContain(switchBy);
      await page.getByTestId('self-save').waitFor(WAIT);

      await page.goto(`${t.url}/customers/${acme}/fleet/${deactivated.id}`);
      await page.getByTestId('sim-plan').waitFor(WAIT);
      // Its self-service rights are loaded.
      await page.getByTestId('self-clir').waitFor({ ...WAIT, state: 'attached' });
      expect(await page.getByTestId('sim-plan').textContent()).not.toContain(switchBy);
      expect(await page.getByTestId('self-save').count()).toBe(0);
      await page.getByTestId('sim-self-service-closed').waitFor(WAIT);
      expect(await page.getByTestId('sim-self-service').getByRole('button').count()).toBe(0);
      expect(await page.getByTestId('self-clir').isDisabled()).toBe(true);
      expect(await page.getByTestId('sim-change-plan').count()).toBe(0);
    });
  });
});
