import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { BillShockAlert, BillShockAlertListResponse } from '@mandate/contracts/bill-shock';
import { memorySource } from '@mandate/server/modules/billing-runs/billing-runs.format';
import { ingestBillingRun } from '@mandate/server/modules/billing-runs/billing-runs.service';
import { brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { outboxFor } from '../support/mail.ts';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * Bill-shock alerts through the HTTP API: set on a SIM or a cost centre by whoever may change its
 * SIMs, checked as usage arrives through the ingestion path, mailed once per SIM and month to who
 * set it with one-click remedies that open the change (still an order); scope as for SIMs.
 */
let t: TestApp;
let fleet: ApiClient;
let owner: ApiClient;
let employee: ApiClient;
let acme: string;
let salesSims: Array<{ id: string; msisdn: string }>;
let financeSim: { id: string; msisdn: string };
let costCentres: Record<string, string>;

const db = () => t.database.db;
const alerts = (suffix = '') => `/api/v1/customers/${acme}/bill-shock-alerts${suffix}`;
const problem = (res: { body: unknown }) => res.body as Problem;
let runs = 0;
/** The demo data has usage this month already: thresholds are set above what each SIM has used so far. */
const base: Record<string, { roaming: number; total: number }> = {};
let centreThreshold = 0;

async function spendThisMonth(simId: string) {
  const now = t.clock.now();
  const monthStart = brusselsStartOfDay(`${brusselsDate(now).slice(0, 7)}-01`);
  const rows = await db().selectFrom('usage_events').select(['type', 'standard_price_cents as cents'])
    .where('customer_id', '=', acme).where('sim_id', '=', simId).where('occurred_at', '>=', monthStart).execute();
  return { roaming: rows.filter((r) => r.type === 'roaming').reduce((t, r) => t + r.cents, 0), total: rows.reduce((t, r) => t + r.cents, 0) };
}

/** Usage arriving through the one way in: a billing run with usage events (this Brussels month, standard prices). */
async function usageArrives(rows: Array<[msisdn: string, type: string, cents: number]>) {
  const at = new Date(t.clock.now().getTime() - 60 * 60_000).toISOString();
  const csv = ['msisdn,occurred_at,type,destination,duration_s,volume_kb,standard_price_cents,currency',
    ...rows.map(([msisdn, type, cents]) => `${msisdn},${at},${type},${type === 'data' ? '' : '+33612345678'},${type === 'data' ? '' : '60'},${type === 'data' ? '2048' : ''},${cents},EUR`)].join('\n');
  const result = await ingestBillingRun({ db: db(), clock: t.clock, log: t.app.log }, memorySource({ runId: `bill-shock-${++runs}` }, { 'usage.csv': `${csv}\n` }));
  expect(result.status, JSON.stringify(result)).toBe('loaded');
}

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [fleet, owner, employee] = await Promise.all(['fleet@acme.test', 'owner@acme.test', 'employee@acme.test'].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient, ApiClient];
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  costCentres = Object.fromEntries((await db().selectFrom('cost_centres').select(['id', 'name']).where('customer_id', '=', acme).execute()).map((c) => [c.name, c.id]));
  const active = (cc: string) => db().selectFrom('sims').select(['id', 'msisdn']).where('customer_id', '=', acme).where('cost_centre_id', '=', costCentres[cc]!)
    .where('status', '=', 'active').where('tariff_plan_id', 'is not', null).orderBy('msisdn').execute();
  salesSims = await active('Sales');
  financeSim = (await active('Finance'))[0]!;
  for (const sim of [...salesSims, financeSim]) base[sim.id] = await spendThisMonth(sim.id);
  centreThreshold = Math.max(...salesSims.map((sim) => base[sim.id]!.total)) + 100_000;
});
afterAll(async () => t?.close());

