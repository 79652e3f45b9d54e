"""A closed survey's result page in the browser: both sides' radar drawn, the disagreements and the verdict,
accessible at a desktop's and a phone's width."""

import pytest

from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import AllianceFactory, closed_survey
from tests.test_closing_across_rounds import JUNE, MARCH, OURS_ABC, PQR, S, closed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_owner_sees_both_sides_drawn_and_axe_finds_nothing_serious(page, sign_in, width):
    """Ours at Stage II and the partner's at Stage I: the radar holds both sides, the verdict sentence and the
    disagreement table show, and axe finds no serious or critical violation."""
    held = closed_survey(AllianceFactory(name="Cold chain logistics"))
    sign_in(held.alliance.owner)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/rounds/{held.pk}/result/")
    page.locator(".chart .main-svg").first.wait_for()

    assert page.locator("[data-figure=sides-radar-data] .scatterlayer .trace").count() == 2
    assert page.locator("#verdict-sentence").inner_text().startswith("Our side sees Stage II")
    assert page.locator("#disagreements tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"survey-result-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_side_withheld_across_rounds_says_why_and_axe_finds_nothing_serious(page, sign_in, width):
    """One partner-side person more than in March: the June page draws our side only, says why the partner's side is
    not shown, and axe finds no serious or critical violation."""
    alliance = AllianceFactory(name="Cold chain logistics")
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = closed(alliance, JUNE, OURS_ABC, [*PQR, S])
    sign_in(alliance.owner)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/rounds/{june.pk}/result/")
    page.locator(".chart .main-svg").first.wait_for()

    assert page.locator("[data-figure=sides-radar-data] .scatterlayer .trace").count() == 1
    assert page.locator("#side-partner .side-withheld").inner_text().startswith("Partner side: not shown. 1 person")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"survey-result-withheld-{width}")
