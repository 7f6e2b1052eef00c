import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/lib/i18n/en.ts';
import { fr } from '../../web/src/lib/i18n/fr.ts';
import { nl } from '../../web/src/lib/i18n/nl.ts';
import { insightsEn } from '../../web/src/features/insights/i18n/en.ts';
import { insightsFr } from '../../web/src/features/insights/i18n/fr.ts';
import { insightsNl } from '../../web/src/features/insights/i18n/nl.ts';
import { invoicesEn } from '../../web/src/features/invoices/i18n/invoices-en.ts';
import { invoicesFr } from '../../web/src/features/invoices/i18n/invoices-fr.ts';
import { invoicesNl } from '../../web/src/features/invoices/i18n/invoices-nl.ts';
import { deliveryEn } from '../../web/src/features/invoice-delivery/i18n/delivery-en.ts';
import { deliveryFr } from '../../web/src/features/invoice-delivery/i18n/delivery-fr.ts';
import { deliveryNl } from '../../web/src/features/invoice-delivery/i18n/delivery-nl.ts';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetFr } from '../../web/src/features/fleet/i18n/fleet-fr.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import { customersEn } from '../../web/src/features/customers/i18n/customers-en.ts';
import { customersFr } from '../../web/src/features/customers/i18n/customers-fr.ts';
import { customersNl } from '../../web/src/features/customers/i18n/customers-nl.ts';
import { backofficeEn } from '../../web/src/features/backoffice/i18n/backoffice-en.ts';
import { backofficeFr } from '../../web/src/features/backoffice/i18n/backoffice-fr.ts';
import { backofficeNl } from '../../web/src/features/backoffice/i18n/backoffice-nl.ts';
import { mailboxEn } from '../../web/src/features/mailbox/i18n/mailbox-en.ts';
import { mailboxFr } from '../../web/src/features/mailbox/i18n/mailbox-fr.ts';
import { mailboxNl } from '../../web/src/features/mailbox/i18n/mailbox-nl.ts';
import { auditEn } from '../../web/src/features/audit/i18n/audit-en.ts';
import { auditFr } from '../../web/src/features/audit/i18n/audit-fr.ts';
import { auditNl } from '../../web/src/features/audit/i18n/audit-nl.ts';
import { reviewsEn } from '../../web/src/features/access-reviews/i18n/reviews-en.ts';
import { reviewsFr } from '../../web/src/features/access-reviews/i18n/reviews-fr.ts';
import { reviewsNl } from '../../web/src/features/access-reviews/i18n/reviews-nl.ts';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * One word per concept and per language (shared/GLOSSARY.md), and no rule id of the specification
 * ("(DLG-2)", "ROLE-7", "Regel 3") in anything a user reads: the catalogues, and the pages themselves.
 */

const RULE_ID = /\b(ROLE|DLG|ACC|INV|INS|PFM|MOB|EBL|RET|PRIV|IDV|SEC|OPS)-\d|\b(Regel|Règle|Rule) \d/;

/** Words that name a glossary concept differently from the glossary (each was once on a screen). */
const NOT_GLOSSARY = {
  nl: [/facturatieaccount/i, /filiaalband/i, /\bdochter/i, /toegangsreview/i, /geschorst/i, /SIM-nummer/i, /mobiele nummers?/i, /kostencentr/i],
  fr: [/sociétés? liées?/i, /lien d’affiliation/i, /filiale/i, /numéro de SIM/i, /numéros mobiles/i, /périmètre/i, /centre de coût\b/i],
  en: [/cost center/i, /affiliate link/i, /SIM number/i, /audit log/i],
} as const;
/** Dutch spellings of a concept the portal writes one way: "belkrediet", as the operator's terms do. */
const ONE_SPELLING_NL = [/belcrediet/i];

/** The four actions of a right, as every screen names them. */
const ACTIONS = {
  nl: { read: 'bekijken', update: 'wijzigen', export: 'exporteren', order: 'bestellen' },
  fr: { read: 'consulter', update: 'modifier', export: 'exporter', order: 'commander' },
  en: { read: 'view', update: 'change', export: 'export', order: 'order' },
} as const;

