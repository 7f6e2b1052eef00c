import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { enqueueMail } from '@mandate/server/modules/mail/mail.repo';
import { deliveryEn } from '../../web/src/features/invoice-delivery/i18n/delivery-en.ts';
import { deliveryFr } from '../../web/src/features/invoice-delivery/i18n/delivery-fr.ts';
import { deliveryNl } from '../../web/src/features/invoice-delivery/i18n/delivery-nl.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { assertWebBuilt, chromiumPath, launchBrowser, pick, saveScreenshots, signIn, webDist } from '../support/browser.ts';
import { deliverMail, extractLinks, startSmtpSink, type SmtpSink } from '../support/mail.ts';

/**
 * Browser: invoice delivery, My invoice online › Settings (EBL-1..7). The financial manager asks
 * GreenBill for the fixed-services account, checks the address again, and the verification mail
 * reaches a real SMTP server; its link, opened like a mail reader would, confirms it and the
 * account shows GreenBill active. A mobile account is invited to Zoomit, accepted in the sandbox
 * bank and shows Zoomit active. Back to paper offers the invoice PDFs first.
 */

let t: TestApp;
let sink: SmtpSink;
let browser: Browser;
let acme: string;

const GREENBILL_ADDRESS = 'invoices.e2e@acme.test';
const IBAN = 'BE71 0961 2345 6769';
/** The server answers in its own time: polls wait for it. */
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  if (!chromiumPath) return;
  assertWebBuilt();
  sink = await startSmtpSink();
  t = await startTestApp({ config: { webDist, loginMaxPerAccount: 100, smtpUrl: sink.url } });
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await sink?.close();
});

describe('the texts of invoice delivery', () => {
  const catalogues = { nl: deliveryNl, fr: deliveryFr, en: deliveryEn } as const;
  // glossary.test.ts checks these catalogues with the portal's for rule ids and replaced words; here: the glossary's own words of delivery.
  const GLOSSARY = {
    nl: ['facturatierekening', 'gsm-nummer', 'uitgenodigd', 'actief', 'greenbill', 'zoomit', 'mijn factuur online › instellingen'],
    fr: ['compte de facturation', 'numéro de gsm', 'invité', 'actif', 'greenbill', 'zoomit', 'ma facture en ligne › paramètres'],
    en: ['billing account', 'mobile number', 'invited', 'active', 'greenbill', 'zoomit', 'my invoice online › settings'],
  } as const;

  it.each(['nl', 'fr', 'en'] as const)('%s: the glossary\'s words of invoice delivery', (language) => {
    const entries = Object.entries(catalogues[language]);
    const all = entries.map(([, value]) => value.toLowerCase()).join('\n');
    expect(GLOSSARY[language].filter((word) => !all.includes(word))).toEqual([]);
  });
});

/** A browser in English. */
async function englishContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => localStorage.setItem('mandate.language', 'en'));
  return context;
}

const card = (page: Page, number: string) => page.getByTestId(`delivery-card-${number}`);
const stateOf = async (page: Page, number: string) => {
  const badge = card(page, number).getByTestId('delivery-state');
  return `${await badge.getAttribute('data-state')}/${await badge.getAttribute('data-channel')}`;
};

/** Leaves Settings for another section and comes back: the settings are read again, as on any visit. */
async function revisitSettings(page: Page): Promise<void> {
  await page.getByTestId('invoices-tab-invoices').click();
  await page.getByTestId('invoices-table').waitFor();
  await page.getByTestId('invoices-tab-settings').click();
  await page.getByTestId('delivery-settings-page').waitFor();
}

