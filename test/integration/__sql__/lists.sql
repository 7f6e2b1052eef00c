-- listUsers as the AO: by name, a second page (1/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "owner olivia"
-- $6 = user:owner@acme.test
-- $7 = 51
SELECT
  "u"."id",
  "m"."id" AS "membershipId",
  "u"."email",
  u.first_name AS "firstName",
  u.last_name AS "lastName",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  "m"."is_primary" AS "isPrimary",
  "m"."is_deputy" AS "isDeputy",
  m.status AS "status",
  "m"."employment_basis" AS "employmentBasis",
  "m"."employment_end" AS "employmentEnd",
  lower(u.last_name || ' ' || u.first_name) AS "sortKey"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "m"."customer_id" = $1
  AND "m"."invited_last_name" IS NULL
  AND (
    "m"."customer_id" = $2
    OR "m"."customer_id" = $3
    OR "m"."customer_id" = $4
  )
  AND (lower(u.last_name || ' ' || u.first_name), u.id) > ($5, $6::uuid)
ORDER BY
  lower(u.last_name || ' ' || u.first_name) ASC,
  "u"."id" ASC
LIMIT
  $7;

-- listUsers as the AO: by name, a second page (2/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "owner olivia"
-- $6 = user:owner@acme.test
-- $7 = 51
SELECT
  "u"."id",
  "m"."id" AS "membershipId",
  "u"."email",
  m.invited_first_name AS "firstName",
  m.invited_last_name AS "lastName",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  "m"."is_primary" AS "isPrimary",
  "m"."is_deputy" AS "isDeputy",
  m.status AS "status",
  "m"."employment_basis" AS "employmentBasis",
  "m"."employment_end" AS "employmentEnd",
  lower(
    m.invited_last_name || ' ' || m.invited_first_name
  ) AS "sortKey"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "m"."customer_id" = $1
  AND "m"."invited_last_name" IS NOT NULL
  AND (
    "m"."customer_id" = $2
    OR "m"."customer_id" = $3
    OR "m"."customer_id" = $4
  )
  AND (
    lower(
      m.invited_last_name || ' ' || m.invited_first_name
    ),
    u.id
  ) > ($5, $6::uuid)
ORDER BY
  lower(
    m.invited_last_name || ' ' || m.invited_first_name
  ) ASC,
  "u"."id" ASC
LIMIT
  $7;

-- listUsers as the AO: by name, a second page (3/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "owner olivia"
-- $6 = user:owner@acme.test
-- $7 = 51
SELECT
  *
FROM
  (
    SELECT
      "u"."id",
      "m"."id" AS "membershipId",
      "u"."email",
      m.invited_first_name AS "firstName",
      m.invited_last_name AS "lastName",
      "m"."profile",
      "m"."sub_profiles" AS "subProfiles",
      "m"."is_primary" AS "isPrimary",
      "m"."is_deputy" AS "isDeputy",
      m.status AS "status",
      "m"."employment_basis" AS "employmentBasis",
      "m"."employment_end" AS "employmentEnd",
      lower(
        m.invited_last_name || ' ' || m.invited_first_name
      ) AS "sortKey"
    FROM
      "memberships" AS "m"
      INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
    WHERE
      "m"."customer_id" = $1
      AND "m"."invited_last_name" IS NOT NULL
      AND (
        "m"."customer_id" = $2
        OR "m"."customer_id" = $3
        OR "m"."customer_id" = $4
      )
      AND (
        lower(
          m.invited_last_name || ' ' || m.invited_first_name
        ),
        u.id
      ) > ($5, $6::uuid)
    ORDER BY
      lower(
        m.invited_last_name || ' ' || m.invited_first_name
      ) ASC,
      "u"."id" ASC
    LIMIT
      $7
  ) AS "invited";

-- listUsers as the AO: by name, a second page (4/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "owner olivia"
-- $6 = user:owner@acme.test
-- $7 = 51
-- $8 = customer:Acme Belgium NV
-- $9 = customer:Acme Retail SRL
-- $10 = customer:Acme Logistics BV
-- $11 = customer:Acme Belgium NV
-- $12 = "owner olivia"
-- $13 = user:owner@acme.test
-- $14 = 51
-- $15 = 51
SELECT
  *
FROM
  (
    SELECT
      "u"."id",
      "m"."id" AS "membershipId",
      "u"."email",
      u.first_name AS "firstName",
      u.last_name AS "lastName",
      "m"."profile",
      "m"."sub_profiles" AS "subProfiles",
      "m"."is_primary" AS "isPrimary",
      "m"."is_deputy" AS "isDeputy",
      m.status AS "status",
      "m"."employment_basis" AS "employmentBasis",
      "m"."employment_end" AS "employmentEnd",
      lower(u.last_name || ' ' || u.first_name) AS "sortKey"
    FROM
      "memberships" AS "m"
      INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
    WHERE
      "m"."customer_id" = $1
      AND "m"."invited_last_name" IS NULL
      AND (
        "m"."customer_id" = $2
        OR "m"."customer_id" = $3
        OR "m"."customer_id" = $4
      )
      AND (lower(u.last_name || ' ' || u.first_name), u.id) > ($5, $6::uuid)
    ORDER BY
      lower(u.last_name || ' ' || u.first_name) ASC,
      "u"."id" ASC
    LIMIT
      $7
  ) AS "own"
UNION ALL
SELECT
  *
FROM
  (
    SELECT
      "u"."id",
      "m"."id" AS "membershipId",
      "u"."email",
      m.invited_first_name AS "firstName",
      m.invited_last_name AS "lastName",
      "m"."profile",
      "m"."sub_profiles" AS "subProfiles",
      "m"."is_primary" AS "isPrimary",
      "m"."is_deputy" AS "isDeputy",
      m.status AS "status",
      "m"."employment_basis" AS "employmentBasis",
      "m"."employment_end" AS "employmentEnd",
      lower(
        m.invited_last_name || ' ' || m.invited_first_name
      ) AS "sortKey"
    FROM
      "memberships" AS "m"
      INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
    WHERE
      "m"."customer_id" = $8
      AND "m"."invited_last_name" IS NOT NULL
      AND (
        "m"."customer_id" = $9
        OR "m"."customer_id" = $10
        OR "m"."customer_id" = $11
      )
      AND (
        lower(
          m.invited_last_name || ' ' || m.invited_first_name
        ),
        u.id
      ) > ($12, $13::uuid)
    ORDER BY
      lower(
        m.invited_last_name || ' ' || m.invited_first_name
      ) ASC,
      "u"."id" ASC
    LIMIT
      $14
  ) AS "invited"
ORDER BY
  "sortKey" ASC,
  "id" ASC
LIMIT
  $15;

-- listUsers as the AO: search and filters, by e-mail descending (1/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "%jan%"
-- $6 = "%jan%"
-- $7 = "%jan%"
-- $8 = "service_user"
-- $9 = "active"
-- $10 = 51
SELECT
  "u"."id",
  "m"."id" AS "membershipId",
  "u"."email",
  u.first_name AS "firstName",
  u.last_name AS "lastName",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  "m"."is_primary" AS "isPrimary",
  "m"."is_deputy" AS "isDeputy",
  m.status AS "status",
  "m"."employment_basis" AS "employmentBasis",
  "m"."employment_end" AS "employmentEnd",
  u.email AS "sortKey"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "m"."customer_id" = $1
  AND "m"."invited_last_name" IS NULL
  AND (
    "m"."customer_id" = $2
    OR "m"."customer_id" = $3
    OR "m"."customer_id" = $4
  )
  AND (
    lower(u.first_name || ' ' || u.last_name) LIKE $5
    OR lower(u.last_name || ' ' || u.first_name) LIKE $6
    OR "u"."email" LIKE $7
  )
  AND "m"."profile" = $8
  AND "m"."status" = $9
ORDER BY
  u.email DESC,
  "u"."id" DESC
LIMIT
  $10;

-- listUsers as the AO: search and filters, by e-mail descending (2/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "%jan%"
-- $6 = "%jan%"
-- $7 = "%jan%"
-- $8 = "service_user"
-- $9 = "active"
-- $10 = 51
SELECT
  "u"."id",
  "m"."id" AS "membershipId",
  "u"."email",
  m.invited_first_name AS "firstName",
  m.invited_last_name AS "lastName",
  "m"."profile",
  "m"."sub_profiles" AS "subProfiles",
  "m"."is_primary" AS "isPrimary",
  "m"."is_deputy" AS "isDeputy",
  m.status AS "status",
  "m"."employment_basis" AS "employmentBasis",
  "m"."employment_end" AS "employmentEnd",
  u.email AS "sortKey"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "m"."customer_id" = $1
  AND "m"."invited_last_name" IS NOT NULL
  AND (
    "m"."customer_id" = $2
    OR "m"."customer_id" = $3
    OR "m"."customer_id" = $4
  )
  AND (
    lower(
      m.invited_first_name || ' ' || m.invited_last_name
    ) LIKE $5
    OR lower(
      m.invited_last_name || ' ' || m.invited_first_name
    ) LIKE $6
    OR "u"."email" LIKE $7
  )
  AND "m"."profile" = $8
  AND "m"."status" = $9
ORDER BY
  u.email DESC,
  "u"."id" DESC
LIMIT
  $10;

-- listUsers as the AO: search and filters, by e-mail descending (3/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "%jan%"
-- $6 = "%jan%"
-- $7 = "%jan%"
-- $8 = "service_user"
-- $9 = "active"
-- $10 = 51
SELECT
  *
FROM
  (
    SELECT
      "u"."id",
      "m"."id" AS "membershipId",
      "u"."email",
      m.invited_first_name AS "firstName",
      m.invited_last_name AS "lastName",
      "m"."profile",
      "m"."sub_profiles" AS "subProfiles",
      "m"."is_primary" AS "isPrimary",
      "m"."is_deputy" AS "isDeputy",
      m.status AS "status",
      "m"."employment_basis" AS "employmentBasis",
      "m"."employment_end" AS "employmentEnd",
      u.email AS "sortKey"
    FROM
      "memberships" AS "m"
      INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
    WHERE
      "m"."customer_id" = $1
      AND "m"."invited_last_name" IS NOT NULL
      AND (
        "m"."customer_id" = $2
        OR "m"."customer_id" = $3
        OR "m"."customer_id" = $4
      )
      AND (
        lower(
          m.invited_first_name || ' ' || m.invited_last_name
        ) LIKE $5
        OR lower(
          m.invited_last_name || ' ' || m.invited_first_name
        ) LIKE $6
        OR "u"."email" LIKE $7
      )
      AND "m"."profile" = $8
      AND "m"."status" = $9
    ORDER BY
      u.email DESC,
      "u"."id" DESC
    LIMIT
      $10
  ) AS "invited";

-- listUsers as the AO: search and filters, by e-mail descending (4/4)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "%jan%"
-- $6 = "%jan%"
-- $7 = "%jan%"
-- $8 = "service_user"
-- $9 = "active"
-- $10 = 51
-- $11 = customer:Acme Belgium NV
-- $12 = customer:Acme Retail SRL
-- $13 = customer:Acme Logistics BV
-- $14 = customer:Acme Belgium NV
-- $15 = "%jan%"
-- $16 = "%jan%"
-- $17 = "%jan%"
-- $18 = "service_user"
-- $19 = "active"
-- $20 = 51
-- $21 = 51
SELECT
  *
FROM
  (
    SELECT
      "u"."id",
      "m"."id" AS "membershipId",
      "u"."email",
      u.first_name AS "firstName",
      u.last_name AS "lastName",
      "m"."profile",
      "m"."sub_profiles" AS "subProfiles",
      "m"."is_primary" AS "isPrimary",
      "m"."is_deputy" AS "isDeputy",
      m.status AS "status",
      "m"."employment_basis" AS "employmentBasis",
      "m"."employment_end" AS "employmentEnd",
      u.email AS "sortKey"
    FROM
      "memberships" AS "m"
      INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
    WHERE
      "m"."customer_id" = $1
      AND "m"."invited_last_name" IS NULL
      AND (
        "m"."customer_id" = $2
        OR "m"."customer_id" = $3
        OR "m"."customer_id" = $4
      )
      AND (
        lower(u.first_name || ' ' || u.last_name) LIKE $5
        OR lower(u.last_name || ' ' || u.first_name) LIKE $6
        OR "u"."email" LIKE $7
      )
      AND "m"."profile" = $8
      AND "m"."status" = $9
    ORDER BY
      u.email DESC,
      "u"."id" DESC
    LIMIT
      $10
  ) AS "own"
UNION ALL
SELECT
  *
FROM
  (
    SELECT
      "u"."id",
      "m"."id" AS "membershipId",
      "u"."email",
      m.invited_first_name AS "firstName",
      m.invited_last_name AS "lastName",
      "m"."profile",
      "m"."sub_profiles" AS "subProfiles",
      "m"."is_primary" AS "isPrimary",
      "m"."is_deputy" AS "isDeputy",
      m.status AS "status",
      "m"."employment_basis" AS "employmentBasis",
      "m"."employment_end" AS "employmentEnd",
      u.email AS "sortKey"
    FROM
      "memberships" AS "m"
      INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
    WHERE
      "m"."customer_id" = $11
      AND "m"."invited_last_name" IS NOT NULL
      AND (
        "m"."customer_id" = $12
        OR "m"."customer_id" = $13
        OR "m"."customer_id" = $14
      )
      AND (
        lower(
          m.invited_first_name || ' ' || m.invited_last_name
        ) LIKE $15
        OR lower(
          m.invited_last_name || ' ' || m.invited_first_name
        ) LIKE $16
        OR "u"."email" LIKE $17
      )
      AND "m"."profile" = $18
      AND "m"."status" = $19
    ORDER BY
      u.email DESC,
      "u"."id" DESC
    LIMIT
      $20
  ) AS "invited"
ORDER BY
  "sortKey" DESC,
  "id" DESC
LIMIT
  $21;

-- listSims as the fleet manager (cost centre Sales): a second page, only SIMs he may change (1/2)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = cost-centre:Acme Belgium NV/Sales
-- $4 = customer:Acme Belgium NV
-- $5 = billing-account:ACME-0002
-- $6 = billing-account:ACME-0001
-- $7 = cost-centre:Acme Belgium NV/Sales
-- $8 = customer:Acme Belgium NV
-- $9 = cost-centre:Acme Belgium NV/Sales
-- $10 = customer:Acme Belgium NV
-- $11 = billing-account:ACME-0002
-- $12 = billing-account:ACME-0001
-- $13 = cost-centre:Acme Belgium NV/Sales
-- $14 = "+32470000001"
-- $15 = 51
SELECT
  "s"."id",
  "s"."msisdn",
  NULL::text AS "sortKey"
FROM
  "sims" AS "s"
  INNER JOIN "billing_accounts" AS "ba" ON "ba"."customer_id" = "s"."customer_id"
  AND "ba"."id" = "s"."billing_account_id"
  LEFT JOIN "cost_centres" AS "cc" ON "cc"."customer_id" = "s"."customer_id"
  AND "cc"."id" = "s"."cost_centre_id"
  LEFT JOIN "users" AS "u" ON "u"."id" = "s"."end_user_id"
  LEFT JOIN "tariff_plans" AS "tp" ON "tp"."id" = "s"."tariff_plan_id"
WHERE
  "s"."customer_id" = $1
  AND (
    (
      "s"."customer_id" = $2
      AND "s"."cost_centre_id" IN ($3)
    )
    OR (
      "s"."customer_id" = $4
      AND "s"."billing_account_id" IN ($5, $6)
      AND "s"."cost_centre_id" IN ($7)
    )
  )
  AND (
    (
      "s"."customer_id" = $8
      AND "s"."cost_centre_id" IN ($9)
    )
    OR (
      "s"."customer_id" = $10
      AND "s"."billing_account_id" IN ($11, $12)
      AND "s"."cost_centre_id" IN ($13)
    )
  )
  AND s.msisdn > $14
ORDER BY
  "s"."msisdn"
LIMIT
  $15;

-- listSims as the fleet manager (cost centre Sales): a second page, only SIMs he may change (2/2)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = cost-centre:Acme Belgium NV/Sales
-- $4 = customer:Acme Belgium NV
-- $5 = billing-account:ACME-0002
-- $6 = billing-account:ACME-0001
-- $7 = cost-centre:Acme Belgium NV/Sales
-- $8 = customer:Acme Belgium NV
-- $9 = cost-centre:Acme Belgium NV/Sales
-- $10 = customer:Acme Belgium NV
-- $11 = billing-account:ACME-0002
-- $12 = billing-account:ACME-0001
-- $13 = cost-centre:Acme Belgium NV/Sales
-- $14 = "+32470000001"
-- $15 = 51
-- $16 = customer:Acme Belgium NV
SELECT
  "s"."id",
  "s"."msisdn",
  "s"."iccid",
  "s"."status",
  "s"."billing_account_id" AS "billingAccountId",
  "ba"."number" AS "billingAccountNumber",
  "s"."cost_centre_id" AS "costCentreId",
  "cc"."name" AS "costCentreName",
  "u"."id" AS "endUserId",
  "u"."first_name" AS "endUserFirstName",
  "u"."last_name" AS "endUserLastName",
  "tp"."id" AS "planId",
  "tp"."code" AS "planCode",
  "tp"."name" AS "planName",
  "s"."initial_term_end" AS "initialTermEnd",
  "s"."blocked_at" AS "blockedAt",
  "p"."sortKey",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "o"."id",
          "o"."code",
          "o"."name"
        FROM
          "sim_options" AS "so"
          INNER JOIN "tariff_options" AS "o" ON "o"."id" = "so"."option_id"
        WHERE
          "so"."customer_id" = "s"."customer_id"
          AND "so"."sim_id" = "s"."id"
        ORDER BY
          "o"."code"
      ) AS agg
  ) AS "options"
FROM
  (
    SELECT
      "s"."id",
      "s"."msisdn",
      NULL::text AS "sortKey"
    FROM
      "sims" AS "s"
      INNER JOIN "billing_accounts" AS "ba" ON "ba"."customer_id" = "s"."customer_id"
      AND "ba"."id" = "s"."billing_account_id"
      LEFT JOIN "cost_centres" AS "cc" ON "cc"."customer_id" = "s"."customer_id"
      AND "cc"."id" = "s"."cost_centre_id"
      LEFT JOIN "users" AS "u" ON "u"."id" = "s"."end_user_id"
      LEFT JOIN "tariff_plans" AS "tp" ON "tp"."id" = "s"."tariff_plan_id"
    WHERE
      "s"."customer_id" = $1
      AND (
        (
          "s"."customer_id" = $2
          AND "s"."cost_centre_id" IN ($3)
        )
        OR (
          "s"."customer_id" = $4
          AND "s"."billing_account_id" IN ($5, $6)
          AND "s"."cost_centre_id" IN ($7)
        )
      )
      AND (
        (
          "s"."customer_id" = $8
          AND "s"."cost_centre_id" IN ($9)
        )
        OR (
          "s"."customer_id" = $10
          AND "s"."billing_account_id" IN ($11, $12)
          AND "s"."cost_centre_id" IN ($13)
        )
      )
      AND s.msisdn > $14
    ORDER BY
      "s"."msisdn"
    LIMIT
      $15
  ) AS "p"
  INNER JOIN "sims" AS "s" ON "s"."customer_id" = $16
  AND "s"."id" = "p"."id"
  INNER JOIN "billing_accounts" AS "ba" ON "ba"."customer_id" = "s"."customer_id"
  AND "ba"."id" = "s"."billing_account_id"
  LEFT JOIN "cost_centres" AS "cc" ON "cc"."customer_id" = "s"."customer_id"
  AND "cc"."id" = "s"."cost_centre_id"
  LEFT JOIN "users" AS "u" ON "u"."id" = "s"."end_user_id"
  LEFT JOIN "tariff_plans" AS "tp" ON "tp"."id" = "s"."tariff_plan_id"
ORDER BY
  p."sortKey" COLLATE "C" ASC,
  "p"."msisdn" ASC;

-- listSims as the Service User (his own line) (1/2)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = cost-centre:Acme Belgium NV/Sales
-- $4 = user:employee@acme.test
-- $5 = customer:Acme Belgium NV
-- $6 = user:employee@acme.test
-- $7 = 51
SELECT
  "s"."id",
  "s"."msisdn",
  NULL::text AS "sortKey"
FROM
  "sims" AS "s"
  INNER JOIN "billing_accounts" AS "ba" ON "ba"."customer_id" = "s"."customer_id"
  AND "ba"."id" = "s"."billing_account_id"
  LEFT JOIN "cost_centres" AS "cc" ON "cc"."customer_id" = "s"."customer_id"
  AND "cc"."id" = "s"."cost_centre_id"
  LEFT JOIN "users" AS "u" ON "u"."id" = "s"."end_user_id"
  LEFT JOIN "tariff_plans" AS "tp" ON "tp"."id" = "s"."tariff_plan_id"
WHERE
  "s"."customer_id" = $1
  AND (
    (
      "s"."customer_id" = $2
      AND "s"."cost_centre_id" IN ($3)
      AND "s"."end_user_id" = $4
    )
    OR (
      "s"."customer_id" = $5
      AND "s"."end_user_id" = $6
    )
  )
ORDER BY
  "s"."msisdn"
LIMIT
  $7;

-- listSims as the Service User (his own line) (2/2)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = cost-centre:Acme Belgium NV/Sales
-- $4 = user:employee@acme.test
-- $5 = customer:Acme Belgium NV
-- $6 = user:employee@acme.test
-- $7 = 51
-- $8 = customer:Acme Belgium NV
SELECT
  "s"."id",
  "s"."msisdn",
  "s"."iccid",
  "s"."status",
  "s"."billing_account_id" AS "billingAccountId",
  "ba"."number" AS "billingAccountNumber",
  "s"."cost_centre_id" AS "costCentreId",
  "cc"."name" AS "costCentreName",
  "u"."id" AS "endUserId",
  "u"."first_name" AS "endUserFirstName",
  "u"."last_name" AS "endUserLastName",
  "tp"."id" AS "planId",
  "tp"."code" AS "planCode",
  "tp"."name" AS "planName",
  "s"."initial_term_end" AS "initialTermEnd",
  "s"."blocked_at" AS "blockedAt",
  "p"."sortKey",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "o"."id",
          "o"."code",
          "o"."name"
        FROM
          "sim_options" AS "so"
          INNER JOIN "tariff_options" AS "o" ON "o"."id" = "so"."option_id"
        WHERE
          "so"."customer_id" = "s"."customer_id"
          AND "so"."sim_id" = "s"."id"
        ORDER BY
          "o"."code"
      ) AS agg
  ) AS "options"
FROM
  (
    SELECT
      "s"."id",
      "s"."msisdn",
      NULL::text AS "sortKey"
    FROM
      "sims" AS "s"
      INNER JOIN "billing_accounts" AS "ba" ON "ba"."customer_id" = "s"."customer_id"
      AND "ba"."id" = "s"."billing_account_id"
      LEFT JOIN "cost_centres" AS "cc" ON "cc"."customer_id" = "s"."customer_id"
      AND "cc"."id" = "s"."cost_centre_id"
      LEFT JOIN "users" AS "u" ON "u"."id" = "s"."end_user_id"
      LEFT JOIN "tariff_plans" AS "tp" ON "tp"."id" = "s"."tariff_plan_id"
    WHERE
      "s"."customer_id" = $1
      AND (
        (
          "s"."customer_id" = $2
          AND "s"."cost_centre_id" IN ($3)
          AND "s"."end_user_id" = $4
        )
        OR (
          "s"."customer_id" = $5
          AND "s"."end_user_id" = $6
        )
      )
    ORDER BY
      "s"."msisdn"
    LIMIT
      $7
  ) AS "p"
  INNER JOIN "sims" AS "s" ON "s"."customer_id" = $8
  AND "s"."id" = "p"."id"
  INNER JOIN "billing_accounts" AS "ba" ON "ba"."customer_id" = "s"."customer_id"
  AND "ba"."id" = "s"."billing_account_id"
  LEFT JOIN "cost_centres" AS "cc" ON "cc"."customer_id" = "s"."customer_id"
  AND "cc"."id" = "s"."cost_centre_id"
  LEFT JOIN "users" AS "u" ON "u"."id" = "s"."end_user_id"
  LEFT JOIN "tariff_plans" AS "tp" ON "tp"."id" = "s"."tariff_plan_id"
ORDER BY
  p."sortKey" COLLATE "C" ASC,
  "p"."msisdn" ASC;

-- listUserSims as the AO
-- $1 = customer:Acme Belgium NV
-- $2 = user:employee@acme.test
-- $3 = customer:Acme Retail SRL
-- $4 = customer:Acme Logistics BV
-- $5 = customer:Acme Belgium NV
SELECT
  "s"."id",
  "s"."msisdn",
  "s"."status",
  "s"."billing_account_id" AS "billingAccountId",
  "s"."cost_centre_id" AS "costCentreId"
FROM
  "sims" AS "s"
WHERE
  "s"."customer_id" = $1
  AND "s"."end_user_id" = $2
  AND (
    "s"."customer_id" = $3
    OR "s"."customer_id" = $4
    OR "s"."customer_id" = $5
  )
ORDER BY
  "s"."msisdn";

-- listScopeOptions as the fleet manager (1/2)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = cost-centre:Acme Belgium NV/Sales
SELECT
  "ba"."id",
  "ba"."number",
  "ba"."name",
  "ba"."type"
FROM
  "billing_accounts" AS "ba",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  "ba"."customer_id" = $1
  AND (
    "ba"."customer_id" = $2
    AND "none"."id" IN ($3)
  )
ORDER BY
  "ba"."number";

-- listScopeOptions as the fleet manager (2/2)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = cost-centre:Acme Belgium NV/Sales
SELECT
  "cc"."id",
  "cc"."code",
  "cc"."name"
FROM
  "cost_centres" AS "cc",
  (
    SELECT
      NULL::uuid AS id
  ) AS "none"
WHERE
  "cc"."customer_id" = $1
  AND (
    "cc"."customer_id" = $2
    AND "cc"."id" IN ($3)
  )
ORDER BY
  "cc"."code";

-- listDelegations as the AO: a second page
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = customer:Acme Belgium NV
-- $6 = customer:Acme Belgium NV
-- $7 = "2026-01-01T00:00:00.000Z"
-- $8 = user:owner@acme.test
-- $9 = 51
SELECT
  "d"."id",
  "d"."customer_id" AS "customerId",
  "c"."name" AS "customerName",
  "c"."enterprise_number" AS "customerEnterpriseNumber",
  "d"."partner_id" AS "partnerId",
  "p"."name" AS "partnerName",
  "p"."enterprise_number" AS "partnerEnterpriseNumber",
  "d"."rights",
  "d"."billing_account_ids" AS "billingAccountIds",
  "d"."cost_centre_ids" AS "costCentreIds",
  "d"."status",
  "d"."starts_at" AS "startsAt",
  "d"."ends_at" AS "endsAt",
  "d"."reason",
  "d"."decided_at" AS "decidedAt",
  "d"."created_at" AS "createdAt",
  to_char(
    "d"."created_at" AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'
  ) AS "sortKey",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "ba"."id",
          "ba"."number",
          "ba"."name"
        FROM
          "billing_accounts" AS "ba"
        WHERE
          "ba"."customer_id" = "d"."customer_id"
          AND ba.id = ANY (d.billing_account_ids)
        ORDER BY
          "ba"."number"
      ) AS agg
  ) AS "billingAccounts",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "cc"."id",
          "cc"."code",
          "cc"."name"
        FROM
          "cost_centres" AS "cc"
        WHERE
          "cc"."customer_id" = "d"."customer_id"
          AND cc.id = ANY (d.cost_centre_ids)
        ORDER BY
          "cc"."code"
      ) AS agg
  ) AS "costCentres",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "u"."id" AS "userId",
          "u"."first_name" AS "firstName",
          "u"."last_name" AS "lastName",
          "u"."email"
        FROM
          "delegation_users" AS "du"
          INNER JOIN "users" AS "u" ON "u"."id" = "du"."user_id"
        WHERE
          "du"."delegation_id" = "d"."id"
        ORDER BY
          "u"."last_name",
          "u"."first_name",
          "u"."id"
      ) AS agg
  ) AS "users"
