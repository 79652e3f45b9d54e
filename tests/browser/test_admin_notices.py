"""How the admin's questionnaire notices look: a refused publish reads as an error, a threshold preview as a notice."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments import versions
from assessments.admin.forms import PREVIEW_HEADING
from assessments.models import Questionnaire
from tests.answering import answers_by_stage
from tests.browser.conftest import screenshot
from tests.factories import AllianceFactory, UserFactory, submitted_assessment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(db):
    published = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    return versions.copy_questionnaire(questionnaire=published)


@pytest.fixture
def admin_page(page, sign_in):
    sign_in(UserFactory(username="ada", is_staff=True, is_superuser=True))
    return page


def test_a_refused_publish_lists_its_problems_as_lines_of_one_error(admin_page, draft):
    """The publish page lists every problem in its red box, with no button; a publish forced anyway
    comes back as one red message whose problems are plain bullets, with no green check of their own."""
    draft.items.filter(principle__number=8).delete()
    draft.items.filter(pattern__stage__number=1, pattern__number=2).delete()
    admin_page.goto(f"/admin/assessments/questionnaire/{draft.pk}/change/")
    admin_page.get_by_role("button", name="Save, then publish…").click()
    expect(admin_page.locator(".errornote")).to_contain_text("v2 cannot be published yet.")
    expect(admin_page.locator("#publish-problems li")).to_have_count(2)
    expect(admin_page.get_by_role("button", name="Publish v2")).to_have_count(0)
    screenshot(admin_page, "admin-publish-problems")

    # As a stale page's button would: post to the publish page all the same.
    admin_page.evaluate(
        """() => {
            const form = Object.assign(document.createElement("form"), {method: "post"});
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            form.append(Object.assign(document.createElement("input"), {name: "csrfmiddlewaretoken", value: token}));
            document.body.append(form);
            form.submit();
        }"""
    )
    message = admin_page.locator("ul.messagelist > li.error")
    expect(message).to_contain_text("Version 2 was not published.")
    problems = message.locator("li")
    expect(problems).to_have_count(2)
    styles = problems.evaluate_all(
        "lines => lines.map(li => [getComputedStyle(li).backgroundImage, getComputedStyle(li).listStyleType])"
    )
    assert styles == [["none", "disc"], ["none", "disc"]]
    assert "icon-no" in message.evaluate("li => getComputedStyle(li).backgroundImage")
    screenshot(admin_page, "admin-publish-refused")


def test_the_threshold_preview_is_a_notice_naming_the_alliances_and_saves_from_there(admin_page, draft):
    """New thresholds show which alliance would move, with no error box; "Save these thresholds" applies them."""
    v1 = Questionnaire.objects.get(version=1)
    alliance = AllianceFactory(name="Cold chain logistics", partner="Nordfrost")
    submitted_assessment(alliance, answers_by_stage(v1, 1, 4, 2), dt.datetime(2026, 1, 15, tzinfo=dt.UTC))
    admin_page.goto(f"/admin/assessments/questionnaire/{draft.pk}/change/")
    admin_page.get_by_label("Stage two threshold").fill("80")
    admin_page.get_by_role("button", name="Save", exact=True).click()
    notice = admin_page.get_by_role("status")
    expect(notice).to_contain_text(str(PREVIEW_HEADING))
    expect(notice.get_by_role("listitem")).to_have_text(["Cold chain logistics (Nordfrost): Stage II → Stage I"])
    expect(admin_page.locator(".errornote")).to_have_count(0)
    # The notice itself; Django's item rows below it have axe findings of their own, not this change's.
    violations = Axe().run(admin_page, context="#threshold-preview").response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    screenshot(admin_page, "admin-threshold-preview")
    notice.get_by_role("button", name="Save these thresholds").click()
    expect(admin_page.locator("ul.messagelist li.success")).to_be_visible()
    assert Questionnaire.objects.values_list("stage_two_threshold", flat=True).get(pk=draft.pk) == 80
