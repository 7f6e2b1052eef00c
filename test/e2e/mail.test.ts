import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { enqueueMail } from '@mandate/server/modules/mail/mail.repo';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, signInByLabels, startBrowserApp } from '../support/browser.ts';

/** The development mailbox in the browser (operator staff only; no SMTP configured here). */


let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});


describe.skipIf(!chromiumPath)('browser: the development mailbox', () => {
  it('operator staff read a waiting mail in its recipient’s language and follow its link', async () => {
    const link = `${t.url}/profile?from=mail-e2e`;
    await t.app.db.transaction().execute((trx) =>
      enqueueMail(trx, {
        to: 'reader.e2e@acme.test',
        language: 'fr',
        message: {
          kind: 'test.e2e',
          subject: { nl: 'Test NL', fr: 'Votre accès à {company}', en: 'Test EN' },
          text: { nl: '{link}', fr: 'Bonjour,\n\nOuvrez ce lien : {link}.\n\nMandate', en: '{link}' },
        },
        params: { company: 'Acme Belgium NV', link },
      }, t.clock.now()),
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await signInByLabels(page, t.url, 'operator@mandate.test');
      await page.getByTestId('nav-mailbox').click();
      await page.getByTestId('mailbox-banner').waitFor();
      expect(await page.getByTestId('mailbox-banner').innerText()).toMatch(/SMTP/);

      await page.getByTestId('data-table-search').fill('reader.e2e');
      await page.getByTestId('data-table-search').press('Enter');
      const open = page.getByRole('button', { name: /Votre accès à Acme Belgium NV/ });
      await open.waitFor();
      expect(await page.locator('[data-testid^="mailbox-open-"]').count()).toBe(1);
      await open.press('Enter');

      const reader = page.getByTestId('mail-reader');
      await reader.waitFor();
      expect(await page.getByTestId('mail-reader-subject').innerText()).toBe('Votre accès à Acme Belgium NV');
      expect(await page.getByTestId('mail-text').innerText()).toContain('Ouvrez ce lien');
      const anchor = page.getByTestId('mail-link');
      expect(await anchor.getAttribute('href')).toBe(link);
      await anchor.click();
      await page.waitForURL((url) => url.search === '?from=mail-e2e');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is not offered to customer users, and the page refuses them', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInByLabels(page, t.url, 'owner@acme.test');
      expect(await page.getByTestId('nav-mailbox').count()).toBe(0);
      // Typed into the address bar within the app (a reload would lose the session under the tests' fixed clock).
      await page.evaluate("window.history.pushState({}, '', '/mailbox'); window.dispatchEvent(new PopStateEvent('popstate'))");
      await page.getByTestId('not-available').waitFor();
      expect(await page.getByTestId('mailbox-page').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
