import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/** On a phone (390 × 844): nothing wider than the screen, the whole user menu, lists as readable cards. */

const PHONE = { width: 390, height: 844 };

let t: TestApp;
let browser: Browser;
let acme: string;
let financeId: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  financeId = (await t.database.db.selectFrom('users').select('id').where('email', '=', 'finance@acme.test').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function phoneContext(language: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  await context.addInitScript((lang) => localStorage.setItem('mandate.language', lang), language);
  return context;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The element lies within the screen's width. */
async function withinScreen(page: Page, testId: string): Promise<{ left: number; right: number }> {
  const box = await page.getByTestId(testId).first().boundingBox();
  expect(box, testId).not.toBeNull();
  return { left: box!.x, right: box!.x + box!.width };
}

describe.skipIf(!chromiumPath)('browser: on a phone', () => {
  for (const language of ['nl', 'fr', 'en']) {
    it(`${language}: the owner's pages fit 390 px; the header, its user menu and the users list are readable`, async () => {
      const context = await phoneContext(language);
      try {
        const page = await context.newPage();
        await signIn(page, t.url, 'owner@acme.test');

        // The header fits, the user menu button and its menu are fully on screen.
        expect((await withinScreen(page, 'user-menu')).right).toBeLessThanOrEqual(PHONE.width);
        await page.getByTestId('user-menu').click();
        await page.getByTestId('sign-out').waitFor();
        for (const id of ['menu-profile', 'sign-out']) {
          const { left, right } = await withinScreen(page, id);
          expect(left, id).toBeGreaterThanOrEqual(0);
          expect(right, id).toBeLessThanOrEqual(PHONE.width);
        }
        await page.keyboard.press('Escape');

        // The navigation toggle says whether it is open; Escape closes it.
        const toggle = page.getByTestId('navigation-toggle');
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        await toggle.click();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        await page.getByTestId('navigation-language').waitFor();
        await page.keyboard.press('Escape');
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');

        const pages: Array<[string, string]> = [
          [`/customers/${acme}`, 'app-card-user-management'],
          [`/customers/${acme}/users`, 'users-table'],
          [`/customers/${acme}/users/${financeId}`, 'nav-profile'],
          [`/customers/${acme}/users/${financeId}/rights`, 'nav-profile'],
          [`/customers/${acme}/affiliates`, 'tab-affiliates'],
          [`/customers/${acme}/delegations`, 'tab-delegations'],
          [`/customers/${acme}/audit`, 'tab-audit'],
          [`/customers/${acme}/reviews`, 'tab-reviews'],
          [`/customers/${acme}/invoices`, 'invoice-link'],
          [`/customers/${acme}/invoices/unbilled`, 'unbilled-table'],
          [`/customers/${acme}/invoices/charges`, 'charges-month'],
          ['/profile', 'nav-profile'],
        ];
        for (const [path, ready] of pages) {
          await page.goto(`${t.url}${path}`);
          await page.getByTestId(ready).first().waitFor({ state: 'attached' });
          await page.waitForLoadState('networkidle');
          expect(await overflow(page), `${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
        }

        // Charges per line: every card names its line, not only the first of each SIM.
        const billed = await t.database.db.selectFrom('invoices').select(sql<string>`to_char(max(period_start), 'YYYY-MM')`.as('month')).where('customer_id', '=', acme).executeTakeFirstOrThrow();
        await page.goto(`${t.url}/customers/${acme}/invoices/charges?month=${billed.month}`);
        const sim = page.getByTestId('charges-sim').first();
        await sim.waitFor();
        const numbers = await sim.locator('tbody tr, tr').evaluateAll((rows) => rows
          .map((r) => r.querySelector('td[data-label]'))
          .filter((td): td is HTMLTableCellElement => td !== null)
          .map((td) => (getComputedStyle(td).visibility === 'visible' ? td.textContent ?? '' : '')));
        expect(numbers.length).toBeGreaterThan(1);
        expect(new Set(numbers)).toEqual(new Set([await sim.getAttribute('data-msisdn')]));

        // The users list: each user is a card whose status and e-mail show without scrolling sideways.
        await page.goto(`${t.url}/customers/${acme}/users`);
        const row = page.getByTestId('users-table').locator('tbody tr').filter({ hasText: 'finance@acme.test' });
        await row.waitFor();
        const status = row.locator('td[data-label]').nth(3);
        expect(await status.getAttribute('data-label')).toMatch(/Status|Statut/);
        expect((await status.innerText()).length).toBeGreaterThan(0);
        const box = (await status.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
        expect(await overflow(page)).toBeLessThanOrEqual(PHONE.width);
        await status.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/tmp/w4-phone-users-${language}.png` });
      } catch (error) {
        await saveScreenshots(`phone-${language}`, context);
        throw error;
      } finally {
        await context.close();
      }
    });
  }

  it('operator pages fit 390 px', async () => {
    const context = await phoneContext('nl');
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'operator@mandate.test');
      for (const path of ['/backoffice', '/mailbox']) {
        await page.goto(`${t.url}${path}`);
        await page.getByTestId('nav-profile').waitFor({ state: 'attached' });
        await page.waitForLoadState('networkidle');
        expect(await overflow(page), `${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
      }
    } catch (error) {
      await saveScreenshots('phone-operator', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
