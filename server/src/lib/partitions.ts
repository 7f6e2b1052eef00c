import { sql, type Kysely } from 'kysely';
import { addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';

/**
 * Month partitions of the big tables (DESIGN.md §10). A partition holds one Brussels calendar
 * month; it is created ahead (by the scheduler and by ingestion, before rows of its month arrive)
 * and dropped whole when the month leaves its retention window. Partition names are made here from
 * the table and the month only, never from input.
 */
export const PARTITIONED_TABLES = {
  /** Keyed by the start of the call (timestamptz). */
  call_details: 'timestamptz',
  /** Keyed by the moment of the communication (timestamptz). */
  usage_events: 'timestamptz',
  /** Keyed by the billing month (date, first of the month). */
  usage_rollups: 'date',
  /** Each SIM's usage of a month, summed from usage_events (date, first of the month); its months go with theirs. */
  sim_usage_months: 'date',
} as const;
export type PartitionedTable = keyof typeof PARTITIONED_TABLES;

/** Any Kysely instance or transaction, whatever its table types (these helpers run raw SQL only). */
type Executor = Pick<Kysely<unknown>, 'getExecutor'>;

/** The first day of the month `date` falls in ('2026-03-17' → '2026-03-01'). */
export const monthOf = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`;

/** The month (first day) of an instant, in Brussels time. */
export const monthOfInstant = (at: Date): IsoDate => monthOf(brusselsDate(at));

export const partitionName = (table: PartitionedTable, month: IsoDate): string => `${table}_y${month.slice(0, 4)}m${month.slice(5, 7)}`;

/** The months from `from` to `to` (both included, any day of them). */
export function monthsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const months: IsoDate[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = addMonths(m, 1)) months.push(m);
  return months;
}

function bound(table: PartitionedTable, month: IsoDate): string {
  return PARTITIONED_TABLES[table] === 'date' ? month : brusselsStartOfDay(month).toISOString();
}

/** Creates the partition of `month` when it does not exist yet (idempotent; safe inside a transaction). */
export async function ensureMonthPartition(db: Executor, table: PartitionedTable, month: IsoDate): Promise<void> {
  const start = monthOf(month);
  const name = partitionName(table, start);
  const from = bound(table, start);
  const to = bound(table, addMonths(start, 1));
  await sql`CREATE TABLE IF NOT EXISTS ${sql.table(name)} PARTITION OF ${sql.table(table)} FOR VALUES FROM (${sql.lit(from)}) TO (${sql.lit(to)})`.execute(db);
}

export async function ensureMonthPartitions(db: Executor, table: PartitionedTable, months: Iterable<IsoDate>): Promise<void> {
  for (const month of new Set([...months].map(monthOf))) await ensureMonthPartition(db, table, month);
}

/** The months that have a partition of `table`, oldest first. */
export async function partitionMonths(db: Executor, table: PartitionedTable): Promise<IsoDate[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = ${table} ORDER BY c.relname`.execute(db);
  const pattern = new RegExp(`^${table}_y(\\d{4})m(\\d{2})$`);
  return rows.flatMap((r) => {
    const match = pattern.exec(r.name);
    return match ? [`${match[1]}-${match[2]}-01`] : [];
  });
}

/** Drops the partition of `month` (the whole month's rows at once: retention, never a DELETE). */
export async function dropMonthPartition(db: Executor, table: PartitionedTable, month: IsoDate): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.table(partitionName(table, monthOf(month)))}`.execute(db);
}
