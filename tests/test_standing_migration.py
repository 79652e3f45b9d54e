"""The standing migration writes the periods of every result stored before it, as the app writes them since."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import StandingPeriod

from .factories import AllianceFactory, AssessmentFactory

# Migrating back and forth needs real transactions. Not a serialized rollback: after another transactional test's
# flush the content types are made again in another order than migrating made them, and restoring them would clash;
# the criteria are there either way (migrating loads them, and so does the flush's post_migrate).
pytestmark = pytest.mark.django_db(transaction=True)

AT = dt.datetime(2025, 9, 10, 10, tzinfo=dt.UTC)


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


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
    graph = MigrationExecutor(connection).loader.graph
    (standing,) = [key for key in graph.nodes if key[0] == "assessments" and key[1].endswith("_standing")]
    leaves = [key for key in graph.leaf_nodes() if key[0] == "assessments"]
    migrate([parent.key for parent in graph.node_map[standing].parents if parent.key[0] == "assessments"])
    migrate(leaves)
    assert sorted(StandingPeriod.objects.values_list(*fields)) == written
