-- employee@acme.test

-- users of a customer: read User
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  FALSE;

-- who has access (export): export User
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  FALSE;

-- SIMs: read Sim
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
-- $3 = user:employee@acme.test
-- $4 = customer:Acme Belgium NV
-- $5 = user:employee@acme.test
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  (
    (
      "s"."customer_id" = $1
      AND "s"."cost_centre_id" IN ($2)
      AND "s"."end_user_id" = $3
    )
    OR (
      "s"."customer_id" = $4
      AND "s"."end_user_id" = $5
    )
  );

-- SIMs he may change: update Sim
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  FALSE;

-- billing accounts: read BillingAccount
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba"
WHERE
  FALSE;

-- cost centres: read CostCentre
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc"
WHERE
  FALSE;

-- scope options: billing accounts: read ScopeOption
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  FALSE;

-- scope options: cost centres: read ScopeOption
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  FALSE;

-- delegations: read Delegation
SELECT
  "d"."id"
FROM
  "delegations" AS "d"
WHERE
  FALSE;

-- affiliates: read Affiliate
SELECT
  "al"."id"
FROM
  "affiliate_links" AS "al"
WHERE
  FALSE;

-- audit trail: read Audit
SELECT
  "a"."id"
FROM
  "audit_log" AS "a"
WHERE
  FALSE;

-- access review items: read AccessReview
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  FALSE;

-- access review items he decides: update AccessReview
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  FALSE;