describe('setting alerts: scope as for changing SIMs', () => {
  it('the fleet manager sets one on a Sales SIM and on his cost centre; not on a Finance SIM or cost centre (404); the employee may not (403)', async () => {
    const threshold = base[salesSims[0]!.id]!.roaming + 500;
    const onSim = await fleet.post<BillShockAlert>(alerts(), { simId: salesSims[0]!.id, metric: 'roaming', thresholdCents: threshold });
    expect(onSim.status, JSON.stringify(onSim.body)).toBe(201);
    expect(onSim.body).toMatchObject({ sim: { id: salesSims[0]!.id }, costCentre: null, metric: 'roaming', thresholdCents: threshold, createdBy: { name: 'Florian Fleet' }, lastTriggered: null });
    const onCentre = await fleet.post<BillShockAlert>(alerts(), { costCentreId: costCentres.Sales, metric: 'total', thresholdCents: centreThreshold });
    expect(onCentre.status).toBe(201);
    // The same alert twice would only mail twice: 409 naming the threshold, nothing added.
    for (const twice of [{ simId: salesSims[0]!.id, metric: 'roaming', thresholdCents: threshold }, { costCentreId: costCentres.Sales, metric: 'total', thresholdCents: centreThreshold }]) {
      const again = await fleet.post(alerts(), twice);
      expect(again.status, JSON.stringify(twice)).toBe(409);
      expect(problem(again)).toMatchObject({ code: 'alert_exists', errors: [{ field: 'body.thresholdCents' }] });
    }
    expect((await fleet.post(alerts(), { simId: financeSim.id, metric: 'roaming', thresholdCents: 500 })).status).toBe(404);
    expect((await fleet.post(alerts(), { costCentreId: costCentres.Finance, metric: 'roaming', thresholdCents: 500 })).status).toBe(404);
    expect((await employee.post(alerts(), { simId: salesSims[0]!.id, metric: 'roaming', thresholdCents: 500 })).status).toBe(403);
    expect((await employee.get(alerts())).status).toBe(403);

    const both = await fleet.post(alerts(), { simId: salesSims[0]!.id, costCentreId: costCentres.Sales, metric: 'roaming', thresholdCents: 500 });
    expect(both.status).toBe(400);
    expect(problem(both).errors?.[0]?.field).toBe('body.simId');
    expect((await fleet.post(alerts(), { simId: salesSims[0]!.id, metric: 'roaming', thresholdCents: 0 })).status).toBe(400);
    expect((await fleet.post(alerts(), { simId: salesSims[0]!.id, metric: 'sms', thresholdCents: 5 })).status).toBe(400);

    const ownerAlert = await owner.post<BillShockAlert>(alerts(), { simId: financeSim.id, metric: 'total', thresholdCents: base[financeSim.id]!.total + 500 });
    expect(ownerAlert.status).toBe(201);
    const listed = await fleet.get<BillShockAlertListResponse>(alerts());
    expect(listed.body.items.map((a) => a.id).sort()).toEqual([onSim.body.id, onCentre.body.id].sort());
    expect((await owner.get<BillShockAlertListResponse>(alerts())).body.items).toHaveLength(3);
  });
});

