"""A CRM contact list in a real browser: on the demo, the demo's own exports are loaded into a
private workspace, then a contact list of some of its customers (by email or phone); the load
report says how many matched, and the Segments page split by customer.plan counts them per plan
as pandas does from the raw files."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from browser_kit import ROOT
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, dataframe_with, go_to, grid_rows, open_app

from journey_explorer import ingest, workspace

pytestmark = pytest.mark.browser

SAMPLE = ROOT / "sample_data"
DEMO_FILES = ("web_events.csv.gz", "calls.csv", "emails.csv")
LOAD_TIMEOUT = 240_000   # ms; the demo's 80,000 rows on two shared cores
PLANS = ("pro", "basic", "basic", "free", "free", "free")   # uneven, so the split's order means something
REGIONS = ("EMEA", "NA", "APAC")
STRANGERS = 4
# The page has finished its run: nothing running, no element left over from the run before.
SETTLED = """() => !document.querySelector('[data-testid=stStatusWidget]')
    && !document.querySelector('[data-testid=stElementContainer][data-stale=true]')"""


def customer_of_each(path, file: str, column: str) -> dict[str, str]:
    """Raw value of a column of a demo file → the customer its rows were stitched into (the rows
    matched by their row number, so the values are the file's own, not the core's normal form)."""
    con = workspace.connect(path, read_only=True)
    try:
        rows = con.execute("SELECT origin_row, customer_id FROM touchpoints WHERE origin_file = ?", [file]).df()
    finally:
        con.close()
    raw = pd.read_csv(SAMPLE / file, dtype=str)
    raw["origin_row"] = range(1, len(raw) + 1)
    joined = raw.merge(rows, on="origin_row").dropna(subset=[column])
    return dict(zip(joined[column], joined["customer_id"]))


def contact_list(path) -> tuple[bytes, pd.DataFrame]:
    """Some demo customers by email, others by phone only, and a few strangers; one contact per
    customer. Returns the CSV and the contacts with the customer each one is (None: a stranger)."""
    by_email = customer_of_each(path, "emails.csv", "Email Address")
    by_phone = customer_of_each(path, "calls.csv", "Customer Phone Number")
    taken, contacts = set(), []
    for kind, found, step in (("email", by_email, 37), ("phone", by_phone, 53)):
        for value in list(found)[::step]:
            if found[value] not in taken:
                taken.add(found[value])
                contacts.append({"email": value if kind == "email" else "",
                                 "phone": value if kind == "phone" else "", "customer": found[value]})
    contacts += [{"email": f"nobody{i}@example.invalid", "phone": "", "customer": None} for i in range(STRANGERS)]
    frame = pd.DataFrame(contacts)
    frame["plan"] = [PLANS[i % len(PLANS)] for i in range(len(frame))]
    frame["region"] = [REGIONS[i % len(REGIONS)] for i in range(len(frame))]
    frame["lifetime_value"] = [round(25.5 * (i % 40), 2) for i in range(len(frame))]
    frame["created"] = [f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(len(frame))]
    out = io.StringIO()
    frame.drop(columns="customer").to_csv(out, index=False)
    return out.getvalue().encode("utf-8"), frame


def drop_files(page: Page, files: dict[str, bytes]) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": n, "mimeType": "text/csv", "buffer": d} for n, d in files.items()])


def test_a_crm_list_after_the_demo_splits_the_segments_by_plan(page: Page, tmp_path, screenshot):
    local = tmp_path / "same.duckdb"   # the server keeps its workspace open: the same files, loaded here
    con = workspace.connect(local)
    ingest.load_files(con, [SAMPLE / n for n in DEMO_FILES])
    con.close()
    crm, contacts = contact_list(local)
    matched = contacts.dropna(subset=["customer"])
    expected = matched.groupby("plan")["customer"].nunique().to_dict()
    assert len(matched) == len(contacts) - STRANGERS and set(expected) == set(PLANS)

    open_app(page)
    go_to(page, "Data")
    drop_files(page, {n: (SAMPLE / n).read_bytes() for n in DEMO_FILES})
    for layout in ("GA4 export", "Call log", "Email activity"):
        expect(page.get_by_text(re.compile(rf"Recognised as\s+{layout}"))).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Load 3 files").click()
    expect(page.get_by_text("Loaded. The workspace now has")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.get_by_text("Already loaded into this workspace")).to_be_visible(timeout=TIMEOUT)

    drop_files(page, {"crm_contacts.csv": crm})
    card = page.get_by_test_id("stExpander").filter(has_text="crm_contacts.csv")
    expect(card.get_by_text(re.compile(r"Recognised as\s+Contact list"))).to_be_visible(timeout=TIMEOUT)
    expect(card.get_by_text("Sure: the columns are named like a contact list, one row per contact.")) \
        .to_be_visible(timeout=TIMEOUT)
    expect(card.get_by_text(re.compile(r"Every other column becomes a customer field: plan, region, "
                                       r"lifetime_value, created"))).to_be_visible()
    page.wait_for_function(SETTLED, timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(card.get_by_text("timestamps read as")).to_have_count(0)   # a contact list has no times
    card.scroll_into_view_if_needed()
    screenshot(page, "data_confidence", height=1400)

    page.get_by_role("button", name="Load 1 file").click()
    expect(page.get_by_text(f"crm_contacts.csv: {len(matched):,} of its {len(contacts):,} contacts matched a "
                            "customer's journey.")).to_be_visible(timeout=LOAD_TIMEOUT)

    go_to(page, "Segments")
    page.get_by_test_id("stRadio").filter(has_text="Compare").get_by_text("Split by one field").click()
    split = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Split customers by", exact=False))
    expect(split).to_be_visible(timeout=TIMEOUT)
    split.click()
    page.keyboard.type("Plan (contact")
    page.get_by_role("option", name="Plan (contact list)", exact=True).click()
    expect(page).to_have_url(re.compile(r"split=customer\.plan"), timeout=TIMEOUT)
    # The comparison of the split before (by channel) stays on screen until this run has drawn.
    expect(page.get_by_text(re.compile(r"Each segment is tested against the first, (free|basic|pro)\b"))) \
        .to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(SETTLED, timeout=TIMEOUT)
    table = dataframe_with(page, "Segment", "Customers")
    expect(table).to_have_count(1, timeout=TIMEOUT)
    expect(table.locator("td[role=gridcell]").first).to_be_attached(timeout=TIMEOUT)
    shown = {r["Segment"]: int(r["Customers"].replace(",", "")) for r in grid_rows(table)}
    assert shown == expected
    page.wait_for_function(SETTLED, timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "segments_by_plan", height=1300)
