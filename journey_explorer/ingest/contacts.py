"""CRM contact lists: one row per contact, no events. Their columns land as customer fields.

A contact list is read and its identifiers normalised and anchored like any export (finalize.sql
over customers/map_contacts.sql); its identifiers go to identity_links, so a contact stitches
with the journeys that share any identifier, and its columns go to customer_fields. The view
`customers(customer_id, fields)` joins them to the stitched customers (segments read it).
"""
from __future__ import annotations

from .. import db

KIND = "contacts"


def ensure(con) -> None:
    """customer_fields and the customers view, where missing (first contact list of a workspace)."""
    db.run(con, "customers/fields_table")
    db.run(con, "customers/customers_view")


def save(con, load_id: int) -> None:
    """The finalized rows of this load (temp table final) as customer fields."""
    ensure(con)
    db.run(con, "customers/insert_fields", load_id=load_id)


def forget(con, file: str) -> None:
    if db.has_table(con, "customer_fields"):
        db.run(con, "customers/forget_fields", file=file)


def matched(con, load_id: int) -> int:
    """How many of this list's contacts belong to a customer with a journey (after stitching)."""
    return int(db.scalar(con, "customers/matched", load_id=load_id))


def save_profiles(con, load_id: int, params: dict) -> int:
    """An event stream's identify messages (the rows of final that params mark, see
    activities.profile_params): their traits become customer fields, an email trait links the
    customer, and the rows leave final, so they are no touchpoints. Returns how many there were."""
    db.run(con, "customers/profile_rows", **params)
    ensure(con)
    db.run(con, "customers/insert_profiles", load_id=load_id)
    db.run(con, "customers/profile_links", load_id=load_id)
    db.run(con, "ingest/drop_profiles")
    return int(db.scalar(con, "customers/profile_count"))
