import { sql, type Kysely } from 'kysely';

/**
 * MOB-8: operator staff carry out number changes and port-outs. Both wait as `requested` orders
 * until staff complete or reject them; the back office lists them across customers, oldest first.
 * A port-out used to be recorded as applied while its SIM waited in port_out_pending: such an
 * order waits for the operator like any other. One statement per call (PGlite).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE sim_orders o SET status = 'requested', decided_at = NULL, decided_by = NULL
    WHERE o.kind = 'port_out' AND o.status = 'applied'
      AND EXISTS (SELECT 1 FROM sims s WHERE s.customer_id = o.customer_id AND s.id = o.sim_id AND s.status = 'port_out_pending')`.execute(db);
  await sql`CREATE INDEX sim_orders_operator_queue_idx ON sim_orders (created_at, id) WHERE kind IN ('number_change', 'port_out')`.execute(db);
  // Staff open an order by its id alone (they act for no customer): without this, a scan of every order.
  await sql`CREATE INDEX sim_orders_operator_id_idx ON sim_orders (id) WHERE kind IN ('number_change', 'port_out')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS sim_orders_operator_id_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS sim_orders_operator_queue_idx`.execute(db);
}
