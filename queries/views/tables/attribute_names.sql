-- Attribute keys present in attrs (for filters and segment pickers).
SELECT DISTINCT unnest(json_keys(attrs)) AS name FROM touchpoints WHERE attrs IS NOT NULL ORDER BY name
