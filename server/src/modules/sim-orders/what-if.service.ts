import type { WhatIfBody, WhatIfResult } from '@mandate/contracts/sim-orders';
import { addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import type { Deps } from '../../lib/deps.ts';
import { HttpProblem } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { monthlyUsage, optionExtras, optionsOfPlan, ratingPlans, updatableSims } from './what-if.repo.ts';

/** The whole calendar months re-rated, before the current one. */
const MONTHS = 3;

/** What a month costs on a plan. */
interface Rates {
  fee: number;
  dataMb: number | null;
  minutes: number | null;
  sms: number | null;
  dataRate: number;
  voiceRate: number;
  smsRate: number;
}

interface Plan extends Rates {
  id: string;
  code: string;
  withdrawnOn: string | null;
}

/** One SIM's month of call details, as re-rating needs it. */
interface MonthUsage {
  dataKb: number;
  minutes: number;
  sms: number;
  /** International calls and roaming, at their standard prices: no plan's allowance covers them. */
  otherCents: number;
}

/** What the SIM's options add to any plan's national allowances (an option that does not fit the candidate plan adds nothing there). */
interface Extras {
  dataMb: number;
  minutes: number;
  sms: number;
}

const beyond = (used: number, allowance: number | null) => (allowance === null ? 0 : Math.max(0, used - allowance));

/**
 * A month on a plan: its monthly fee, what goes beyond the national allowances (plus the options'
 * extras) at the plan's rates, data by the started MB, and international calls and roaming at
 * their standard prices. Option fees are left out: they are the same on either plan.
 */
export function monthCost(plan: Rates, usage: MonthUsage, extras: Extras): number {
  const dataMb = Math.ceil(usage.dataKb / 1024);
  return plan.fee
    + beyond(dataMb, plan.dataMb === null ? null : plan.dataMb + extras.dataMb) * plan.dataRate
    + beyond(usage.minutes, plan.minutes === null ? null : plan.minutes + extras.minutes) * plan.voiceRate
    + beyond(usage.sms, plan.sms === null ? null : plan.sms + extras.sms) * plan.smsRate
    + usage.otherCents;
}

/**
 * POST …/sims/what-if: each selected SIM's last 3 whole months of call details re-rated on its
 * current plan and on a candidate plan, the difference per SIM and in total, before a bulk change.
 * Only SIMs the principal may change (the selection is refused as a whole otherwise).
 */
export async function whatIf(deps: Deps, principal: Principal, customerId: string, body: WhatIfBody): Promise<WhatIfResult> {
  const db = deps.db;
  const sims = await updatableSims(db, principal.ability, customerId, body.simIds);
  const outside = body.simIds.length - sims.length;
  if (outside > 0) {
    throw new HttpProblem(403, 'sims_out_of_scope', 'Forbidden', `${outside} of the ${body.simIds.length} SIMs are not SIMs you may change.`,
      [{ field: 'body.simIds', message: `${outside} SIMs are not SIMs you may change` }]);
  }
  const plans = new Map((await ratingPlans(db)).map((p) => [p.id, p as Plan]));
  const candidate = plans.get(body.tariffPlanId);
  if (!candidate) {
    throw new HttpProblem(422, 'plan_unknown', 'Unprocessable content', 'body.tariffPlanId is not a tariff plan of the catalogue',
      [{ field: 'body.tariffPlanId', message: 'is not a tariff plan of the catalogue' }]);
  }
  // A plan no SIM can switch to any more is no candidate: the bulk change would refuse it.
  const today = brusselsDate(deps.clock.now());
  if (candidate.withdrawnOn !== null && candidate.withdrawnOn <= today) {
    throw new HttpProblem(422, 'plan_withdrawn', 'Unprocessable content', `the plan ${candidate.code} is withdrawn and can no longer be chosen`,
      [{ field: 'body.tariffPlanId', message: 'is withdrawn' }]);
  }

  const thisMonth = `${today.slice(0, 7)}-01`;
  const firstMonth = addMonths(thisMonth, -MONTHS);
  const months = Array.from({ length: MONTHS }, (_, n) => addMonths(firstMonth, n).slice(0, 7));
  const ids = sims.map((s) => s.id);
  const [usage, options, fits] = await Promise.all([
    monthlyUsage(db, customerId, ids, brusselsStartOfDay(firstMonth), brusselsStartOfDay(thisMonth)),
    optionExtras(db, customerId, ids),
    optionsOfPlan(db, candidate.id),
  ]);
  const fitsCandidate = new Set(fits.map((f) => f.option_id));
  const usageOf = new Map<string, MonthUsage[]>();
  for (const u of usage) {
    const list = usageOf.get(u.simId) ?? [];
    list.push({ dataKb: Number(u.dataKb), minutes: Number(u.minutes), sms: Number(u.sms), otherCents: Number(u.otherCents) });
    usageOf.set(u.simId, list);
  }
  const none: Extras = { dataMb: 0, minutes: 0, sms: 0 };
  const extrasOf = (simId: string, only?: Set<string>): Extras => options.filter((o) => o.simId === simId && (!only || only.has(o.id)))
    .reduce((t, o) => ({ dataMb: t.dataMb + o.dataMb, minutes: t.minutes + o.minutes, sms: t.sms + o.sms }), none);

  const items = sims.map((s) => {
    const current = s.planId ? plans.get(s.planId) : undefined;
    const used = usageOf.get(s.id) ?? [];
    // A month without call details still costs the monthly fee.
    const monthsUsed = [...used, ...Array.from({ length: Math.max(0, MONTHS - used.length) }, () => ({ dataKb: 0, minutes: 0, sms: 0, otherCents: 0 }))];
    const currentCents = current ? monthsUsed.reduce((t, m) => t + monthCost(current, m, extrasOf(s.id)), 0) : 0;
    const candidateCents = monthsUsed.reduce((t, m) => t + monthCost(candidate, m, extrasOf(s.id, fitsCandidate)), 0);
    return { simId: s.id, msisdn: s.msisdn, currentCents, candidateCents, differenceCents: candidateCents - currentCents };
  });
  const sum = (pick: (i: (typeof items)[number]) => number) => items.reduce((t, i) => t + pick(i), 0);
  return {
    tariffPlanId: candidate.id, months, items,
    totals: { currentCents: sum((i) => i.currentCents), candidateCents: sum((i) => i.candidateCents), differenceCents: sum((i) => i.differenceCents) },
  };
}
