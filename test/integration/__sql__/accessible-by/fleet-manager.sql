-- fleet@acme.test

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
-- $3 = customer:Acme Belgium NV
-- $4 = billing-account:ACME-0002
-- $5 = billing-account:ACME-0001
-- $6 = cost-centre:Acme Belgium NV/Sales
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
  );

-- SIMs he may change: update Sim
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
-- $3 = customer:Acme Belgium NV
-- $4 = billing-account:ACME-0002
-- $5 = billing-account:ACME-0001
-- $6 = cost-centre:Acme Belgium NV/Sales
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
  );

-- billing accounts: read BillingAccount
SELECT
  "ba"."id"
FROM
  "billing_accounts" AS "ba"
WHERE
  FALSE;

-- cost centres: read CostCentre
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
SELECT
  "cc"."id"
FROM
  "cost_centres" AS "cc"
WHERE
  (
    "cc"."customer_id" = $1
    AND "cc"."id" IN ($2)
  );

-- scope options: billing accounts: read ScopeOption
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
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
    AND "none"."id" IN ($2)
  );

-- scope options: cost centres: read ScopeOption
-- $1 = customer:Acme Belgium NV
-- $2 = cost-centre:Acme Belgium NV/Sales
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
    AND "cc"."id" IN ($2)
  );

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
