"""A manager fills in the questionnaire in the browser: nothing lost, submitted once, the result drawn."""

import pytest
from playwright.sync_api import expect

from assessments import answering
from assessments.models import Assessment
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import AllianceFactory, ManagerFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The option each statement gets (1 = strongly disagree ... 5 = strongly agree): few Stage I
# symptoms, strong practice everywhere else, so the alliance lands at Stage III.
SYMPTOMS, PRACTICE = 2, 4


def answer_this_section(page, expected_answered: int):
    """Click an option for every statement on the page, then wait until the saves have come back."""
    wait_for_autosave(page)
    for statement in page.locator(".statement").all():
        # Version 1's codes say which statements are Stage I symptoms; its page titles no longer do.
        value = SYMPTOMS if statement.get_attribute("id").startswith("item-S1-") else PRACTICE
        statement.locator("label.btn").nth(value - 1).click()
    expect(page.locator("[data-progress-answered]")).to_have_text(str(expected_answered))
    expect(page.locator("#save-status")).to_have_text("Saved.")


def start_assessment(page, alliance):
    page.goto(f"/alliances/{alliance.pk}/")
    page.get_by_role("button", name="Start assessment").click()


def wait_for_autosave(page):
    """Wait for the page's script, which says so once it runs: an answer given before it would not be sent."""
    expect(page.locator("#save-status")).to_have_text("Answers are saved as you give them.")


def signed_in_page(new_page, username: str, **options):
    """A page in a browser context of its own (scripts off, a phone's screen, ...), signed in."""
    page = new_page(**options)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Sign in").click()
    return page


def test_manager_answers_half_leaves_comes_back_finishes_and_sees_the_result(page, sign_in):
    """Answers saved as given survive closing the page; resuming lands where the manager was; submit shows charts."""
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    alliance = AllianceFactory(owner=manager, name="Cold chain logistics", partner="Nordfrost Logistics")
    sign_in(manager)
    start_assessment(page, alliance)
    expect(page.get_by_role("heading", level=1)).to_have_text("Who carries the alliance, what the relationship is")

    # Half of the 74 statements, in the first four sections, saved only by the page's script:
    # the side list's links move between sections without posting the page.
    answer_this_section(page, 10)
    page.locator("#item-S1-P1-01 textarea").fill("Sam is the only champion")
    page.locator("#item-S1-P1-01 textarea").blur()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "questionnaire-section")
    answered = 10
    for slug, size in [("contracts-and-negotiation", 8), ("place-in-our-strategy", 9), ("leadership-and-the-team", 10)]:
        page.locator(f'[data-section="{slug}"] a').click()
        answered += size
        answer_this_section(page, answered)
    assert answered == 37
    side_list = page.get_by_role("navigation", name="Sections")
    expect(side_list.locator(".complete")).to_have_count(4)

    # Close the page; days later, open the alliance again and continue.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(f"/alliances/{alliance.pk}/")
    page.get_by_role("button", name="Continue assessment").click()
    expect(page).to_have_url(
        f"{page.url.split('/assessments/')[0]}/assessments/{_draft_pk(alliance)}/section/leadership-and-the-team/"
    )
    expect(page.locator("input.btn-check:checked")).to_have_count(10)
    expect(page.locator("[data-progress-answered]")).to_have_text("37")

    page.get_by_role("link", name="Review and submit").click()
    expect(page.locator("tr.unanswered")).to_have_count(37)
    assert page.get_by_text("Comment: Sam is the only champion").is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "questionnaire-review-unanswered")

    # Finish with the page's buttons, which save too.
    page.locator('a[href$="/section/culture/"]').first.click()
    for size in (12, 8, 9, 8):
        answered += size
        answer_this_section(page, answered)
        page.locator(".btn-primary[name=go]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(page.locator("tr.unanswered")).to_have_count(0)

    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_role("heading", level=2, name="Stage III: Foundation of a Value Network")).to_be_visible()
    charts = page.locator("[data-figure]")
    expect(charts).to_have_count(3)
    for chart in charts.all():
        expect(chart.locator(".main-svg").first).to_be_attached()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "result")
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") == 1280  # nothing wider than the paper
    screenshot(page, "result-print")

    assessment = Assessment.objects.get(alliance=alliance)
    assert (assessment.status, assessment.stage, assessment.answers.count()) == ("submitted", 3, 74)
    assert assessment.answers.get(item__code="S1-P1-01").comment == "Sam is the only champion"


