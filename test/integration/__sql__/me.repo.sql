-- listMembersWithProfiles (ADMINISTRATOR_PROFILES)
-- $1 = customer:Acme Belgium NV
-- $2 = "access_owner"
-- $3 = "access_manager"
-- $4 = "2026-11-02"
SELECT
  "u"."id" AS "userId",
  "u"."first_name" AS "firstName",
  "u"."last_name" AS "lastName",
  "u"."email",
  "u"."phone",
  "m"."profile",
  "m"."is_primary" AS "isPrimary"
FROM
  "memberships" AS "m"
  INNER JOIN "users" AS "u" ON "u"."id" = "m"."user_id"
WHERE
  "m"."customer_id" = $1
  AND "m"."profile" IN ($2, $3)
  AND membership_gives_access ("m"."status", "m"."employment_end", $4::date)
  AND ("u"."status" = 'active')
ORDER BY
  "m"."is_primary" DESC,
  "u"."last_name",
  "u"."first_name";