// The portal's catalogues and those the lazy-loaded features carry themselves.
const CATALOGUES = {
  nl: { ...nl, ...invoicesNl, ...insightsNl, ...deliveryNl, ...fleetNl, ...customersNl, ...backofficeNl, ...mailboxNl, ...auditNl, ...reviewsNl },
  fr: { ...fr, ...invoicesFr, ...insightsFr, ...deliveryFr, ...fleetFr, ...customersFr, ...backofficeFr, ...mailboxFr, ...auditFr, ...reviewsFr },
  en: { ...en, ...invoicesEn, ...insightsEn, ...deliveryEn, ...fleetEn, ...customersEn, ...backofficeEn, ...mailboxEn, ...auditEn, ...reviewsEn },
} as const;
type Language = keyof typeof CATALOGUES;
const LANGUAGES = Object.keys(CATALOGUES) as Language[];

describe('the catalogues speak the glossary', () => {
  it.each(LANGUAGES)('%s: no rule id in any message', (language) => {
    const offending = Object.entries(CATALOGUES[language]).filter(([, value]) => RULE_ID.test(value));
    expect(offending).toEqual([]);
  });

  it.each(LANGUAGES)('%s: no word the glossary replaced', (language) => {
    const offending = Object.entries(CATALOGUES[language]).flatMap(([key, value]) =>
      NOT_GLOSSARY[language].filter((word) => word.test(value)).map((word) => `${key}: ${String(word)} in “${value}”`),
    );
    expect(offending).toEqual([]);
  });

  it('nl: one spelling per word', () => {
    const offending = Object.entries(CATALOGUES.nl).filter(([, value]) => ONE_SPELLING_NL.some((word) => word.test(value)));
    expect(offending).toEqual([]);
  });

  it('fr: one apostrophe, the typographic ’, as French elision writes it; a space before a colon', () => {
    const messages: Record<string, string> = CATALOGUES.fr;
    expect(Object.entries(messages).filter(([, value]) => /\p{L}'\p{L}/u.test(value))).toEqual([]);
    expect(Object.entries(messages).filter(([, value]) => /[\p{L}})]:(\s|$)/u.test(value))).toEqual([]);
  });

  it.each(LANGUAGES)('%s: the actions of a right have one name on every screen', (language) => {
    const messages: Record<string, string> = CATALOGUES[language];
    const words = ACTIONS[language];
    for (const [action, word] of Object.entries(words)) {
      for (const key of [`dlg.action.${action}`, `grants.action.${action}`]) {
        if (key in messages) expect(messages[key]!.toLowerCase(), key).toBe(word);
      }
    }
    expect(messages['grants.column.read']!.toLowerCase()).toBe(words.read);
  });
});

let t: TestApp;
let browser: Browser;
let acme: string;

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

/** The visible text of the page once its main content has loaded. */
async function mainText(page: Page, ready: string): Promise<string> {
  await page.getByTestId(ready).first().waitFor();
  return page.locator('body').innerText();
}

describe.skipIf(!chromiumPath)('browser: the pages speak the glossary', () => {
  const pages = [
    { path: 'users', ready: 'users-table' },
    { path: 'affiliates', ready: 'tab-affiliates' },
    { path: 'delegations', ready: 'tab-delegations' },
    { path: 'reviews', ready: 'tab-reviews' },
  ];
  const titles = {
    nl: { affiliates: 'Verbonden ondernemingen', reviews: 'Toegangscontroles', audit: 'Audittrail' },
    fr: { affiliates: 'Entreprises liées', reviews: 'Revues des accès', audit: 'Journal d’audit' },
    en: { affiliates: 'Affiliates', reviews: 'Access reviews', audit: 'Audit trail' },
  } as const;

  for (const language of LANGUAGES) {
    it(`${language}: administration pages without rule ids, with the glossary's names`, async () => {
      const context = await browser.newContext();
      await context.addInitScript((lang) => localStorage.setItem('mandate.language', lang), language);
      try {
        const page = await context.newPage();
        await signIn(page, t.url, 'owner@acme.test');
        for (const { path, ready } of pages) {
          await page.goto(`${t.url}/customers/${acme}/${path}`);
          const text = await mainText(page, ready);
          expect(text, `${path}: rule id`).not.toMatch(RULE_ID);
          for (const word of NOT_GLOSSARY[language]) expect(text, `${path}: ${String(word)}`).not.toMatch(word);
        }
        // The tabs carry the glossary's names.
        expect(await page.getByTestId('tab-affiliates').innerText()).toBe(titles[language].affiliates);
        expect(await page.getByTestId('tab-reviews').innerText()).toBe(titles[language].reviews);
        expect(await page.getByTestId('tab-audit').innerText()).toBe(titles[language].audit);
      } catch (error) {
        await saveScreenshots(`glossary-${language}`, context);
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});
