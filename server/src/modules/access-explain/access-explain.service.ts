import { parseMsisdn } from '@mandate/domain/msisdn';
import { subject } from '@casl/ability';
import { defineAbilityFor, type AppAbility } from '@mandate/authz/define-ability';
import type { AccessContext, DelegationContext, MembershipContext } from '@mandate/authz/access-context';
import { profileAccess, type ProfileAccess } from '@mandate/authz/profile-access';
import { PROFILES, type Profile } from '@mandate/domain/profiles';
import type { ExplainQuery, ExplainReason, ExplainResponse } from '@mandate/contracts/grants';
import type { Deps } from '../../lib/deps.ts';
import { badRequest, notFound } from '../../lib/problem.ts';
import { loadAccessContext } from '../access/access.repo.ts';
import {
  customerNames, findBillingAccount, findCostCentre, findSim, isRelatedUser, listAccessExport, scopeLabels,
  type ExplainTarget,
} from './access-explain.repo.ts';

const PROFILE_NAMES: Record<Profile, string> = {
  access_owner: 'Access Owner', access_manager: 'Access Manager', support_portal_user: 'Support Portal User', service_user: 'Service User',
};

/** How a target the asker may not read is called: by its kind only. */
const UNNAMED: Record<ExplainTarget['type'], string> = { BillingAccount: 'billing account', CostCentre: 'cost centre', Sim: 'SIM' };

/** A SIM by its number as people type it; a number that is not one names no SIM. */
async function simByNumber(db: Deps['db'], customerId: string, typed: string): Promise<ExplainTarget | undefined> {
  const msisdn = parseMsisdn(typed);
  return msisdn === null ? undefined : findSim(db, customerId, { msisdn });
}

async function findTarget({ db }: Pick<Deps, 'db'>, customerId: string, query: ExplainQuery): Promise<ExplainTarget> {
  const named = (['billingAccountId', 'costCentreId', 'simId', 'msisdn'] as const).filter((k) => query[k] !== undefined);
  if (named.length !== 1) {
    throw badRequest(`querystring.${named[1] ?? 'billingAccountId'}`, 'Name exactly one of billingAccountId, costCentreId, simId or msisdn.', 'one_target_required');
  }
  const target =
    query.billingAccountId ? await findBillingAccount(db, customerId, query.billingAccountId)
    : query.costCentreId ? await findCostCentre(db, customerId, query.costCentreId)
    : query.simId ? await findSim(db, customerId, { id: query.simId })
    : await simByNumber(db, customerId, query.msisdn!);
  if (!target) throw notFound(named[0] === 'billingAccountId' ? 'billing account' : named[0] === 'costCentreId' ? 'cost centre' : 'SIM');
  return target;
}

/**
 * Whether the asker may be told what the target is (its number or name). Billing accounts and cost
 * centres are named to whoever may pick them as a scope; a SIM's number only to whoever may read
 * the SIM: an Access Manager administers users, not their lines (ROLE-3).
 */
function mayName(asker: AppAbility, target: ExplainTarget): boolean {
  if (asker.can('read', subject(target.type, { ...target.fields }))) return true;
  return target.type !== 'Sim' && asker.can('read', subject('ScopeOption', { ...target.fields }));
}

/**
 * "Why can this user see this?": the target user's access context is read by the same
 * loadAccessContext as his own requests, the ability is built by the same defineAbilityFor, and
 * each source of access (his membership here, each grant, each affiliate link, each delegated
 * right) is tried alone. To an asker who may not read the target, the answer names the rules only.
 */
