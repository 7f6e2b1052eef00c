import { msisdnSearch } from '@mandate/domain/msisdn';
import type { SimListQuery, SimListResponse } from '@mandate/contracts/sims';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import type { Principal } from '../../types.ts';
import { listSims } from './sims.repo.ts';

/** The SIM list's keyset: the msisdn of the last row (msisdns are unique, stored as + and digits). */
const SIM_PAGES = keyset('sims:msisdn', 'msisdn');

/** The LIKE pattern of a number search as people type it (a prefix of the number, or digits anywhere). */
function msisdnLike(q: string | undefined): string | undefined {
  const search = msisdnSearch(q);
  if (!search) return undefined;
  return search.match === 'prefix' ? `${search.value}%` : `%${search.value}%`;
}

/** GET …/sims: a page of the customer's SIMs the principal may see, keyset on the msisdn. */
export async function getSimPage(deps: Deps, principal: Principal, customerId: string, query: SimListQuery): Promise<SimListResponse> {
  const { limit = 50, cursor } = query;
  const [after] = decodeCursor(SIM_PAGES, cursor) ?? [];
  const rows = await listSims(deps.db, principal.ability, customerId, {
    msisdnLike: msisdnLike(query.q), unassigned: query.unassigned, updatable: query.updatable,
    costCentreId: query.costCentreId, billingAccountId: query.billingAccountId, after, limit,
  });
  return toPage(rows, limit, SIM_PAGES, (r) => [r.msisdn], (r) => ({
    id: r.id, msisdn: r.msisdn, iccid: r.iccid, status: r.status, billingAccountId: r.billingAccountId, billingAccountNumber: r.billingAccountNumber,
    costCentreId: r.costCentreId, costCentreName: r.costCentreName,
    endUser: r.endUserId ? { id: r.endUserId, name: `${r.endUserFirstName ?? ''} ${r.endUserLastName ?? ''}`.trim() } : null,
  }));
}
