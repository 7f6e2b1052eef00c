-- owner@acme.test

-- users of a customer: read User
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  (
    "m"."customer_id" = $1
    OR "m"."customer_id" = $2
    OR "m"."customer_id" = $3
  );

-- who has access (export): export User
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  (
    "m"."customer_id" = $1
    OR "m"."customer_id" = $2
    OR "m"."customer_id" = $3
  );

-- SIMs: read Sim
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  (
    "s"."customer_id" = $1
    OR "s"."customer_id" = $2
    OR "s"."customer_id" = $3
  );

-- SIMs he may change: update Sim
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  (
    "s"."customer_id" = $1
    OR "s"."customer_id" = $2
    OR "s"."customer_id" = $3
  );

-- billing accounts: read BillingAccount
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba"
WHERE
  (
    "ba"."customer_id" = $1
    OR "ba"."customer_id" = $2
    OR "ba"."customer_id" = $3
  );

-- cost centres: read CostCentre
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc"
WHERE
  (
    "cc"."customer_id" = $1
    OR "cc"."customer_id" = $2
    OR "cc"."customer_id" = $3
  );

-- scope options: billing accounts: read ScopeOption
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  (
    "ba"."customer_id" = $1
    OR "ba"."customer_id" = $2
    OR "ba"."customer_id" = $3
  );

-- scope options: cost centres: read ScopeOption
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  (
    "cc"."customer_id" = $1
    OR "cc"."customer_id" = $2
    OR "cc"."customer_id" = $3
  );

-- delegations: read Delegation
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
SELECT
  "d"."id"
FROM
  "delegations" AS "d"
WHERE
  (
    "d"."partner_id" = $1
    OR "d"."customer_id" = $2
    OR "d"."customer_id" = $3
    OR "d"."customer_id" = $4
  );

-- affiliates: read Affiliate
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "al"."id"
FROM
  "affiliate_links" AS "al"
WHERE
  (
    "al"."customer_id" = $1
    OR "al"."customer_id" = $2
    OR "al"."customer_id" = $3
  );

-- audit trail: read Audit
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "a"."id"
FROM
  "audit_log" AS "a"
WHERE
  (
    "a"."customer_id" = $1
    OR "a"."customer_id" = $2
    OR "a"."customer_id" = $3
  );

-- access review items: read AccessReview
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  (
    "i"."customer_id" = $1
    OR "i"."customer_id" = $2
    OR "i"."customer_id" = $3
  );

-- access review items he decides: update AccessReview
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  (
    "i"."customer_id" = $1
    OR "i"."customer_id" = $2
    OR "i"."customer_id" = $3
  );