FROM
  "delegations" AS "d"
  INNER JOIN "customers" AS "c" ON "c"."id" = "d"."customer_id"
  INNER JOIN "customers" AS "p" ON "p"."id" = "d"."partner_id"
WHERE
  (
    "d"."partner_id" = $1
    OR "d"."customer_id" = $2
    OR "d"."customer_id" = $3
    OR "d"."customer_id" = $4
  )
  AND (
    "d"."customer_id" = $5
    OR "d"."partner_id" = $6
  )
  AND (d.created_at, d.id) < ($7::timestamptz, $8::uuid)
ORDER BY
  "d"."created_at" DESC,
  "d"."id" DESC
LIMIT
  $9;

-- listAffiliates as the AO
-- $1 = customer:Acme Retail SRL
-- $2 = customer:Acme Logistics BV
-- $3 = customer:Acme Belgium NV
-- $4 = customer:Acme Belgium NV
-- $5 = 51
SELECT
  "al"."id",
  "al"."customer_id" AS "customerId",
  "c"."name" AS "customerName",
  "c"."enterprise_number" AS "customerEnterpriseNumber",
  "al"."affiliate_id" AS "affiliateId",
  "a"."name" AS "affiliateName",
  "a"."enterprise_number" AS "affiliateEnterpriseNumber",
  "al"."basis",
  "al"."status",
  "al"."reason",
  "al"."requested_at" AS "requestedAt",
  "al"."decided_at" AS "decidedAt",
  to_char(
    "al"."requested_at" AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'
  ) AS "sortKey"
