"""Who may do what: every view for every role, and the rules in access.py they rest on."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from assessments import access, surveys
from assessments.invitations import invitation_tokens, uid_of
from assessments.models import Assessment, Respondent
from assessments.questionnaire import sections_of

from .factories import (
    AllianceFactory,
    AssessmentFactory,
    ExecutiveFactory,
    UserFactory,
    answers_at,
    closed_survey,
    submitted_assessment,
)
from .portfolio import on

ROLES = ("owner", "other manager", "executive", "admin", "no role", "signed out")
LOGIN = "login"  # a redirect to the sign-in page

OK, FOUND, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404


@pytest.fixture
def people(manager, other_manager, executive, admin_user):
    return {
        "owner": manager,
        "other manager": other_manager,
        "executive": executive,
        "admin": admin_user,
        "no role": UserFactory(username="no-role"),
        "signed out": None,
    }


@pytest.fixture
def world(published, manager):
    """One alliance of the owner's, with a submitted assessment and a draft under way."""
    alliance = AllianceFactory(owner=manager, name="Owned")
    submitted = submitted_assessment(alliance, answers_at(2), on(2025, 9, 10))
    draft = AssessmentFactory(alliance=alliance)
    section = sections_of(draft).first().slug
    open_alliance = AllianceFactory(owner=manager, name="Open survey")
    now = timezone.now()
    survey = surveys.open_survey(
        alliance=open_alliance,
        opened_by=manager,
        deadline=now + dt.timedelta(days=7),
        people=[surveys.Person("Ana", "ana@partner.example", "partner")],
        now=now,
    )
    return {
        "alliance": alliance.pk,
        "submitted": submitted.pk,
        "draft": draft.pk,
        "section": section,
        "open_alliance": open_alliance.pk,
        "open_survey": survey.pk,
        "invitee": survey.respondents.get().pk,
    }


@pytest.fixture
def surveyed(published, manager):
    """A closed survey of another of the owner's alliances: its round, combined assessment and one response."""
    held = closed_survey(AllianceFactory(owner=manager, name="Surveyed"))
    return {
        "survey": held.pk,
        "combined": held.assessments.get(status="submitted").pk,
        "response": held.assessments.filter(status="responded").first().pk,
    }


def _each(role_codes: tuple) -> dict:
    return dict(zip(ROLES, role_codes, strict=True))


