"""A keyboard user meets what they see in the order they see it, and the focus never hides under the sticky bar."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.test_questionnaire import signed_in_page, start_assessment
from tests.factories import AllianceFactory, ManagerFactory

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED_BOX = """() => {
  const element = document.activeElement;
  const shown = element.matches("input.btn-check") ? document.querySelector(`label[for="${element.id}"]`) : element;
  const box = shown.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, name: element.name || element.textContent.trim()};
}"""


def test_the_save_buttons_come_in_drawn_order_and_enter_saves_and_continues(new_page):
    """Tab reaches "Save and go back" (left) before "Save and continue" (right); Enter on an answer saves, goes on."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    page = signed_in_page(new_page, "amira", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    start_assessment(page, alliance)
    assessment = Assessment.objects.get(alliance=alliance)
    page.goto(f"/assessments/{assessment.pk}/section/s1-p3/")
    page.locator("textarea").last.focus()
    page.keyboard.press("Tab")
    back = page.evaluate("document.activeElement.textContent.trim()")
    back_box = page.locator(":focus").bounding_box()
    page.keyboard.press("Tab")
    forward = page.evaluate("document.activeElement.textContent.trim()")
    forward_box = page.locator(":focus").bounding_box()
    assert (back, forward) == (
        "← Save and go back: Who carries the alliance, what the relationship is",
        "Save and continue: Place in our strategy, innovation and results, our standing with partners →",
    )
    assert back_box["x"] + back_box["width"] < forward_box["x"]

    first = page.locator("#item-S1-P3-01 input[type=radio][value='4']")
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{page.url.split('/assessments/')[0]}/assessments/{assessment.pk}/section/place-in-our-strategy/"
    )
    assert list(assessment.answers.values_list("item__code", "value")) == [("S1-P3-01", 4)]


def test_on_a_phone_the_focus_going_back_up_stays_clear_of_the_sticky_bar(new_page):
    """At 390 px, Shift+Tab from the foot of a section up through its answers: each one focused shows below the bar."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    # Bootstrap scrolls smoothly unless motion is reduced: then each focus lands at once, to be measured.
    page = signed_in_page(new_page, "amira", viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    start_assessment(page, alliance)
    page.locator(".btn-primary[name=go]").focus()
    bar = page.locator(".progress-sticky")
    hidden = []
    for _ in range(12):  # up through the last six statements
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate(FOCUSED_BOX)
        if focused["top"] < bar.bounding_box()["y"] + bar.bounding_box()["height"]:
            hidden.append(focused)
    assert hidden == []


def test_the_new_alliance_form_starts_in_its_first_field(page, sign_in):
    """Opening "New alliance" puts the cursor in the name field."""
    sign_in(ManagerFactory(username="amira"))
    page.goto("/alliances/new/")
    expect(page.get_by_label("Name")).to_be_focused()
