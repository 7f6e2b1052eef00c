import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Language } from '@mandate/domain/profiles';
import type { InvoiceDetail } from '@mandate/contracts/invoices';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetFr } from '../../web/src/features/fleet/i18n/fleet-fr.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import { invoicesEn } from '../../web/src/features/invoices/i18n/invoices-en.ts';
import { invoicesFr } from '../../web/src/features/invoices/i18n/invoices-fr.ts';
import { invoicesNl } from '../../web/src/features/invoices/i18n/invoices-nl.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, inBrowserContext, launchBrowser, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: screens that must fit the screens people use, in every language — a laptop's 1,366 × 768
 * and a 390 × 844 phone. The call details' filters share one baseline, an invoice number never
 * breaks inside, the dispute dialog says what is disputed and what stays due on the invoice's VAT
 * basis, the early-termination dialog's buttons are in view, and My line says why its usage is not
 * the unbilled usage of My invoice online.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
/** The latest invoice of ACME-0001 (a mobile account, with call details). */
let mobileInvoice: { id: string; number: string };
/** The latest invoice of ACME-0002: issued on the 1st of the app's month, still within its dispute window. */
let disputable: { id: string; number: string };
/** An active SIM card within its initial term: ending it costs something (MOB-10). */
let termSim: string;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

