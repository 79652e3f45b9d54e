"""A manager answers questionnaire version 2: neutral pages, then a result whose strengths are practices."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.browser.conftest import serious_accessibility_violations
from tests.browser.test_questionnaire import start_assessment, wait_for_autosave
from tests.factories import AllianceFactory, ManagerFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/notes/shots/v2")
SECTIONS = [
    "Why we have this alliance",
    "What the relationship is",
    "Senior management",
    "How the alliance is run",
    "Contracts and negotiation",
    "The alliance team",
    "Working together",
    "Our standing with partners",
    "Across our company and network",
]
# Warning signs are disagreed with, practices agreed with, except the two statements of working across
# the company's own boundaries: "neither", which makes that pattern the weakest.
WARNING_SIGN, PRACTICE, WEAKEST = 2, 4, 3
WEAKEST_CODES = ("NET-01", "NET-02")


def shoot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_a_manager_answers_version_two_and_reads_a_verdict_with_real_strengths(page, sign_in, version_two):
    """Neutral section titles, no code naming a stage; strengths are practices; the advice names the weakest pattern."""
    warning_signs = set(version_two.items.filter(pattern__stage__number=1).values_list("code", flat=True))
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager, name="Cold chain logistics", partner="Nordfrost Logistics")
    sign_in(manager)
    start_assessment(page, alliance)
    side_list = page.get_by_role("navigation", name="Sections")
    expect(side_list.get_by_role("link")).to_have_text([*SECTIONS, "Review and submit"])
    assert "Stage" not in side_list.inner_text()
    expect(page.locator("#warning-signs-note")).to_have_text(
        "Some statements describe warning signs rather than good practice. Answer each one as things really are: "
        "honest answers give the most useful result."
    )

    answered = 0
    for number, title in enumerate(SECTIONS, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        wait_for_autosave(page)
        statements = page.locator(".statement").all()
        for statement in statements:
            code = statement.get_attribute("id").removeprefix("item-")
            assert not re.match(r"S\d-P\d", code), code  # no code names a stage or a pattern
            value = WEAKEST if code in WEAKEST_CODES else WARNING_SIGN if code in warning_signs else PRACTICE
            statement.locator("label.btn").nth(value - 1).click()
        answered += len(statements)
        expect(page.locator("[data-progress-answered]")).to_have_text(str(answered))
        expect(page.locator("#save-status")).to_have_text("Saved.")
        if number == 3:
            assert serious_accessibility_violations(page) == []
            shoot(page, "section-1280")
            page.set_viewport_size({"width": 390, "height": 844})
            assert serious_accessibility_violations(page) == []
            shoot(page, "section-390")
            page.set_viewport_size({"width": 1280, "height": 900})
        # The visible "continue" (the form's first button is a hidden default copy of it).
        page.locator("button[name=go].btn-primary").click()
    assert answered == 81

    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(page.locator("#ready")).to_contain_text("Ready to submit")
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_role("heading", level=2, name="Stage III: Foundation of a Value Network")).to_be_visible()

    strengths = page.locator("#strengths li")
    expect(strengths).to_have_count(3)
    statements = dict(version_two.items.values_list("statement", "code"))
    for text in strengths.all_inner_texts():
        statement = text.rsplit(" (answered", 1)[0]
        assert statements[statement] not in warning_signs, statement
    expect(page.locator("#no-warning-signs")).to_have_text("No warning sign shows in the answers.")
    expect(page.locator("#at-risk")).to_contain_text("The weakest pattern of practice is internal/external, at 50.")
    expect(page.locator("#advice-direction")).to_have_text(
        "Keep the practices that hold the stage, and work first on the weakest, below."
    )
    assert serious_accessibility_violations(page) == []
    shoot(page, "result-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert serious_accessibility_violations(page) == []
    shoot(page, "result-390")

    assessment = Assessment.objects.get(alliance=alliance)
    assert (assessment.questionnaire, assessment.stage, assessment.answers.count()) == (version_two, 3, 81)
