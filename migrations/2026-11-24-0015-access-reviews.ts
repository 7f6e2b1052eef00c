import { sql, type Kysely } from 'kysely';

/**
 * Access reviews (issue 3): an Access Owner starts a review of the customer's users; each item is
 * one membership under review, with the reviewer chosen at the start; what is not confirmed by the
 * deadline (a Brussels business date, end of that day) is removed by the closing job.
 * - access_reviews: at most one open review per customer (partial unique index);
 * - access_review_items: one row per reviewed membership. membership_id is a snapshot, no foreign
 *   key: removing the membership (the point of a review) must not delete the item, and a user
 *   removed and added again gets a new membership the old decision never touches.
 *   decision `kept`: not confirmed by the deadline, but the customer's last Access Owner (ROLE-2),
 *   so the closing job could not remove him.
 * These tables change nobody's access by themselves (removal deletes memberships, whose triggers
 * bump the access epoch), so no epoch trigger is needed here.
 * One statement per call: PGlite's extended protocol takes a single statement at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE access_reviews (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      started_by uuid NOT NULL REFERENCES users(id),
      started_at timestamptz NOT NULL,
      deadline date NOT NULL,
      profiles text[] NOT NULL CHECK (cardinality(profiles) > 0
        AND profiles <@ ARRAY['access_owner', 'access_manager', 'support_portal_user', 'service_user']::text[]),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      closed_at timestamptz,
      PRIMARY KEY (customer_id, id),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )`,
    sql`CREATE UNIQUE INDEX access_reviews_one_open ON access_reviews (customer_id) WHERE status = 'open'`,
    sql`CREATE INDEX access_reviews_list_idx ON access_reviews (customer_id, started_at DESC, id DESC)`,
    sql`CREATE INDEX access_reviews_due_idx ON access_reviews (deadline) WHERE status = 'open'`,
    sql`CREATE TABLE access_review_items (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      review_id uuid NOT NULL REFERENCES access_reviews(id),
      membership_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      profile text NOT NULL CHECK (profile IN ('access_owner', 'access_manager', 'support_portal_user', 'service_user')),
      reviewer_user_id uuid NOT NULL REFERENCES users(id),
      decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'confirmed', 'removed', 'kept')),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, review_id) REFERENCES access_reviews (customer_id, id),
      UNIQUE (review_id, membership_id),
      CHECK ((decision = 'pending') = (decided_at IS NULL)),
      CHECK (reviewer_user_id <> user_id)
    )`,
    sql`CREATE INDEX access_review_items_review_idx ON access_review_items (customer_id, review_id, decision)`,
    sql`CREATE INDEX access_review_items_reviewer_idx ON access_review_items (customer_id, reviewer_user_id, review_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS access_review_items`.execute(db);
  await sql`DROP TABLE IF EXISTS access_reviews`.execute(db);
}