FROM
  "affiliate_links" AS "al"
  INNER JOIN "customers" AS "c" ON "c"."id" = "al"."customer_id"
  INNER JOIN "customers" AS "a" ON "a"."id" = "al"."affiliate_id"
WHERE
  (
    "al"."customer_id" = $1
    OR "al"."customer_id" = $2
    OR "al"."customer_id" = $3
  )
  AND "al"."customer_id" = $4
ORDER BY
  "al"."requested_at" DESC,
  "al"."id" DESC
LIMIT
  $5;

-- listAudit as the AO: a second page (1/7)
-- $1 = customer:Acme Belgium NV
SELECT
  "l"."affiliate_id"
FROM
  "affiliate_links" AS "l"
WHERE
  "l"."customer_id" = $1;

-- listAudit as the AO: a second page (2/7)
-- $1 = customer:Acme Belgium NV
SELECT
  "mine"."user_id"
FROM
  "memberships" AS "mine"
WHERE
  "mine"."customer_id" = $1;

-- listAudit as the AO: a second page (3/7)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "2026-01-01T00:00:00.000Z"
-- $6 = "1000"
-- $7 = 51
SELECT
  "a".*
FROM
  "audit_log" AS "a"
WHERE
  "a"."customer_id" = $1
  AND (
    "a"."customer_id" = $2
    OR "a"."customer_id" = $3
    OR "a"."customer_id" = $4
  )
  AND (a.at, a.id) < ($5::timestamptz, $6::bigint)
