"""Identity: normalising emails and phone numbers, and stitching rows into customers.

Rows that share any identifier belong to one customer: the connected components of the graph
whose nodes are identifiers and whose edges join identifiers seen on the same row.
"""
from __future__ import annotations

import pandas as pd
import phonenumbers

from .. import db
from ..rules import settings

MAX_ROUNDS = 200


def normalise_phone(raw: str | None, default_country: str = "US") -> str | None:
    """E.164 ('+14155550132') for anything a person would read as that number, else None."""
    if raw is None or not str(raw).strip():
        return None
    try:
        number = phonenumbers.parse(str(raw), default_country.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # "01" in DE is "possible" (+4901) but no one's number: E.164 numbers have 7 digits or more.
    return e164 if len(e164) > 7 else None


def phone_table(rows, default_country: str) -> pd.DataFrame:
    """(raw, country, e164) for each distinct (raw phone, row's country or None), normalised once."""
    rows = list(rows)
    return pd.DataFrame({"raw": [r[0] for r in rows], "country": [r[1] for r in rows],
                         "e164": [normalise_phone(raw, country if country in phonenumbers.SUPPORTED_REGIONS
                                                  else default_country) for raw, country in rows]},
                        columns=["raw", "country", "e164"]).astype("object")


def stitch(con, scoped: bool = False) -> int:
    """Rebuild `identities` from identity_links (scoped: only the identifiers in id_scope, whose
    customers in id_touched are replaced); returns the number of propagation rounds."""
    if not scoped:
        db.run(con, "model/empty_scope")
    db.run(con, "identity/nodes", scoped=scoped)
    db.run(con, "identity/edges", scoped=scoped)
    for rounds in range(1, MAX_ROUNDS + 1):
        db.run(con, "identity/propagate")
        changed = db.scalar(con, "identity/changed")
        db.run(con, "identity/swap")
        if not changed:
            break
    db.write_rows(con, db.relation(con, "identity/labelled", salt=settings(con)["id_salt"]), "identities",
                  forget="identity/forget_touched" if scoped else None)
    for scratch in ("id_edges", "id_labels", "id_labels_next"):
        db.drop_table(con, scratch)
    return rounds
