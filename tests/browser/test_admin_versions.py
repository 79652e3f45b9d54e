"""An admin moves the criteria to a new version through the real admin; managers move with it, past results stay."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Questionnaire
from tests.answering import answers_by_stage
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import AllianceFactory, ManagerFactory, UserFactory, submitted_assessment

pytestmark = pytest.mark.django_db(transaction=True)

NEW_STATEMENT = "Our alliance has one champion; without them it would stall."


def sign_out(page):
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def result_text(page, assessment) -> str:
    page.goto(f"/assessments/{assessment.pk}/result/")
    return page.locator("main").inner_text()


def test_admin_publishes_a_new_version_and_managers_move_to_it(page, sign_in):
    """Copy v1, reword, add an item, publish: the next assessment is on v2; an earlier result reads the same."""
    v1 = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    first = v1.items.order_by("order").first()
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager, name="Cold chain logistics")
    earlier = submitted_assessment(alliance, answers_by_stage(v1, 1, 4, 2), dt.datetime(2026, 1, 15, tzinfo=dt.UTC))
    stored = Assessment.objects.values_list("stage", "result").get(pk=earlier.pk)
    sign_in(manager)
    result_before = result_text(page, earlier)
    assert "Stage II" in result_before
    sign_out(page)

    sign_in(UserFactory(username="ada", is_staff=True, is_superuser=True))
    page.goto("/admin/assessments/questionnaire/")
    page.get_by_role("checkbox", name="Select this object for an action - v1").check()
    page.get_by_role("combobox", name="Action").select_option(label="New draft from this version")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Version 2 is a new draft copied from version 1, with its 74 items.")).to_be_visible()

    page.get_by_role("link", name="2", exact=True).click()
    page.locator("textarea[name='items-0-statement']").fill(NEW_STATEMENT)
    page.get_by_role("button", name="Add another Item").click()
    assert page.locator("input[name='items-74-order']").input_value() == "750"
    page.locator("input[name='items-74-code']").fill("S2-P1-99")
    page.locator("textarea[name='items-74-statement']").fill(
        "We plan next year's joint work together with the partner."
    )
    page.locator("select[name='items-74-pattern']").select_option(label="S2-P1 Strategic vehicles")
    screenshot(page, "admin-draft-edited")
    page.get_by_role("button", name="Save, then publish…").click()
    expect(page.get_by_text("v1 “Alliance maturity", exact=False)).to_be_visible()
    screenshot(page, "admin-publish-confirm")
    page.get_by_role("button", name="Publish v2").click()
    expect(page.get_by_text("Version 2 is published; new assessments use it.")).to_be_visible()
    screenshot(page, "admin-published")
    # The items table scrolls inside its box; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") == page.viewport_size["width"]
    page.get_by_role("link", name="Preview as respondent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who carries the alliance, what the relationship is")
    expect(page.get_by_text(NEW_STATEMENT)).to_be_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "admin-preview")

    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "retired", 2: "published"}
    v2 = Questionnaire.objects.get(version=2)
    assert v2.items.count() == 75
    assert v2.items.get(code=first.code).statement == NEW_STATEMENT
    added = v2.items.get(code="S2-P1-99")
    assert (added.pattern.code, added.order, added.weight) == ("S2-P1", 750, 1)
    assert v1.items.get(pk=first.pk).statement == first.statement
    assert v1.items.count() == 74
    sign_out(page)

    sign_in(manager)
    assert result_text(page, earlier) == result_before
    screenshot(page, "result-after-new-version")
    page.goto(f"/alliances/{alliance.pk}/")
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_text(NEW_STATEMENT)).to_be_visible()
    assert Assessment.objects.get(alliance=alliance, status=Assessment.Status.DRAFT).questionnaire == v2
    assert Assessment.objects.values_list("stage", "result").get(pk=earlier.pk) == stored
