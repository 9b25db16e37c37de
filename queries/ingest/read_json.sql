CREATE OR REPLACE TEMP TABLE raw_read AS
SELECT * FROM read_json($path, format = 'auto', records = 'auto', sample_size = -1,
                        maximum_object_size = 268435456)
LIMIT $limit
