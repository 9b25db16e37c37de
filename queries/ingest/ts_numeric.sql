SELECT count(*), count(try_cast(v AS DOUBLE)), median(abs(try_cast(v AS DOUBLE))) FROM ts_sample
