-- listAccessExport as owner@acme.test (members)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
SELECT
  trim(
    coalesce("m"."invited_first_name", "u"."first_name") || ' ' || coalesce("m"."invited_last_name", "u"."last_name")
  ) AS "name",
  "u"."email",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  CASE
    WHEN u.status <> 'active' THEN u.status
    ELSE m.status
  END AS "status",
  "m"."employment_basis" AS "employmentBasis",
  m.employment_end::text AS "employmentEnd",
  "g"."app",
  "g"."actions",
  "g"."billing_account_ids" AS "billingAccountIds",
  "g"."cost_centre_ids" AS "costCentreIds"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
  LEFT JOIN "grants" AS "g" ON "g"."membership_id" = "m"."id"
WHERE
  "m"."customer_id" = $1
  AND (
    "m"."customer_id" = $2
    OR "m"."customer_id" = $3
    OR "m"."customer_id" = $4
  )
ORDER BY
  lower(
    coalesce("m"."invited_last_name", "u"."last_name") || ' ' || coalesce("m"."invited_first_name", "u"."first_name")
  ),
  "u"."email",
  "g"."app";

-- listAccessExport as owner@acme.test (AOs of parent companies)
-- $1 = customer:Acme Belgium NV
-- $2 = "access_owner"
SELECT
  trim(u.first_name || ' ' || u.last_name) AS "name",
  "u"."email",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  CASE
    WHEN u.status <> 'active' THEN u.status
    ELSE m.status
  END AS "status",
  "m"."employment_basis" AS "employmentBasis",
  m.employment_end::text AS "employmentEnd",
  "parent"."name" AS "parentName"
FROM
  "affiliate_links" AS "al"
  INNER JOIN "customers" AS "parent" ON "parent"."id" = "al"."customer_id"
  INNER JOIN "memberships" AS "m" ON "m"."customer_id" = "al"."customer_id"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "al"."affiliate_id" = $1
  AND ("al"."status" = 'active')
  AND "m"."profile" IN ($2)
ORDER BY
  "parent"."name",
  "u"."email";

-- listAccessExport as owner@acme.test (delegates)
-- $1 = customer:Acme Belgium NV
-- $2 = 2026-11-02T10:00:00.000Z
SELECT
  trim(u.first_name || ' ' || u.last_name) AS "name",
  "u"."email",
  "pm"."profile",
  "pm"."sub_profiles" AS "subProfiles",
  CASE
    WHEN u.status <> 'active' THEN u.status
    ELSE coalesce(pm.status, 'ended')
  END AS "status",
  "pm"."employment_basis" AS "employmentBasis",
  pm.employment_end::text AS "employmentEnd",
  "d"."rights",
  "d"."billing_account_ids" AS "billingAccountIds",
  "d"."cost_centre_ids" AS "costCentreIds",
  "p"."name" AS "partnerName"
FROM
  "delegation_users" AS "du"
  INNER JOIN "delegations" AS "d" ON "d"."id" = "du"."delegation_id"
  INNER JOIN "customers" AS "p" ON "p"."id" = "d"."partner_id"
  INNER JOIN "users" AS "u" ON "u"."id" = "du"."user_id"
  LEFT JOIN "memberships" AS "pm" ON "pm"."customer_id" = "d"."partner_id"
  AND "pm"."user_id" = "du"."user_id"
WHERE
  "d"."customer_id" = $1
  AND delegation_in_force (
    "d"."status",
    "d"."starts_at",
    "d"."ends_at",
    $2::timestamptz
  )
ORDER BY
  "p"."name",
  "u"."email";

-- listAccessExport as manager@acme.test (members)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
SELECT
  trim(
    coalesce("m"."invited_first_name", "u"."first_name") || ' ' || coalesce("m"."invited_last_name", "u"."last_name")
  ) AS "name",
  "u"."email",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  CASE
    WHEN u.status <> 'active' THEN u.status
    ELSE m.status
  END AS "status",
  "m"."employment_basis" AS "employmentBasis",
  m.employment_end::text AS "employmentEnd",
  "g"."app",
  "g"."actions",
  "g"."billing_account_ids" AS "billingAccountIds",
  "g"."cost_centre_ids" AS "costCentreIds"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
  LEFT JOIN "grants" AS "g" ON "g"."membership_id" = "m"."id"
