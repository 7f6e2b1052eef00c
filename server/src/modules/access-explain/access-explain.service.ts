import { subject } from '@casl/ability';
import type { FastifyInstance } from 'fastify';
import { defineAbilityFor } from '@mandate/authz/define-ability';
import type { AccessContext, DelegationContext, MembershipContext } from '@mandate/authz/access-context';
import type { ExplainQuery, ExplainReason, ExplainResponse } from '@mandate/contracts/grants';
import { badRequest, notFound } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import {
  customerNames, findBillingAccount, findCostCentre, findSim, isRelatedUser, listAccessExport, loadAccessContext, scopeLabels,
  type ExplainTarget,
} from './access-explain.repo.ts';

const PROFILE_NAMES: Record<string, string> = {
  access_owner: 'Access Owner', access_manager: 'Access Manager', support_portal_user: 'Support Portal User', service_user: 'Service User',
};

/** "+32 470 00 00 01", "0470000001" → "+32470000001". */
export function normaliseMsisdn(input: string): string {
  const digits = input.replace(/[\s./-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('0032')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+32${digits.slice(1)}`;
  return digits;
}

async function findTarget(app: FastifyInstance, customerId: string, query: ExplainQuery): Promise<ExplainTarget> {
  const named = (['billingAccountId', 'costCentreId', 'simId', 'msisdn'] as const).filter((k) => query[k] !== undefined);
  if (named.length !== 1) {
    throw badRequest(`querystring.${named[1] ?? 'billingAccountId'}`, 'Name exactly one of billingAccountId, costCentreId, simId or msisdn.', 'one_target_required');
  }
  const target =
    query.billingAccountId ? await findBillingAccount(app.db, customerId, query.billingAccountId)
    : query.costCentreId ? await findCostCentre(app.db, customerId, query.costCentreId)
    : query.simId ? await findSim(app.db, customerId, { id: query.simId })
    : await findSim(app.db, customerId, { msisdn: normaliseMsisdn(query.msisdn!) });
  if (!target) throw notFound(named[0] === 'billingAccountId' ? 'billing account' : named[0] === 'costCentreId' ? 'cost centre' : 'SIM');
  return target;
}

/**
 * "Why can this user see this?" (issue 3): the target user's access context is read with the same
 * rules as a request of his, the ability is built by the same defineAbilityFor, and each source of
 * access (his membership here, each grant, each affiliate link, each delegated right) is tried alone.
 */
export async function explainAccess(app: FastifyInstance, customerId: string, query: ExplainQuery): Promise<ExplainResponse> {
  if (!(await isRelatedUser(app.db, customerId, query.userId))) throw notFound('user');
  const target = await findTarget(app, customerId, query);
  const loaded = await loadAccessContext(app.db, query.userId, app.clock.now());
  if (!loaded) throw notFound('user');
  const { context, user } = loaded;
  const sees = (memberships: MembershipContext[], delegations: DelegationContext[] = []) => {
    const ctx: AccessContext = { userId: context.userId, isOperator: false, memberships, delegations };
    return defineAbilityFor(ctx).can('read', subject(target.type, { ...target.fields }));
  };

  const names = await customerNames(app.db, [
    ...context.memberships.filter((m) => m.affiliates.some((a) => a.customerId === customerId)).map((m) => m.customerId),
    ...context.delegations.filter((d) => d.customerId === customerId).map((d) => d.partnerId),
  ]);
  const reasons: ExplainReason[] = [];
  for (const m of context.memberships) {
    if (m.customerId === customerId) {
      const base: MembershipContext = { ...m, grants: [], affiliates: [] };
      if (sees([base])) {
        reasons.push({
          kind: 'membership', profile: m.profile,
          text: m.profile === 'service_user'
            ? `As Service User, the user sees his own line (${target.label}).`
            : `As ${PROFILE_NAMES[m.profile]} of this customer, the user sees all of its data.`,
        });
      }
      for (const g of m.grants) {
        if (sees([{ ...base, grants: [g] }])) {
          reasons.push({
            kind: 'grant', profile: m.profile, app: g.app, actions: g.actions,
            text: `A right on the ${g.app} app (${g.actions.join(', ')}) covers ${target.label}.`,
          });
        }
      }
    }
    const affiliate = m.affiliates.find((a) => a.customerId === customerId);
    if (affiliate && sees([{ ...m, grants: [], affiliates: [affiliate] }])) {
      const name = names.get(m.customerId) ?? '';
      reasons.push({
        kind: 'affiliate', profile: m.profile, via: { customerId: m.customerId, name },
        text: `As Access Owner of ${name}, which controls this customer (affiliate link), the user sees all of its data.`,
      });
    }
  }
  for (const d of context.delegations) {
    if (d.customerId !== customerId) continue;
    for (const right of d.rights) {
      if (!sees([], [{ ...d, rights: [right] }])) continue;
      const partnerName = names.get(d.partnerId) ?? '';
      reasons.push({
        kind: 'delegation', app: right.app, actions: right.actions, delegationId: d.delegationId, partnerName,
        text: `Through the delegation to ${partnerName}, a right on the ${right.app} app (${right.actions.join(', ')}) covers ${target.label}.`,
      });
    }
  }
  // A suspended account reaches nothing, whatever its rights say (ACC-5).
  const active = user.status === 'active';
  return {
    allowed: active && sees(context.memberships, context.delegations),
    target: { type: target.type, id: target.id, label: target.label },
    user,
    reasons: active ? reasons : [],
  };
}

/** Spreadsheet-safe CSV cell: quoted when needed, and formulas (=, +, -, @) neutralised. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const ACCESS_CSV_HEADER = [
  'name', 'email', 'profile', 'sub_profiles', 'status', 'employment_basis', 'employment_end', 'app', 'actions', 'scope', 'via',
] as const;

/** "Who has access" (issue 3): UTF-8 with BOM, `;`-separated (Belgian Excel), CRLF, one row per user × right. */
export async function exportAccessCsv(app: FastifyInstance, principal: Principal, customerId: string): Promise<string> {
  const [rows, labels] = await Promise.all([
    listAccessExport(app.db, principal.ability, customerId, app.clock.now()),
    scopeLabels(app.db, customerId),
  ]);
  const lines = [ACCESS_CSV_HEADER.join(';')];
  for (const r of rows) {
    const scope = [
      ...r.billingAccountIds.map((id) => labels.billingAccounts.get(id) ?? id),
      ...r.costCentreIds.map((id) => labels.costCentres.get(id) ?? id),
    ];
    const whole = r.app !== null || r.profile === 'access_owner';
    lines.push([
      r.name, r.email, r.profile, r.subProfiles.join(','), r.status, r.employmentBasis ?? '', r.employmentEnd ?? '',
      r.app ?? (r.profile === 'access_owner' ? 'all' : r.profile === 'access_manager' ? 'user-management' : ''),
      r.app ? r.actions.join(',') : r.profile === 'access_owner' ? 'all' : r.profile === 'access_manager' ? 'read,create,update,delete' : '',
      scope.length > 0 ? scope.join(',') : whole ? 'all' : '',
      r.via,
    ].map((v) => cell(String(v))).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
