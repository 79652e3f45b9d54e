"""Principle scores copied out of stored results, for the dashboard to aggregate in SQL."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError

from assessments import answering
from assessments.models import AssessmentPrincipleScore

from .factories import AllianceFactory, AssessmentFactory, answers_at, submitted_assessment

SUBMITTED = dt.datetime(2025, 3, 20, 10, tzinfo=dt.UTC)


def scores_of(assessment):
    return list(assessment.principle_scores.order_by("principle").values_list("principle", "score", "holds_back"))


def test_submitting_stores_each_principle_score_and_what_holds_the_alliance_back(published):
    """Submission writes ten rows: principle N scores (value - 1) * 25; the weak Stage II principles hold it back."""
    assessment = submitted_assessment(AllianceFactory(), answers_at(1, {3: 2, 4: 3, 6: 2}), SUBMITTED)
    assert assessment.stage == 1
    expected = dict.fromkeys(range(1, 11), (75.0, False)) | {3: (25.0, True), 4: (50.0, False), 6: (25.0, True)}
    assert scores_of(assessment) == [(n, *expected[n]) for n in range(1, 11)]


def test_submitting_twice_stores_the_scores_once(published):
    """Submitting an already submitted assessment adds no second set of principle scores."""
    assessment = submitted_assessment(AllianceFactory(), answers_at(3), SUBMITTED)
    answering.submit_assessment(assessment=assessment, now=SUBMITTED + dt.timedelta(days=1))
    assert AssessmentPrincipleScore.objects.filter(assessment=assessment).count() == 10


def test_backfill_copies_scores_out_of_stored_results(published):
    """The data migration rebuilds the rows of already submitted assessments from their stored results."""
    stage_two = submitted_assessment(AllianceFactory(), answers_at(2, {2: 2, 9: 3}), SUBMITTED)
    assert stage_two.stage == 2
    draft = AssessmentFactory()
    AssessmentPrincipleScore.objects.all().delete()
    migration = importlib.import_module("assessments.migrations.0004_backfill_principle_scores")
    migration.backfill(apps, None)
    expected = dict.fromkeys(range(1, 11), (75.0, False)) | {2: (25.0, True), 9: (50.0, False)}
    assert scores_of(stage_two) == [(n, *expected[n]) for n in range(1, 11)]
    assert not draft.principle_scores.exists()


@pytest.mark.parametrize(
    ("principle", "score"),
    [(0, 50.0), (11, 50.0), (1, -0.5), (1, 100.5)],
    ids=["principle-0", "principle-11", "score-below-0", "score-above-100"],
)
def test_principle_and_score_must_be_in_range(published, principle, score):
    """Constraints: principles are numbered 1-10 and scores lie within 0-100."""
    assessment = submitted_assessment(AllianceFactory(), answers_at(3), SUBMITTED)
    with pytest.raises(IntegrityError):
        AssessmentPrincipleScore.objects.create(assessment=assessment, principle=principle, score=score)


def test_one_score_per_principle_in_an_assessment(published):
    """Constraint: an assessment has one score per principle."""
    assessment = submitted_assessment(AllianceFactory(), answers_at(3), SUBMITTED)
    with pytest.raises(IntegrityError):
        AssessmentPrincipleScore.objects.create(assessment=assessment, principle=1, score=10.0)
