"""Real-browser tests: Chromium against `streamlit run app.py` (fixtures in conftest.py)."""
from __future__ import annotations

import re

import pytest
from browser_kit import running_server
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the first visit of a session imports the charting libraries

# A CallRail call log: 6 rows, one without a usable start time (→ rejects); 3 distinct callers
# among the good rows.
CALL_HEADER = ("Start Time,Customer Phone Number,Tracking Phone Number,Duration (seconds),Answered,"
               "First-Time Caller,Source,Medium,Campaign,Keywords,Landing Page,GCLID,Value,Device Type,"
               "Customer City")
CALL_ROWS = [
    "2024-05-01 09:12:00,(415) 555-0132,(800) 555-0100,183,true,true,google,cpc,spring_sale,hiking boots,/boots,,120,mobile,San Francisco",
    "2024-05-03 14:40:00,(415) 555-0132,(800) 555-0100,65,true,false,google,cpc,spring_sale,hiking boots,/boots,,,mobile,San Francisco",
    "2024-05-04 11:05:00,(212) 555-0147,(800) 555-0100,0,false,true,bing,cpc,,,/,,,desktop,New York",
    "2024-05-06 16:20:00,(212) 555-0147,(800) 555-0100,240,true,false,bing,cpc,,,/tents,,80,desktop,New York",
    "2024-05-07 10:00:00,(303) 555-0178,(800) 555-0100,95,true,true,(direct),(none),,,/,,,tablet,Denver",
    "yesterday-ish,(303) 555-0199,(800) 555-0100,30,true,true,(direct),(none),,,/,,,tablet,Denver",
]
CALL_LOG = (CALL_HEADER + "\n" + "\n".join(CALL_ROWS) + "\n").encode("utf-8")
ROWS_IN_FILE, ROWS_REJECTED, CALLERS = 6, 1, 3
ROWS_LOADED = ROWS_IN_FILE - ROWS_REJECTED


def metric(page: Page, label: str):
    """The value element of the metric with this label."""
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def metric_number(page: Page, label: str) -> int:
    value = metric(page, label)
    expect(value).to_be_visible(timeout=TIMEOUT)
    return int(value.inner_text().replace(",", ""))


GRID_ROWS = """el => {
    const table = el.querySelector('table[role=grid]');
    const heads = [...table.querySelectorAll('thead th')].map(h => h.textContent);
    return [...table.querySelectorAll('tbody tr')].map(r =>
        Object.fromEntries([...r.querySelectorAll('td')].map((c, i) => [heads[i], c.textContent])));
}"""


def dataframe_with(page: Page, *columns: str):
    """The st.dataframe whose header has all these columns (the grid draws on a canvas; its
    cells are kept in an accessible table inside it, which is what we read)."""
    frame = page.get_by_test_id("stDataFrame")
    for column in columns:
        frame = frame.filter(has=page.locator("th[role=columnheader]", has_text=re.compile(rf"^{re.escape(column)}$")))
    return frame


def grid_rows(frame) -> list[dict[str, str]]:
    return frame.evaluate(GRID_ROWS)


def navigation(page: Page):
    """The app's page navigation (at the top; the sidebar variant is accepted too)."""
    return page.locator("[data-testid=stTopNav], [data-testid=stSidebarNav]").first


def open_app(page: Page, path: str = "/") -> None:
    page.goto(path)
    expect(navigation(page)).to_be_visible(timeout=TIMEOUT)


def go_to(page: Page, title: str) -> None:
    """Move between pages the way a user does: the navigation links (keeps the session)."""
    navigation(page).get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=TIMEOUT)


def upload_call_log(page: Page) -> None:
    """On the Data page: drop the call log, check it is recognised, load it."""
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "calls.csv", "mimeType": "text/csv", "buffer": CALL_LOG}])
    expect(page.get_by_text(re.compile(r"Recognised as\s+Call log"))).to_be_visible(timeout=TIMEOUT)
    load = page.get_by_role("button", name="Load 1 file")
    expect(load).to_be_enabled(timeout=TIMEOUT)
    load.click()
    expect(page.get_by_text("Loaded. The workspace now has")).to_be_visible(timeout=TIMEOUT)


def test_overview_shows_the_demo(page: Page, demo, screenshot):
    open_app(page)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible(timeout=TIMEOUT)
    customers = metric_number(page, "Customers")
    assert customers > 0
    assert customers == demo["customers"]
    assert metric_number(page, "Touchpoints") == demo["touchpoints"]
    expect(metric(page, "Seen in 2+ kinds")).to_have_text(re.compile(r"^\d+%$"))
    expect(metric(page, "Converted")).to_have_text(re.compile(r"^\d+%$"))
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(3, timeout=TIMEOUT)
    for i in range(3):  # drawn, not just placed: vega renders into a canvas or svg
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stSidebar").get_by_text("Demo data")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "overview", height=1250)


