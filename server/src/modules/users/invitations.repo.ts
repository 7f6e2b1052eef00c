import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/** Invitations: only the sha256 of the token is stored; the token itself is only in the mail. */
export async function insertInvitation(
  trx: Kysely<DB>,
  i: { customerId: string; userId: string; tokenHash: string; invitedBy: string; createdAt: Date; expiresAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('invitations')
    .values({ customer_id: i.customerId, user_id: i.userId, token_hash: i.tokenHash, invited_by: i.invitedBy, created_at: i.createdAt, expires_at: i.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The invitation of a token hash with whom and which customer it is for; locked when it is about to be used. */
export function findInvitation(db: Kysely<DB>, tokenHash: string, options: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .where('i.token_hash', '=', tokenHash)
    .select([
      'i.id', 'i.customer_id as customerId', 'i.user_id as userId', 'i.expires_at as expiresAt', 'i.used_at as usedAt',
      'u.email', 'u.first_name as firstName', 'u.last_name as lastName', 'u.language', 'u.status as userStatus',
      'u.password_hash as passwordHash', 'c.name as customerName',
    ]);
  if (options.forUpdate) q = q.forUpdate('i');
  return q.executeTakeFirst();
}

export async function markInvitationUsed(trx: Kysely<DB>, id: string, at: Date) {
  await trx.updateTable('invitations').set({ used_at: at }).where('id', '=', id).execute();
}

/** The links still open for a user at a customer stop working (he was removed). */
export async function closeOpenInvitations(trx: Kysely<DB>, customerId: string, userId: string, at: Date) {
  await trx.updateTable('invitations').set({ used_at: at })
    .where('customer_id', '=', customerId).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** A new account's first password: the account becomes active. */
export async function activateInvitedUser(trx: Kysely<DB>, userId: string, passwordHash: string) {
  await trx.updateTable('users').set({ password_hash: passwordHash })
    .where('id', '=', userId).execute();
  await trx.updateTable('users').set({ status: 'active' }).where('id', '=', userId).where('status', '=', 'invited').execute();
}