def test_without_javascript_the_page_buttons_save(new_page):
    """With scripts off, choosing options and pressing the page's button stores them."""
    manager = ManagerFactory(username="ben")
    alliance = AllianceFactory(owner=manager)
    page = signed_in_page(new_page, "ben", java_script_enabled=False)
    start_assessment(page, alliance)
    # Without the script nothing is saved as it is given, and the page does not pretend otherwise.
    expect(page.locator("#save-status")).to_have_text(
        "Answers on this page are saved when you press one of its Save buttons."
    )
    for statement in page.locator(".statement").all():
        statement.locator("label.btn").nth(5).click()  # "Don't know"
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("10 of 74 statements answered")).to_be_visible()
    assessment = Assessment.objects.get(alliance=alliance)
    assert list(assessment.answers.values_list("value", flat=True)) == [None] * 10
    assert assessment.last_section == "contracts-and-negotiation"
    page.context.close()


def _draft_pk(alliance) -> int:
    return Assessment.objects.get(alliance=alliance, status=Assessment.Status.DRAFT).pk


def test_answers_given_before_the_script_ran_are_saved_when_it_runs(page, sign_in):
    """A click and a comment made while the page was still loading its script are sent once the script starts."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    script = "**/js/questionnaire.js"
    page.route(script, lambda route: route.abort())  # the script has not arrived yet
    start_assessment(page, alliance)
    first, second = page.locator(".statement").nth(0), page.locator(".statement").nth(1)
    first.locator("label.btn").nth(4).click()
    second.locator("textarea").fill("Typed early")
    second.locator("label.btn").nth(0).click()
    assert not Assessment.objects.get(alliance=alliance).answers.exists()
    page.unroute(script)
    page.add_script_tag(url=page.locator("script[src$='questionnaire.js']").get_attribute("src"))
    expect(page.locator("[data-progress-answered]")).to_have_text("2")
    expect(page.locator("#save-status")).to_have_text("Saved.")
    answers = Assessment.objects.get(alliance=alliance).answers.order_by("item__order")
    assert list(answers.values_list("item__code", "value", "comment")) == [
        ("S1-P1-01", 5, ""),
        ("S1-P1-02", 1, "Typed early"),
    ]


def test_an_answer_given_after_the_session_ran_out_says_it_was_not_saved(page, sign_in):
    """When the session is gone, the page says the answer was not saved instead of pretending."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    start_assessment(page, alliance)
    wait_for_autosave(page)
    page.context.clear_cookies(name="sessionid")  # the CSRF cookie outlives a session
    page.locator(".statement").first.locator("label.btn").nth(3).click()
    expect(page.locator("#save-status")).to_contain_text("you have been signed out")
    assert not Assessment.objects.get(alliance=alliance).answers.exists()


def test_an_answer_the_database_could_not_take_is_retried_until_saved(page, sign_in):
    """A 503 during a database restart says "Not saved, retrying…" and the retry stores the answer."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    start_assessment(page, alliance)
    wait_for_autosave(page)
    refused = []

    def unavailable_once(route):
        if refused:
            route.continue_()
            return
        refused.append(route.request.post_data)
        route.fulfill(status=503, json={"error": "Not saved: the database is not answering for a moment."})

    page.route("**/answer/", unavailable_once)
    page.locator(".statement").first.locator("label.btn").nth(3).click()
    expect(page.locator("#save-status")).to_have_text("Statement 1: Not saved, retrying…")
    expect(page.locator("#item-S1-P1-01 .autosave-problem")).to_have_text("Not saved, retrying…")
    assert not Assessment.objects.get(alliance=alliance).answers.exists()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(page.locator("#item-S1-P1-01 .autosave-problem")).to_have_text("")
    assert refused == ["item=S1-P1-01&value=4&comment=&revision=0&shared="]
    answers = Assessment.objects.get(alliance=alliance).answers
    assert list(answers.values_list("item__code", "value")) == [("S1-P1-01", 4)]


def test_a_comment_written_before_the_answer_waits_for_it_without_an_error(page, sign_in):
    """A comment typed first gets a calm hint beside it and is saved with the answer chosen after."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    start_assessment(page, alliance)
    wait_for_autosave(page)
    statement = page.locator("#item-S1-P1-03")
    statement.locator("textarea").fill("Ask the steering group")
    hint = statement.locator(".comment-hint")
    expect(hint).to_have_text("Your comment is kept once you choose an answer (or “Don't know”) for this statement.")
    expect(page.locator(".autosave-problem")).to_have_count(0)
    expect(page.locator("#save-status")).to_have_text("Answers are saved as you give them.")
    screenshot(page, "questionnaire-comment-first")
    assessment = Assessment.objects.get(alliance=alliance)
    assert not assessment.answers.exists()
    statement.locator("label.btn").nth(1).click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(hint).to_be_hidden()
    assert list(assessment.answers.values_list("item__code", "value", "comment")) == [
        ("S1-P1-03", 2, "Ask the steering group")
    ]