def test_upload_a_call_log_into_a_private_workspace(page: Page, demo, screenshot):
    open_app(page)
    expect(metric(page, "Customers")).to_be_visible(timeout=TIMEOUT)
    assert "ws=" not in page.url

    go_to(page, "Data")
    upload_call_log(page)

    expect(page.get_by_text(f"Loaded. The workspace now has {ROWS_LOADED:,} touchpoints from "
                            f"{CALLERS:,} customers.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]ws=[A-Za-z0-9_-]{16,}"), timeout=TIMEOUT)
    # the load summary: file, layout, rows in file / loaded / rejected
    summary = dataframe_with(page, "Rows in file", "Timestamps read as")
    expect(summary).to_have_count(1, timeout=TIMEOUT)
    expect(summary.locator("td[role=gridcell]").first).to_be_attached(timeout=TIMEOUT)
    rows = grid_rows(summary)
    assert [{k: r[k] for k in ("File", "Recognised as", "Rows in file", "Loaded", "Rejected")} for r in rows] \
        == [{"File": "calls.csv", "Recognised as": "Call log", "Rows in file": str(ROWS_IN_FILE),
             "Loaded": str(ROWS_LOADED), "Rejected": str(ROWS_REJECTED)}]
    label = "Download the rejected row" if ROWS_REJECTED == 1 else f"Download the {ROWS_REJECTED} rejected rows"
    expect(page.get_by_role("button", name=re.compile(label))).to_be_visible()
    # the loaded file is not offered for loading again
    expect(page.get_by_text("Already loaded into this workspace: calls.csv")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Load \d+ file"))).to_have_count(0)
    # the sidebar filters already know the new data
    expect(page.get_by_test_id("stSidebar").get_by_text("Dates")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Your workspace")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "data", height=1500)

    go_to(page, "Overview")
    expect(metric(page, "Touchpoints")).to_have_text(f"{ROWS_LOADED:,}", timeout=TIMEOUT)
    expect(metric(page, "Customers")).to_have_text(f"{CALLERS:,}")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_sessions_are_isolated(browser, browser_context_args, demo):
    uploader_ctx = browser.new_context(**browser_context_args)
    viewer_ctx = browser.new_context(**browser_context_args)
    try:
        uploader, viewer = uploader_ctx.new_page(), viewer_ctx.new_page()
        open_app(viewer)
        assert metric_number(viewer, "Touchpoints") == demo["touchpoints"]

        open_app(uploader)
        go_to(uploader, "Data")
        upload_call_log(uploader)
        expect(uploader).to_have_url(re.compile(r"[?&]ws="), timeout=TIMEOUT)
        workspace_id = re.search(r"[?&]ws=([A-Za-z0-9_-]+)", uploader.url).group(1)
        go_to(uploader, "Overview")
        expect(metric(uploader, "Touchpoints")).to_have_text(f"{ROWS_LOADED:,}", timeout=TIMEOUT)

        # the other session, still open and after a reload (a new session), sees the demo as it was
        go_to(viewer, "Data")
        go_to(viewer, "Overview")
        expect(metric(viewer, "Touchpoints")).to_have_text(f"{demo['touchpoints']:,}", timeout=TIMEOUT)
        expect(metric(viewer, "Customers")).to_have_text(f"{demo['customers']:,}")
        viewer.reload()
        expect(metric(viewer, "Touchpoints")).to_have_text(f"{demo['touchpoints']:,}", timeout=TIMEOUT)
        expect(viewer.get_by_test_id("stSidebar").get_by_text("Demo data")).to_be_visible()
        assert "ws=" not in viewer.url

        # …and the uploader's link opens the uploader's workspace in any session
        viewer.goto(f"/?ws={workspace_id}")
        expect(metric(viewer, "Touchpoints")).to_have_text(f"{ROWS_LOADED:,}", timeout=TIMEOUT)
        expect(viewer.get_by_test_id("stSidebar").get_by_text("Your workspace")).to_be_visible()
    finally:
        uploader_ctx.close()
        viewer_ctx.close()


# Found while writing these tests (reported to the lead): clicking a page in the sidebar
# navigation clears the query string (Streamlit clears query parameters on page switches unless
# they are set again), so after Data → Overview the address no longer ends in ?ws=… although
# the sidebar says "copy the page address (it ends in ?ws=…)", and a reload drops the user back
# on the demo. strict: once fixed this passes and the marker must go.
def test_workspace_link_survives_page_navigation(page: Page, demo):
    open_app(page)
    go_to(page, "Data")
    upload_call_log(page)
    expect(page).to_have_url(re.compile(r"[?&]ws="), timeout=TIMEOUT)
    go_to(page, "Overview")
    expect(page).to_have_url(re.compile(r"[?&]ws="), timeout=3_000)
    page.reload()
    expect(metric(page, "Touchpoints")).to_have_text(f"{ROWS_LOADED:,}", timeout=TIMEOUT)


def test_a_link_to_a_page_opens_inside_the_app_even_as_the_first_visit(app_env, demo, tmp_path, page: Page):
    # A server of its own, so this link is the first thing it runs (the session's server has
    # already run app.py by now). Beside pages/, Streamlit would show the page alone.
    with running_server(app_env, tmp_path / "streamlit.log") as url:
        page.goto(f"{url}/journeys?customers=kind%3Dcall")
        expect(page.get_by_test_id("stSidebar").get_by_text("Made a call")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_role("link", name="Segments")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^[\d,]+ customers, step by step"))).to_be_visible(timeout=TIMEOUT)
        shown = page.get_by_text(re.compile(r"^[\d,]+ customers, step by step")).inner_text()
        assert int(shown.split()[0].replace(",", "")) < demo["customers"]  # the callers only
