import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { GrantListResponse } from '@mandate/contracts/grants';
import { signedIn, type ApiClient, type TestApp } from '../support/test-app.ts';
import { chromiumPath, launchBrowser, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser (ROLE-6): the rights editor is one matrix — apps × view / change / export / order with a
 * named scope per app — where only what the administrator may grant is enabled; one Save shows a
 * summary of what changes and writes several apps at once; "back" returns to that user.
 */

let t: TestApp;
let browser: Browser;
let owner: ApiClient;
let acme: string;
let financeId: string;
let employeeId: string;
let accounts: Array<{ id: string; label: string }>;
let firstAccount: { id: string; label: string };
let seeded: GrantListResponse['items'];

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  t.clock.set(new Date());
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  financeId = (await db.selectFrom('users').select('id').where('email', '=', 'finance@acme.test').executeTakeFirstOrThrow()).id;
  employeeId = (await db.selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
  accounts = (await db.selectFrom('billing_accounts').select(['id', 'number', 'name']).where('customer_id', '=', acme).orderBy('number').execute())
    .map((b) => ({ id: b.id, label: `${b.number} · ${b.name}` }));
  firstAccount = accounts[0]!;
  owner = await signedIn(t.url, 'owner@acme.test');
  seeded = (await owner.get<GrantListResponse>(`/api/v1/customers/${acme}/users/${financeId}/grants`)).body.items;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Puts Fiona's rights back as the seed has them, so that each language starts from the same matrix. */
async function restoreFinance(): Promise<void> {
  const changes = ['invoices', 'insights', 'invoice-delivery', 'orders', 'fleet-manager', 'mobile'].map((app) => {
    const g = seeded.find((s) => s.app === app);
    return g ? { app, actions: g.actions, billingAccountIds: g.billingAccountIds, costCentreIds: g.costCentreIds } : { app, actions: [] };
  });
  const res = await owner.request('PUT', `/api/v1/customers/${acme}/users/${financeId}/grants`, { changes });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const financeGrants = () => t.database.db.selectFrom('grants as g').innerJoin('memberships as m', 'm.id', 'g.membership_id')
  .where('m.user_id', '=', financeId).select(['g.app', 'g.actions', 'g.billing_account_ids', 'g.cost_centre_ids']).orderBy('g.app').execute();

const cases = [
  {
    language: 'nl', locale: 'nl-BE',
    columns: ['Applicatie', 'Bekijken', 'Wijzigen', 'Exporteren', 'Bestellen', 'Bereik'],
    cell: (app: string, action: string) => `${app}: ${action}`, words: { read: 'bekijken', change: 'wijzigen', export: 'exporteren', order: 'bestellen' },
    apps: { invoices: 'Mijn factuur online', orders: 'Bestellingen', mobile: 'Gsm-nummers' },
    soon: 'Binnenkort beschikbaar', narrowed: 'Gekozen facturatierekeningen of kostenplaatsen',
    summary: { title: 'Deze wijzigingen opslaan?', added: 'Toegevoegd: bekijken, bestellen', taken: 'Verwijderd: exporteren', scope: 'Bereik: ', scopeNew: 'Bereik: Hele onderneming', newRight: 'Nieuw recht' },
    back: 'Terug naar Fiona Finance',
  },
  {
    language: 'fr', locale: 'fr-BE',
    columns: ['Application', 'Consulter', 'Modifier', 'Exporter', 'Commander', 'Portée'],
    cell: (app: string, action: string) => `${app} : ${action}`, words: { read: 'consulter', change: 'modifier', export: 'exporter', order: 'commander' },
    apps: { invoices: 'Ma facture en ligne', orders: 'Commandes', mobile: 'Numéros de GSM' },
    soon: 'Bientôt disponible', narrowed: 'Comptes de facturation ou centres de coûts choisis',
    summary: { title: 'Enregistrer ces modifications ?', added: 'Ajouté : consulter, commander', taken: 'Retiré : exporter', scope: 'Portée : ', scopeNew: 'Portée : Toute l’entreprise', newRight: 'Nouveau droit' },
    back: 'Retour à Fiona Finance',
  },
  {
    language: 'en', locale: 'en-GB',
    columns: ['App', 'View', 'Change', 'Export', 'Order', 'Scope'],
    cell: (app: string, action: string) => `${app}: ${action}`, words: { read: 'view', change: 'change', export: 'export', order: 'order' },
    apps: { invoices: 'My invoice online', orders: 'Orders', mobile: 'Mobile numbers' },
    soon: 'Available soon', narrowed: 'Chosen billing accounts or cost centres',
    summary: { title: 'Save these changes?', added: 'Added: view, order', taken: 'Removed: export', scope: 'Scope: ', scopeNew: 'Scope: Whole company', newRight: 'New right' },
    back: 'Back to Fiona Finance',
  },
] as const;

describe.skipIf(!chromiumPath)('browser: the rights matrix (ROLE-6)', () => {
  for (const c of cases) {
    it(`${c.language}: two apps changed in one Save with its summary; back to the user; what may not be granted is disabled`, async () => {
      await restoreFinance();
      const context = await browser.newContext({ locale: c.locale, viewport: { width: 1440, height: 900 } });
      await context.addInitScript(`localStorage.setItem('mandate.language', '${c.language}')`);
      const errors: string[] = [];
      try {
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(String(e)));
        await signIn(page, t.url, 'owner@acme.test');
        await page.goto(`${t.url}/customers/${acme}/users/${financeId}`);
        await page.getByTestId('user-rights-link').click();
        const matrix = page.getByTestId('rights-matrix');
        await matrix.waitFor();

        // One matrix: the glossary's words as columns, an accessible name on every checkbox, apps to come marked.
        expect(await matrix.locator('thead th').allInnerTexts()).toEqual([...c.columns]);
        expect(await page.getByTestId('rights-save').count()).toBe(1);
        expect(await page.getByTestId('rights-soon-fleet-manager').count()).toBe(0);
        expect(await page.getByTestId('rights-soon-user-management').count()).toBe(0);
        expect(await page.getByTestId('rights-soon-invoices').count()).toBe(0);
        expect(await page.getByRole('checkbox', { name: c.cell('Fleet Manager', c.words.change), exact: true }).count()).toBe(1);
        const checkboxes = matrix.getByRole('checkbox');
        const names = await checkboxes.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        expect(names.length).toBeGreaterThan(10);
        expect(names.every((n) => /^.+ ?: \S+$/.test(n)), names.join(' | ')).toBe(true);
        // The scope is named, not counted (the seed gives Fiona invoices on Acme's three billing accounts).
        const allThree = accounts.map((a) => a.label).join(', ');
        expect(await page.getByTestId('rights-scope-text-invoices').innerText()).toBe(allThree);

        // Change two apps: invoices loses "export" and is narrowed to one billing account; orders is new (view, order).
        const invoicesExport = page.getByRole('checkbox', { name: c.cell(c.apps.invoices, c.words.export), exact: true });
        expect(await invoicesExport.isChecked()).toBe(true);
        await invoicesExport.uncheck();
        await page.getByTestId('rights-scope-edit-invoices').click();
        await page.getByTestId('rights-scope-invoices').getByText(c.narrowed).click();
        await page.getByTestId('rights-scope-invoices-accounts').click();
        for (const other of accounts.slice(1)) await page.getByRole('option', { name: other.label }).click();
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByTestId('rights-scope-text-invoices').innerText()).toBe(firstAccount.label);
        // Keyboard: Tab reaches the next checkbox of the row, Space toggles it.
        const ordersView = page.getByRole('checkbox', { name: c.cell(c.apps.orders, c.words.read), exact: true });
        await ordersView.focus();
        await page.keyboard.press('Space');
        expect(await ordersView.isChecked()).toBe(true);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        const focused = await page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null");
        expect(focused).toBe(c.cell(c.apps.orders, c.words.order));
        await page.keyboard.press('Space');
        await page.keyboard.press('Tab');
        // Nothing is written before the summary is confirmed.
        expect((await financeGrants()).find((g) => g.app === 'orders')).toBeUndefined();

        await page.getByTestId('rights-save').click();
        const summary = page.getByTestId('rights-summary');
        await summary.waitFor();
        expect(await page.getByRole('dialog').getByText(c.summary.title).count()).toBe(1);
        expect(await summary.locator('[data-testid^="rights-summary-"]').count()).toBe(2);
        const invoicesLine = await page.getByTestId('rights-summary-invoices').innerText();
        expect(invoicesLine).toContain(c.apps.invoices);
        expect(invoicesLine).toContain(c.summary.taken);
        expect(invoicesLine).toContain(`${c.summary.scope}${allThree} → ${firstAccount.label}`);
        const ordersLine = await page.getByTestId('rights-summary-orders').innerText();
        expect(ordersLine).toContain(c.summary.newRight);
        expect(ordersLine).toContain(c.summary.added);
        expect(ordersLine).toContain(c.summary.scopeNew);
        await page.getByTestId('rights-confirm-save').click();
        await page.getByTestId('rights-saved').waitFor();

        // Both apps saved at once; every other right as it was.
        const after = await financeGrants();
        expect(after.map((g) => [g.app, g.actions, g.billing_account_ids])).toEqual([
          ['insights', ['read', 'export'], seeded.find((g) => g.app === 'insights')!.billingAccountIds],
          ['invoice-delivery', ['read', 'update'], seeded.find((g) => g.app === 'invoice-delivery')!.billingAccountIds],
          ['invoices', ['read'], [firstAccount.id]],
          ['orders', ['read', 'order'], []],
        ]);
        expect(await page.locator('[data-dirty]').count()).toBe(0);

        // "Back" returns to that user's detail page, not to the list.
        const back = page.getByTestId('rights-back');
        expect((await back.innerText()).replace(/^←\s*/, '')).toBe(c.back);
        await back.click();
        await page.getByTestId('user-detail-name').waitFor();
        expect(new URL(page.url()).pathname).toBe(`/customers/${acme}/users/${financeId}`);

        // A Service User: only self-service on his mobile number may be granted; the rest is disabled.
        await page.goto(`${t.url}/customers/${acme}/users/${employeeId}/rights`);
        await page.getByTestId('rights-matrix').waitFor();
        expect(await page.getByRole('checkbox', { name: c.cell(c.apps.invoices, c.words.read), exact: true }).isDisabled()).toBe(true);
        expect(await page.getByRole('checkbox', { name: c.cell('Fleet Manager', c.words.change), exact: true }).isDisabled()).toBe(true);
        expect(await page.getByRole('checkbox', { name: c.cell(c.apps.mobile, c.words.read), exact: true }).isEnabled()).toBe(true);
        expect(await page.getByTestId('rights-readonly-invoices').isVisible()).toBe(true);
        expect(errors).toEqual([]);
      } catch (error) {
        await saveScreenshots(`rights-matrix-${c.language}`, context);
        throw error;
      } finally {
        await context.close();
      }
    });
  }

  it('a refused Save says which app failed and leaves every right as it was', async () => {
    await restoreFinance();
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1440, height: 900 } });
    await context.addInitScript("localStorage.setItem('mandate.language', 'en')");
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'owner@acme.test');
      await page.goto(`${t.url}/customers/${acme}/users/${financeId}/rights`);
      await page.getByTestId('rights-matrix').waitFor();
      await page.getByRole('checkbox', { name: 'My invoice online: export', exact: true }).uncheck();
      await page.getByRole('checkbox', { name: 'Orders: view', exact: true }).check();
      // The server refuses the orders change (as when another administrator narrowed what this one may give meanwhile).
      await page.route('**/api/v1/customers/*/users/*/grants', async (route) => {
        if (route.request().method() !== 'PUT') return route.fallback();
        const body = route.request().postDataJSON() as { changes: Array<{ app: string }> };
        const index = body.changes.findIndex((ch) => ch.app === 'orders');
        await route.fulfill({
          status: 403, contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'beyond_own_scope', detail: 'orders: You cannot give rights beyond your own scope.', errors: [{ field: `body.changes.${index}`, message: 'You cannot give rights beyond your own scope.' }] }),
        });
      });
      const before = await financeGrants();
      await page.getByTestId('rights-save').click();
      await page.getByTestId('rights-confirm-save').click();
      await expect.poll(() => page.getByTestId('rights-failed').innerText()).toBe('Nothing was saved: the right on Orders could not be saved.');
      expect(await page.getByTestId('rights-error').innerText()).toContain('You cannot give rights beyond your own scope.');
      expect(await financeGrants()).toEqual(before);
      // The draft stays for the administrator to correct.
      await page.getByTestId('confirm-cancel').click();
      expect(await page.getByTestId('rights-app-orders').getAttribute('data-dirty')).toBe('true');
    } catch (error) {
      await saveScreenshots('rights-matrix-refused', context);
      throw error;
    } finally {
      await context.close();
    }
  });
});
