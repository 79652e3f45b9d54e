"""An executive uses the portfolio dashboard in the browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.views import dashboard as dashboard_views
from tests.browser.conftest import screenshot
from tests.factories import ExecutiveFactory
from tests.portfolio import TODAY, build_portfolio

pytestmark = pytest.mark.django_db(transaction=True)
CHARTS = ("figure-stages", "figure-timeline", "figure-heatmap", "figure-holding-back")


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)
    return build_portfolio()


def drawn(page, figure: str, key: str):
    """What plotly.js drew for a chart: a property of its first trace."""
    return page.evaluate(f"document.querySelector('[data-figure={figure}]').data[0].{key}")


def heatmap_names(page) -> list[str]:
    """The alliance names the heatmap labels its rows with, as plotly.js drew them."""
    return page.evaluate("document.querySelector('[data-figure=figure-heatmap]').layout.yaxis.ticktext")


def figure(page, name: str) -> str:
    return page.locator(f"[data-figure-name={name}]").inner_text()


def table_names(page) -> list[str]:
    return page.locator("#alliance-table tbody tr td:first-child").all_inner_texts()


def test_executive_filters_the_dashboard_and_follows_a_heatmap_cell(page, sign_in, world):
    """Charts are drawn; a filter changes figures, charts and table; a heatmap cell opens the alliance."""
    sign_in(ExecutiveFactory(username="elena", first_name="Elena", last_name="Rossi"))
    assert page.get_by_role("heading", name="Alliance portfolio").is_visible()
    for chart in CHARTS:
        page.locator(f"[data-figure={chart}] .main-svg").first.wait_for()
    assert figure(page, "alliances") == "5"
    assert heatmap_names(page) == ["Alpha", "Bravo", "Charlie", "Echo"]
    assert drawn(page, "figure-stages", "x") == ["Consumer", "Healthcare", "Industrial"]
    assert table_names(page) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    screenshot(page, "dashboard")

    page.get_by_label("Business unit", exact=True).select_option("Industrial")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/dashboard/?unit=Industrial**")
    page.locator("[data-figure=figure-heatmap] .main-svg").first.wait_for()
    assert figure(page, "alliances") == "2"
    assert figure(page, "assessed-recently") == "0"
    assert heatmap_names(page) == ["Charlie"]
    assert drawn(page, "figure-stages", "x") == ["Industrial"]
    assert table_names(page) == ["Charlie", "Delta"]
    screenshot(page, "dashboard-filtered")

    # plotly.js reports a click on the cell it last hovered: point at it first, as a person would.
    cells = page.locator("[data-figure=figure-heatmap] .nsewdrag").first
    cells.hover()
    page.locator("[data-figure=figure-heatmap] .hovertext").first.wait_for()
    cells.click()
    page.wait_for_url(f"**{world.charlie.get_absolute_url()}")
    assert page.get_by_role("heading", name="Charlie").is_visible()


def test_dashboard_has_no_serious_accessibility_violation(page, sign_in, world):
    """axe-core finds no serious or critical violation on the drawn dashboard, tables opened."""
    sign_in(ExecutiveFactory(username="elena"))
    for chart in CHARTS:
        page.locator(f"[data-figure={chart}] .main-svg").first.wait_for()
    for summary in page.locator("details summary").all():
        summary.click()
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_dashboard_fits_a_phone(page, sign_in, world):
    """At 390px nothing scrolls sideways: each row shows its stage, trend, last assessment and flag.
    Nor does the table scroll at 1024 or 1280 px."""
    sign_in(ExecutiveFactory(username="elena"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    for chart in CHARTS:
        page.locator(f"[data-figure={chart}] .main-svg").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    table = page.locator("#alliance-table")
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    charlie = table.locator("tbody tr", has_text="Charlie")
    for shown in ("Stage I", "10 Feb 2025", "Overdue"):
        expect(charlie.get_by_text(shown, exact=True).filter(visible=True)).to_have_count(1)
    expect(table.locator("tbody tr", has_text="Bravo").get_by_text("Down 1").filter(visible=True)).to_have_count(1)
    screenshot(page, "dashboard-phone")
    for width in (1024, 1280):  # a small laptop, before all nine columns show, and a common screen with them
        page.set_viewport_size({"width": width, "height": 900})
        assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"), width
