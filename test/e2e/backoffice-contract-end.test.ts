import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, brusselsDate } from '@mandate/domain/dates';
import { expiryDate } from '@mandate/domain/retention';
import { backofficeEn } from '../../web/src/features/backoffice/i18n/backoffice-en.ts';
import { formatDate } from '../../web/src/lib/format.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, fillDate, inBrowser, launchBrowser, shownDate, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: operator staff record the end of a customer's contract in the back office (RET-2).
 * Cancelling the dialog (by its button or Escape) sends nothing; a last day after today is refused
 * on the field, one before the contract's start by the server, on the field too; with yesterday and
 * a reason the customer is terminated and its row shows the end of the contract, the day its
 * personal data is erased (10 years later) and no action any more.
 */

let t: TestApp;
let browser: Browser;
let noordzee: string;
let lumiere: string;

const db = () => t.database.db;
const WAIT = { timeout: 15_000 };
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
/** The English interface's dates (en-GB), as the back office shows them. */
const shown = (isoDate: string) => formatDate(isoDate, 'en-GB');

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  // The dialog's "today" is the browser's: let the server's clock, which refuses a later day, agree with it.
  if (Date.now() > t.clock.now().getTime()) t.clock.set(new Date());
  const idOf = async (name: string) => (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  noordzee = await idOf('Noordzee Bouw NV');
  lumiere = await idOf('Lumière SRL');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const contractOf = (id: string) => db().selectFrom('customers').select(['status', 'contract_end']).where('id', '=', id).executeTakeFirstOrThrow();

/** Searches the back office's customers for `q` and answers the row of customer `id`. */
async function customerRow(page: Page, q: string, id: string) {
  await page.getByTestId('bo-tab-suspension').click();
  await page.getByTestId('bo-search').fill(q);
  const row = page.getByTestId(`customer-row-${id}`);
  await row.waitFor(WAIT);
  return row;
}

describe.skipIf(!chromiumPath)('browser: operator staff record the end of a contract (RET-2)', () => {
  it('cancelling changes nothing; a day after today is refused; ending Lumière shows the end and the erasure day', { timeout: 180_000 }, async () => {
    const today = brusselsDate(new Date());
    const yesterday = addDays(today, -1);

    await inBrowser(browser, 'contract-end', async (page) => {
      const sent: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/end-contract')) sent.push(request.url());
      });
      await signIn(page, t.url, 'operator@mandate.test');
      await page.goto(`${t.url}/backoffice`);

      // Noordzee: the dialog opens from the keyboard, says what is at stake, and closes without a request.
      const other = await customerRow(page, 'Noordzee', noordzee);
      // PFM-1: its Fleet Manager runs with 5 SIM cards, which the operator is told may end it.
      expect(await other.getByTestId('customer-fleet-manager').innerText())
        .toBe(`${fill(backofficeEn['bo.fm.active'], { sims: '5' })} — ${fill(backofficeEn['bo.fm.belowMinimum'], { minimum: '30' })}`);
      const endOther = other.getByTestId('customer-end-contract');
      expect(await endOther.innerText()).toBe(backofficeEn['bo.contract.end']);
      expect(await endOther.getAttribute('aria-label')).toBe(fill(backofficeEn['bo.contract.endOf'], { customer: 'Noordzee Bouw NV' }));
      await endOther.focus();
      await page.keyboard.press('Enter');
      const warning = page.getByTestId('end-contract-warning');
      await warning.waitFor(WAIT);
      expect(await warning.innerText()).toContain(fill(backofficeEn['bo.contract.warning'], { customer: 'Noordzee Bouw NV' }));
      expect(await page.getByTestId('end-contract-date').inputValue()).toBe(shownDate(today));
      expect(await page.getByTestId('end-contract-erased-on').innerText()).toBe(fill(backofficeEn['bo.contract.erasedOnPreview'], { date: shown(expiryDate('personal_data', today)) }));
      await page.keyboard.press('Escape');
      await warning.waitFor({ state: 'detached', ...WAIT });

      await endOther.click();
      await page.getByTestId('end-contract-reason').fill('Not really');
      await page.getByTestId('end-contract-cancel').click();
      await page.getByTestId('end-contract-form').waitFor({ state: 'detached', ...WAIT });
      expect(sent).toEqual([]);
      expect(await contractOf(noordzee)).toEqual({ status: 'active', contract_end: null });
      expect(await other.getByTestId('status-badge').innerText()).toBe(en['status.active']);
      expect(await other.getByTestId('customer-end-contract').count()).toBe(1);

      // Lumière: a last day after today is refused on the field, before any request.
      const row = await customerRow(page, 'Lumière', lumiere);
      await row.getByTestId('customer-end-contract').click();
      await page.getByTestId('end-contract-reason').fill('The customer moved to another operator.');
      await fillDate(page, 'end-contract-date', addDays(today, 1));
      await page.getByTestId('confirm-end-contract').click();
      await page.getByText(backofficeEn['bo.contract.problem.future']).waitFor(WAIT);
      expect(await page.getByTestId('end-contract-date').getAttribute('aria-invalid')).toBe('true');
      expect(sent).toEqual([]);

      // A last day before the contract's start (2024-01-01) is refused by the server, said on the field.
      await fillDate(page, 'end-contract-date', '2023-12-31');
      await page.getByTestId('confirm-end-contract').click();
      await page.getByText(/before the start of the contract/).waitFor(WAIT);
      expect(await page.getByTestId('end-contract-date').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('modal-error').count()).toBe(0);
      expect(sent).toHaveLength(1);
      expect(await contractOf(lumiere)).toEqual({ status: 'active', contract_end: null });

      // Yesterday: recorded, the dialog closes and the row shows the end and the erasure day, 10 years later.
      await fillDate(page, 'end-contract-date', yesterday);
      await page.getByTestId('confirm-end-contract').click();
      const done = page.getByTestId('contract-ended');
      await done.waitFor(WAIT);
      expect(await done.innerText()).toBe(fill(backofficeEn['bo.contract.ended'], { customer: 'Lumière SRL', date: shown(yesterday) }));
      expect(await page.getByTestId('end-contract-form').count()).toBe(0);

      const erasedOn = expiryDate('personal_data', yesterday);
      expect(Number(erasedOn.slice(0, 4)) - Number(yesterday.slice(0, 4))).toBe(10);
      await expect.poll(() => row.getByTestId('status-badge').innerText(), WAIT).toBe(backofficeEn['bo.contract.status.terminated']);
      expect(await row.getByTestId('customer-contract-end').innerText()).toBe(fill(backofficeEn['bo.contract.endedOn'], { date: shown(yesterday) }));
      expect(await row.getByTestId('customer-data-erased-on').innerText()).toBe(fill(backofficeEn['bo.contract.erasedOn'], { date: shown(erasedOn) }));
      for (const action of ['customer-end-contract', 'customer-suspend', 'customer-reactivate', 'customer-end-fleet-manager']) {
        expect(await row.getByTestId(action).count(), action).toBe(0);
      }
    });

    const stored = await contractOf(lumiere);
    expect([stored.status, String(stored.contract_end).slice(0, 10)]).toEqual(['terminated', yesterday]);
    expect(await contractOf(noordzee)).toEqual({ status: 'active', contract_end: null });
  });
});