ORDER BY
  "a"."at" DESC,
  "a"."id" DESC
LIMIT
  $7;

-- listAudit as the AO: a second page (4/7)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = customer:Acme Retail SRL
-- $4 = customer:Acme Logistics BV
-- $5 = customer:Acme Belgium NV
-- $6 = "2026-01-01T00:00:00.000Z"
-- $7 = "1000"
-- $8 = 51
SELECT
  "a".*
FROM
  "audit_log" AS "a"
WHERE
  "a"."customer_id" IN (
    SELECT
      "l"."affiliate_id"
    FROM
      "affiliate_links" AS "l"
    WHERE
      "l"."customer_id" = $1
  )
  AND "a"."delegation_id" IS NULL
  AND "a"."actor_user_id" IN (
    SELECT
      "mine"."user_id"
    FROM
      "memberships" AS "mine"
    WHERE
      "mine"."customer_id" = $2
  )
  AND NOT EXISTS (
    SELECT
      1 AS "one"
    FROM
      "memberships" AS "theirs"
    WHERE
      "theirs"."user_id" = "a"."actor_user_id"
      AND "theirs"."customer_id" = "a"."customer_id"
  )
  AND (
    "a"."customer_id" = $3
    OR "a"."customer_id" = $4
    OR "a"."customer_id" = $5
  )
  AND (a.at, a.id) < ($6::timestamptz, $7::bigint)
