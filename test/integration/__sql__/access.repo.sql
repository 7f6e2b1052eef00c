-- loadAccessContext (a request: the session named)
-- $1 = session:admin@brightwave.test
-- $2 = 2026-11-02T10:00:00.000Z
-- $3 = "access_owner"
-- $4 = "2026-11-02"
-- $5 = 2026-11-02T10:00:00.000Z
-- $6 = 2026-11-02T10:00:00.000Z
-- $7 = "2026-11-02"
-- $8 = user:admin@brightwave.test
SELECT
  "u"."id",
  "u"."email",
  "u"."status",
  "u"."is_operator" AS "isOperator",
  trim(u.first_name || ' ' || u.last_name) AS "name",
  EXISTS (
    SELECT
      "s"."id"
    FROM
      "sessions" AS "s"
    WHERE
      "s"."id" = $1
      AND "s"."user_id" = "u"."id"
      AND "s"."revoked_at" IS NULL
      AND "s"."expires_at" > $2
  ) AS "sessionOpen",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "m"."customer_id" AS "customerId",
          "m"."profile",
          "m"."sub_profiles" AS "subProfiles",
          coalesce(
            (
              SELECT
                array_agg(
                  ca.app
                  ORDER BY
                    ca.app
                )
              FROM
                customer_apps ca
              WHERE
                ca.customer_id = "m"."customer_id"
                AND ca.deactivated_at IS NULL
            ),
            '{}'
          ) AS "apps",
          (
            SELECT
              coalesce(json_agg(agg), '[]')
            FROM
              (
                SELECT
                  "g"."app",
                  "g"."actions",
                  "g"."billing_account_ids" AS "billingAccountIds",
                  "g"."cost_centre_ids" AS "costCentreIds"
                FROM
                  "grants" AS "g"
                WHERE
                  "g"."membership_id" = "m"."id"
                ORDER BY
                  "g"."app"
              ) AS agg
          ) AS "grants",
          (
            SELECT
              coalesce(json_agg(agg), '[]')
            FROM
              (
                SELECT
                  "al"."affiliate_id" AS "customerId",
                  coalesce(
                    (
                      SELECT
                        array_agg(
                          ca.app
                          ORDER BY
                            ca.app
                        )
                      FROM
                        customer_apps ca
                      WHERE
                        ca.customer_id = "al"."affiliate_id"
                        AND ca.deactivated_at IS NULL
                    ),
                    '{}'
                  ) AS "apps"
                FROM
                  "affiliate_links" AS "al"
                  INNER JOIN "customers" AS "a" ON "a"."id" = "al"."affiliate_id"
                WHERE
                  "al"."customer_id" = "m"."customer_id"
                  AND "m"."profile" IN ($3)
                  AND ("al"."status" = 'active')
                  AND ("a"."status" = 'active')
                ORDER BY
                  "al"."affiliate_id"
              ) AS agg
          ) AS "affiliates"
        FROM
          "memberships" AS "m"
          INNER JOIN "customers" AS "c" ON "c"."id" = "m"."customer_id"
        WHERE
          "m"."user_id" = "u"."id"
          AND (
            "m"."status" = 'active'
            AND (
              "m"."employment_end" IS NULL
              OR "m"."employment_end" >= $4::date
            )
          )
          AND ("c"."status" = 'active')
        ORDER BY
          "m"."customer_id"
      ) AS agg
  ) AS "memberships",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "d"."id" AS "delegationId",
          "d"."customer_id" AS "customerId",
          "d"."partner_id" AS "partnerId",
          "d"."rights",
          "d"."billing_account_ids" AS "billingAccountIds",
          "d"."cost_centre_ids" AS "costCentreIds",
          coalesce(
            (
              SELECT
                array_agg(
                  ca.app
                  ORDER BY
                    ca.app
                )
              FROM
                customer_apps ca
              WHERE
                ca.customer_id = "d"."customer_id"
                AND ca.deactivated_at IS NULL
            ),
            '{}'
          ) AS "apps"
        FROM
          "delegation_users" AS "du"
          INNER JOIN "delegations" AS "d" ON "d"."id" = "du"."delegation_id"
          INNER JOIN "customers" AS "c" ON "c"."id" = "d"."customer_id"
          INNER JOIN "customers" AS "p" ON "p"."id" = "d"."partner_id"
          INNER JOIN "memberships" AS "pm" ON "pm"."customer_id" = "d"."partner_id"
          AND "pm"."user_id" = "du"."user_id"
        WHERE
          "du"."user_id" = "u"."id"
          AND (
            "d"."status" = 'active'
            AND "d"."starts_at" <= $5::timestamptz
            AND "d"."ends_at" > $6::timestamptz
          )
          AND ("c"."status" = 'active')
          AND ("p"."status" = 'active')
          AND (
            "pm"."status" = 'active'
            AND (
              "pm"."employment_end" IS NULL
              OR "pm"."employment_end" >= $7::date
            )
          )
        ORDER BY
          "d"."id"
      ) AS agg
  ) AS "delegations"
FROM
  "users" AS "u"
WHERE
  "u"."id" = $8;

