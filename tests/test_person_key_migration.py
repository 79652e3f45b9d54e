"""Migration 0022 fills what closing now records for surveys stored before it: person keys, whose answers counted,
and the combined answers' values by side."""

import pytest

from assessments.models import Answer, Assessment, Respondent
from assessments.models.rounds import person_key

from .factories import AllianceFactory, closed_survey
from .test_rounds_migration import latest, migrate

# Migrating back and forth needs real transactions. Not a serialized rollback: after another transactional test's
# flush the content types are made again in another order than migrating made them, and restoring them would clash;
# the criteria are there either way (migrating loads them, and so does the flush's post_migrate).
pytestmark = pytest.mark.django_db(transaction=True)


def test_stored_respondents_get_their_keys_and_closed_surveys_their_counts_and_sides(published, manager):
    """Taken back to 0021 and forward again: each respondent's key is the one inviting them now makes (their account's
    or their address's), those who handed in are counted and the left-out draft is not, and each combined answer
    holds the sides' stored combined values."""
    held = closed_survey(AllianceFactory(owner=manager), manager_answers=True)
    expected = {
        r.pk: (person_key(user_id=r.user_id, email=r.email), r.answers_counted) for r in Respondent.objects.all()
    }
    sides = [(s["side"], s["combined"]) for s in held.result["sides"]]
    migrate([("assessments", "0021_questionnaire_version_2")])
    migrate(latest())

    assert {r.pk: (r.person_key, r.answers_counted) for r in Respondent.objects.all()} == expected
    assert sorted(counted for _, counted in expected.values()) == [False, True, True, True, True, True, True]
    combined = Assessment.objects.get(round=held, status=Assessment.Status.SUBMITTED)
    for code, values in Answer.objects.filter(assessment=combined).values_list("item__code", "side_values"):
        assert values == {side: answers[code] for side, answers in sides if code in answers}
