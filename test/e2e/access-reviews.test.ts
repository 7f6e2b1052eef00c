import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { addDays, brusselsDate } from '@mandate/domain/dates';
import { chromiumPath, fillDate, launchBrowser, saveScreenshots, shownDate, signIn, startBrowserApp } from '../support/browser.ts';

/** Browser, access reviews: the AO starts a review, confirms one user and removes another. */

let t: TestApp;
let browser: Browser;
let acme: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  // The start form proposes a deadline from the browser's date: let the server's clock agree with it.
  if (Date.now() > t.clock.now().getTime()) t.clock.set(new Date());
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});


const itemOf = async (email: string) =>
  t.database.db.selectFrom('access_review_items as i').innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id', 'i.decision']).where('u.email', '=', email).where('i.customer_id', '=', acme).executeTakeFirstOrThrow();

// Before the review flow, which leaves a review open (and the start button disabled).
/** The date pickers speak the interface language: day first, localised month and weekday names, typed or picked, cleared. */
describe.skipIf(!chromiumPath)('browser: localised date fields', () => {
  const cases = [
    { language: 'nl', locale: 'nl-BE', monday: /^ma/i, required: /Vul dit veld in/, clear: 'Datum wissen', range: 'Kies een datum tussen 1900 en 2999.' },
    { language: 'fr', locale: 'fr-BE', monday: /^lu/i, required: /Remplissez ce champ/, clear: 'Effacer la date', range: 'Choisissez une date entre 1900 et 2999.' },
    { language: 'en', locale: 'en-GB', monday: /^mo/i, required: /Fill in this field/, clear: 'Clear the date', range: 'Choose a date between 1900 and 2999.' },
  ] as const;
  for (const c of cases) {
    it(`${c.language}: dd/mm/yyyy, ${c.locale} calendar, typed and cleared by keyboard`, async () => {
      const context = await browser.newContext({ locale: c.locale });
      await context.addInitScript((language) => localStorage.setItem('mandate.language', language), c.language);
      try {
        const page = await context.newPage();
        await signIn(page, t.url, 'owner@acme.test');
        await page.goto(`${t.url}/customers/${acme}/reviews`);
        await page.getByTestId('review-start').click();
        const deadline = page.getByTestId('review-deadline');
        const today = brusselsDate(new Date());
        expect(await deadline.inputValue()).toBe(shownDate(addDays(today, 14)));

        // Focus opens the calendar in the interface language, weeks starting on Monday.
        await deadline.click();
        const dropdown = page.locator('[data-dates-dropdown]');
        await dropdown.waitFor();
        const month = new Intl.DateTimeFormat(c.locale, { month: 'long', timeZone: 'Europe/Brussels' }).format(new Date(`${addDays(today, 14)}T12:00:00Z`));
        expect((await dropdown.textContent())!.toLowerCase()).toContain(month.toLowerCase());
        expect((await dropdown.locator('thead th').first().textContent())!.trim()).toMatch(c.monday);

        // Typed day first, shown day first; the field's calendar closes when the field is left.
        const target = addDays(today, 20);
        await deadline.fill(shownDate(target).replace(/^0/, ''));
        await deadline.press('Tab');
        await dropdown.waitFor({ state: 'hidden' });
        expect(await deadline.inputValue()).toBe(shownDate(target));

        // A year the API does not take is said on the field at once.
        await deadline.fill('01/01/3000');
        await deadline.press('Tab');
        await page.getByText(c.range).waitFor();
        await deadline.fill(shownDate(target));
        await deadline.press('Tab');
        await page.getByText(c.range).waitFor({ state: 'detached' });

        // Cleared with the named clear button, the form then asks for a date.
        await page.getByRole('button', { name: c.clear }).click();
        expect(await deadline.inputValue()).toBe('');
        await page.getByTestId('review-start-submit').click();
        await page.getByText(c.required).first().waitFor();
        await page.keyboard.press('Escape');

        // The users list filter keeps the date in the address as YYYY-MM-DD and shows it day first.
        await page.goto(`${t.url}/customers/${acme}/users`);
        await fillDate(page, 'filter-employment-end', '2030-06-30');
        await expect.poll(() => new URL(page.url()).searchParams.get('endBefore')).toBe('2030-06-30');
        await expect.poll(() => page.getByTestId('filter-employment-end').inputValue()).toBe('30/06/2030');
      } catch (error) {
        await saveScreenshots(`date-field-${c.language}`, context);
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});

describe.skipIf(!chromiumPath)('browser: access reviews', () => {
  it('the AO starts a review, confirms one user, removes another (with a confirmation) and confirms a selected one', async () => {
    const context = await browser.newContext();
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'owner@acme.test');
      await page.getByTestId('nav-user-management').click();
      await page.getByTestId('tab-reviews').click();
      await page.getByTestId('reviews-empty').waitFor();

      await page.getByTestId('review-start').click();
      // A deadline beyond 90 days is refused in the form before anything is sent.
      const deadline = page.getByTestId('review-deadline');
      const proposed = await deadline.inputValue();
      expect(proposed).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      await fillDate(page, 'review-deadline', '2099-12-31');
      await page.getByTestId('review-start-submit').click();
      await page.getByText(/Kies een datum van|Choose a date from|Choisissez une date du/).waitFor();
      expect(await t.database.db.selectFrom('access_reviews').select('id').execute()).toEqual([]);
      await deadline.fill(proposed);
      await deadline.press('Tab');
      await page.getByTestId('review-start-submit').click();
      await page.getByTestId('review-banner').waitFor();
      expect(await page.getByTestId('review-banner').textContent()).toMatch(/automatisch verwijderd|removed automatically|retiré automatiquement/);

      const employee = await itemOf('employee@acme.test');
      const finance = await itemOf('finance@acme.test');
      const fleet = await itemOf('fleet@acme.test');
      await page.getByTestId(`review-row-${employee.id}`).waitFor();

      // Confirm one user.
      await page.getByTestId(`review-confirm-${employee.id}`).click();
      await page.getByTestId('review-done').waitFor();
      await expect.poll(async () => (await itemOf('employee@acme.test')).decision).toBe('confirmed');
      await expect.poll(() => page.getByTestId(`review-confirm-${employee.id}`).count()).toBe(0);

      // Remove another, after the confirmation modal.
      await page.getByTestId(`review-remove-${finance.id}`).click();
      await page.getByTestId('confirm-review-remove').click();
      await expect.poll(async () => (await itemOf('finance@acme.test')).decision).toBe('removed');
      const membership = await t.database.db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.id').where('u.email', '=', 'finance@acme.test').where('m.customer_id', '=', acme).executeTakeFirst();
      expect(membership).toBeUndefined();
      await expect.poll(() => page.getByTestId(`review-row-${finance.id}`).getByTestId('review-decision').textContent()).toMatch(/Verwijderd|Removed|Retiré/);

      // Bulk: select one more and confirm the selection.
      await page.getByTestId(`review-select-${fleet.id}`).check();
      await page.getByTestId('review-confirm-selected').click();
      await expect.poll(async () => (await itemOf('fleet@acme.test')).decision).toBe('confirmed');

      // The list shows the progress.
      await page.getByRole('link', { name: /Alle controles|All reviews|Toutes les revues/ }).click();
      await expect.poll(() => page.getByTestId('review-progress').first().textContent()).toMatch(/^3\//);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('access-reviews-e2e', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});

