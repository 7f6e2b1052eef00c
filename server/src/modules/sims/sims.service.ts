import type { FastifyInstance } from 'fastify';
import type { SimListItem, SimListQuery, SimListResponse } from '@mandate/contracts/sims';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { Principal } from '../../types.ts';
import { listSims } from './sims.repo.ts';

/**
 * The msisdn LIKE pattern for a number as people type it: '+32 470 12', '0032470…' and
 * '0470 12…' are prefixes of the international number; other digits match anywhere.
 * Spaces, dots, slashes, dashes and parentheses are ignored. No digits: no filter.
 */
export function msisdnPattern(q: string | undefined): string | undefined {
  const raw = (q ?? '').trim();
  const digits = raw.replace(/\D/g, '');
  if (!digits) return undefined;
  if (raw.startsWith('+')) return `+${digits}%`;
  if (raw.startsWith('00')) return digits.length > 2 ? `+${digits.slice(2)}%` : undefined;
  if (raw.startsWith('0')) return `+32${digits.slice(1)}%`;
  return `%${digits}%`;
}

/** GET …/sims: a page of the customer's SIMs the principal may see, keyset on the msisdn. */
export async function getSimPage(app: FastifyInstance, principal: Principal, customerId: string, query: SimListQuery): Promise<SimListResponse> {
  const { limit = 50, cursor } = query;
  const after = cursor ? (decodeCursor(cursor, 1)[0] as string) : undefined;
  const rows = await listSims(app.db, principal.ability, customerId, {
    msisdnLike: msisdnPattern(query.q), unassigned: query.unassigned, updatable: query.updatable,
    costCentreId: query.costCentreId, billingAccountId: query.billingAccountId, after, limit,
  });
  const items: SimListItem[] = rows.slice(0, limit).map((r) => ({
    id: r.id, msisdn: r.msisdn, iccid: r.iccid, status: r.status, billingAccountId: r.billingAccountId, billingAccountNumber: r.billingAccountNumber,
    costCentreId: r.costCentreId, costCentreName: r.costCentreName,
    endUser: r.endUserId ? { id: r.endUserId, name: `${r.endUserFirstName ?? ''} ${r.endUserLastName ?? ''}`.trim() } : null,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.msisdn]) : null };
}
