import { sql, type Kysely } from 'kysely';

/**
 * Each SIM's usage per Brussels month, as its allowance counts it (MOB-2): data in kB, calls of
 * the national and international kinds by the started minute, text messages. The fleet list's
 * usage bands compare this month's data with the allowance of every SIM of a customer; summing the
 * month's usage events for that on each request read every event of the fleet (some 650,000 for
 * 50,000 SIMs five days into a month) and grew with the month.
 *
 * One row per customer × month × SIM × billing account, the account the events went to: once that
 * account's billing period of the month is closed, its usage is billed and no longer counts as the
 * month's (INV-2). Ingestion adds to these rows in the statement that inserts the events, in the
 * run's transaction (a refused run leaves nothing, a run loaded before adds nothing). Partitioned
 * by month like usage_events, whose months retention drops together with these.
 *
 * Billing periods are calendar months: ingestion refuses any other, and now the database does
 * too, since a closed period must cover whole months of these sums.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE billing_periods ADD CONSTRAINT billing_periods_calendar_month
    CHECK (extract(day FROM starts_on) = 1 AND ends_on = (starts_on + interval '1 month' - interval '1 day')::date)`.execute(db);
  await sql`CREATE TABLE sim_usage_months (
    customer_id uuid NOT NULL,
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    sim_id uuid NOT NULL,
    billing_account_id uuid NOT NULL,
    data_kb bigint NOT NULL DEFAULT 0,
    voice_minutes bigint NOT NULL DEFAULT 0,
    sms integer NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, month, sim_id, billing_account_id)
  ) PARTITION BY RANGE (month)`.execute(db);

  // A partition for every month usage_events has one for (named as server/src/lib/partitions.ts names them), then the sums so far.
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'usage_events'`.execute(db);
  for (const { name } of rows) {
    const match = /^usage_events_y(\d{4})m(\d{2})$/.exec(name);
    if (!match) continue;
    const [year, month] = [Number(match[1]), Number(match[2])];
    const from = `${match[1]}-${match[2]}-01`;
    const to = month === 12 ? `${year + 1}-01-01` : `${match[1]}-${String(month + 1).padStart(2, '0')}-01`;
    await sql`CREATE TABLE ${sql.table(`sim_usage_months_y${match[1]}m${match[2]}`)} PARTITION OF sim_usage_months
      FOR VALUES FROM (${sql.lit(from)}) TO (${sql.lit(to)})`.execute(db);
  }
  await sql`INSERT INTO sim_usage_months (customer_id, month, sim_id, billing_account_id, data_kb, voice_minutes, sms)
    SELECT customer_id, date_trunc('month', occurred_at AT TIME ZONE 'Europe/Brussels')::date, sim_id, billing_account_id,
           coalesce(sum(volume_kb) FILTER (WHERE type = 'data'), 0),
           coalesce(sum(ceil(duration_s / 60.0)) FILTER (WHERE type IN ('national_voice', 'international_voice')), 0),
           count(*) FILTER (WHERE type = 'sms')
      FROM usage_events
     GROUP BY 1, 2, 3, 4`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS sim_usage_months`.execute(db);
  await sql`ALTER TABLE billing_periods DROP CONSTRAINT IF EXISTS billing_periods_calendar_month`.execute(db);
}