ORDER BY
  "a"."at" DESC,
  "a"."id" DESC
LIMIT
  $8;

-- listAudit as the AO: a second page (5/7)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Belgium NV
-- $3 = customer:Acme Retail SRL
-- $4 = customer:Acme Logistics BV
-- $5 = customer:Acme Belgium NV
-- $6 = "2026-01-01T00:00:00.000Z"
-- $7 = "1000"
-- $8 = 51
SELECT
  *
FROM
  (
    SELECT
      "a".*
    FROM
      "audit_log" AS "a"
    WHERE
      "a"."customer_id" IN (
        SELECT
          "l"."affiliate_id"
        FROM
          "affiliate_links" AS "l"
        WHERE
          "l"."customer_id" = $1
      )
      AND "a"."delegation_id" IS NULL
      AND "a"."actor_user_id" IN (
        SELECT
          "mine"."user_id"
        FROM
          "memberships" AS "mine"
        WHERE
          "mine"."customer_id" = $2
      )
      AND NOT EXISTS (
        SELECT
          1 AS "one"
        FROM
          "memberships" AS "theirs"
        WHERE
          "theirs"."user_id" = "a"."actor_user_id"
          AND "theirs"."customer_id" = "a"."customer_id"
      )
      AND (
        "a"."customer_id" = $3
        OR "a"."customer_id" = $4
        OR "a"."customer_id" = $5
      )
      AND (a.at, a.id) < ($6::timestamptz, $7::bigint)
    ORDER BY
      "a"."at" DESC,
      "a"."id" DESC
    LIMIT
      $8
  ) AS "aff";

