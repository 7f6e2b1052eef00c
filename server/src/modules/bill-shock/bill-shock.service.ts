import { subject } from '@casl/ability';
import { defineAbilityFor } from '@mandate/authz/define-ability';
import type {
  BillShockAlert, BillShockAlertListQuery, BillShockAlertListResponse, CreateBillShockAlertBody,
} from '@mandate/contracts/bill-shock';
import { brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { badRequest, conflict, notFound } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import type { Principal } from '../../types.ts';
import { loadAccessContext } from '../access/access.repo.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { findSim } from '../sims/sims.repo.ts';
import {
  alertRecipient, costCentreFullyUpdatable, customersWithAlerts, deleteAlert, insertAlert, listAlerts, recordNewTriggers, roamingOptionsFor, type NewTrigger,
} from './bill-shock.repo.ts';
import { BILL_SHOCK_MAIL, METRIC_WORDS, REMEDY_WORDS } from './bill-shock.mails.ts';

const PAGES = keyset('bill-shock-alerts', 'timestamp', 'uuid');
type AlertRow = Awaited<ReturnType<typeof listAlerts>>[number];

function toAlert(r: AlertRow): BillShockAlert {
  const last = r.lastTriggered ? (typeof r.lastTriggered === 'string' ? JSON.parse(r.lastTriggered) : r.lastTriggered) as Record<string, unknown> : null;
  return {
    id: r.id, sim: r.simId ? { id: r.simId, msisdn: r.msisdn! } : null,
    costCentre: r.costCentreId ? { id: r.costCentreId, name: r.costCentreName ?? '' } : null,
    metric: r.metric as BillShockAlert['metric'], thresholdCents: r.thresholdCents, createdAt: new Date(r.createdAt).toISOString(),
    createdBy: r.createdById ? { id: r.createdById, name: `${r.firstName ?? ''} ${r.lastName ?? ''}`.trim() } : null,
    lastTriggered: last ? { at: new Date(String(last.at)).toISOString(), simId: String(last.simId), msisdn: String(last.msisdn), spendCents: Number(last.spendCents) } : null,
  };
}

/** GET …/bill-shock-alerts: the alerts on SIMs (or whole cost centres) the principal may change. */
export async function getAlerts(deps: Deps, principal: Principal, customerId: string, query: BillShockAlertListQuery): Promise<BillShockAlertListResponse> {
  const { limit = 50 } = query;
  const after = decodeCursor(PAGES, query.cursor);
  const rows = await listAlerts(deps.db, principal.ability, customerId, { simId: query.simId, after, limit });
  return toPage(rows, limit, PAGES, (r) => [r.keyAt, r.id], toAlert);
}

/**
 * POST …/bill-shock-alerts: a threshold on one SIM the principal may change, or on a cost centre
 * all of whose SIMs he may change (404 otherwise: out of scope or unknown alike).
 */
export async function createAlert(deps: Deps, actor: Actor, customerId: string, body: CreateBillShockAlertBody): Promise<BillShockAlert> {
  const { principal } = actor;
  if ((body.simId === undefined) === (body.costCentreId === undefined)) throw badRequest('body.simId', 'give either simId or costCentreId');
  if (body.simId) {
    const sim = await findSim(deps.db, principal.ability, customerId, body.simId);
    const fields = sim && { customerId, billingAccountId: sim.billingAccountId, costCentreId: sim.costCentreId, endUserId: sim.endUserId };
    if (!fields || !principal.ability.can('update', subject('Sim', fields))) throw notFound('SIM');
  } else if (!(await costCentreFullyUpdatable(deps.db, principal.ability, customerId, body.costCentreId!))) {
    throw notFound('cost centre');
  }
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const created = await insertAlert(trx, {
      customerId, simId: body.simId ?? null, costCentreId: body.costCentreId ?? null, metric: body.metric, thresholdCents: body.thresholdCents,
      createdAt: now, createdBy: principal.userId,
    });
    await appendAudit(trx, { at: now, ...auditedBy(actor, customerId), action: 'bill_shock.create', targetType: 'bill_shock_alert', targetId: created, after: body });
    return created;
  }).catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    throw conflict('alert_exists', 'This alert exists already: the same line or cost centre, spend and threshold.',
      'body.thresholdCents', 'an alert with this threshold exists already');
  });
  const [row] = await listAlerts(deps.db, principal.ability, customerId, { alertId: id, limit: 1 });
  return toAlert(row!);
}

