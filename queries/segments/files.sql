-- The files touchpoints came from, in name order (a touchpoint's place in it breaks ties in time).
SELECT list(DISTINCT origin_file ORDER BY origin_file) FROM touchpoints
