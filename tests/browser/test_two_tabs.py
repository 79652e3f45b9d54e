"""Two tabs on one draft never overwrite each other; Back after a submit never shows a draft that is gone."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.test_questionnaire import signed_in_page, start_assessment
from tests.factories import AllianceFactory, ManagerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, code: str, value: int):
    """Press an answer's button (the radio itself is hidden behind its label)."""
    page.locator(f"#item-{code} input[type=radio][value='{value}'] + label").click()


def stored(assessment) -> dict:
    return dict(assessment.answers.values_list("item__code", "value"))


def test_two_tabs_keep_each_others_answers_and_ask_where_both_changed_one(new_page):
    """Tab A saves S1-P1-01; stale tab B saves S1-P1-02, keeps A's answer and says so; both change S1-P1-03: B asks."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    # Scripts off: only the page's buttons save, the case the page-save has to get right by itself.
    first = signed_in_page(new_page, "amira", java_script_enabled=False)
    start_assessment(first, alliance)
    assessment = Assessment.objects.get(alliance=alliance)
    section = f"/assessments/{assessment.pk}/section/s1-p1/"
    second = signed_in_page(new_page, "amira", java_script_enabled=False)
    second.goto(section)

    choose(first, "S1-P1-01", 4)
    first.get_by_role("button", name="Save and continue").click()
    expect(first.get_by_role("heading", level=1)).to_have_text(
        "Contracts and negotiation, why and how the deal was made"
    )
    choose(second, "S1-P1-02", 2)
    second.get_by_role("button", name="Save and continue").click()
    expect(second.get_by_role("alert")).to_have_text(
        "Saved. Statement 1 of “Who carries the alliance, what the relationship is” was changed in another tab"
        " or window, and not on this page: the answer given there is kept."
    )
    assert stored(assessment) == {"S1-P1-01": 4, "S1-P1-02": 2}

    first.goto(section)
    second.goto(section)
    choose(first, "S1-P1-03", 5)
    first.get_by_role("button", name="Save and continue").click()
    choose(second, "S1-P1-03", 1)
    choose(second, "S1-P1-04", 3)
    second.get_by_role("button", name="Save and continue").click()
    statement = second.locator("#item-S1-P1-03")
    expect(statement).to_contain_text(
        "Changed in another tab or window after this page was loaded, to “Strongly agree”, shown now; this page had"
        " “Strongly disagree”. Nothing on the page was saved: choose the answer to keep, then save again."
    )
    expect(statement.locator("input[type=radio][value='5']")).to_be_checked()
    expect(
        second.locator("#item-S1-P1-04 input[type=radio][value='3']")
    ).to_be_checked()  # this page's other change waits
    assert stored(assessment) == {"S1-P1-01": 4, "S1-P1-02": 2, "S1-P1-03": 5}
    choose(second, "S1-P1-03", 1)
    second.get_by_role("button", name="Save and continue").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Contracts and negotiation, why and how the deal was made"
    )
    assert stored(assessment) == {"S1-P1-01": 4, "S1-P1-02": 2, "S1-P1-03": 1, "S1-P1-04": 3}


def test_a_draft_page_restored_by_back_loads_again(page, sign_in):
    """Draft pages are not stored by the browser, and one restored from the back/forward cache reloads itself."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    start_assessment(page, alliance)
    assessment = Assessment.objects.get(alliance=alliance)
    for path in (f"/assessments/{assessment.pk}/section/s1-p1/", f"/assessments/{assessment.pk}/review/"):
        response = page.goto(path)
        assert "no-store" in response.headers["cache-control"]
        page.evaluate("window.loadedBefore = true")
        page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}))")
        assert page.evaluate("window.loadedBefore") is True  # an ordinary showing stays as it is
        with page.expect_navigation():
            page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
        assert page.evaluate("window.loadedBefore === undefined")