/** DELETE …/bill-shock-alerts/{alertId}: by whoever may manage it (404 otherwise). */
export async function removeAlert(deps: Deps, actor: Actor, customerId: string, alertId: string): Promise<void> {
  const [row] = await listAlerts(deps.db, actor.principal.ability, customerId, { alertId, limit: 1 });
  if (!row) throw notFound('alert');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await deleteAlert(trx, customerId, alertId);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'bill_shock.delete', targetType: 'bill_shock_alert', targetId: alertId,
      before: { metric: row.metric, thresholdCents: row.thresholdCents, simId: row.simId, costCentreId: row.costCentreId },
    });
  });
}

const euro = (cents: number, language: Language) =>
  new Intl.NumberFormat(language === 'en' ? 'en-IE' : `${language}-BE`, { style: 'currency', currency: 'EUR' }).format(cents / 100);

/**
 * Checked as usage arrives (after a billing run with usage events): every SIM with an alert
 * over one of its alerts' thresholds this month, for the first time this month, is recorded and
 * mailed to whoever set the alert, if he may still change that SIM (his ability, from the
 * database). The mail offers remedies as links that open the change, still an order. `origin`:
 * the portal's address for the links (none: links relative to the portal).
 */
export async function checkBillShock(deps: Pick<Deps, 'db' | 'clock'>, origin: string | null): Promise<number> {
  const now = deps.clock.now();
  const customerIds = await customersWithAlerts(deps.db);
  const month = brusselsDate(now).slice(0, 7);
  const triggers = await deps.db.transaction().execute((trx) => recordNewTriggers(trx, customerIds, brusselsStartOfDay(`${month}-01`), month, now));
  let mailed = 0;
  const abilities = new Map<string, ReturnType<typeof defineAbilityFor> | null>();
  for (const t of triggers) {
    if (!t.createdBy) continue;
    if (!abilities.has(t.createdBy)) {
      const loaded = await loadAccessContext(deps.db, t.createdBy, null, now);
      abilities.set(t.createdBy, loaded && loaded.user.status === 'active' ? defineAbilityFor(loaded.context) : null);
    }
    const ability = abilities.get(t.createdBy);
    const sim = ability ? await findSim(deps.db, ability, t.customerId, t.simId) : undefined;
    if (!ability || !sim || !ability.can('update', subject('Sim', {
      customerId: t.customerId, billingAccountId: sim.billingAccountId, costCentreId: sim.costCentreId, endUserId: sim.endUserId,
    }))) continue;
    const to = await alertRecipient(deps.db, t.createdBy);
    if (!to) continue;
    await mail(deps, t, sim.euDataCutoffOptOut, to.email, to.language as Language, origin, now);
    mailed++;
  }
  return mailed;
}

/** The mail of one trigger; it offers only remedies that would change the line and the usage (a roaming option it lacks, the cut-off it opted out of). */
async function mail(deps: Pick<Deps, 'db'>, t: NewTrigger, cutoffOptedOut: boolean, email: string, language: Language, origin: string | null, now: Date) {
  const path = `/customers/${t.customerId}/fleet/${t.simId}`;
  const link = (query = '') => `${origin ?? ''}${path}${query}`;
  // A roaming option lowers roaming usage only: offered when some of the usage is roaming.
  const roams = t.metric === 'roaming' || t.roamingCents > 0;
  const options = roams && t.tariffPlanId ? await roamingOptionsFor(deps.db, t.customerId, t.simId, t.tariffPlanId) : [];
  const links = [
    ...options.slice(0, 2).map((o) => `- ${REMEDY_WORDS.addOption[language].replace('{name}', o.name).replace('{fee}', euro(o.feeCents, language))}: ${link(`?remedy=add_option&optionId=${o.id}`)}`),
    ...(cutoffOptedOut ? [`- ${REMEDY_WORDS.cutoff[language]}: ${link('?remedy=eu_data_cutoff')}`] : []),
  ];
  const remedies = links.length > 0 ? `${REMEDY_WORDS.heading[language]}\n${links.join('\n')}` : REMEDY_WORDS[roams ? 'none' : 'noneNotRoaming'][language];
  await deps.db.transaction().execute((trx) => enqueueMail(trx, {
    to: email, language, customerId: t.customerId, message: BILL_SHOCK_MAIL,
    params: {
      msisdn: t.msisdn, metric: METRIC_WORDS[t.metric as 'roaming' | 'total'][language], spend: euro(t.spendCents, language),
      threshold: euro(t.thresholdCents, language), remedies, link: link(),
    },
  }, now));
}
