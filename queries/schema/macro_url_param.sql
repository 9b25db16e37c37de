-- A query parameter of a URL, decoded; NULL when missing or empty (regex run once, see jx_clean).
CREATE OR REPLACE MACRO jx_url_param(url, k) AS
    list_filter([url_decode(regexp_extract(url, '[?&#]' || k || '=([^&#]*)', 1))], lambda v: v <> '')[1]
