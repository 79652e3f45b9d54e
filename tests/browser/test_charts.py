"""Charts on a phone: drawn in their narrow layout, inside the screen's width."""

import datetime as dt

import pytest

from tests.browser.conftest import screenshot
from tests.factories import AllianceFactory, answers_at, submitted_assessment

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_result_charts_on_a_phone_fit_and_name_the_principles(page, sign_in):
    """At 390 px every result chart takes its phone layout, fits the page, and the radar's spokes are named."""
    alliance = AllianceFactory(name="Cold chain logistics")
    submitted_assessment(alliance, answers_at(1), dt.datetime(2025, 3, 28, 12, tzinfo=dt.UTC))
    assessment = submitted_assessment(alliance, answers_at(2), dt.datetime(2025, 6, 28, 12, tzinfo=dt.UTC))
    sign_in(alliance.owner)
    page.set_viewport_size(PHONE)
    page.goto(f"/assessments/{assessment.pk}/result/")
    page.locator(".chart .main-svg").first.wait_for()

    charts = page.locator("[data-figure]")
    assert charts.count() == 3
    assert [chart.get_attribute("data-narrow") for chart in charts.all()] == ["true", "true", "true"]
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    radar_ticks = page.locator("[data-figure=chart-radar-figure] .angularaxistick text").all_text_contents()
    assert radar_ticks[:2] == ["1. ClearResponsibilities…", "2. RobustCommunication"]  # two lines each
    assert len(radar_ticks) == 10
    screenshot(page, "result-phone")


def test_alliance_charts_swap_to_the_wide_layout_when_the_window_widens(page, sign_in):
    """A window resized from phone to desktop width redraws the history charts in their wide layout."""
    alliance = AllianceFactory(name="Cold chain logistics")
    submitted_assessment(alliance, answers_at(2), dt.datetime(2025, 6, 28, 12, tzinfo=dt.UTC))
    sign_in(alliance.owner)
    page.set_viewport_size(PHONE)
    page.goto(f"/alliances/{alliance.pk}/")
    page.locator(".chart .main-svg").first.wait_for()
    assert page.locator("[data-figure]").first.get_attribute("data-narrow") == "true"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("document.querySelector('[data-figure]').dataset.narrow === 'false'")
    ticks = page.locator("[data-figure] .ytick text").all_text_contents()
    assert "1. Clear Responsibilities and Expectations" in ticks
