-- loadAccessContext (a request: the session named)
-- $1 = user:admin@brightwave.test
-- $2 = session:admin@brightwave.test
-- $3 = 2026-11-02T10:00:00.000Z
-- $4 = "2026-11-02"
-- $5 = ["access_owner"]
SELECT
  access_context (
    $1::uuid,
    $2::uuid,
    $3::timestamptz,
    $4::date,
    $5::TEXT[]
  ) AS ctx;

-- loadAccessContext ("why can this user see this?": no session)
-- $1 = user:admin@brightwave.test
-- $2 = null
-- $3 = 2026-11-02T10:00:00.000Z
-- $4 = "2026-11-02"
-- $5 = ["access_owner"]
SELECT
  access_context (
    $1::uuid,
    $2::uuid,
    $3::timestamptz,
    $4::date,
    $5::TEXT[]
  ) AS ctx;