const latestOf = (account: string) => db().selectFrom('invoices as i')
  .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
  .select(['i.id', 'i.number']).where('i.customer_id', '=', acme).where('ba.number', '=', account).orderBy('i.issue_date', 'desc').limit(1).executeTakeFirstOrThrow();

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  mobileInvoice = await latestOf('ACME-0001');
  disputable = await latestOf('ACME-0002');
  termSim = (await db().selectFrom('sims').select('id').where('customer_id', '=', acme).where('status', '=', 'active')
    .where('initial_term_end', '>', t.clock.now().toISOString().slice(0, 10)).orderBy('msisdn').limit(1).executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** In-app navigation to `path` (a reload would lose the refresh cookie when the browser's clock is the app's). */
async function goInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** An amount as shown ("€1,982.62", "1 982,62 €"), in cents. */
const cents = (text: string) => Number(text.replace(/\D/g, ''));
/** The first euro amount in `text`, in cents. */
const firstAmount = (text: string) => cents(/€\s?[\d.,\s]+\d{2}|[\d.,\s]+\d{2}\s?€/.exec(text)?.[0] ?? 'none');

describe.skipIf(!chromiumPath)('screens that fit', () => {
  it.each(['fr', 'nl', 'en'] as const)('%s: the call details\' filter inputs share one baseline at 1,366 × 768, their labels on one line', { timeout: 60_000 }, async (language) => {
    await inBrowser(browser, `fit-call-filters-${language}`, async (page) => {
      await page.setViewportSize(LAPTOP);
      await signIn(page, t.url, 'finance@acme.test');
      await page.goto(`${t.url}/customers/${acme}/invoices/${mobileInvoice.id}/call-details`);
      await page.getByTestId('filter-destination').waitFor(WAIT);
      const label = { fr: invoicesFr, nl: invoicesNl, en: invoicesEn }[language]['invoices.calls.destination'];
      expect(await page.getByLabel(label).count()).toBe(1);
      const fields = await page.evaluate(() => {
        const inputs = ['filter-sim', 'filter-type', 'filter-from', 'filter-to', 'filter-destination']
          .map((id) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!);
        // Each input's field: its ancestor that is one item of the row of filters.
        const itemOf = (input: HTMLElement) => {
          let item = input;
          while (!inputs.every((other) => item.parentElement!.contains(other))) item = item.parentElement!;
          return item;
        };
        return inputs.map((input) => {
          const item = itemOf(input);
          const labelEl = item.querySelector('label')!;
          const lineHeight = parseFloat(getComputedStyle(labelEl).lineHeight);
          return {
            id: input.dataset.testid,
            row: Math.round(item.getBoundingClientRect().top),
            inputTop: Math.round(input.getBoundingClientRect().top),
            labelLines: Math.round(labelEl.getBoundingClientRect().height / lineHeight),
          };
        });
      });
      for (const field of fields) expect(field.labelLines, `${field.id}'s label lines`).toBe(1);
      // The fields of one row have their inputs at one height.
      const rows = new Map<number, number[]>();
      for (const field of fields) rows.set(field.row, [...(rows.get(field.row) ?? []), field.inputTop]);
      for (const tops of rows.values()) expect(Math.max(...tops) - Math.min(...tops), JSON.stringify(fields)).toBeLessThanOrEqual(1);
      // The destination's field is in the row of another filter: the row is one, not each filter a row.
      const destination = fields.find((f) => f.id === 'filter-destination')!;
      expect(fields.filter((f) => f.row === destination.row).length).toBeGreaterThan(1);
    }, language);
  });

  it('an invoice disputed whole says nothing is left to dispute, not until when it can be', { timeout: 60_000 }, async () => {
    const finance = await signedIn(t.url, 'finance@acme.test');
    const whole = await latestOf('ACME-0003');
    const sent = await finance.post(`/api/v1/customers/${acme}/invoices/${whole.id}/disputes`, { reason: 'Not ours', detailedInvoice: false });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    // On the app's day, when the invoice's window to dispute is still open.
    await inBrowserContext(browser, 'dispute-nothing-left', async (context) => {
      await context.clock.setFixedTime(t.clock.now());
      const page = await context.newPage();
      await signIn(page, t.url, 'finance@acme.test');
      await goInApp(page, `/customers/${acme}/invoices/${whole.id}`);
      await expect.poll(() => page.getByTestId('dispute-window').textContent(), WAIT).toBe(invoicesEn['invoices.dispute.nothingLeft']);
      expect(await page.getByTestId('invoice-dispute').isDisabled()).toBe(true);
    });
  });

  it('the dispute dialog says the disputed amount incl. VAT and what stays due, as the page says them once sent (INV-7)', { timeout: 90_000 }, async () => {
    const finance = await signedIn(t.url, 'finance@acme.test');
    const path = `/api/v1/customers/${acme}/invoices/${disputable.id}`;
    const before = (await finance.get<InvoiceDetail>(path)).body;
    const chosen = before.lines.filter((l) => l.disputable && l.amountExclVatCents > 0).slice(0, 2);
    expect(chosen.length).toBe(2);
    // The lines' VAT makes the incl.-VAT figure differ from the excl.-VAT one shown before.
    expect(chosen.some((l) => l.vatRateBp > 0)).toBe(true);
    await inBrowserContext(browser, 'fit-dispute', async (context) => {
      await context.clock.setFixedTime(t.clock.now());
      const page = await context.newPage();
      await signIn(page, t.url, 'finance@acme.test');
      await goInApp(page, `/customers/${acme}/invoices/${disputable.id}`);
      await page.getByTestId('invoice-dispute').click();
      await page.getByRole('dialog').waitFor();
      await page.getByTestId('dispute-scope-lines').check();
      const amount = page.getByTestId('dispute-amount');
      const due = page.getByTestId('dispute-still-due');
      // Nothing ticked: nothing disputed, all of it still due.
      expect(await amount.textContent()).toMatch(/ incl\. VAT$/);
      expect(firstAmount((await amount.textContent())!)).toBe(0);
      expect(firstAmount((await due.textContent())!)).toBe(before.undisputedCents);
      expect(await due.textContent()).toMatch(/^Still due: .* incl\. VAT\. /);
      // As lines are ticked, both figures follow, adding up to what was due.
      const shown: { disputed: number; due: number }[] = [];
      for (const line of chosen) {
        await page.getByTestId(`dispute-line-${line.lineNo}`).check();
        const disputed = firstAmount((await amount.textContent())!);
        await expect.poll(async () => firstAmount((await due.textContent())!), WAIT).toBe(before.undisputedCents - disputed);
        shown.push({ disputed, due: before.undisputedCents - disputed });
      }
      expect(shown[1]!.disputed).toBeGreaterThan(shown[0]!.disputed);
      // Incl. VAT: more than the lines' amounts excl. VAT.
      expect(shown[1]!.disputed).toBeGreaterThan(chosen.reduce((sum, l) => sum + l.amountExclVatCents, 0));
      await page.getByTestId('dispute-reason').fill('These two lines are not ours.');
      await page.getByTestId('dispute-submit').click();
      await page.getByTestId('dispute-sent').waitFor(WAIT);
      // The server counted what the dialog said.
      const stored = await db().selectFrom('disputes').select('disputed_cents').where('invoice_id', '=', disputable.id).executeTakeFirstOrThrow();
      expect(Number(stored.disputed_cents)).toBe(shown[1]!.disputed);
      const after = (await finance.get<InvoiceDetail>(path)).body;
      expect(after.undisputedCents).toBe(shown[1]!.due);
      await expect.poll(() => page.getByTestId('invoice-undisputed').textContent(), WAIT).toMatch(/stays due/);
      expect(firstAmount((await page.getByTestId('invoice-undisputed').textContent())!)).toBe(shown[1]!.due);
    });
  });

  it('Escape in a dialog\'s date field closes its calendar first, the dialog only with a second Escape', { timeout: 60_000 }, async () => {
    await inBrowser(browser, 'date-escape', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${termSim}`);
      await page.getByTestId('sim-line-suspend').click();
      const field = page.getByTestId('fleet-line-until');
      await field.click();
      await field.fill('31/12/2026');
      await page.locator('[data-dates-dropdown]').waitFor(WAIT);
      await page.keyboard.press('Escape');
      await page.locator('[data-dates-dropdown]').waitFor({ state: 'detached', ...WAIT });
      expect(await field.isVisible()).toBe(true);
      expect(await field.inputValue()).toBe('31/12/2026');
      await page.keyboard.press('Escape');
      await field.waitFor({ state: 'detached', ...WAIT });
    });
  });

  it('a date field says what it cannot read and forgets the date before it; a suspension asks for a year at most before sending', { timeout: 60_000 }, async () => {
    await inBrowser(browser, 'date-unreadable', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet/${termSim}`);
      await page.getByTestId('sim-line-suspend').click();
      const field = page.getByTestId('fleet-line-until');
      const dialog = page.getByRole('dialog');
      await field.fill('31/12/2026');
      await field.press('Tab');
      await field.click();
      await field.fill('31/02/2027');
      await field.press('Tab');
      await dialog.getByText('“31/02/2027” is not a valid date: type it as dd/mm/yyyy.').waitFor(WAIT);
      expect(await field.inputValue()).toBe('');
      await field.click();
      await field.fill('01/01/2035');
      await field.press('Tab');
      await dialog.getByText(fleetEn['fleet.problem.suspension_period']).waitFor(WAIT);
      expect(await dialog.getByText('is not a valid date').count()).toBe(0);
      await page.getByTestId('fleet-line-confirm-suspend').click();
      // Refused on the field: nothing was asked of the server.
      await dialog.getByText(fleetEn['fleet.problem.suspension_period']).waitFor(WAIT);
      expect(await db().selectFrom('sim_orders').select('id').where('sim_id', '=', termSim).where('kind', '=', 'suspend').execute()).toEqual([]);
    });
  });

  const terminateDialog = async (page: Page, language: Language) => {
    await signIn(page, t.url, 'fleet@acme.test');
    await page.goto(`${t.url}/customers/${acme}/fleet/${termSim}`);
    await page.getByTestId('sim-line-terminate').click();
    await page.getByTestId('fleet-termination-quote').waitFor(WAIT);
    const confirm = page.getByTestId('fleet-line-confirm-terminate');
    const prefix = { en: fleetEn, nl: fleetNl, fr: fleetFr }[language]['fleet.line.terminateConfirm'].replace('{amount}', '');
    await expect.poll(() => confirm.textContent(), WAIT).toContain(prefix);
    // The dialog's opening transition is over.
    await page.waitForTimeout(500);
    return confirm;
  };

  /** Whether `button` is wholly in view, inside its dialog and the window, and the one element there (not under another). */
  const wholeInView = (button: Locator) => button.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const content = el.closest('.mantine-Modal-content')!;
    const frame = content.getBoundingClientRect();
    const inside = box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5 && box.bottom <= window.innerHeight && box.top >= 0;
    const points = [[box.left + 4, box.top + 4], [box.right - 4, box.top + 4], [box.left + 4, box.bottom - 4], [box.right - 4, box.bottom - 4]];
    const uncovered = points.every(([x, y]) => el.contains(document.elementFromPoint(x!, y!)));
    return { inside, uncovered, scrolled: content.scrollTop, box: [box.top, box.bottom], frame: [frame.top, frame.bottom] };
  });

  it.each(['en', 'nl'] as const)('%s: the early-termination dialog\'s Cancel and Terminate buttons are in view at 1,366 × 768, without scrolling (MOB-10)', { timeout: 60_000 }, async (language) => {
    await inBrowser(browser, `fit-terminate-${language}`, async (page) => {
      await page.setViewportSize(LAPTOP);
      const confirm = await terminateDialog(page, language);
      const buttons = confirm.locator('xpath=..').locator('button');
      expect(await buttons.count()).toBe(2);
      for (const button of [buttons.nth(0), buttons.nth(1)]) {
        const seen = await wholeInView(button);
        expect(seen, JSON.stringify(seen)).toMatchObject({ inside: true, uncovered: true, scrolled: 0 });
      }
      // Every figure is still there, the total before the button.
      await page.getByTestId('quote-total').waitFor();
      await page.getByTestId('fleet-terminate-accept').check();
      expect(await confirm.isEnabled()).toBe(true);
    }, language);
  });

  it('on a phone, the early-termination dialog keeps its buttons in view as its figures scroll', { timeout: 60_000 }, async () => {
    await inBrowser(browser, 'fit-terminate-phone', async (page) => {
      await page.setViewportSize(PHONE);
      const confirm = await terminateDialog(page, 'en');
      const buttons = confirm.locator('xpath=..').locator('button');
      for (const button of [buttons.nth(0), buttons.nth(1)]) {
        const seen = await wholeInView(button);
        expect(seen, JSON.stringify(seen)).toMatchObject({ inside: true, uncovered: true });
      }
      // The figures read on a phone: the dialog does not scroll sideways.
      expect(await page.locator('.mantine-Modal-content').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    });
  });

  it.each(['nl', 'fr', 'en'] as const)('%s: My line says, dimmed, that its usage is near real time and priced in My invoice online 8 hours later (MOB-2, INV-4)', { timeout: 60_000 }, async (language) => {
    const catalogue = { en: fleetEn, nl: fleetNl, fr: fleetFr }[language];
    await inBrowser(browser, `fit-my-line-${language}`, async (page) => {
      await signIn(page, t.url, 'employee@acme.test');
      await page.goto(`${t.url}/customers/${acme}/my-line`);
      const usage = page.getByTestId('my-line-usage');
      await usage.getByTestId('sim-usage').waitFor(WAIT);
      const note = usage.getByTestId('my-line-usage-timing');
      expect(await note.textContent()).toBe(catalogue['fleet.myLine.usageTiming']);
      // One sentence, naming the app where the priced communications are and the 8 hours.
      expect(catalogue['fleet.myLine.usageTiming']).toMatch(/^[^.]+\.$/);
      expect(catalogue['fleet.myLine.usageTiming']).toMatch({ en: /My invoice online/, nl: /Mijn factuur online/, fr: /Ma facture en ligne/ }[language]);
      expect(catalogue['fleet.myLine.usageTiming']).toMatch(/\b8\b/);
      // Dimmed as the usage's month line above it.
      const colour = (el: Element) => getComputedStyle(el).color;
      expect(await note.evaluate(colour)).toBe(await usage.getByTestId('sim-usage').locator('p').first().evaluate(colour));
      expect(await note.evaluate(colour)).not.toBe(await usage.locator('h2').evaluate(colour));
    }, language);
  });
});