def test_the_review_page_fits_a_phone(new_page):
    """At 390 px wide the review page does not scroll sideways and statements keep the screen's width."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    page = signed_in_page(new_page, "amira", viewport={"width": 390, "height": 844})
    start_assessment(page, alliance)
    wait_for_autosave(page)
    page.locator(".statement").first.locator("label.btn").nth(3).click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    page.goto(f"/assessments/{_draft_pk(alliance)}/review/")
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    statement = page.locator(".review-table td").first.bounding_box()
    assert statement["width"] > 300
    change = page.get_by_role("link", name="Change answers").first.bounding_box()
    assert change["height"] < 30  # on one line
    screenshot(page, "questionnaire-review-phone")
    page.context.close()


def test_two_changes_to_one_statement_store_the_later_even_when_the_first_is_slow(page, sign_in):
    """Two clicks 5 ms apart: the second waits for the first to come back, so the later answer is stored."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    start_assessment(page, alliance)
    wait_for_autosave(page)
    held, sent = [], []

    def hold_the_first(route):
        sent.append(route.request.post_data)
        if held or len(sent) > 1:
            route.continue_()
        else:
            held.append(route)  # the first save is slow to reach the server

    page.route("**/answer/", hold_the_first)
    labels = page.locator("#item-S1-P1-01 label.btn")
    labels.nth(1).click()
    page.wait_for_timeout(5)
    labels.nth(4).click()
    page.wait_for_timeout(300)
    assert sent == ["item=S1-P1-01&value=2&comment=&revision=0&shared="]  # the second has not overtaken it
    held[0].continue_()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(page.locator("input[data-revision='S1-P1-01']")).to_have_value("2")
    assert sent == [
        "item=S1-P1-01&value=2&comment=&revision=0&shared=",
        "item=S1-P1-01&value=5&comment=&revision=1&shared=",
    ]
    answers = Assessment.objects.get(alliance=alliance).answers
    assert list(answers.values_list("item__code", "value", "revision")) == [("S1-P1-01", 5, 2)]


def test_a_change_made_in_another_tab_is_shown_instead_of_overwritten(page, sign_in):
    """Another tab answered after this page loaded: this tab's click is refused, and the page shows that answer."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager)
    sign_in(manager)
    start_assessment(page, alliance)
    wait_for_autosave(page)
    assessment = Assessment.objects.get(alliance=alliance)
    answering.save_answer(assessment=assessment, code="S1-P1-01", reply=answering.Reply(4, "said in the other tab"))
    statement = page.locator("#item-S1-P1-01")
    statement.locator("label.btn").nth(0).click()
    message = str(answering.STALE_ANSWER)
    expect(page.locator("#save-status")).to_have_text("Statement 1: " + message)
    expect(statement.locator(".autosave-problem")).to_have_text(message)
    expect(statement.locator("input[type=radio][value='4']")).to_be_checked()
    expect(statement.locator("textarea")).to_have_value("said in the other tab")
    assert list(assessment.answers.values_list("value", "comment")) == [(4, "said in the other tab")]
    statement.locator("label.btn").nth(0).click()  # now knowingly replacing it
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert list(assessment.answers.values_list("value", "revision")) == [(1, 2)]