-- loadAccessContext ("why can this user see this?": no session)
-- $1 = 2026-11-02T10:00:00.000Z
-- $2 = "access_owner"
-- $3 = "2026-11-02"
-- $4 = 2026-11-02T10:00:00.000Z
-- $5 = 2026-11-02T10:00:00.000Z
-- $6 = "2026-11-02"
-- $7 = user:admin@brightwave.test
SELECT
  "u"."id",
  "u"."email",
  "u"."status",
  "u"."is_operator" AS "isOperator",
  trim(u.first_name || ' ' || u.last_name) AS "name",
  EXISTS (
    SELECT
      "s"."id"
    FROM
      "sessions" AS "s"
    WHERE
      "s"."id" = NULL
      AND "s"."user_id" = "u"."id"
      AND "s"."revoked_at" IS NULL
      AND "s"."expires_at" > $1
  ) AS "sessionOpen",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "m"."customer_id" AS "customerId",
          "m"."profile",
          "m"."sub_profiles" AS "subProfiles",
          coalesce(
            (
              SELECT
                array_agg(
                  ca.app
                  ORDER BY
                    ca.app
                )
              FROM
                customer_apps ca
              WHERE
                ca.customer_id = "m"."customer_id"
                AND ca.deactivated_at IS NULL
            ),
            '{}'
          ) AS "apps",
          (
            SELECT
              coalesce(json_agg(agg), '[]')
            FROM
              (
                SELECT
                  "g"."app",
                  "g"."actions",
                  "g"."billing_account_ids" AS "billingAccountIds",
                  "g"."cost_centre_ids" AS "costCentreIds"
                FROM
                  "grants" AS "g"
                WHERE
                  "g"."membership_id" = "m"."id"
                ORDER BY
                  "g"."app"
              ) AS agg
          ) AS "grants",
          (
            SELECT
              coalesce(json_agg(agg), '[]')
            FROM
              (
                SELECT
                  "al"."affiliate_id" AS "customerId",
                  coalesce(
                    (
                      SELECT
                        array_agg(
                          ca.app
                          ORDER BY
                            ca.app
                        )
                      FROM
                        customer_apps ca
                      WHERE
                        ca.customer_id = "al"."affiliate_id"
                        AND ca.deactivated_at IS NULL
                    ),
                    '{}'
                  ) AS "apps"
                FROM
                  "affiliate_links" AS "al"
                  INNER JOIN "customers" AS "a" ON "a"."id" = "al"."affiliate_id"
                WHERE
                  "al"."customer_id" = "m"."customer_id"
                  AND "m"."profile" IN ($2)
                  AND ("al"."status" = 'active')
                  AND ("a"."status" = 'active')
                ORDER BY
                  "al"."affiliate_id"
              ) AS agg
          ) AS "affiliates"
        FROM
          "memberships" AS "m"
          INNER JOIN "customers" AS "c" ON "c"."id" = "m"."customer_id"
        WHERE
          "m"."user_id" = "u"."id"
          AND (
            "m"."status" = 'active'
            AND (
              "m"."employment_end" IS NULL
              OR "m"."employment_end" >= $3::date
            )
          )
          AND ("c"."status" = 'active')
        ORDER BY
          "m"."customer_id"
      ) AS agg
  ) AS "memberships",
  (
    SELECT
      coalesce(json_agg(agg), '[]')
    FROM
      (
        SELECT
          "d"."id" AS "delegationId",
          "d"."customer_id" AS "customerId",
          "d"."partner_id" AS "partnerId",
          "d"."rights",
          "d"."billing_account_ids" AS "billingAccountIds",
          "d"."cost_centre_ids" AS "costCentreIds",
          coalesce(
            (
              SELECT
                array_agg(
                  ca.app
                  ORDER BY
                    ca.app
                )
              FROM
                customer_apps ca
              WHERE
                ca.customer_id = "d"."customer_id"
                AND ca.deactivated_at IS NULL
            ),
            '{}'
          ) AS "apps"
        FROM
          "delegation_users" AS "du"
          INNER JOIN "delegations" AS "d" ON "d"."id" = "du"."delegation_id"
          INNER JOIN "customers" AS "c" ON "c"."id" = "d"."customer_id"
          INNER JOIN "customers" AS "p" ON "p"."id" = "d"."partner_id"
          INNER JOIN "memberships" AS "pm" ON "pm"."customer_id" = "d"."partner_id"
          AND "pm"."user_id" = "du"."user_id"
        WHERE
          "du"."user_id" = "u"."id"
          AND (
            "d"."status" = 'active'
            AND "d"."starts_at" <= $4::timestamptz
            AND "d"."ends_at" > $5::timestamptz
          )
          AND ("c"."status" = 'active')
          AND ("p"."status" = 'active')
          AND (
            "pm"."status" = 'active'
            AND (
              "pm"."employment_end" IS NULL
              OR "pm"."employment_end" >= $6::date
            )
          )
        ORDER BY
          "d"."id"
      ) AS agg
  ) AS "delegations"
FROM
  "users" AS "u"
WHERE
  "u"."id" = $7;