export async function explainAccess(deps: Pick<Deps, 'db' | 'clock'>, asker: AppAbility, customerId: string, query: ExplainQuery): Promise<ExplainResponse> {
  const { db, clock } = deps;
  if (!(await isRelatedUser(db, customerId, query.userId))) throw notFound('user');
  const target = await findTarget(deps, customerId, query);
  const loaded = await loadAccessContext(db, query.userId, null, clock.now());
  if (!loaded) throw notFound('user');
  const { context, user } = loaded;
  const named = mayName(asker, target);
  const label = named ? target.label : UNNAMED[target.type];
  const it = named ? target.label : `this ${UNNAMED[target.type]}`;
  const sees = (memberships: MembershipContext[], delegations: DelegationContext[] = [], fields: Record<string, unknown> = target.fields) => {
    const ctx: AccessContext = { userId: context.userId, isOperator: false, memberships, delegations };
    return defineAbilityFor(ctx).can('read', subject(target.type, { ...fields }));
  };

  const names = await customerNames(db, [
    ...context.memberships.filter((m) => m.affiliates.some((a) => a.customerId === customerId)).map((m) => m.customerId),
    ...context.delegations.filter((d) => d.customerId === customerId).map((d) => d.partnerId),
  ]);
  const reasons: ExplainReason[] = [];
  for (const m of context.memberships) {
    if (m.customerId === customerId) {
      const base: MembershipContext = { ...m, grants: [], affiliates: [] };
      if (sees([base])) {
        // Access that holds only while the user is the target's end user is his own line (ROLE-5).
        const ownLine = 'endUserId' in target.fields && !sees([base], [], { ...target.fields, endUserId: null });
        reasons.push({
          kind: 'membership', profile: m.profile,
          text: ownLine
            ? `As ${PROFILE_NAMES[m.profile]}, the user sees his own line${named ? ` (${target.label})` : ''}.`
            : `As ${PROFILE_NAMES[m.profile]} of this customer, the user sees all of its data.`,
        });
      }
      for (const g of m.grants) {
        if (sees([{ ...base, grants: [g] }])) {
          reasons.push({
            kind: 'grant', profile: m.profile, app: g.app, actions: g.actions,
            text: `A right on the ${g.app} app (${g.actions.join(', ')}) covers ${it}.`,
          });
        }
      }
    }
    const affiliate = m.affiliates.find((a) => a.customerId === customerId);
    if (affiliate && sees([{ ...m, grants: [], affiliates: [affiliate] }])) {
      const name = names.get(m.customerId) ?? '';
      reasons.push({
        kind: 'affiliate', profile: m.profile, via: { customerId: m.customerId, name },
        text: `As ${PROFILE_NAMES[m.profile]} of ${name}, which controls this customer (affiliate link), the user sees all of its data.`,
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
        text: `Through the delegation to ${partnerName}, a right on the ${right.app} app (${right.actions.join(', ')}) covers ${it}.`,
      });
    }
  }
  // A suspended account reaches nothing, whatever its rights say (ACC-5).
  const active = user.status === 'active';
  return {
    allowed: active && sees(context.memberships, context.delegations),
    target: { type: target.type, id: target.id, label },
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

/** The export's app, actions and scope of a membership row without a right: what its profile gives by itself. */
function profileColumns(access: ProfileAccess | undefined): [string, string, string] {
  if (access?.wholeCustomer) return ['all', 'all', 'all'];
  if (access && access.userActions.length > 0) return ['user-management', access.userActions.join(','), ''];
  return ['', '', ''];
}

/** "Who has access": UTF-8 with BOM, `;`-separated (Belgian Excel), CRLF, one row per user × right. */
export async function exportAccessCsv({ db, clock }: Pick<Deps, 'db' | 'clock'>, asker: AppAbility, customerId: string): Promise<string> {
  const [rows, labels] = await Promise.all([
    listAccessExport(db, asker, customerId, clock.now()),
    scopeLabels(db, customerId),
  ]);
  const byProfile = new Map<string, ProfileAccess>(PROFILES.map((p) => [p, profileAccess(p)]));
  const lines = [ACCESS_CSV_HEADER.join(';')];
  for (const r of rows) {
    const scope = [
      ...r.billingAccountIds.map((id) => labels.billingAccounts.get(id) ?? id),
      ...r.costCentreIds.map((id) => labels.costCentres.get(id) ?? id),
    ];
    const [app, actions, whole] = r.app ? [r.app, r.actions.join(','), 'all'] : profileColumns(byProfile.get(r.profile));
    lines.push([
      r.name, r.email, r.profile, r.subProfiles.join(','), r.status, r.employmentBasis ?? '', r.employmentEnd ?? '',
      app, actions, scope.length > 0 ? scope.join(',') : whole, r.via,
    ].map((v) => cell(String(v))).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
