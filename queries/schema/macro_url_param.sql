CREATE OR REPLACE MACRO jx_url_param(url, k) AS
    nullif(url_decode(regexp_extract(url, '[?&#]' || k || '=([^&#]*)', 1)), '')