WHERE
  "m"."customer_id" = $1
  AND "m"."customer_id" = $2
ORDER BY
  lower(
    coalesce("m"."invited_last_name", "u"."last_name") || ' ' || coalesce("m"."invited_first_name", "u"."first_name")
  ),
  "u"."email",
  "g"."app";

-- listAccessExport as manager@acme.test (AOs of parent companies)
-- $1 = customer:Acme Belgium NV
-- $2 = "access_owner"
SELECT
  trim(u.first_name || ' ' || u.last_name) AS "name",
  "u"."email",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  CASE
    WHEN u.status <> 'active' THEN u.status
    ELSE m.status
  END AS "status",
  "m"."employment_basis" AS "employmentBasis",
  m.employment_end::text AS "employmentEnd",
  "parent"."name" AS "parentName"
FROM
  "affiliate_links" AS "al"
  INNER JOIN "customers" AS "parent" ON "parent"."id" = "al"."customer_id"
  INNER JOIN "memberships" AS "m" ON "m"."customer_id" = "al"."customer_id"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "al"."affiliate_id" = $1
  AND ("al"."status" = 'active')
  AND "m"."profile" IN ($2)
ORDER BY
  "parent"."name",
  "u"."email";

-- listAccessExport as manager@acme.test (delegates)
-- $1 = customer:Acme Belgium NV
-- $2 = 2026-11-02T10:00:00.000Z
SELECT
  trim(u.first_name || ' ' || u.last_name) AS "name",
  "u"."email",
  "pm"."profile",
  "pm"."sub_profiles" AS "subProfiles",
  CASE
    WHEN u.status <> 'active' THEN u.status
    ELSE coalesce(pm.status, 'ended')
  END AS "status",
  "pm"."employment_basis" AS "employmentBasis",
  pm.employment_end::text AS "employmentEnd",
  "d"."rights",
  "d"."billing_account_ids" AS "billingAccountIds",
  "d"."cost_centre_ids" AS "costCentreIds",
  "p"."name" AS "partnerName"
FROM
  "delegation_users" AS "du"
  INNER JOIN "delegations" AS "d" ON "d"."id" = "du"."delegation_id"
  INNER JOIN "customers" AS "p" ON "p"."id" = "d"."partner_id"
  INNER JOIN "users" AS "u" ON "u"."id" = "du"."user_id"
  LEFT JOIN "memberships" AS "pm" ON "pm"."customer_id" = "d"."partner_id"
  AND "pm"."user_id" = "du"."user_id"
WHERE
  "d"."customer_id" = $1
  AND delegation_in_force (
    "d"."status",
    "d"."starts_at",
    "d"."ends_at",
    $2::timestamptz
  )
ORDER BY
  "p"."name",
  "u"."email";

-- isRelatedUser
-- $1 = customer:Acme Belgium NV
-- $2 = user:admin@brightwave.test
-- $3 = customer:Acme Belgium NV
-- $4 = user:admin@brightwave.test
-- $5 = customer:Acme Belgium NV
-- $6 = user:admin@brightwave.test
-- $7 = "access_owner"
SELECT
  (
    EXISTS (
      SELECT
        "m"."id"
      FROM
        "memberships" AS "m"
      WHERE
        "m"."customer_id" = $1
        AND "m"."user_id" = $2
    )
    OR EXISTS (
      SELECT
        "du"."user_id"
      FROM
        "delegation_users" AS "du"
        INNER JOIN "delegations" AS "d" ON "d"."id" = "du"."delegation_id"
      WHERE
        "d"."customer_id" = $3
        AND "du"."user_id" = $4
    )
    OR EXISTS (
      SELECT
        "m"."id"
      FROM
        "affiliate_links" AS "al"
        INNER JOIN "memberships" AS "m" ON "m"."customer_id" = "al"."customer_id"
      WHERE
        "al"."affiliate_id" = $5
        AND "m"."user_id" = $6
        AND "m"."profile" IN ($7)
    )
  ) AS "related";
