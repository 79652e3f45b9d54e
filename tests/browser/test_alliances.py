"""A manager's alliances in the browser: the list, creating one, and its page with the history charts."""

import datetime as dt

import pytest

from assessments.models import Alliance
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import (
    AllianceFactory,
    AssessmentFactory,
    ExecutiveFactory,
    ManagerFactory,
    answers_at,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db(transaction=True)


def quarters(alliance, stages):
    """Submit one assessment per quarter of 2025 at these stages, like the demo data."""
    ends = [dt.datetime(2025, month, 28, 12, tzinfo=dt.UTC) for month in (3, 6, 9, 12)]
    for quarter, (stage, submitted_at) in enumerate(zip(stages, ends, strict=False)):
        # Principles answered 2-4, shifting each quarter, so the heatmap has some shape.
        principles = {number: 2 + (number + quarter) % 3 for number in range(1, 11)}
        submitted_assessment(alliance, answers_at(stage, principles), submitted_at)


def test_manager_creates_an_alliance_and_sees_its_history_drawn(page, sign_in):
    """Sign in, find one's alliances, create one (after a refused empty form), and see its charts drawn."""
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    cold_chain = AllianceFactory(owner=manager, name="Cold chain logistics", partner="Nordfrost Logistics")
    quarters(cold_chain, [1, 1, 2, 2])
    AssessmentFactory(alliance=cold_chain)
    quarters(AllianceFactory(owner=manager, name="Packaging co-design", partner="Verapak"), [2, 3, 3])

    sign_in(manager)
    assert page.get_by_role("heading", name="My alliances").is_visible()
    row = page.get_by_role("row").filter(has_text="Cold chain logistics")
    assert row.get_by_text("Stage II").is_visible()
    # The badge is in the page twice, under the stage for phones and in its own column here.
    assert row.get_by_text("In progress").filter(visible=True).is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "alliances-list")

    page.get_by_role("link", name="New alliance").click()
    page.get_by_role("button", name="Create alliance").click()
    assert page.get_by_text("This field is required.").count() == 6
    assert serious_accessibility_violations(page) == []
    screenshot(page, "alliance-form-errors")

    page.get_by_label("Name").fill("Regional service alliance")
    page.get_by_label("Partner organisation").fill("Kaizen Support")
    page.get_by_label("Type").select_option(label="Service")
    page.get_by_label("Business unit").fill("Consumer")
    page.get_by_label("Region").fill("APAC")
    page.get_by_label("Start date").fill("2024-02-01")
    page.get_by_role("button", name="Create alliance").click()
    assert page.get_by_role("heading", name="Regional service alliance").is_visible()
    assert page.get_by_text("Alliance created.").is_visible()
    assert page.get_by_text("The charts appear once an assessment has been submitted.").is_visible()

    quarters(Alliance.objects.get(name="Regional service alliance"), [1, 2, 2, 3])
    page.reload()
    page.locator(".chart .main-svg").first.wait_for()
    assert page.locator("[data-figure]").count() == 2
    for chart in page.locator("[data-figure]").all():
        assert chart.locator(".main-svg").count() >= 1
    assert page.get_by_role("button", name="Start assessment").is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "alliance-page")

    page.get_by_role("link", name="Result of 28 Dec 2025").click()
    assert page.get_by_text("Stage III").first.is_visible()
    assert page.url.endswith("/result/")


def test_executive_reads_an_alliance_without_buttons(page, sign_in):
    """An executive opens a manager's alliance and finds no edit button."""

    alliance = AllianceFactory(name="Hospital distribution")
    quarters(alliance, [1, 2])
    sign_in(ExecutiveFactory(username="elena"))
    page.get_by_role("link", name="Alliances", exact=True).click()
    page.get_by_role("link", name="Hospital distribution").click()
    page.locator(".chart .main-svg").first.wait_for()
    assert page.get_by_role("link", name="Edit details").count() == 0
    assert page.get_by_role("button", name="Start assessment").count() == 0
    assert serious_accessibility_violations(page) == []


def test_my_alliances_fit_a_phone(page, sign_in):
    """At 390px wide each alliance's stage, last assessment and draft show without scrolling sideways."""
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    cold_chain = AllianceFactory(owner=manager, name="Cold chain logistics", partner="Nordfrost Logistics")
    quarters(cold_chain, [1, 2])
    AssessmentFactory(alliance=cold_chain)
    AllianceFactory(owner=manager, name="Packaging co-design", partner="Verapak", region="APAC")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(manager)
    row = page.get_by_role("row").filter(has_text="Cold chain logistics")
    for shown in ("Stage II", "28 Jun 2025", "In progress", "EMEA"):
        text = row.get_by_text(shown).filter(visible=True)
        assert text.count() == 1
        box = text.bounding_box()
        assert box["x"] + box["width"] <= 390
    assert page.get_by_role("row").filter(has_text="Packaging co-design").get_by_text("Not assessed").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    table = page.locator(".table-responsive")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "alliances-list-phone")
