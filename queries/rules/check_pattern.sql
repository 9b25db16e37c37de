-- Raises when the pattern is not a valid regular expression.
SELECT regexp_matches('', $pattern)
