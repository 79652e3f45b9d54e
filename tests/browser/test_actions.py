"""An action plan in the browser: a gap becomes an action, is done, and the next result says whether it worked."""

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import Assessment
from tests.answering import record_answers
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import AllianceFactory, ExecutiveFactory, ManagerFactory, answers_at, submitted_assessment

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def accessible_at_both_widths(page, name):
    """No serious or critical axe finding at 1280 px and at 390 px; a screenshot of each."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert serious_accessibility_violations(page) == [], (name, size)
        screenshot(page, f"{name}-{size['width']}")
    page.set_viewport_size(DESKTOP)


def test_a_manager_turns_a_gap_into_an_action_and_sees_whether_it_worked(page, sign_in):
    """Gap → action with an owner and a date → done → next assessment submitted → before → after on its result."""
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    ExecutiveFactory(username="elena", first_name="Elena", last_name="Rossi")
    alliance = AllianceFactory(owner=manager, name="Cold chain", partner="Nordfrost")
    before = submitted_assessment(alliance, answers_at(2, {7: 2}), timezone.now() - dt.timedelta(days=40))
    gap = next(gap for gap in before.stored_result.gaps if gap.principle == 7)

    sign_in(manager)
    page.goto(f"/assessments/{before.pk}/result/")
    accessible_at_both_widths(page, "result-with-plan")
    page.get_by_role("link", name=f"Make it an action ({gap.code})").click()
    assert page.get_by_text(gap.statement).is_visible()
    page.get_by_label("What is to be done").fill("Agree the joint plan with Nordfrost")
    page.get_by_label("Owner", exact=True).select_option(label="Elena Rossi")
    page.get_by_label("Due date").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    accessible_at_both_widths(page, "action-form")
    page.get_by_role("button", name="Add the action").click()

    assert page.get_by_text("Action added to the plan.").is_visible()
    plan = page.locator(".action-plan")
    assert plan.get_by_role("strong").get_by_text("Agree the joint plan with Nordfrost").is_visible()
    assert plan.get_by_text("Elena Rossi, due").is_visible()
    page.get_by_role("link", name="Change Agree the joint plan with Nordfrost").click()
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save changes").click()
    assert page.get_by_text("Action saved.").is_visible()
    plan.get_by_text("History").click()
    assert plan.get_by_text("status “Open” → “Done”").is_visible()
    accessible_at_both_widths(page, "alliance-plan")

    page.get_by_role("button", name="Start assessment").click()
    draft = Assessment.objects.get(alliance=alliance, status=Assessment.Status.DRAFT)
    record_answers(assessment=draft, answers=answers_at(2, {7: 2}) | {gap.code: 5})
    page.goto(f"/assessments/{draft.pk}/review/")
    page.get_by_role("button", name="Submit assessment").click()

    did_it_work = page.locator(".did-it-work")
    assert did_it_work.get_by_role("heading", name="Did it work?").is_visible()
    assert did_it_work.get_by_text("Improved").is_visible()
    row = did_it_work.get_by_role("row").filter(has_text=gap.code)
    assert [cell.inner_text() for cell in row.get_by_role("cell").all()] == ["25", "100"]
    accessible_at_both_widths(page, "result-did-it-work")


def test_an_executive_sees_the_actions_on_the_dashboard(page, sign_in):
    """The dashboard's action plans card lists open and overdue actions per business unit, at both widths."""
    from actions import planning

    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager, name="Cold chain", business_unit="Consumer")
    submitted_assessment(alliance, answers_at(2), timezone.now() - dt.timedelta(days=10))
    planning.create_action(
        alliance=alliance,
        by=manager,
        now=timezone.now(),
        title="Late",
        owner_user=manager,
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    sign_in(ExecutiveFactory(username="elena"))
    page.goto("/dashboard/")
    card = page.locator(".dashboard-actions")
    assert [c.inner_text() for c in card.get_by_role("row").nth(1).locator("th, td").all()] == [
        "Consumer",
        "1",
        "1",
        "0",
    ]
    accessible_at_both_widths(page, "dashboard-actions")
