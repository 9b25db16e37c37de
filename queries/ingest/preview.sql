-- What the first rows of a file become (identifiers masked), with the reason for rejected ones.
SELECT origin_row AS "row", ts, touchpoint, source, medium, campaign, value,
       CASE WHEN email_n IS NOT NULL THEN '***@' || split_part(email_n, '@', 2) END AS email,
       CASE WHEN phone_n IS NOT NULL THEN '***' || right(phone_n, 2) END AS phone,
       reason
FROM final ORDER BY origin_row LIMIT 20
