-- GA4 event_params arrays and flat JSON objects alike, as MAP(VARCHAR, VARCHAR).
CREATE OR REPLACE MACRO jx_params(p) AS CASE
    WHEN p IS NULL OR NOT json_valid(p) THEN NULL
    WHEN json_type(p) = 'ARRAY' THEN map_from_entries(list_transform(
        from_json(p, '[{"key":"VARCHAR","value":{"string_value":"VARCHAR","int_value":"VARCHAR","double_value":"VARCHAR","float_value":"VARCHAR"}}]'),
        lambda e: {'k': e.key, 'v': coalesce(e.value.string_value, e.value.int_value, e.value.double_value, e.value.float_value)}))
    WHEN json_type(p) = 'OBJECT' THEN json_transform(p, '"MAP(VARCHAR, VARCHAR)"')
END
