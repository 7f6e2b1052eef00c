import type {
  TariffOptionKind, TariffOptionListQuery, TariffOptionListResponse, TariffPlanListResponse, WithdrawPlanBody, WithdrawPlanResult,
} from '@mandate/contracts/catalogue';
import { brusselsDate, frenchFirst } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { HttpProblem, notFound, conflict } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { affectedOwners, listTariffOptions, listTariffPlans, lockPlan, tariffPlanExists, withdrawPlan } from './catalogue.repo.ts';
import { PLAN_WITHDRAWN_MAIL } from './withdrawal.mails.ts';

/** GET /catalogue/tariff-plans: every plan of the operator, withdrawn ones with their last switch date (MOB-11). */
export async function getTariffPlans(deps: Pick<Deps, 'db'>): Promise<TariffPlanListResponse> {
  const rows = await listTariffPlans(deps.db);
  return {
    items: rows.map((p) => ({
      id: p.id, code: p.code, name: p.name, monthlyFeeCents: p.monthlyFeeCents, currency: 'EUR',
      allowances: { dataMb: p.dataMb, voiceMinutes: p.voiceMinutes, sms: p.sms },
      rates: { dataCentsPerMb: p.dataRate, voiceCentsPerMinute: p.voiceRate, smsCents: p.smsRate },
      withdrawnAt: p.withdrawnAt, lastSwitchOn: p.lastSwitchOn,
    })),
    nextCursor: null,
  };
}

/** GET /catalogue/tariff-options: the options, or those that fit one plan (an unknown plan is not found). */
export async function getTariffOptions(deps: Pick<Deps, 'db'>, query: TariffOptionListQuery): Promise<TariffOptionListResponse> {
  if (query.planId !== undefined && !(await tariffPlanExists(deps.db, query.planId))) throw notFound('tariff plan');
  const rows = await listTariffOptions(deps.db, query.planId);
  return {
    items: rows.map((o) => ({
      id: o.id, code: o.code, name: o.name, kind: o.kind as TariffOptionKind, monthlyFeeCents: o.monthlyFeeCents, currency: 'EUR',
      extra: { dataMb: o.extraDataMb, voiceMinutes: o.extraVoiceMinutes, sms: o.extraSms }, withdrawnAt: o.withdrawnAt, planIds: o.planIds,
    })),
    nextCursor: null,
  };
}

const dateIn = (iso: string, language: Language) =>
  frenchFirst(new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : `${language}-BE`, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)), language);

/**
 * POST /operator/tariff-plans/{planId}/withdraw: MOB-11, the plan can no longer be chosen from
 * `withdrawnAt`, and the customers with lines on it are told (their active Access Owners, each in
 * his language, through the outbox in the same transaction) until when those lines can switch.
 */
export async function withdrawTariffPlan(deps: Deps, actor: Actor, planId: string, body: WithdrawPlanBody): Promise<WithdrawPlanResult> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  const invalid = (field: string, message: string) => new HttpProblem(422, 'invalid_withdrawal', 'Unprocessable content', `${field} ${message}`, [{ field, message }]);
  if (body.withdrawnAt < today) throw invalid('body.withdrawnAt', 'is in the past');
  if (body.lastSwitchOn < body.withdrawnAt) throw invalid('body.lastSwitchOn', 'is before withdrawnAt');
  const told = await deps.db.transaction().execute(async (trx) => {
    const plan = await lockPlan(trx, planId);
    if (!plan) throw notFound('tariff plan');
    if (plan.withdrawnAt !== null) throw conflict('already_withdrawn', `The plan ${plan.code} is withdrawn already.`);
    await withdrawPlan(trx, planId, body.withdrawnAt, body.lastSwitchOn);
    const owners = await affectedOwners(trx, planId);
    for (const o of owners) {
      const language = o.language as Language;
      await enqueueMail(trx, {
        to: o.email, language, customerId: o.customerId, message: PLAN_WITHDRAWN_MAIL,
        params: { plan: plan.name, customer: o.customerName, lines: String(o.lines), withdrawnAt: dateIn(body.withdrawnAt, language), lastSwitchOn: dateIn(body.lastSwitchOn, language) },
      }, now);
    }
    await appendAudit(trx, { at: now, ...auditedBy(actor, null), action: 'tariff_plan.withdraw', targetType: 'tariff_plan', targetId: planId, after: body });
    return new Set(owners.map((o) => o.customerId)).size;
  });
  const plan = (await getTariffPlans(deps)).items.find((p) => p.id === planId)!;
  return { plan, customersTold: told };
}
