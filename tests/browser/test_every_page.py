"""Every page of the site, the admin's included, passes axe at 1280 and 390 px and never scrolls sideways."""

import datetime as dt
import time
from types import SimpleNamespace

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.tokens import default_token_generator
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.defaults import server_error

from actions.models import Action, ActionReminder, OverdueReminder
from assessments import criteria_io, versions
from assessments.invitations import invitation_tokens, uid_of
from assessments.models import Commitment, Pattern, Principle, Questionnaire, Stage
from assessments.password_reset import send_password_reset_mail
from assessments.questionnaire import sections_of
from jobs.models import DailyRun, Job
from tests.answering import record_answers
from tests.every_page import (
    ADMIN,
    EDITOR,
    EXECUTIVE,
    LINK_HOLDER,
    MANAGER,
    NO_ROLE,
    POSTED,
    ROLES,
    VISITOR,
    Visit,
    every_page,
)
from tests.factories import (
    AllianceFactory,
    AssessmentFactory,
    CriteriaEditorFactory,
    ExecutiveFactory,
    ManagerFactory,
    UserFactory,
    answers_at,
    closed_survey,
    respond,
    submitted_assessment,
    survey,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
# A 200-character name with a 40-character token that no line can break, as people sometimes type.
LONG_NAME = ("Northern Europe cold chain and last mile logistics partnership " + "X" * 40 + " ") * 2
LONG_NAME = LONG_NAME[:200]
AXE = Axe()
# The page's layout and charts settle after a resize on the next frames.
SETTLE = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
SERVER_ERROR_PATH = "/a-page-that-fails/"
# At the second width only the rules whose verdict depends on what is drawn where: the others read the same
# markup at both widths, and running them twice would double the test's time on CI's two cores.
DRAWN_RULES = [
    "color-contrast",
    "link-in-text-block",
    "target-size",
    "scrollable-region-focusable",
    "button-name",
    "link-name",
    "label",
    "select-name",
    "aria-hidden-focus",
    "meta-viewport",
]


def make_site() -> SimpleNamespace:
    """One of everything a page shows: alliances and assessments, a draft version, jobs, sign-in records."""
    manager = ManagerFactory(username="amira")
    alliance = AllianceFactory(owner=manager, name="Cold chain logistics")
    published = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    first = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    submitted = submitted_assessment(alliance, answers_at(2), first)
    draft = AssessmentFactory(alliance=alliance)
    record_answers(assessment=draft, answers=dict(list(answers_at(3).items())[:30]))
    long_alliance = AllianceFactory(name=LONG_NAME, partner="P" * 60)
    submitted_assessment(long_alliance, answers_at(1), first)
    submitted_assessment(long_alliance, answers_at(3), first + dt.timedelta(days=100))
    ExecutiveFactory(username="elena")
    UserFactory(username="ada", is_staff=True, is_superuser=True)
    CriteriaEditorFactory(username="carl")
    UserFactory(username="nobody")
    draft_version = versions.copy_questionnaire(questionnaire=published)
    item = draft_version.items.order_by("order").first()
    item.statement += " (reworded)"
    item.save()
    for model in (Stage, Pattern, Principle, Commitment):
        model.objects.order_by("pk").first().save()  # a history record for each criteria model
    broken_draft = versions.copy_questionnaire(questionnaire=published)  # a publish refused, with two problems
    broken_draft.items.filter(pattern__stage__number=3, pattern__number=4).delete()
    broken_draft.items.filter(principle__number=2).delete()
    renaming = criteria_io.export(published)
    renaming["stages"][0]["name"] = "Ad hoc"
    renaming["principles"][1]["name"] = "Open Communication"
    bad = criteria_io.export(published)
    bad["questionnaire"]["items"][0]["weight"] = 0
    del bad["questionnaire"]["items"][5]["statement"]
    now = timezone.now()
    send_password_reset_mail.enqueue_job(
        now=now,
        user_id=manager.pk,
        mail_context={},
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        from_email=None,
        to_email=manager.email,
        html_email_template_name=None,
    )
    Job.objects.create(task_name="export", max_attempts=5, created_at=now, updated_at=now, last_error="x" * 300)
    DailyRun.objects.create(day=now.date(), started_at=now, results={"purged": 0})
    sign_in = {"user_agent": "Firefox", "ip_address": "10.0.0.1", "username": "ben", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **sign_in, path_info="/accounts/login/", get_data="", post_data="", failures_since_start=5
    )
    AccessLog.objects.create(**sign_in, path_info="/accounts/login/")
    AccessFailureLog.objects.create(**sign_in, path_info="/accounts/login/", locked_out=True)
    surveyed = AllianceFactory(owner=manager, name="Joint bids with a partner")
    closed = closed_survey(surveyed, ours=3, partner=3)
    held = AllianceFactory(owner=manager, name="Shared warehouse")
    open_round = survey(held, opened_at=now - dt.timedelta(days=1), deadline=now + dt.timedelta(days=13))
    response = respond(open_round, "partner", dict(list(answers_at(3).items())[:10]), handed_in=False)
    invitee = response.invitee
    action = Action.objects.create(
        alliance=alliance,
        title="Agree the escalation path with the partner",
        due_date=now.date() + dt.timedelta(days=20),
        owner_user=manager,
        created_by=manager,
        created_at=now,
        updated_at=now,
    )
    ActionReminder.objects.create(
        action=action,
        recipient=manager.email,
        state=ActionReminder.State.DUE_SOON,
        due_date=action.due_date,
        sent_on=now.date(),
    )
    OverdueReminder.objects.create(alliance=alliance, recipient=manager.email, sent_on=now.date())
    return SimpleNamespace(
        alliance=alliance.pk,
        surveyed_alliance=surveyed.pk,
        closed_survey=closed.pk,
        open_survey=open_round.pk,
        invitee_uid=uid_of(invitee),
        invitation_link=reverse(
            "invitation-link", args=[uid_of(invitee), invitation_tokens.make_token(invitee, now=now)]
        ),
        action=action.pk,
        long_alliance=long_alliance.pk,
        draft=draft.pk,
        unanswered_section=list(sections_of(draft))[-1].slug,  # its first 30 statements are answered
        submitted=submitted.pk,
        draft_version=draft_version.pk,
        broken_draft=broken_draft.pk,
        renaming_file=yaml.safe_dump(renaming, allow_unicode=True).encode(),
        bad_file=yaml.safe_dump(bad, allow_unicode=True).encode(),
        stage=Stage.objects.get(number=1).pk,
        manager_pk=manager.pk,
        reset_link=reverse(
            "password_reset_confirm",
            args=[urlsafe_base64_encode(force_bytes(manager.pk)), default_token_generator.make_token(manager)],
        ),
        objects={Questionnaire: draft_version},
    )


USERNAMES = {MANAGER: "amira", EXECUTIVE: "elena", ADMIN: "ada", EDITOR: "carl", NO_ROLE: "nobody"}


def open_as(chromium, live_server, role, site):
    """A page in a context of its own at 1280 px, signed in as the role's user (a visitor stays signed out,
    a link holder follows their personal link first, which leaves its cookie)."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    if role == LINK_HOLDER:
        page.goto(site.invitation_link)
    elif role != VISITOR:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(USERNAMES[role])
        page.get_by_label("Password").fill("test-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    return page


def findings_on(page, label: str) -> list[str]:
    """axe's serious and critical findings and any sideways scroll, at each width (the page is loaded)."""
    findings = []
    widths = WIDTHS if page.viewport_size["width"] == WIDTHS[0] else WIDTHS[::-1]
    for width in widths:
        options = {"resultTypes": ["violations"]}
        if width != widths[0]:
            options["runOnly"] = {"type": "rule", "values": DRAWN_RULES}
        if page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
            page.evaluate(SETTLE)
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.axe_script)
        violations = page.evaluate("(options) => axe.run(document, options)", options)["violations"]
        findings += [
            f"{label} at {width}px: {v['impact']} {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll[0] > scroll[1]:
            findings.append(f"{label} at {width}px: scrolls sideways (scrollWidth {scroll[0]} > {scroll[1]})")
    return findings


def test_every_page_passes_axe_at_both_widths_for_every_role(chromium, live_server):
    """Each listed page as its role opens it, the 404 and 500 pages too, then each page only a POST reaches as its
    role's form brings it about: no serious axe finding, no sideways scroll."""
    site = make_site()
    visits = [(route, visit) for route, listed in every_page().items() for visit in listed]
    visits += [("404", Visit(VISITOR, lambda site: "/no-such-page/", status=404))]
    visits += [("500", Visit(VISITOR, lambda site: SERVER_ERROR_PATH, status=500))]
    error_page = server_error(RequestFactory().get(SERVER_ERROR_PATH)).content.decode()
    findings, started, posted_seconds = [], time.monotonic(), 0.0
    for role in ROLES:
        page = open_as(chromium, live_server, role, site)
        page.route(f"**{SERVER_ERROR_PATH}", lambda route: route.fulfill(status=500, body=error_page))
        for route, visit in visits:
            if visit.role != role:
                continue
            path = visit.path(site)
            label = f"{role} {path} ({route})"
            response = page.goto(path)
            if visit.status is None and response.status == 403:
                continue  # a read-only admin page: the 403 page is checked as the manager meets it
            if response.status != (visit.status or 200):
                findings.append(f"{label}: answered {response.status}, not {visit.status or 200}")
                continue
            findings += findings_on(page, label)
        for route, posted in ((route, posted) for route, states in POSTED.items() for posted in states):
            if posted.role != role:
                continue
            label = f"{role} {posted.name} ({route}, posted)"
            posting = time.monotonic()
            status = posted.reach(page, site)
            if status != posted.status:
                findings.append(f"{label}: answered {status}, not {posted.status}")
                continue
            findings += findings_on(page, label)
            posted_seconds += time.monotonic() - posting
        page.context.close()
    posts = sum(len(states) for states in POSTED.values())
    print(f"{len(visits)} pages and {posts} posted states in {time.monotonic() - started:.1f} s", end=" ")
    print(f"(the posted states {posted_seconds:.1f} s)")
    assert findings == [], "\n".join(findings)
