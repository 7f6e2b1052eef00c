import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '@mandate/db/database.types';

/** SEC-3: who, acting for which customer, through which delegation, what changed. Append-only. */
export interface AuditEntry {
  at: Date;
  actorUserId: string | null;
  customerId?: string | null;
  delegationId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: JsonValue;
  after?: JsonValue;
  ip?: string | null;
}

export async function appendAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor_user_id: e.actorUserId,
      customer_id: e.customerId ?? null,
      delegation_id: e.delegationId ?? null,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ip: e.ip ?? null,
    })
    .execute();
}
