-- The path of a URL or of a bare path, without query or fragment.
CREATE OR REPLACE MACRO jx_url_path(url) AS
    coalesce(nullif(regexp_extract(url, '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?([^?#]*)', 1), ''), '/')
