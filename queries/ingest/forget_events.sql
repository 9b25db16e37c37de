-- A file being mapped again: its rows go, then it is loaded from its kept original.
DELETE FROM events WHERE origin_file = $file
