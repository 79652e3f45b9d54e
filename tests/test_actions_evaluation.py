"""Did it work: on the next result, each action done since the previous one shows before → after."""

import datetime as dt

import pytest
from django.urls import reverse

from actions import evaluation, planning
from actions.outcomes import IMPROVED, NOT_IMPROVED, StatementChange
from actions.pages import OnResult
from assessments.models import Assessment

from .action_plans import NOW, assessed, make_action
from .factories import AllianceFactory

pytestmark = pytest.mark.django_db

BEFORE_AT = NOW - dt.timedelta(days=60)
AFTER_AT = NOW + dt.timedelta(days=30)


@pytest.fixture
def alliance(manager):
    return AllianceFactory(owner=manager, name="Cold chain")


def done_since_previous(assessment):
    """What the result page shows as "did it work" on this result."""
    previous = Assessment.objects.preceding(assessment).first()
    return OnResult.for_assessment(assessment, previous, assessment.alliance.owner, NOW.date()).judged


def done(action, at):
    return planning.change_action(
        action=action, by=action.alliance.owner, now=at, owner_user=action.owner_user, status="done"
    )


def test_an_action_done_between_two_results_is_judged_on_the_later(alliance, client):
    """A gap of principle 7 answered 2 (25) before and 5 (100) after: improved, with the principle's scores beside."""
    before = assessed(alliance, at=BEFORE_AT, principles={7: 2})
    gap = next(gap for gap in before.stored_result.gaps if gap.principle == 7)
    action = done(make_action(alliance, statement_codes=[gap.code], principle=gap.principle), NOW)
    after = assessed(alliance, at=AFTER_AT, principles={7: 2}, **{gap.code: 5})

    [judged] = done_since_previous(after)
    assert (judged.action, judged.before, judged.after) == (action, before, after)
    assert judged.outcome.statements == (StatementChange(gap.code, 25.0, 100.0, True),)
    assert judged.outcome.verdict == IMPROVED
    scores = (
        {p.number: p.score for p in before.stored_result.principles},
        {p.number: p.score for p in after.stored_result.principles},
    )
    assert (judged.outcome.principle_before, judged.outcome.principle_after) == (
        scores[0][gap.principle],
        scores[1][gap.principle],
    )
    assert judged.outcome.principle_after > judged.outcome.principle_before

    client.force_login(alliance.owner)
    page = client.get(reverse("assessment-result", args=[after.pk])).content.decode()
    assert "Did it work?" in page
    assert (
        f'<th scope="row" class="fw-normal">{gap.code}</th>\n          '
        '<td class="text-end">25</td><td class="text-end">100</td>' in page
    )


def test_only_actions_done_since_the_previous_result_are_shown(alliance):
    """An action done before the previous result, one still open and one done after the result are left out."""
    first = assessed(alliance, at=BEFORE_AT - dt.timedelta(days=90))
    gap = first.stored_result.gaps[0]
    done(make_action(alliance, title="Too early", statement_codes=[gap.code]), BEFORE_AT - dt.timedelta(days=1))
    assessed(alliance, at=BEFORE_AT)
    make_action(alliance, title="Still open", statement_codes=[gap.code])
    counted = done(make_action(alliance, title="Counted", statement_codes=[gap.code]), NOW)
    latest = assessed(alliance, at=AFTER_AT, **{gap.code: 2})
    done(make_action(alliance, title="Too late", statement_codes=[gap.code]), AFTER_AT + dt.timedelta(days=1))

    [judged] = done_since_previous(latest)
    assert (judged.action, judged.outcome.verdict) == (counted, NOT_IMPROVED)
    assert {
        a.title: j.after for a, j in ((j.action, j) for j in evaluation.judge(list(alliance.actions.all())).values())
    } == {
        "Too early": first.alliance.assessments.get(submitted_at=BEFORE_AT),
        "Counted": latest,
    }


def test_a_first_result_judges_nothing(alliance):
    """With no result before it, a result shows no "did it work"."""
    action = done(make_action(alliance, statement_codes=["S2-P1-01"]), NOW)
    first = assessed(alliance, at=AFTER_AT)
    assert done_since_previous(first) == []
    assert evaluation.judge([action]) == {}