describe('checked as usage arrives', () => {
  it('a SIM over its roaming threshold: one mail to the fleet manager with one-click remedies, once this month', async () => {
    const [sim] = salesSims;
    // A line without a roaming option whose user opted out of the EU data cut-off: both remedies apply.
    await db().updateTable('sims').set({ eu_data_cutoff_opt_out: true }).where('id', '=', sim!.id).execute();
    await db().deleteFrom('sim_options').where('sim_id', '=', sim!.id)
      .where('option_id', 'in', db().selectFrom('tariff_options').select('id').where('kind', '=', 'roaming')).execute();
    const before = (await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock');
    await usageArrives([[sim!.msisdn, 'roaming', 300], [salesSims[1]!.msisdn, 'roaming', 300]]);
    expect((await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock')).toHaveLength(before.length);

    await usageArrives([[sim!.msisdn, 'roaming', 300], [sim!.msisdn, 'national_voice', 5000]]);
    const mails = (await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock');
    expect(mails).toHaveLength(before.length + 1);
    const mail = mails.find((m) => m.subject.includes(sim!.msisdn))!;
    expect(mail.language).toBe('en');
    expect(mail.subject).toContain(sim!.msisdn);
    expect(mail.text).toContain(`€${((base[sim!.id]!.roaming + 600) / 100).toFixed(2)}`);
    expect(mail.text).toContain(`/customers/${acme}/fleet/${sim!.id}?remedy=add_option&optionId=`);
    expect(mail.text).toContain(`/customers/${acme}/fleet/${sim!.id}?remedy=eu_data_cutoff`);

    const listed = await fleet.get<BillShockAlertListResponse>(alerts(`?simId=${sim!.id}`));
    expect(listed.body.items[0]!.lastTriggered).toMatchObject({ simId: sim!.id, spendCents: base[sim!.id]!.roaming + 600 });

    // More usage the same month: no second mail for the same SIM and alert.
    await usageArrives([[sim!.msisdn, 'roaming', 900]]);
    expect((await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock')).toHaveLength(before.length + 1);
  });

  it('the mail offers no remedy the line has already: neither an option it holds nor the cut-off that applies', async () => {
    const sim = salesSims[3]!;
    const { tariff_plan_id: planId } = await db().selectFrom('sims').select('tariff_plan_id').where('id', '=', sim.id).executeTakeFirstOrThrow();
    const fitting = await db().selectFrom('tariff_options as o').innerJoin('tariff_option_plans as op', 'op.option_id', 'o.id')
      .select('o.id').where('op.plan_id', '=', planId!).where('o.kind', '=', 'roaming').where('o.withdrawn_at', 'is', null).execute();
    expect(fitting.length).toBeGreaterThan(0);
    await db().updateTable('sims').set({ eu_data_cutoff_opt_out: false }).where('id', '=', sim.id).execute();
    await db().insertInto('sim_options').values(fitting.map((o) => ({ customer_id: acme, sim_id: sim.id, option_id: o.id, added_at: t.clock.now() })))
      .onConflict((oc) => oc.doNothing()).execute();
    expect((await fleet.post(alerts(), { simId: sim.id, metric: 'roaming', thresholdCents: base[sim.id]!.roaming + 100 })).status).toBe(201);
    await usageArrives([[sim.msisdn, 'roaming', 200]]);
    const mail = (await outboxFor(db(), 'fleet@acme.test')).find((m) => m.kind === 'bill_shock' && m.subject.includes(sim.msisdn))!;
    expect(mail.text).not.toContain('?remedy=');
    expect(mail.text).toContain('No one-click remedy is left');
    expect(mail.text).toContain(`/customers/${acme}/fleet/${sim.id}`);
  });

  it('a usage alert offers a roaming option only when some of the usage is roaming; otherwise it says the usage is not roaming', async () => {
    const spare = salesSims.slice(4);
    const home = spare.find((s) => base[s.id]!.roaming === 0)!;
    const roamer = spare.find((s) => s.id !== home.id)!;
    expect(home && roamer).toBeTruthy();
    const roamingOptions = db().selectFrom('tariff_options').select('id').where('kind', '=', 'roaming');
    await db().deleteFrom('sim_options').where('sim_id', 'in', [home.id, roamer.id]).where('option_id', 'in', roamingOptions).execute();
    await db().updateTable('sims').set({ eu_data_cutoff_opt_out: false }).where('id', 'in', [home.id, roamer.id]).execute();
    for (const sim of [home, roamer]) {
      expect((await fleet.post(alerts(), { simId: sim.id, metric: 'total', thresholdCents: base[sim.id]!.total + 100 })).status).toBe(201);
    }
    await usageArrives([[roamer.msisdn, 'roaming', 200], [home.msisdn, 'national_voice', 200]]);
    const mails = (await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock');
    const roamerMail = mails.find((m) => m.subject.includes(roamer.msisdn))!;
    expect(roamerMail.text).toContain('?remedy=add_option&optionId=');
    const homeMail = mails.find((m) => m.subject.includes(home.msisdn))!;
    expect(homeMail.text).not.toContain('?remedy=');
    expect(homeMail.text).toContain('it is not roaming');
    expect(homeMail.text).not.toContain('no roaming option to add');
  });

  it('a cost-centre alert applies to each of its SIMs; the owner\'s alert on a Finance SIM mails the owner only', async () => {
    const fleetBefore = (await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock').length;
    const ownerBefore = (await outboxFor(db(), 'owner@acme.test')).filter((m) => m.kind === 'bill_shock').length;
    const sim2 = salesSims[2]!;
    await usageArrives([[sim2.msisdn, 'national_voice', centreThreshold - base[sim2.id]!.total + 1], [financeSim.msisdn, 'data', 501]]);
    // The test's clock stands still: mails are told apart by their subject, not their order.
    const fleetMails = (await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'bill_shock');
    expect(fleetMails).toHaveLength(fleetBefore + 1);
    expect(fleetMails.filter((m) => m.subject.includes(sim2.msisdn))).toHaveLength(1);
    const ownerMails = (await outboxFor(db(), 'owner@acme.test')).filter((m) => m.kind === 'bill_shock');
    expect(ownerMails).toHaveLength(ownerBefore + 1);
    expect(ownerMails.filter((m) => m.subject.includes(financeSim.msisdn))).toHaveLength(1);
  });

  it('an alert is removed by whoever may manage it; another\'s out of his scope is not found', async () => {
    const mine = (await fleet.get<BillShockAlertListResponse>(alerts())).body.items[0]!;
    const owners = (await owner.get<BillShockAlertListResponse>(alerts())).body.items.find((a) => a.sim?.id === financeSim.id)!;
    expect((await fleet.request('DELETE', alerts(`/${owners.id}`))).status).toBe(404);
    expect((await fleet.request('DELETE', alerts(`/${mine.id}`))).status).toBe(204);
    expect((await fleet.get<BillShockAlertListResponse>(alerts())).body.items.map((a) => a.id)).not.toContain(mine.id);
    expect((await fleet.request('DELETE', alerts('/not-a-uuid'))).status).toBe(400);
  });
});