# (method, url name, the object the url names, data), then the outcome per role, in ROLES order.
VIEWS = [
    (("get", "home", None, None), (FOUND, FOUND, FOUND, FOUND, OK, LOGIN)),
    (("get", "alliance-list", None, None), (OK, OK, OK, OK, OK, LOGIN)),
    (("get", "alliance-create", None, None), (OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN)),
    (("get", "alliance-detail", "alliance", None), (OK, NOT_FOUND, OK, OK, NOT_FOUND, LOGIN)),
    (("get", "alliance-edit", "alliance", None), (OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "assessment-start", "alliance", {}), (FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (("get", "assessment-resume", "draft", None), (FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (("get", "assessment-resume", "submitted", None), (FOUND, NOT_FOUND, FOUND, FOUND, NOT_FOUND, LOGIN)),
    (("get", "assessment-section", "draft", None), (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (("get", "assessment-section", "submitted", None), (OK, NOT_FOUND, OK, OK, NOT_FOUND, LOGIN)),
    (("post", "assessment-section", "draft", {}), (FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (("post", "assessment-section", "submitted", {}), (FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (
        ("post", "assessment-answer", "draft", {"item": "S1-P1-01", "value": "3"}),
        (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    ),
    (("get", "assessment-review", "draft", None), (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (("get", "assessment-review", "submitted", None), (OK, NOT_FOUND, OK, OK, NOT_FOUND, LOGIN)),
    (("post", "assessment-submit", "draft", {}), (FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)),
    (("get", "assessment-result", "submitted", None), (OK, NOT_FOUND, OK, OK, NOT_FOUND, LOGIN)),
    (("get", "survey-open", "open_alliance", None), (OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "survey-open", "open_alliance", {}), (OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("get", "round-detail", "open_survey", None), (OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "round-remind", "open_survey", {}), (FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "round-add-people", "open_survey", {}), (BAD_REQUEST, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "round-deadline", "open_survey", {}), (BAD_REQUEST, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("get", "round-close", "open_survey", None), (OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "round-link", "open_survey", {}), (OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "round-revoke", "open_survey", {}), (FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "round-close", "open_survey", {}), (FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)),
    (("post", "invitation-answer-signed-in", "invitee", {}), (NOT_FOUND,) * 5 + (LOGIN,)),
    (("get", "round-result", "survey", None), (OK, NOT_FOUND, OK, OK, NOT_FOUND, LOGIN)),
    (("get", "assessment-result", "combined", None), (FOUND, NOT_FOUND, FOUND, FOUND, NOT_FOUND, LOGIN)),
    # No one reads another person's survey response: not its owner's manager, not an executive, not an admin.
    *[
        (("get", name, "response", None), (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN))
        for name in ("assessment-resume", "assessment-review", "assessment-result")
    ],
    (("get", "dashboard", None, None), (FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, LOGIN)),
    (("post", "dashboard-alliances-export", None, {}), (FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, LOGIN)),
    (("post", "dashboard-answers-export", None, {}), (FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, LOGIN)),
]
CASES = [
    pytest.param(view, role, outcome, id=f"{view[0]} {view[1]} {view[2] or ''} as {role}")
    for view, outcomes in VIEWS
    for role, outcome in _each(outcomes).items()
]


@pytest.mark.parametrize(("view", "role", "outcome"), CASES)
def test_every_view_answers_every_role_as_access_decides(client, people, world, view, role, outcome, request):
    """Each role gets the page, a redirect, a 403 (seen but not allowed), a 404 (not seen) or the sign-in page."""
    method, name, target, data = view
    if target in ("survey", "combined", "response"):
        world = world | request.getfixturevalue("surveyed")
    args = [world[target]] if target else []
    if name == "assessment-section":
        args.append(world["section"])
    if name.startswith("dashboard-"):
        args.append("csv")
    if name in ("round-link", "round-revoke"):
        args.append(world["invitee"])
    url = reverse(name, args=args)
    if people[role] is not None:
        client.force_login(people[role])
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    if outcome == LOGIN:
        assert (response.status_code, response["Location"]) == (FOUND, f"{reverse('login')}?next={url}")
    else:
        assert response.status_code == outcome


def test_a_signed_out_visitor_sees_and_answers_nothing(world):
    """Without an account nothing is visible or answerable, and nothing may be edited."""
    visitor = AnonymousUser()
    assert not access.alliances_visible_to(visitor).exists()
    assert not access.assessments_visible_to(visitor).exists()
    assert not access.assessments_answerable_by(visitor).exists()
    assert not access.is_manager(visitor)
    assert not access.is_executive(visitor)


@pytest.mark.parametrize(
    ("role", "edits", "answers"),
    [
        ("owner", True, {"submitted", "draft"}),
        ("other manager", False, set()),
        ("executive", False, set()),
        ("admin", False, set()),
        ("no role", False, set()),
    ],
)
def test_only_the_owning_manager_edits_and_answers(people, world, role, edits, answers):
    """can_edit_alliance and can_answer agree with the query of what a user may answer."""
    user = people[role]
    alliance = access.alliances_visible_to(people["owner"]).get(name="Owned")
    assessments = {name: Assessment.objects.get(pk=world[name]) for name in ("submitted", "draft")}
    assert access.can_edit_alliance(user, alliance) is edits
    assert {name for name, a in assessments.items() if access.can_answer(user, a)} == answers
    answerable = set(access.assessments_answerable_by(user).values_list("pk", flat=True))
    assert answerable == {world[name] for name in answers}


def test_a_former_owner_may_no_longer_answer_their_draft(world, manager, other_manager):
    """Once the alliance passes to another manager, the draft's respondent can neither answer nor continue it."""
    draft = Assessment.objects.get(pk=world["draft"])
    draft.alliance.owner = other_manager
    draft.alliance.save()
    assert not access.can_answer(manager, draft)
    assert not access.assessments_answerable_by(manager).exists()


def test_only_the_respondent_is_offered_to_continue_a_draft(client, people, world):
    """The alliance page links "Continue" for the owner's own draft, and not for an executive reading it."""
    continue_url = reverse("assessment-resume", args=[world["draft"]])
    client.force_login(people["owner"])
    owner_page = client.get(reverse("alliance-detail", args=[world["alliance"]]))
    client.force_login(ExecutiveFactory(username="reader"))
    reader_page = client.get(reverse("alliance-detail", args=[world["alliance"]]))
    assert owner_page.context["answerable"] == {world["draft"]}
    assert f'href="{continue_url}">Continue</a>' in owner_page.text
    assert reader_page.context["answerable"] == set()
    assert continue_url not in reader_page.text


def test_staff_with_no_role_work_in_the_admin_only(client, people):
    """A staff member with no app role lands in the admin; staff who are also executives land on the dashboard."""
    staff = UserFactory(username="staff-only", is_staff=True)
    client.force_login(staff)
    assert access.works_in_admin_only(staff)
    assert client.get(reverse("home"))["Location"] == reverse("admin:index")
    assert not access.works_in_admin_only(people["admin"])


def test_a_link_holder_reaches_their_questionnaire_and_nothing_else(client, people, world, surveyed):
    """With an invitee's link and no account, every signed-in page asks to sign in, and another invitee's is refused."""
    world = world | surveyed
    invitee = Respondent.objects.get(pk=world["invitee"])
    uid = uid_of(invitee)
    link = reverse("invitation-link", args=[uid, invitation_tokens.make_token(invitee, now=timezone.now())])
    assert client.get(link)["Location"] == reverse("invitation-start", args=[uid])
    assert client.get(reverse("invitation-start", args=[uid])).status_code == OK
    for (method, name, target, data), _outcomes in VIEWS:
        args = [world[target]] if target else []
        args += [world["section"]] if name == "assessment-section" else []
        args += ["csv"] if name.startswith("dashboard-") else []
        args += [world["invitee"]] if name in ("round-link", "round-revoke") else []
        url = reverse(name, args=args)
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert (response.status_code, response["Location"]) == (FOUND, f"{reverse('login')}?next={url}"), url
    other = Respondent.objects.create(
        round=invitee.round, name="Ben", email="ben@partner.example", side="partner", invited_at=timezone.now()
    )
    assert client.get(reverse("invitation-start", args=[uid_of(other)])).status_code == FORBIDDEN