-- listAudit as the AO: a second page (6/7)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "2026-01-01T00:00:00.000Z"
-- $6 = "1000"
-- $7 = 51
-- $8 = customer:Acme Belgium NV
-- $9 = customer:Acme Belgium NV
-- $10 = customer:Acme Retail SRL
-- $11 = customer:Acme Logistics BV
-- $12 = customer:Acme Belgium NV
-- $13 = "2026-01-01T00:00:00.000Z"
-- $14 = "1000"
-- $15 = 51
SELECT
  *
FROM
  (
    SELECT
      "a".*
    FROM
      "audit_log" AS "a"
    WHERE
      "a"."customer_id" = $1
      AND (
        "a"."customer_id" = $2
        OR "a"."customer_id" = $3
        OR "a"."customer_id" = $4
      )
      AND (a.at, a.id) < ($5::timestamptz, $6::bigint)
    ORDER BY
      "a"."at" DESC,
      "a"."id" DESC
    LIMIT
      $7
  ) AS "own"
UNION ALL
SELECT
  *
FROM
  (
    SELECT
      "a".*
    FROM
      "audit_log" AS "a"
    WHERE
      "a"."customer_id" IN (
        SELECT
          "l"."affiliate_id"
        FROM
          "affiliate_links" AS "l"
        WHERE
          "l"."customer_id" = $8
      )
      AND "a"."delegation_id" IS NULL
      AND "a"."actor_user_id" IN (
        SELECT
          "mine"."user_id"
        FROM
          "memberships" AS "mine"
        WHERE
          "mine"."customer_id" = $9
      )
      AND NOT EXISTS (
        SELECT
          1 AS "one"
        FROM
          "memberships" AS "theirs"
        WHERE
          "theirs"."user_id" = "a"."actor_user_id"
          AND "theirs"."customer_id" = "a"."customer_id"
      )
      AND (
        "a"."customer_id" = $10
        OR "a"."customer_id" = $11
        OR "a"."customer_id" = $12
      )
      AND (a.at, a.id) < ($13::timestamptz, $14::bigint)
    ORDER BY
      "a"."at" DESC,
      "a"."id" DESC
    LIMIT
      $15
  ) AS "aff";

