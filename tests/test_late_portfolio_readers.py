"""Someone given a portfolio role after a survey closed, who answered on a side of exactly the privacy minimum: that
side is withheld when the role is granted, by any way of granting it, so the dashboard, its exports and the threshold
preview never show them a verdict built with fewer than the minimum of others."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import closing, late_readers, round_results, scoring
from assessments.combining import OURS, PARTNER
from assessments.impact import Move, threshold_impact
from assessments.models import Alliance, Round, StandingPeriod
from assessments.roles import EXECUTIVES
from assessments.withholding import PORTFOLIO_READER_AMONG_FEW

from .answering import answers_by_stage
from .factories import SURVEY_CLOSED, SURVEY_OPENED, AllianceFactory, ExecutiveFactory, UserFactory, respond, survey
from .test_closing_portfolio_readers import AT_THE_MINIMUM, ONE_MORE, surveyed
from .test_dashboard_exports import ANSWERS_CSV, ITEMS, csv_rows

pytestmark = pytest.mark.django_db

WITHHELD = {"code": PORTFOLIO_READER_AMONG_FEW, "respondents": 3, "needed": 4}


def grant_by_group(user):
    user.groups.add(Group.objects.get(name=EXECUTIVES))


def grant_from_the_group(user):
    Group.objects.get(name=EXECUTIVES).user_set.add(user)


def grant_admin(user):
    user.is_superuser = True
    user.save()


def grant_by_renaming(user):
    Group.objects.filter(name=EXECUTIVES).delete()
    group = Group.objects.create(name="Board")
    user.groups.add(group)
    group.name = EXECUTIVES
    group.save()


@pytest.mark.parametrize("grant", [grant_by_group, grant_from_the_group, grant_admin, grant_by_renaming])
def test_a_role_granted_after_closing_withholds_the_side_of_the_minimum(published, grant):
    """Any way the role comes: the partner's side of three is withheld, and the verdict is our side's Stage II."""
    person = UserFactory(username="promoted")
    held = surveyed(published, person, AT_THE_MINIMUM)
    assert (held.result["stage"], held.assessments.get(status="submitted").stage) == (1, 1)
    grant(person)
    held.refresh_from_db()
    assert held.result["sides"][1]["withheld"] == WITHHELD
    assert (held.result["sides"][1]["qualifies"], held.result["stage"], held.result["scope"]) == (False, 2, "one_side")
    combined = held.assessments.get(status="submitted")
    assert (combined.stage, combined.result["stage"]) == (2, 2)
    # The alliance's standing period moves with it: the dashboard reads the stage there.
    assert StandingPeriod.objects.get(alliance=held.alliance).stage == 2


def test_judged_again_it_equals_the_round_closed_with_the_reader_in_the_role(published):
    """Granting the role later gives exactly the result closing gives when the role was there already."""
    late = UserFactory(username="late")
    judged = surveyed(published, late, AT_THE_MINIMUM)
    grant_by_group(late)
    judged.refresh_from_db()
    Alliance.objects.filter(pk=judged.alliance_id).update(name="Cold chain, judged again")
    closed = surveyed(published, ExecutiveFactory(username="early"), AT_THE_MINIMUM)
    assert round_results.read(judged.result) == round_results.read(closed.result)
    judged_rows, closed_rows = (stored_rows(r.assessments.get(status="submitted")) for r in (judged, closed))
    assert judged_rows == closed_rows


def stored_rows(combined):
    """What a combined assessment stores: its result, principle scores and answers."""
    return (
        combined.result,
        sorted(combined.principle_scores.values_list("principle", "score", "holds_back")),
        sorted(combined.answers.values_list("item__code", "value", "side_values")),
    )


def test_with_one_more_on_the_side_the_role_changes_nothing(published):
    person = UserFactory(username="promoted")
    held = surveyed(published, person, ONE_MORE)
    before = held.result
    assert late_readers.withhold_for([person.pk]) == []
    grant_by_group(person)
    held.refresh_from_db()
    assert held.result == before


def test_the_dashboard_exports_and_preview_read_the_verdict_judged_again(client, published):
    """Before the role, an executive reads Stage I from both sides; once the respondent is made one, everyone reads
    our side's Stage II, the answers export has no partner row, and the preview places our side only."""
    person = UserFactory(username="promoted")
    alliance = surveyed(published, person, AT_THE_MINIMUM).alliance
    reader = ExecutiveFactory(username="reader")
    client.force_login(reader)
    assert [row.stage for row in client.get(reverse("dashboard")).context["board"].rows] == [1]
    grant_by_group(person)
    for viewer in (reader, person):
        client.force_login(viewer)
        board = client.get(reverse("dashboard")).context["board"]
        assert ([row.stage for row in board.rows], board.sides_apart) == ([2], [])
        answers = csv_rows(client.post(ANSWERS_CSV))[1:]
        assert ({row[9] for row in answers}, len(answers)) == ({"Our side"}, ITEMS)
    moves = threshold_impact(scoring.Thresholds(stage_two=80)).moving
    assert moves == (Move(alliance.pk, "Cold chain (Frost)", 2, 1),)


