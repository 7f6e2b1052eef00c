import type { ComponentProps } from 'react';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { isProblemCode } from '../../../lib/problem.ts';
import type { BulkChange } from '../api/fleet-types.ts';
import type { FleetKey } from '../i18n/fleet-en.ts';
import { useFleetI18n, type FleetI18n } from '../i18n/fleet-i18n.ts';
import type { CatalogueNames } from './fleet-format.tsx';

/**
 * The refusals the fleet's screens can meet (orders, self-service rights, approvals, bulk changes,
 * what-if, device, bill-shock alerts: server/src/modules/sim-orders and bill-shock), each with its
 * text in the user's language. The portal's own codes (forbidden, not_found…) keep the portal's text.
 */
const REFUSALS = {
  outside_self_service: 'fleet.problem.outside_self_service',
  no_change: 'fleet.problem.no_change',
  plan_unknown: 'fleet.problem.plan_unknown',
  plan_withdrawn: 'fleet.problem.plan_withdrawn',
  options_incompatible: 'fleet.problem.options_incompatible',
  option_unknown: 'fleet.problem.option_unknown',
  option_withdrawn: 'fleet.problem.option_withdrawn',
  option_incompatible: 'fleet.problem.option_incompatible',
  sim_deactivated: 'fleet.problem.sim_deactivated',
  sim_porting_out: 'fleet.problem.sim_porting_out',
  sim_status: 'fleet.problem.sim_status',
  warning_not_acknowledged: 'fleet.problem.warning_not_acknowledged',
  suspension_period: 'fleet.problem.suspension_period',
  invalid_msisdn: 'fleet.problem.invalid_msisdn',
  msisdn_taken: 'fleet.problem.msisdn_taken',
  number_change_pending: 'fleet.problem.number_change_pending',
  change_scheduled: 'fleet.problem.change_scheduled',
  termination_cost_changed: 'fleet.problem.termination_cost_changed',
  order_not_awaiting_approval: 'fleet.problem.order_not_awaiting_approval',
  order_not_cancellable: 'fleet.problem.order_not_cancellable',
  end_user_not_grantable: 'fleet.problem.end_user_not_grantable',
  sim_unassigned: 'fleet.problem.sim_unassigned',
  invalid_imei: 'fleet.device.invalidImei',
  byod_device_data: 'fleet.problem.byod_device_data',
  sims_out_of_scope: 'fleet.problem.sims_out_of_scope',
  nothing_to_retry: 'fleet.problem.nothing_to_retry',
  idempotency_key_reused: 'fleet.problem.idempotency_key_reused',
  precondition_failed: 'fleet.order.stale',
  precondition_required: 'fleet.order.stale',
  alert_exists: 'fleet.alerts.exists',
} as const satisfies Record<string, FleetKey>;

/** Refused for what the self-service rights leave out, by the field the server names. */
const OUTSIDE_SELF_SERVICE: Record<string, FleetKey> = {
  'body.tariffPlanId': 'fleet.problem.outside_self_service.plan',
  'body.optionId': 'fleet.problem.outside_self_service.option',
};

/** What refuses a change itself: approving a request that meets one can no longer make it. */
const CHANGE_REFUSALS = new Set<string>([
  'no_change', 'plan_unknown', 'plan_withdrawn', 'options_incompatible', 'option_unknown', 'option_withdrawn', 'option_incompatible',
  'sim_deactivated', 'sim_porting_out',
]);

const isRefusal = (code: string): code is keyof typeof REFUSALS => Object.hasOwn(REFUSALS, code);

/** A refusal's sentence in the user's language; a code the fleet does not know as a refusal of its own. */
export function refusalText(tf: FleetI18n['tf'], code: string, field?: string): string {
  if (code === 'outside_self_service' && field && OUTSIDE_SELF_SERVICE[field]) return tf(OUTSIDE_SELF_SERVICE[field]);
  return isRefusal(code) ? tf(REFUSALS[code]) : tf('fleet.problem.other');
}

export interface LocaliseOptions {
  /** The error answers approving a request: a change it can no longer make says to reject it. */
  approving?: boolean;
}

/**
 * A refusal of the fleet's API as the same error with its text in the user's language, never the
 * server's English detail nor its field paths; the portal's codes, 5xx and other errors as they are.
 */
export function localiseFleetError(i18n: Pick<FleetI18n, 'tf'>, error: unknown, { approving = false }: LocaliseOptions = {}): unknown {
  if (!(error instanceof ApiError) || error.status >= 500 || isProblemCode(error.code)) return error;
  const { errors, ...problem } = error.problem;
  const text = refusalText(i18n.tf, error.code, errors?.[0]?.field);
  const detail = approving && CHANGE_REFUSALS.has(error.code) ? i18n.tf('fleet.problem.approval', { reason: text }) : text;
  return new ApiError({ ...problem, detail });
}

/** ProblemAlert for the fleet's requests: their refusals in the user's language. */
export function FleetProblemAlert({ error, approving, ...props }: ComponentProps<typeof ProblemAlert> & LocaliseOptions) {
  const i18n = useFleetI18n();
  return <ProblemAlert error={localiseFleetError(i18n, error, { approving })} {...props} />;
}

/** The catalogue name of the plan or option a bulk change asks for (undefined while the catalogue is not there). */
function targetName(change: BulkChange['change'], names: CatalogueNames): string | undefined {
  if (change.kind === 'plan') return names.plans.get(change.tariffPlanId);
  if (change.kind === 'add_option' || change.kind === 'remove_option') return names.options.get(change.optionId);
  return undefined;
}

/** The reasons a SIM of a bulk change fails, and whether their sentence names the plan or option ({name}). */
const BULK_FAILURES = {
  sim_deactivated: { key: 'fleet.bulk.failed.sim_deactivated', named: false },
  sim_porting_out: { key: 'fleet.bulk.failed.sim_porting_out', named: false },
  unknown_sim: { key: 'fleet.bulk.failed.unknown_sim', named: false },
  plan_withdrawn: { key: 'fleet.bulk.failed.plan_withdrawn', named: true },
  options_incompatible: { key: 'fleet.bulk.failed.options_incompatible', named: true },
  option_withdrawn: { key: 'fleet.bulk.failed.option_withdrawn', named: true },
  option_incompatible: { key: 'fleet.bulk.failed.option_incompatible', named: true },
} as const satisfies Record<string, { key: FleetKey; named: boolean }>;

/**
 * Why a SIM of a bulk change failed, by the item's code, in the user's language, naming the plan or
 * option by its catalogue name (without the name until the catalogue is there); a code without a
 * text of its own, or none (a result kept before the codes), says only that it failed.
 */
export function bulkFailureText(i18n: Pick<FleetI18n, 'tf'>, code: string | null, change: BulkChange['change'], names: CatalogueNames): string {
  const { tf } = i18n;
  if (code !== null && Object.hasOwn(BULK_FAILURES, code)) {
    const { key, named } = BULK_FAILURES[code as keyof typeof BULK_FAILURES];
    const name = targetName(change, names);
    if (!named) return tf(key);
    if (name !== undefined) return tf(key, { name });
  }
  return code !== null && isRefusal(code) ? tf(REFUSALS[code]) : tf('fleet.bulk.failed.other');
}
