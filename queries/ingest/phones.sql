SELECT DISTINCT phone_raw FROM mapped WHERE phone_raw IS NOT NULL
