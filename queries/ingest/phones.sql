-- Distinct phone numbers with the row's own country where the export gives one (GB, DE, …).
SELECT DISTINCT phone_raw, phone_country FROM mapped WHERE phone_raw IS NOT NULL
