-- admin@brightwave.test

-- users of a customer: read User
-- $1 = customer:Brightwave IT BV
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  "m"."customer_id" = $1;

-- who has access (export): export User
-- $1 = customer:Brightwave IT BV
SELECT
  "m"."id"
FROM
  "memberships" AS "m"
WHERE
  "m"."customer_id" = $1;

-- SIMs: read Sim
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
-- $3 = customer:Acme Belgium NV
-- $4 = billing-account:ACME-0002
-- $5 = billing-account:ACME-0001
-- $6 = cost-centre:Acme Belgium NV/Sales
-- $7 = customer:Brightwave IT BV
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  (
    (
      "s"."customer_id" = $1
      AND "s"."cost_centre_id" IN ($2)
    )
    OR (
      "s"."customer_id" = $3
      AND "s"."billing_account_id" IN ($4, $5)
      AND "s"."cost_centre_id" IN ($6)
    )
    OR "s"."customer_id" = $7
  );

-- SIMs he may change: update Sim
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
-- $3 = customer:Acme Belgium NV
-- $4 = billing-account:ACME-0002
-- $5 = billing-account:ACME-0001
-- $6 = cost-centre:Acme Belgium NV/Sales
-- $7 = customer:Brightwave IT BV
SELECT
  "s"."id"
FROM
  "sims" AS "s"
WHERE
  (
    (
      "s"."customer_id" = $1
      AND "s"."cost_centre_id" IN ($2)
    )
    OR (
      "s"."customer_id" = $3
      AND "s"."billing_account_id" IN ($4, $5)
      AND "s"."cost_centre_id" IN ($6)
    )
    OR "s"."customer_id" = $7
  );

-- billing accounts: read BillingAccount
-- $1 = customer:Brightwave IT BV
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba"
WHERE
  "ba"."customer_id" = $1;

-- cost centres: read CostCentre
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
-- $3 = customer:Brightwave IT BV
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc"
WHERE
  (
    (
      "cc"."customer_id" = $1
      AND "cc"."id" IN ($2)
    )
    OR "cc"."customer_id" = $3
  );

-- scope options: billing accounts: read ScopeOption
-- $1 = customer:Brightwave IT BV
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
-- $1 = customer:Brightwave IT BV
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
-- $1 = customer:Brightwave IT BV
-- $2 = customer:Brightwave IT BV
SELECT
  "d"."id"
FROM
  "delegations" AS "d"
WHERE
  (
    "d"."partner_id" = $1
    OR "d"."customer_id" = $2
  );

-- affiliates: read Affiliate
-- $1 = customer:Brightwave IT BV
SELECT
  "al"."id"
FROM
  "affiliate_links" AS "al"
WHERE
  "al"."customer_id" = $1;

-- audit trail: read Audit
-- $1 = customer:Brightwave IT BV
SELECT
  "a"."id"
FROM
  "audit_log" AS "a"
WHERE
  "a"."customer_id" = $1;

-- access review items: read AccessReview
-- $1 = customer:Brightwave IT BV
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  "i"."customer_id" = $1;

-- access review items he decides: update AccessReview
-- $1 = customer:Brightwave IT BV
SELECT
  "i"."id"
FROM
  "access_review_items" AS "i"
WHERE
  "i"."customer_id" = $1;
