"""The standing migrations write the periods of every result stored before them, and their mean principle scores,
as the app writes them since."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import AssessmentPrincipleScore, StandingPeriod

from .factories import AllianceFactory, AssessmentFactory, answers_at, submitted_assessment

# Migrating back and forth needs real transactions. Not a serialized rollback: after another transactional test's
# flush the content types are made again in another order than migrating made them, and restoring them would clash;
# the criteria are there either way (migrating loads them, and so does the flush's post_migrate).
pytestmark = pytest.mark.django_db(transaction=True)

AT = dt.datetime(2025, 9, 10, 10, tzinfo=dt.UTC)


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def migrate_back_before_and_forward(suffix: str) -> None:
    """Migrate back to just before the app's migration named `..._<suffix>`, then forward to the latest again."""
    graph = MigrationExecutor(connection).loader.graph
    (migration,) = [key for key in graph.nodes if key[0] == "assessments" and key[1].endswith(f"_{suffix}")]
    leaves = [key for key in graph.leaf_nodes() if key[0] == "assessments"]
    migrate([parent.key for parent in graph.node_map[migration].parents if parent.key[0] == "assessments"])
    migrate(leaves)


def test_the_migration_writes_the_periods_the_app_writes(published):
    """Results of several alliances, with a tie and a draft: migrated back before the periods and forward again,
    the periods are those the app wrote as each result was saved."""
    for n, stages in enumerate(((1, 2, 3), (2, 2), (3,), ())):
        alliance = AllianceFactory(name=f"Alliance {n}")
        for day, stage in enumerate(stages):
            tied = n == 1  # both at the same instant: the one made last is the latest
            AssessmentFactory(
                alliance=alliance,
                status="submitted",
                submitted_at=AT if tied else AT + dt.timedelta(days=day),
                stage=stage,
                result={"stage": stage},
            )
        AssessmentFactory(alliance=alliance)
    fields = ("alliance_id", "assessment_id", "stage", "stage_before", "valid_from", "valid_to")
    written = sorted(StandingPeriod.objects.values_list(*fields))
    assert len(written) == 6
    migrate_back_before_and_forward("standing")
    assert sorted(StandingPeriod.objects.values_list(*fields)) == written


def scored(scores: dict[int, float | None]):
    """A submitted result (a factory's, with no scores) given these principle scores after it."""
    result = AssessmentFactory(status="submitted", submitted_at=AT, stage=1, result={"stage": 1})
    AssessmentPrincipleScore.objects.bulk_create(
        AssessmentPrincipleScore(assessment=result, principle=principle, score=score)
        for principle, score in scores.items()
    )
    return result


def test_the_mean_score_migration_writes_the_means_the_app_writes(published):
    """Results with every, some and no principle score: migrated back before the means and forward again, each
    period keeps the mean the app wrote as its scores were, to the last bit (none where no score is known)."""
    every = submitted_assessment(AllianceFactory(), answers_at(1, {1: 2, 5: 2, 4: 3}), AT)
    some = scored({1: 10.0, 2: None, 3: 40.0})
    # Added up principle 1 first, as the app does; from principle 3 the sum would be 0.6, the mean 0.19999999999999998.
    in_order = scored({1: 0.1, 2: 0.2, 3: 0.3})
    none = scored({})
    written = dict(StandingPeriod.objects.values_list("assessment_id", "mean_score"))
    assert written == {every.pk: 62.5, some.pk: 25.0, in_order.pk: 0.20000000000000004, none.pk: None}
    migrate_back_before_and_forward("standing_period_mean_score")
    assert dict(StandingPeriod.objects.values_list("assessment_id", "mean_score")) == written