describe.skipIf(!chromiumPath)('browser: invoice delivery (EBL-1..7)', () => {
  it('finance activates GreenBill through the verification mail, Zoomit through the sandbox bank, then returns to paper after the PDFs', { timeout: 180_000 }, async () => {
    const context = await englishContext();
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-tab-settings').click();
      await page.getByTestId('delivery-settings-page').waitFor();
      expect(page.url()).toBe(`${t.url}/customers/${acme}/invoices/settings`);
      for (const number of ['ACME-0001', 'ACME-0002', 'ACME-0003']) {
        await card(page, number).waitFor();
        expect(await stateOf(page, number)).toBe('paper/paper');
      }
      expect(await card(page, 'ACME-0003').getByTestId('delivery-state').innerText()).toBe('Paper');

      // GreenBill for the fixed account: one activation covers every fixed account (EBL-2).
      await card(page, 'ACME-0003').getByTestId('greenbill-activate').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getByTestId('greenbill-fixed').innerText()).toMatch(/every fixed-services billing account: ACME-0003/);
      // An address is needed; SMS announcements need a mobile number (EBL-3).
      await page.getByTestId('greenbill-submit').click();
      await dialog.getByText('Fill in this field.').waitFor();
      await page.getByTestId('greenbill-email').fill(GREENBILL_ADDRESS);
      await page.getByTestId('greenbill-notify-both').check();
      await page.getByTestId('greenbill-submit').click();
      await dialog.getByText('Give a mobile number to announce invoices by SMS.').waitFor();
      await page.getByTestId('greenbill-notify-email').check();
      await page.getByTestId('greenbill-submit').click();
      // The address is shown again to be checked before the mail leaves (EBL-7).
      expect(await page.getByTestId('greenbill-confirm-email').innerText()).toBe(GREENBILL_ADDRESS);
      await page.getByTestId('greenbill-confirm').click();
      await expect.poll(() => page.getByTestId('delivery-notice').innerText(), WAIT).toMatch(/We sent a verification mail to i\*\*\*@acme\.test\. GreenBill is active once its link is followed\./);
      await expect.poll(() => stateOf(page, 'ACME-0003'), WAIT).toBe('pending/paper');
      const pending = card(page, 'ACME-0003').getByTestId('delivery-pending');
      expect(await pending.innerText()).toMatch(/i\*\*\*@acme\.test waits for its confirmation/);
      await pending.getByTestId('delivery-pending-expires').waitFor();

      // The verification mail reaches the SMTP server; its link is opened in another tab, as from a mail reader.
      await deliverMail(t.app);
      const mail = await sink.waitFor((m) => m.to.includes(GREENBILL_ADDRESS));
      const link = extractLinks(mail.text).find((l) => l.includes('/greenbill/verify/'));
      expect(link, mail.text).toBeDefined();
      expect(link!.startsWith(`${t.url}/greenbill/verify/`)).toBe(true);
      const reader = await context.newPage();
      await reader.goto(link!);
      await reader.getByTestId('greenbill-verify-email').waitFor();
      expect(await reader.getByTestId('greenbill-verify-customer').innerText()).toBe('Acme Belgium NV');
      expect(await reader.getByTestId('greenbill-verify-accounts').innerText()).toBe('ACME-0003');
      expect(await reader.getByTestId('greenbill-verify-email').innerText()).toBe('i***@acme.test');
      await reader.getByTestId('greenbill-verify-confirm').click();
      await reader.getByTestId('greenbill-verify-done').getByText('GreenBill is active: the invoices are sent to i***@acme.test.').waitFor();
      // The same link a second time: already used.
      await reader.reload();
      await reader.getByTestId('greenbill-verify-done').getByText('already confirmed').waitFor();
      await reader.close();

      await revisitSettings(page);
      await expect.poll(() => stateOf(page, 'ACME-0003'), WAIT).toBe('active/greenbill');
      expect(await card(page, 'ACME-0003').getByTestId('delivery-state').innerText()).toBe('GreenBill active');
      expect(await card(page, 'ACME-0003').getByTestId('delivery-email').innerText()).toBe('i***@acme.test');
      expect(await card(page, 'ACME-0003').getByTestId('delivery-pending').count()).toBe(0);

      // Zoomit for a mobile account: a supported bank, a valid IBAN shown again; invited until the bank reports acceptance (EBL-6).
      await card(page, 'ACME-0001').getByTestId('zoomit-open').click();
      await dialog.waitFor();
      await page.getByTestId('zoomit-iban').fill('BE71 0961 2345 6760');
      await page.getByTestId('zoomit-submit').click();
      await dialog.getByText('Fill in this field.').waitFor();
      await dialog.getByText('This is not a valid IBAN: check its country code and digits.').waitFor();
      await pick(page, 'zoomit-bank', 'Belfius');
      await page.getByTestId('zoomit-iban').fill(IBAN);
      await page.getByTestId('zoomit-submit').click();
      expect(await page.getByTestId('zoomit-confirm-iban').innerText()).toBe(IBAN);
      await page.getByTestId('zoomit-confirm').click();
      await expect.poll(() => stateOf(page, 'ACME-0001'), WAIT).toBe('invited/paper');
      expect(await card(page, 'ACME-0001').getByTestId('delivery-state').innerText()).toBe('Invited to Zoomit');
      expect(await page.getByTestId('delivery-notice').innerText()).toMatch(/invited to Zoomit from the next billing cycle/);
      expect(await card(page, 'ACME-0001').getByTestId('delivery-pending').innerText()).toMatch(/BE71 \*\*\*\* \*\*\*\* 6769/);

      // The sandbox bank plays the customer's banking app: he accepts the invitation.
      await card(page, 'ACME-0001').getByTestId('sandbox-link').click();
      await page.getByTestId('sandbox-invitation').waitFor();
      expect(await page.getByTestId('sandbox-status').getAttribute('data-status')).toBe('pending');
      expect(await page.getByTestId('sandbox-invitation').innerText()).toMatch(/Acme Belgium NV wants to send you the invoices of billing account ACME-0001/);
      await page.getByTestId('sandbox-accept').click();
      await expect.poll(() => page.getByTestId('sandbox-status').getAttribute('data-status'), WAIT).toBe('accepted');
      expect(await page.getByTestId('sandbox-accept').count()).toBe(0);
      await page.goBack();
      await page.getByTestId('delivery-settings-page').waitFor();
      await expect.poll(() => stateOf(page, 'ACME-0001'), WAIT).toBe('active/zoomit');
      expect(await card(page, 'ACME-0001').getByTestId('delivery-iban').innerText()).toBe('BE71 **** **** 6769');

      // Its delivery history, newest first: the paper deliveries of the seed's invoices.
      const history = card(page, 'ACME-0001').getByTestId('delivery-history-table');
      await card(page, 'ACME-0001').getByTestId('delivery-history').click();
      await history.waitFor();
      expect(await card(page, 'ACME-0001').getByTestId('delivery-history').getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => history.getByTestId('delivery-status').count(), WAIT).toBeGreaterThan(0);
      expect(await history.getByTestId('delivery-status').first().getAttribute('data-status')).toBe('sent');
      expect(await history.locator('tbody tr').first().innerText()).toMatch(/ACME-0001-\d+\s+Paper/);
      await card(page, 'ACME-0001').getByTestId('delivery-history').click();
      await expect.poll(() => history.count(), WAIT).toBe(0);

      // Back to paper for the fixed account: the PDFs are offered first, and one downloads (EBL-5).
      await card(page, 'ACME-0003').getByTestId('cancel-delivery').click();
      await dialog.waitFor();
      const pdfs = page.getByTestId('cancel-pdf-list');
      await pdfs.waitFor();
      await page.getByTestId('cancel-advice').waitFor();
      expect(await page.getByTestId('cancel-accounts').innerText()).toMatch(/ACME-0003/);
      await expect.poll(() => pdfs.getByTestId('cancel-pdf').count(), WAIT).toBeGreaterThan(0);
      const [pdf] = await Promise.all([page.waitForEvent('download'), pdfs.getByTestId('cancel-pdf').first().click()]);
      expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
      expect(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await page.getByTestId('cancel-confirm').click();
      await expect.poll(() => stateOf(page, 'ACME-0003'), WAIT).toBe('paper/paper');
      expect(await page.getByTestId('delivery-notice').innerText()).toMatch(/ACME-0003 receives its invoices on paper again/);
      // The Zoomit account is left as it is.
      expect(await stateOf(page, 'ACME-0001')).toBe('active/zoomit');
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('invoice-delivery', context);
      throw error;
    } finally {
      await context.close();
    }
  });

  it('in French: a bad address or mobile number, an IBAN of another bank are refused on their fields before the confirmation; the server\'s refusals too', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('mandate.language', 'fr'));
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, t.url, 'finance@acme.test');
      await page.goto(`${t.url}/customers/${acme}/invoices/settings`);
      await page.getByTestId('delivery-settings-page').waitFor();
      const dialog = page.getByRole('dialog');

      // GreenBill: the address and the number are checked as the server checks them, in French, before the address is shown again.
      await card(page, 'ACME-0002').getByTestId('greenbill-activate').click();
      await dialog.waitFor();
      await page.getByTestId('greenbill-email').fill('compta@acme');
      await page.getByTestId('greenbill-notify-sms').check();
      await page.getByTestId('greenbill-mobile').fill('12345');
      await page.getByTestId('greenbill-submit').click();
      await dialog.getByText('Saisissez une adresse e-mail valide.').waitFor();
      await dialog.getByText(deliveryFr['delivery.greenbill.mobileInvalid']).waitFor();
      expect(await page.getByTestId('greenbill-confirm-step').count()).toBe(0);
      expect(await page.getByTestId('greenbill-email').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('greenbill-mobile').getAttribute('aria-invalid')).toBe('true');
      // Focus goes to the first field to correct, not left on the button.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('greenbill-email');
      // A fixed line (Liège) takes no SMS.
      await page.getByTestId('greenbill-email').fill('compta@acme.test');
      await page.getByTestId('greenbill-mobile').fill('04 222 22 22');
      await page.getByTestId('greenbill-submit').click();
      await dialog.getByText(deliveryFr['delivery.greenbill.mobileInvalid']).waitFor();
      expect(await page.getByTestId('greenbill-confirm-step').count()).toBe(0);

      // What the server still refuses lands on its field in French, never in the server's English.
      await page.route('**/invoice-delivery/*/greenbill', (route) => route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank', title: 'Invalid request', status: 400, code: 'validation_failed', detail: 'is not a valid mobile number',
          errors: [{ field: 'body.mobile', message: 'is not a valid mobile number' }, { field: 'body.email', message: 'must match format "email"' }],
        }),
      }));
      await page.getByTestId('greenbill-mobile').fill('0470 12 34 56');
      await page.getByTestId('greenbill-submit').click();
      await page.getByTestId('greenbill-confirm').click();
      await page.getByTestId('greenbill-email').waitFor();
      await dialog.getByText(deliveryFr['delivery.greenbill.mobileInvalid']).waitFor();
      await dialog.getByText('Saisissez une adresse e-mail valide.').waitFor();
      expect(await dialog.innerText()).not.toMatch(/is not a valid mobile number|must match format/);
      await page.unroute('**/invoice-delivery/*/greenbill');
      await page.getByTestId('greenbill-cancel').click();
      await dialog.waitFor({ state: 'detached' });

      // Zoomit: Crelan is offered once; an IBAN chooses its bank; an IBAN whose bank code is another bank's is refused.
      await card(page, 'ACME-0002').getByTestId('zoomit-open').click();
      await dialog.waitFor();
      await page.getByTestId('zoomit-bank').click();
      await page.getByRole('option').first().waitFor();
      const banks = await page.getByRole('option').allInnerTexts();
      expect(banks.filter((b) => /crelan|axa/i.test(b))).toEqual(['Crelan']);
      await page.keyboard.press('Escape');
      await page.getByTestId('zoomit-iban').fill(IBAN);
      await expect.poll(() => page.getByTestId('zoomit-bank').inputValue(), WAIT).toBe('Belfius');
      // The Belfius account said to be at KBC.
      await pick(page, 'zoomit-bank', 'KBC');
      await page.getByTestId('zoomit-submit').click();
      await dialog.getByText(deliveryFr['delivery.zoomit.ibanNotOfBank'].replace('{bank}', 'KBC')).waitFor();
      expect(await page.getByTestId('zoomit-confirm-step').count()).toBe(0);
      await page.getByTestId('zoomit-cancel').click();
      expect(await stateOf(page, 'ACME-0002')).toBe('paper/paper');
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshots('invoice-delivery-fr', context);
      throw error;
    } finally {
      await context.close();
    }
  });

  it('a verification link that is unknown, and an invitation the sandbox bank does not know, say so', async () => {
    const context = await englishContext();
    try {
      const page = await context.newPage();
      await page.goto(`${t.url}/greenbill/verify/${'x'.repeat(43)}`);
      await page.getByTestId('greenbill-verify-invalid').waitFor();
      expect(await page.getByTestId('greenbill-verify-invalid').getAttribute('data-problem')).toBe('unknown');
      await page.getByText('This link does not work').waitFor();
      await page.goto(`${t.url}/sandbox/zoomit/00000000-0000-4000-8000-000000000000`);
      await page.getByTestId('sandbox-not-found').waitFor();
    } finally {
      await context.close();
    }
  });

  it('operator staff read the SMS gateway’s log, and a bounce is offered for invoice announcements only', async () => {
    // An announcement that belongs to no delivery: the server refuses the bounce, and the reader says why.
    await t.app.db.transaction().execute((trx) =>
      enqueueMail(trx, {
        to: 'bounce.e2e@acme.test',
        language: 'en',
        message: { kind: 'invoice_ready', subject: { nl: 'x', fr: 'x', en: 'Your invoice E2E-1 is ready' }, text: { nl: 'x', fr: 'x', en: 'Invoice E2E-1 is ready.' } },
        params: {},
      }, t.clock.now()),
    );
    const context = await englishContext();
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'operator@mandate.test');
      await page.getByTestId('nav-mailbox').click();
      await page.getByTestId('mailbox-page').waitFor();
      await page.getByRole('button', { name: /Your invoice E2E-1 is ready/ }).click();
      await page.getByTestId('mail-reader').waitFor();
      await page.getByTestId('mail-bounce').click();
      await page.getByRole('dialog').waitFor();
      await page.getByTestId('confirm-bounce').click();
      await page.getByText('Give the reason.').waitFor();
      await page.getByTestId('reason-input').fill('550 mailbox unavailable');
      await page.getByTestId('confirm-bounce').click();
      await page.getByTestId('modal-error').getByText('This mail is not an invoice announcement').waitFor();
      await page.getByTestId('confirm-cancel').click();

      await page.getByTestId('mailbox-tab-sms').click();
      await page.getByTestId('sms-list').waitFor();
      expect(new URL(page.url()).searchParams.get('tab')).toBe('sms');
      await expect.poll(async () => (await page.getByTestId('sms-table').count()) + (await page.getByTestId('sms-empty').count()), WAIT).toBe(1);
    } catch (error) {
      await saveScreenshots('invoice-delivery-mailbox', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
