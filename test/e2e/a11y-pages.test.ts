import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * WCAG 2.2 AA (the European Accessibility Act's level) on every page a demo user reaches, in each
 * language: axe-core finds no critical and no serious violation.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

let t: TestApp;
let browser: Browser;
let acme: string;
let financeId: string;
let invitationPath: string;
let invoiceId: string;
let verificationPath: string;
let sandboxPath: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  financeId = (await t.database.db.selectFrom('users').select('id').where('email', '=', 'finance@acme.test').executeTakeFirstOrThrow()).id;
  // The latest invoice of Acme's head-office account: lines, a dispute and its history.
  invoiceId = (await t.database.db.selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
    .select('i.id').where('ba.number', '=', 'ACME-0001').orderBy('i.issue_date', 'desc').limit(1).executeTakeFirstOrThrow()).id;
  // An invitation, to check the page its link opens.
  const owner = await signedIn(t.url, 'owner@acme.test');
  const invited = await owner.request('POST', `/api/v1/customers/${acme}/users`, {
    email: 'a11y.invitee@acme.test', firstName: 'Ines', lastName: 'Invitee', language: 'nl', profile: 'service_user',
    subProfiles: [], employmentBasis: 'employment_indefinite', employmentEnd: null,
  });
  expect(invited.status, JSON.stringify(invited.body)).toBeLessThan(300);
  const mail = await t.database.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', 'a11y.invitee@acme.test').executeTakeFirstOrThrow();
  invitationPath = new URL(/https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+/.exec(mail.body_text)![0]).pathname;
  // Invoice delivery in the states that show the most: an address awaiting its confirmation (the
  // verification link's page) and an account invited to Zoomit (the sandbox bank's page).
  const finance = await signedIn(t.url, 'finance@acme.test');
  const accountId = async (number: string) => (await t.database.db.selectFrom('billing_accounts').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
  const deliveryOf = async (number: string) => {
    const path = `/api/v1/customers/${acme}/invoice-delivery/${await accountId(number)}`;
    return { path, etag: (await finance.get(path)).headers.get('etag')! };
  };
  const fixed = await deliveryOf('ACME-0003');
  const greenbill = await finance.post(`${fixed.path}/greenbill`, { email: 'a11y.greenbill@acme.test', notify: 'email' }, { 'if-match': fixed.etag });
  expect(greenbill.status, JSON.stringify(greenbill.body)).toBe(202);
  const verifyMail = await t.database.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', 'a11y.greenbill@acme.test').executeTakeFirstOrThrow();
  verificationPath = new URL(/https?:\/\/\S+\/greenbill\/verify\/[A-Za-z0-9_-]+/.exec(verifyMail.body_text)![0]).pathname;
  const mobile = await deliveryOf('ACME-0001');
  const zoomit = await finance.post<{ pending: { id: string } }>(`${mobile.path}/zoomit`, { iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB' }, { 'if-match': mobile.etag });
  expect(zoomit.status, JSON.stringify(zoomit.body)).toBe(202);
  sandboxPath = `/sandbox/zoomit/${zoomit.body.pending.id}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** axe-core's critical and serious violations of the page as it is now. */
async function violations(page: Page): Promise<Violation[]> {
  await page.waitForLoadState('networkidle');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, TAGS);
  return found.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

const report = (where: string, found: Violation[]) =>
  found.map((v) => `${where}: [${v.impact}] ${v.id} — ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ') ?? ''}`).join('\n')}`).join('\n');

async function check(page: Page, where: string, problems: string[]): Promise<void> {
  const found = await violations(page);
  if (found.length > 0) problems.push(report(where, found));
}

describe.skipIf(!chromiumPath)('browser: WCAG 2.2 AA on every page (axe-core)', () => {
  for (const language of ['nl', 'fr', 'en']) {
    it(`${language}: no critical or serious violation`, { timeout: 300_000 }, async () => {
      // axe-core is injected as an inline script, which the app's Content Security Policy forbids.
      const context = await browser.newContext({ bypassCSP: true });
      await context.addInitScript((lang) => localStorage.setItem('mandate.language', lang), language);
      const problems: string[] = [];
      try {
        const page = await context.newPage();
        await page.goto(`${t.url}/login`);
        await page.getByTestId('login-email').waitFor();
        await check(page, 'sign-in', problems);
        await page.goto(`${t.url}${invitationPath}`);
        await page.getByTestId('invitation-password').waitFor();
        await check(page, 'invitation', problems);
        await page.goto(`${t.url}${verificationPath}`);
        await page.getByTestId('greenbill-verify-confirm').waitFor();
        await check(page, 'greenbill verification', problems);
        await page.goto(`${t.url}${sandboxPath}`);
        await page.getByTestId('sandbox-accept').waitFor();
        await check(page, 'sandbox bank', problems);

        await signIn(page, t.url, 'owner@acme.test');
        const ownerPages: Array<[string, string, string]> = [
          ['home', `/customers/${acme}`, 'app-card-user-management'],
          ['users', `/customers/${acme}/users`, 'users-table'],
          ['user detail', `/customers/${acme}/users/${financeId}`, 'tab-users'],
          ['rights', `/customers/${acme}/users/${financeId}/rights`, 'nav-profile'],
          ['audit', `/customers/${acme}/audit`, 'tab-audit'],
          ['delegations', `/customers/${acme}/delegations`, 'tab-delegations'],
          ['affiliates', `/customers/${acme}/affiliates`, 'tab-affiliates'],
          ['reviews', `/customers/${acme}/reviews`, 'tab-reviews'],
          ['insights', `/customers/${acme}/insights`, 'figure-monthly-chart'],
          ['invoices', `/customers/${acme}/invoices`, 'invoice-link'],
          ['invoice detail', `/customers/${acme}/invoices/${invoiceId}`, 'invoice-lines'],
          ['call details', `/customers/${acme}/invoices/${invoiceId}/call-details`, 'call-detail-row'],
          ['unbilled usage', `/customers/${acme}/invoices/unbilled`, 'unbilled-table'],
          ['charges per line', `/customers/${acme}/invoices/charges`, 'charges-month'],
          ['disputes', `/customers/${acme}/invoices/disputes`, 'disputes-table'],
          ['documents', `/customers/${acme}/invoices/documents`, 'documents-table'],
          ['invoice settings', `/customers/${acme}/invoices/settings`, 'sandbox-link'],
          ['profile', '/profile', 'my-administrator'],
        ];
        for (const [name, path, ready] of ownerPages) {
          await page.goto(`${t.url}${path}`);
          await page.getByTestId(ready).first().waitFor();
          await check(page, name, problems);
        }
        // A dialog: the add-user form.
        await page.goto(`${t.url}/customers/${acme}/users`);
        await page.getByTestId('users-table').waitFor();
        await page.getByTestId('add-user').click();
        await page.getByRole('dialog').waitFor();
        await check(page, 'add-user dialog', problems);
        await page.keyboard.press('Escape');
        // The GreenBill dialog of invoice delivery.
        await page.goto(`${t.url}/customers/${acme}/invoices/settings`);
        await page.getByTestId('delivery-card-ACME-0002').getByTestId('greenbill-activate').click();
        await page.getByTestId('greenbill-email').waitFor();
        await check(page, 'greenbill dialog', problems);
        await page.keyboard.press('Escape');
        // The header's user menu, open.
        await page.getByTestId('user-menu').click();
        await page.getByTestId('sign-out').waitFor();
        // Measured once the menu's fade-in has ended: mid-transition its colours are not yet its own.
        await expect.poll(() => page.getByRole('menu').evaluate((menu) => getComputedStyle(menu).opacity)).toBe('1');
        await check(page, 'user menu', problems);
        await page.getByTestId('sign-out').click();
        await page.waitForURL(/\/login/);

        await signIn(page, t.url, 'operator@mandate.test');
        for (const [name, path] of [['back office', '/backoffice'], ['access requests', '/backoffice?tab=access-requests'], ['disputes', '/backoffice?tab=disputes'], ['mailbox', '/mailbox']] as const) {
          await page.goto(`${t.url}${path}`);
          await page.getByTestId('nav-profile').waitFor();
          await check(page, name, problems);
        }

        expect(problems, `\n${problems.join('\n')}`).toEqual([]);
      } catch (error) {
        await saveScreenshots(`a11y-${language}`, context);
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});

describe.skipIf(!chromiumPath)('browser: WCAG 2.2 AA on the fleet\'s and the end user\'s pages (axe-core)', () => {
  const pagesOf = (sim: string): Record<string, Array<[string, string, string]>> => ({
    'fleet@acme.test': [
      ['fleet', `/customers/${acme}/fleet`, 'fleet-row'],
      ['SIM page', `/customers/${acme}/fleet/${sim}`, 'sim-billing-table'],
      ['approvals', `/customers/${acme}/fleet/approvals`, 'nav-profile'],
    ],
    'employee@acme.test': [['my line', `/customers/${acme}/my-line`, 'sim-billing-table']],
  });
  const simOf = async (msisdn: string) => (await t.database.db.selectFrom('sims').select('id').where('msisdn', '=', msisdn).executeTakeFirstOrThrow()).id;

  for (const [language, viewport] of [['nl', { width: 1400, height: 900 }], ['fr', { width: 1400, height: 900 }], ['en', { width: 390, height: 844 }]] as const) {
    it(`${language}, ${viewport.width} px wide: no critical or serious violation`, { timeout: 180_000 }, async () => {
      const salesSim = await simOf('+32470000001');
      const problems: string[] = [];
      for (const [email, pages] of Object.entries(pagesOf(salesSim))) {
        const context = await browser.newContext({ bypassCSP: true, viewport });
        await context.addInitScript((lang) => localStorage.setItem('mandate.language', lang), language);
        try {
          const page = await context.newPage();
          await signIn(page, t.url, email);
          for (const [name, path, ready] of pages) {
            await page.goto(`${t.url}${path}`);
            await page.getByTestId(ready).first().waitFor();
            await check(page, `${email} ${name}`, problems);
            // A usage gauge reads out what the screen says of it, in the user's words, not a bare percentage.
            const gauge = page.getByTestId('usage-data').getByRole('progressbar');
            if (await gauge.count()) {
              const shown = (await page.getByTestId('usage-data-text').textContent())!;
              expect(await gauge.getAttribute('aria-valuetext'), `${email} ${name}`).toContain(shown);
            }
          }
        } catch (error) {
          await saveScreenshots(`a11y-fleet-${language}`, context);
          throw error;
        } finally {
          await context.close();
        }
      }
      expect(problems, `\n${problems.join('\n')}`).toEqual([]);
    });
  }
});

describe.skipIf(!chromiumPath)('browser: focus that shows (WCAG 2.4.7, 1.4.11)', () => {
  it('a text field in focus has a ring of the primary colour, not only another border colour', { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${t.url}/login`);
      // The password field: the e-mail field has focus as the page opens.
      const password = page.getByTestId('login-password');
      await password.waitFor();
      const ring = () => password.evaluate((el) => {
        const style = getComputedStyle(el.closest('.mantine-Input-input')!);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      });
      expect(await ring()).not.toBe('solid 2px');
      await page.keyboard.press('Tab');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('login-password');
      expect(await ring()).toBe('solid 2px');
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(!chromiumPath)('browser: WCAG 2.2 AA on a phone (axe-core)', () => {
  it('the header, the open navigation and the users list as cards', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${acme}/users`);
      await page.getByTestId('users-table').waitFor();
      await check(page, 'phone users', problems);
      await page.getByTestId('navigation-toggle').click();
      await page.getByTestId('navigation-language').waitFor();
      await check(page, 'phone navigation', problems);
      expect(problems, `\n${problems.join('\n')}`).toEqual([]);
    } catch (error) {
      await saveScreenshots('a11y-phone', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
