SELECT count(*) FROM profile_rows