-- listAudit as the AO: a second page (7/7)
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = "2026-01-01T00:00:00.000Z"
-- $6 = "1000"
-- $7 = 51
-- $8 = customer:Acme Belgium NV
-- $9 = customer:Acme Belgium NV
-- $10 = customer:Acme Retail SRL
-- $11 = customer:Acme Logistics BV
-- $12 = customer:Acme Belgium NV
-- $13 = "2026-01-01T00:00:00.000Z"
-- $14 = "1000"
-- $15 = 51
-- $16 = 51
SELECT
  a.id::text AS "id",
  to_char(
    a.at AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'
  ) AS "sortKey",
  "a"."at",
  "a"."actor_user_id" AS "actorId",
  "actor"."first_name" AS "actorFirstName",
  "actor"."last_name" AS "actorLastName",
  "actor"."email" AS "actorEmail",
  a.customer_id AS "customerId",
  "c"."name" AS "customerName",
  "a"."delegation_id" AS "delegationId",
  "p"."name" AS "partnerName",
  "a"."action",
  "a"."target_type" AS "targetType",
  "a"."target_id" AS "targetId",
  "a"."before",
  "a"."after"
FROM
  (
    SELECT
      *
    FROM
      (
        SELECT
          "a".*
        FROM
          "audit_log" AS "a"
        WHERE
          "a"."customer_id" = $1
          AND (
            "a"."customer_id" = $2
            OR "a"."customer_id" = $3
            OR "a"."customer_id" = $4
          )
          AND (a.at, a.id) < ($5::timestamptz, $6::bigint)
        ORDER BY
          "a"."at" DESC,
          "a"."id" DESC
        LIMIT
          $7
      ) AS "own"
    UNION ALL
    SELECT
      *
    FROM
      (
        SELECT
          "a".*
        FROM
          "audit_log" AS "a"
        WHERE
          "a"."customer_id" IN (
            SELECT
              "l"."affiliate_id"
            FROM
              "affiliate_links" AS "l"
            WHERE
              "l"."customer_id" = $8
          )
          AND "a"."delegation_id" IS NULL
          AND "a"."actor_user_id" IN (
            SELECT
              "mine"."user_id"
            FROM
              "memberships" AS "mine"
            WHERE
              "mine"."customer_id" = $9
          )
          AND NOT EXISTS (
            SELECT
              1 AS "one"
            FROM
              "memberships" AS "theirs"
            WHERE
              "theirs"."user_id" = "a"."actor_user_id"
              AND "theirs"."customer_id" = "a"."customer_id"
          )
          AND (
            "a"."customer_id" = $10
            OR "a"."customer_id" = $11
            OR "a"."customer_id" = $12
          )
          AND (a.at, a.id) < ($13::timestamptz, $14::bigint)
        ORDER BY
          "a"."at" DESC,
          "a"."id" DESC
        LIMIT
          $15
      ) AS "aff"
  ) AS "a"
  INNER JOIN "customers" AS "c" ON "c"."id" = "a"."customer_id"
  LEFT JOIN "users" AS "actor" ON "actor"."id" = "a"."actor_user_id"
  LEFT JOIN "delegations" AS "d" ON "d"."id" = "a"."delegation_id"
  LEFT JOIN "customers" AS "p" ON "p"."id" = "d"."partner_id"
