import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { nl } from '../../web/src/lib/i18n/nl.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: a request the server refuses in words the portal has is said in those words only, not
 * followed by the server's field and English message.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!chromiumPath)('browser: a refusal in the portal\'s own words', () => {
  it('an affiliate request for a company the portal does not know says so in Dutch, without the server\'s English', { timeout: 60_000 }, async () => {
    await inBrowser(browser, 'affiliate-unknown-company', async (page) => {
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${acme}/affiliates`);
      // A well-formed enterprise number (its check digits hold) that no customer of the portal has.
      await page.getByTestId('affiliate-number').fill('0400.000.086');
      await pick(page, 'affiliate-basis', nl['aff.basis.de_jure_voting_rights']);
      await page.getByTestId('affiliate-request').click();
      const alert = page.getByTestId('problem-alert');
      await alert.waitFor(WAIT);
      const text = (await alert.textContent())!;
      expect(text).toContain(nl['problem.company_not_registered']);
      expect(text).not.toMatch(/body\.|registered on the portal/);
    }, 'nl');
  });
});
