"""A survey in the browser: the manager opens it and answers too, each invitee answers through their personal
link (one leaves half-way and comes back), a revoked link is refused, and the closed round's result is drawn."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Questionnaire, Respondent
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import AllianceFactory, ManagerFactory
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db(transaction=True)

COLLEAGUES = ["Cleo Park <cleo@ours.example>", "Dan Reyes <dan@ours.example>", "Eli Moss <eli@ours.example>"]
PARTNERS = [
    "Ana Silva <ana@nordfrost.example>",
    "Ben Okafor <ben@nordfrost.example>",
    "Eva Lind <eva@nordfrost.example>",
    "Gil Kahn <gil@nordfrost.example>",
]
PHONE = {"width": 390, "height": 844}
# Our side sees strong practice and few warning signs (Stage III); the partner's people see "neither" (Stage I).
OURS = {"symptoms": 2, "practice": 4}
THEIRS = {"symptoms": 3, "practice": 3}

# Checks an option for every statement on the page (no change event: the page's button saves them all).
# Sections are neutral (version 2): a statement is a warning sign by its code, not by its section's title.
CHECK_ALL = """([symptoms, practice, warningSigns]) => {
  document.querySelectorAll(".statement").forEach((statement) => {
    const value = warningSigns.includes(statement.id.replace(/^item-/, "")) ? symptoms : practice;
    statement.querySelectorAll("input[type=radio]")[value - 1].checked = true;
  });
}"""


def no_serious_violations(page, name):
    assert serious_accessibility_violations(page) == [], name


def answer_sections(page, answers, *, sections=None):
    """Answer every statement of each section in turn (or only the first `sections`), saving with the page's button."""
    warning_signs = list(
        Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
        .items.filter(pattern__stage__number=1)
        .values_list("code", flat=True)
    )
    done = 0
    while page.locator("form[data-autosave]").count() and (sections is None or done < sections):
        # Once the page's script runs (it would send answers checked before it): then the button saves them all.
        expect(page.locator("#save-status")).not_to_have_text(
            "Answers on this page are saved when you press one of its Save buttons."
        )
        page.evaluate(CHECK_ALL, [answers["symptoms"], answers["practice"], warning_signs])
        page.locator("form[data-autosave] button.btn-primary").click()
        page.wait_for_load_state()
        done += 1