def test_a_round_left_with_no_side_has_no_result_and_the_alliance_is_unassessed(client, published):
    """Only the partner's side qualified: withheld, the round keeps no result and the alliance none for it."""
    person = UserFactory(username="promoted")
    alliance = AllianceFactory(name="Cold chain", partner="Frost")
    held = survey(alliance, opened_at=SURVEY_OPENED)
    respond(held, OURS, answers_by_stage(published, 1, 4, 2))
    for user in [person, None, None]:
        respond(held, PARTNER, answers_by_stage(published, 1, 3, 2), user=user)
    closing.close_round(held, now=SURVEY_CLOSED)
    grant_admin(person)
    held.refresh_from_db()
    assert (held.result["stage"], held.result["scope"]) == (None, "no_side")
    assert not held.assessments.filter(status="submitted").exists()
    assert not StandingPeriod.objects.filter(alliance=alliance).exists()
    client.force_login(person)
    assert [row.stage for row in client.get(reverse("dashboard")).context["board"].rows] == [None]


def surveyed_by_link(published, email: str) -> Round:
    """`surveyed`, with the partner's first respondent answering through a link sent to `email`, no account."""
    alliance = AllianceFactory(name="Cold chain", partner="Frost")
    held = survey(alliance, opened_at=SURVEY_OPENED)
    for _ in range(3):
        respond(held, OURS, answers_by_stage(published, 1, 4, 2))
    for address in [email, *[""] * AT_THE_MINIMUM]:
        respond(held, PARTNER, answers_by_stage(published, 1, 3, 2), email=address)
    closing.close_round(held, now=SURVEY_CLOSED)
    held.refresh_from_db()
    return held


def test_a_respondent_by_link_whose_address_becomes_a_readers_is_one_of_them(published):
    """Answered through a link, no account; later an account with that address is made an executive."""
    held = surveyed_by_link(published, "Dana@Frost.example")
    assert held.result["stage"] == 1
    ExecutiveFactory(username="dana", email="dana@frost.example")
    held.refresh_from_db()
    assert (held.result["sides"][1]["withheld"], held.result["stage"]) == (WITHHELD, 2)


def test_an_executive_answering_by_link_counts_as_one_at_closing(published):
    """The executive was invited by address, with no account linked: closing still sees who they are."""
    ExecutiveFactory(username="dana", email="dana@frost.example")
    held = surveyed_by_link(published, "dana@frost.example")
    assert (held.result["sides"][1]["withheld"], held.result["stage"]) == (WITHHELD, 2)


def test_signing_in_checks_nothing_and_another_save_asks_once(published, django_assert_max_num_queries):
    """Signing in checks nothing; any other save of a user asks once whether they read the portfolio."""
    person = UserFactory(username="promoted")
    surveyed(published, person, AT_THE_MINIMUM)
    with CaptureQueriesContext(connection) as signing_in:
        person.save(update_fields=["last_login"])
    assert len(signing_in) == 1  # the update itself
    with django_assert_max_num_queries(2):  # the update, and who of them reads the portfolio
        person.save()
    assert Round.objects.get().result["stage"] == 1
