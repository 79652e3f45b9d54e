"""Making and changing actions: who may, who may own one, what is filled in from a result, and the history kept."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from actions import planning, views
from actions.models import Action
from actions.refusals import NOT_A_TARGET, OWNER_CANNOT_SEE, OWNER_MISSING, TWO_OWNERS, ActionRefused
from assessments import access

from .action_plans import NOW, TODAY, assessed, make_action
from .factories import AllianceFactory, ManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: NOW)


@pytest.fixture
def alliance(manager):
    return AllianceFactory(owner=manager, name="Cold chain")


def test_an_owner_who_cannot_see_the_alliance_is_refused(alliance, other_manager):
    """Another manager cannot see the alliance, so cannot own its actions; nothing is saved."""
    with pytest.raises(ActionRefused) as refused:
        make_action(alliance, owner_user=other_manager)
    assert str(refused.value) == OWNER_CANNOT_SEE
    assert not Action.objects.exists()


def test_executives_and_the_manager_may_own_actions(alliance, executive, other_manager):
    """The users offered as owners are exactly those who can see the alliance, and each is accepted."""
    assert set(access.possible_action_owners(alliance)) == {executive, alliance.owner}
    assert [access.may_own_action(u, alliance) for u in (executive, alliance.owner, other_manager)] == [
        True,
        True,
        False,
    ]
    assert make_action(alliance, owner_user=executive).owner_label == executive.get_full_name()


def test_an_outside_owner_has_a_name_and_an_optional_email(alliance):
    """A person outside the app is named; the e-mail, when given, is where reminders go."""
    action = make_action(alliance, owner_name="Ines Duarte", owner_email="Ines@Partner.example")
    assert (action.owner_label, action.reminder_address) == ("Ines Duarte", "ines@partner.example")
    assert make_action(alliance, owner_name="Jo").reminder_address == ""


def test_an_action_has_one_owner(alliance, manager):
    """No owner, or a user and an outside person at once, is refused with its message."""
    with pytest.raises(ActionRefused) as missing:
        planning.check_owner(alliance=alliance, owner_user=None, owner_name="", owner_email="")
    with pytest.raises(ActionRefused) as two:
        planning.check_owner(alliance=alliance, owner_user=manager, owner_name="Jo", owner_email="")
    assert (str(missing.value), str(two.value)) == (OWNER_MISSING, TWO_OWNERS)


def test_the_database_refuses_two_owners(alliance, manager):
    """The one-owner rule holds in the database too (constraint action_one_owner)."""
    action = make_action(alliance)
    with pytest.raises(IntegrityError):
        Action.objects.filter(pk=action.pk).update(owner_name="Jo")


def test_done_records_when_and_leaving_done_forgets_it(alliance):
    """Becoming done stamps done_at with the clock given; reopening clears it (constraint action_done_at_iff_done)."""
    action = make_action(alliance)
    later = NOW + dt.timedelta(days=3)
    planning.change_action(action=action, by=alliance.owner, now=later, owner_user=alliance.owner, status="done")
    assert (action.status, action.done_at) == ("done", later)
    planning.change_action(action=action, by=alliance.owner, now=later, owner_user=alliance.owner, status="open")
    assert action.done_at is None


def test_only_the_manager_makes_and_changes_actions(client, alliance, executive, other_manager):
    """Executives read the plan but get 403 on its forms; another manager does not find the alliance (404)."""
    action = make_action(alliance)
    new, edit = reverse("action-new", args=[alliance.pk]), reverse("action-edit", args=[action.pk])
    client.force_login(executive)
    assert [client.get(new).status_code, client.get(edit).status_code] == [403, 403]
    assert "Agree a joint plan" in client.get(alliance.get_absolute_url()).content.decode()
    client.force_login(other_manager)
    assert [client.get(new).status_code, client.get(edit).status_code] == [404, 404]
    client.force_login(alliance.owner)
    assert [client.get(new).status_code, client.get(edit).status_code] == [200, 200]


def test_a_gap_becomes_an_action_with_its_statement_and_principle(client, alliance):
    """From a gap on the result, the action targets that statement and its principle, as the result stored them."""
    assessment = assessed(alliance, at=NOW - dt.timedelta(days=30))
    gap = assessment.stored_result.gaps[0]
    client.force_login(alliance.owner)
    url = reverse("action-new", args=[alliance.pk]) + f"?assessment={assessment.pk}&code={gap.code}"
    page = client.get(url).content.decode()
    assert gap.statement in page
    response = client.post(
        url,
        {"title": "Write the joint plan", "owner_user": alliance.owner.pk, "due_date": "2026-12-20", "status": "open"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.statement_codes, action.principle, action.source, action.source_assessment) == (
        [gap.code],
        gap.principle,
        Action.Source.GAP,
        assessment,
    )
    assert (action.created_at, action.due_date, action.created_by) == (NOW, dt.date(2026, 12, 20), alliance.owner)


def test_a_statement_not_on_the_result_is_refused(client, alliance):
    """A code the result does not show sends the manager back to the alliance, told why."""
    assessment = assessed(alliance, at=NOW - dt.timedelta(days=30))
    client.force_login(alliance.owner)
    url = reverse("action-new", args=[alliance.pk]) + f"?assessment={assessment.pk}&code=S9-P9-99"
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(alliance.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [str(NOT_A_TARGET)]


def test_the_form_refuses_an_owner_who_cannot_see(client, alliance, other_manager):
    """Posting another manager as owner shows the refusal on the owner field, and saves nothing."""
    client.force_login(alliance.owner)
    response = client.post(
        reverse("action-new", args=[alliance.pk]),
        {"title": "Plan", "owner_user": other_manager.pk, "due_date": "2026-12-20", "status": "open"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"owner_user": [str(OWNER_CANNOT_SEE)]}
    assert not Action.objects.exists()


def test_the_history_says_who_changed_what_and_when(client, alliance, executive):
    """The alliance page lists each change of an action: who, when, each field before and after."""
    action = make_action(alliance, title="Plan", due_date=TODAY)
    later = NOW + dt.timedelta(days=1)
    planning.change_action(
        action=action, by=alliance.owner, now=later, owner_user=executive, status="in_progress", title="Plan"
    )
    client.force_login(executive)
    page = client.get(alliance.get_absolute_url()).content.decode()
    manager, boss = alliance.owner.get_full_name(), executive.get_full_name()
    assert (
        f"2 Dec 2026, 09:00</time>, {manager}:\n              "
        f"status “Open” → “In progress”; owner “{manager}” → “{boss}”</li>"
    ) in page
    assert f"1 Dec 2026, 09:00</time>, {manager}:\n              created</li>" in page


def test_open_actions_come_first_and_overdue_ones_are_flagged(client, alliance, monkeypatch):
    """Open actions come first, soonest due first; an open one past its date says Overdue."""
    from actions.templatetags import actions as tags

    monkeypatch.setattr(tags, "_today", lambda: TODAY)
    done = make_action(alliance, title="Done one", due_date=TODAY - dt.timedelta(days=9))
    planning.change_action(action=done, by=alliance.owner, now=NOW, owner_user=alliance.owner, status="done")
    make_action(alliance, title="Later one", due_date=TODAY + dt.timedelta(days=5))
    make_action(alliance, title="Late one", due_date=TODAY - dt.timedelta(days=1))
    client.force_login(alliance.owner)
    plan = client.get(alliance.get_absolute_url()).context["plan"]
    assert [(row.action.title, row.overdue) for row in plan.rows] == [
        ("Late one", True),
        ("Later one", False),
        ("Done one", False),
    ]
    assert (plan.open_count, plan.overdue_count) == (2, 1)


def test_another_managers_user_is_not_offered(alliance):
    """A manager of other alliances is not in the owner list."""
    stranger = ManagerFactory(username="stranger")
    assert stranger not in access.possible_action_owners(alliance)