def hand_in(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and hand in")
    page.get_by_role("button", name="Hand in my answers").click()
    expect(page.get_by_role("status").first).to_contain_text("You handed in your answers on")


def links_by_address():
    run_ready_tasks()
    links = {}
    for message in mail.outbox:
        found = re.search(r"http://127\.0\.0\.1:8000(/r/\S+)", message.body)
        links[message.to[0]] = found.group(1)
    return links


def test_a_survey_from_opening_to_its_result(page, sign_in, new_page, live_server, settings):
    """Seven invitees and the manager answer; a revoked link is refused; the closed round shows its result."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad", email="amira@ours.example")
    alliance = AllianceFactory(owner=manager, name="Cold chain logistics", partner="Nordfrost Logistics")
    sign_in(manager)
    page.goto(f"/alliances/{alliance.pk}/")
    page.get_by_role("link", name="Open a survey").click()
    no_serious_violations(page, "open a survey")
    page.get_by_label("Deadline").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_label("I answer too, on our side").check()
    page.get_by_label("Our side", exact=True).fill("\n".join(COLLEAGUES))
    page.get_by_label("The partner's side").fill("\n".join(PARTNERS))
    page.get_by_role("button", name="Open the survey and send the invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey of Cold chain logistics")
    round_page = page.url
    expect(page.locator("#invitees tbody tr")).to_have_count(8)

    # The invitations go out; the fourth partner's link is revoked before use.
    links = links_by_address()
    assert len(links) == 8
    page.locator('tr[data-invitee="gil@nordfrost.example"]').get_by_role("button", name="Revoke link").click()
    expect(page.locator('tr[data-invitee="gil@nordfrost.example"] [data-state]')).to_have_text("link revoked")
    no_serious_violations(page, "round page")
    screenshot(page, "survey-round-page")

    refused = new_page(viewport={"width": 1280, "height": 900})
    refused.goto(links["gil@nordfrost.example"])
    expect(refused.get_by_role("heading", level=1)).to_have_text("This link opens nothing now")
    expect(refused.locator("main")).to_contain_text("withdrawn by the alliance's manager")
    no_serious_violations(refused, "refused link")

    # The manager answers too, signed in, from the list of surveys they are asked to answer.
    page.goto("/alliances/")
    page.get_by_role("button", name="Answer about Cold chain logistics").click()
    answer_sections(page, OURS)
    page.get_by_role("button", name="Hand in my answers").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()

    for address, answers in [
        ("cleo@ours.example", OURS),
        ("dan@ours.example", OURS),
        ("eli@ours.example", OURS),
        ("ana@nordfrost.example", THEIRS),
        ("ben@nordfrost.example", THEIRS),
        ("eva@nordfrost.example", THEIRS),
    ]:
        phone = address == "ana@nordfrost.example"
        invitee = new_page(viewport=PHONE if phone else {"width": 1280, "height": 900})
        invitee.goto(links[address])
        expect(invitee).to_have_url(re.compile(r"/r/[^/]+/$"))
        expect(invitee.locator("main")).to_contain_text("An alliance between Our company and Nordfrost Logistics.")
        if address == "cleo@ours.example":
            no_serious_violations(invitee, "first page")
        invitee.get_by_role("button", name="Begin").click()
        if address == "dan@ours.example":
            # Dan answers two sections, closes the tab, and comes back through the link.
            answer_sections(invitee, answers, sections=2)
            third_section = invitee.get_by_role("heading", level=1).inner_text()
            context = invitee.context
            invitee.close()
            invitee = context.new_page()
            invitee.goto(links[address])
            invitee.get_by_role("button", name="Carry on where you left off").click()
            expect(invitee.get_by_role("heading", level=1)).to_have_text(third_section)
        if phone or address == "cleo@ours.example":
            invitee.locator(".statement").first.locator("label.btn").nth(1).click()
            invitee.locator(".statement textarea").first.fill("Shared thought")
            invitee.locator(".statement input[type=checkbox]").first.check()
            expect(invitee.locator("#save-status")).to_have_text("Saved.")
            no_serious_violations(invitee, f"section at {'390' if phone else '1280'} px")
            screenshot(invitee, f"survey-section-{'phone' if phone else 'desktop'}")
        answer_sections(invitee, answers)
        if phone:
            no_serious_violations(invitee, "review at 390 px")
        hand_in(invitee)
        assert "Sign out" not in invitee.content()

    # The manager closes the round and reads the result.
    page.goto(round_page)
    expect(page.locator('tr[data-invitee="eva@nordfrost.example"] [data-state]')).to_have_text("submitted")
    page.get_by_role("link", name="Close the round…").click()
    expect(page.locator("#no-side-qualifies")).to_have_count(0)
    page.get_by_role("button", name="Close the round now").click()
    page.get_by_role("link", name="See the result").click()
    expect(page.locator("#verdict-sentence")).to_contain_text(
        "Our side sees Stage III; the partner's people see Stage I"
    )
    expect(page.locator("#principles-heading")).to_be_visible()
    expect(page.locator('[data-figure="sides-radar-data"] .main-svg').first).to_be_attached()
    # Both sides drawn: two traces of the radar, each through its ten principles and back to the first.
    radar = page.locator('[data-figure="sides-radar-data"]')
    drawn = radar.evaluate(
        "(chart) => chart.data.map((trace) => [trace.type, trace.r.filter((r) => r !== null).length])"
    )
    assert drawn == [["scatterpolar", 11], ["scatterpolar", 11]]
    expect(radar.locator(".polarlayer .trace")).to_have_count(2)
    expect(page.locator("#disagreements-heading")).to_be_visible()
    no_serious_violations(page, "result at 1280 px")
    screenshot(page, "survey-result")
    assert Respondent.objects.filter(revoked_at__isnull=False).count() == 1

    phone = new_page(viewport=PHONE)
    phone.goto("/accounts/login/")
    phone.get_by_label("Username").fill("amira")
    phone.get_by_label("Password").fill("test-password")
    phone.get_by_role("button", name="Sign in").click()
    for url in (round_page, page.url):
        phone.goto(url)
        no_serious_violations(phone, f"{url} at 390 px")
    screenshot(phone, "survey-result-phone")
