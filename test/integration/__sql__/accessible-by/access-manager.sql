-- manager@acme.test

-- users of a customer: read User
-- $1 = customer:Acme Belgium NV
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  "m"."customer_id" = $1;

-- who has access (export): export User
-- $1 = customer:Acme Belgium NV
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  "m"."customer_id" = $1;

-- SIMs: read Sim
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  FALSE;

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
-- $1 = customer:Acme Belgium NV
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  "ba"."customer_id" = $1;

-- scope options: cost centres: read ScopeOption
-- $1 = customer:Acme Belgium NV
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  "cc"."customer_id" = $1;

-- delegations: read Delegation
-- $1 = customer:Acme Belgium NV
SELECT
  "d"."id"
FROM
  "delegations" AS "d"
WHERE
  "d"."partner_id" = $1;

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
-- $1 = customer:Acme Belgium NV
-- $2 = user:manager@acme.test
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  (
    "i"."customer_id" = $1
    AND "i"."reviewer_user_id" = $2
  );

-- access review items he decides: update AccessReview
-- $1 = customer:Acme Belgium NV
-- $2 = user:manager@acme.test
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  (
    "i"."customer_id" = $1
    AND "i"."reviewer_user_id" = $2
  );
