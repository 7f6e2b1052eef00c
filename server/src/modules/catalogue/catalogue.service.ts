import type { TariffOptionKind, TariffOptionListQuery, TariffOptionListResponse, TariffPlanListResponse } from '@mandate/contracts/catalogue';
import type { Deps } from '../../lib/deps.ts';
import { notFound } from '../../lib/problem.ts';
import { listTariffOptions, listTariffPlans, tariffPlanExists } from './catalogue.repo.ts';

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
  };
}