ORDER BY
  "a"."at" DESC,
  "a"."id" DESC
LIMIT
  $16;

-- listReviews as the AO
-- $1 = customer:Acme Belgium NV
-- $2 = customer:Acme Retail SRL
-- $3 = customer:Acme Logistics BV
-- $4 = customer:Acme Belgium NV
-- $5 = 51
SELECT
  "r"."id",
  "r"."customer_id" AS "customerId",
  "r"."status",
  r.deadline::text AS "deadline",
  "r"."profiles",
  "r"."started_at" AS "startedAt",
  "r"."closed_at" AS "closedAt",
  "s"."id" AS "starterId",
  "s"."first_name" AS "starterFirstName",
  "s"."last_name" AS "starterLastName",
  "s"."email" AS "starterEmail",
  count(i.id)::int AS "total",
  (
    count(i.id) FILTER (
      WHERE
        i.decision <> 'pending'
    )
  )::int AS "decided",
  (
    count(i.id) FILTER (
      WHERE
        i.decision = 'confirmed'
    )
  )::int AS "confirmed",
  (
    count(i.id) FILTER (
      WHERE
        i.decision = 'removed'
    )
  )::int AS "removed",
  (
    count(i.id) FILTER (
      WHERE
        i.decision = 'kept'
    )
  )::int AS "kept"
FROM
  "access_reviews" AS "r"
  INNER JOIN "users" AS "s" ON "s"."id" = "r"."started_by"
  LEFT JOIN "access_review_items" AS "i" ON "i"."review_id" = "r"."id"
  AND "i"."customer_id" = "r"."customer_id"
WHERE
  "r"."customer_id" = $1
  AND (
    "r"."customer_id" = $2
    OR "r"."customer_id" = $3
    OR "r"."customer_id" = $4
  )
GROUP BY
  "r"."customer_id",
  "r"."id",
  "s"."id"
ORDER BY
  "r"."started_at" DESC,
  "r"."id" DESC
LIMIT
  $5;
