"""Where an alliance stands: one definition of its latest assessment, the same on every page."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from assessments import impact
from assessments.models import STANDING_NOT_FETCHED, Alliance, Assessment, Standing, StandingNotFetched
from assessments.views import dashboard as dashboard_views

from .factories import AllianceFactory, answers_at, submitted_assessment

TODAY = dt.date(2025, 11, 15)
AT = dt.datetime(2025, 9, 10, 10, tzinfo=dt.UTC)


@pytest.fixture
def tie(published, manager):
    """An alliance assessed twice at the same instant: first at Stage I, then (a later row) at Stage III."""
    alliance = AllianceFactory(owner=manager, name="Tied")
    first = submitted_assessment(alliance, answers_at(1), AT)
    second = submitted_assessment(alliance, answers_at(3), AT)
    return alliance, first, second


def test_a_tie_goes_to_the_assessment_made_last_on_every_page(client, manager, executive, admin_user, tie, monkeypatch):
    """Submitted at the same instant, the later row is the latest everywhere, and the earlier one comes before it."""
    alliance, first, second = tie
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)
    client.force_login(manager)
    (listed,) = client.get(reverse("alliance-list")).context["alliances"]
    shown = client.get(reverse("alliance-detail", args=[alliance.pk])).context["alliance"]
    result = client.get(reverse("assessment-result", args=[second.pk])).context
    earliest = client.get(reverse("assessment-result", args=[first.pk])).context
    client.force_login(executive)
    (row,) = client.get(reverse("dashboard")).context["board"].rows
    assert listed.standing == shown.standing == Standing(stage=3, assessed_at=AT, stage_before=1)
    assert (row.stage, row.trend) == (3, 2)
    assert list(impact.latest_submitted_assessments()) == [second]
    assert (result["previous"], earliest["previous"]) == (first, None)


def test_the_one_before_is_earlier_in_time_or_made_earlier_at_the_same_instant(tie):
    """`preceding` lists earlier submissions latest first, a tie counting the earlier row as earlier."""
    alliance, first, second = tie
    before = submitted_assessment(alliance, answers_at(2), AT - dt.timedelta(days=90))
    assert list(Assessment.objects.preceding(second)) == [first, before]
    assert list(Assessment.objects.preceding(first)) == [before]


def test_a_cutoff_gives_the_standing_at_that_moment(tie):
    """With a cutoff, only assessments submitted before it count."""
    alliance, first, second = tie
    submitted_assessment(alliance, answers_at(2), AT + dt.timedelta(days=30))
    later = Alliance.objects.with_standing(AT + dt.timedelta(days=1)).get()
    assert later.standing == Standing(stage=3, assessed_at=AT, stage_before=1)
    assert Alliance.objects.with_standing(AT).get().standing == Standing(None, None, None)


def test_reading_the_standing_of_an_alliance_fetched_without_it_refuses(tie, django_assert_num_queries):
    """An alliance fetched without `with_standing` raises with a clear message, and runs no query."""
    alliance = Alliance.objects.get()
    with django_assert_num_queries(0), pytest.raises(StandingNotFetched, match="^This alliance was fetched without"):
        alliance.is_overdue(TODAY)
    assert str(StandingNotFetched(STANDING_NOT_FETCHED)) == STANDING_NOT_FETCHED


@pytest.mark.parametrize(
    ("started", "assessed", "overdue"),
    [
        (dt.date(2024, 1, 1), None, True),
        (dt.date(2024, 1, 1), dt.datetime(2025, 6, 30, 10, tzinfo=dt.UTC), True),
        (dt.date(2024, 1, 1), dt.datetime(2025, 7, 1, 10, tzinfo=dt.UTC), False),
        (dt.date(2025, 7, 1), None, False),
    ],
)
def test_overdue_is_a_function_of_start_last_assessed_and_today(started, assessed, overdue):
    """On 15 Nov 2025, overdue means started before 1 Jul 2025 and not assessed since."""
    assert Standing(2 if assessed else None, assessed, None).is_overdue(started, TODAY) is overdue


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize(
    ("cutoff", "index"), [(None, "one_current_standing_per_alliance"), (AT, "standing_period_as_of")]
)
def test_the_standing_is_one_index_lookup_per_alliance(db, cutoff, index):
    """Where each alliance stands is read by searches of its standing periods' index, with no temporary sort."""
    sql, params = Alliance.objects.with_standing(cutoff).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    lookups = [step for step in plan if step.startswith("SEARCH")]
    assert len(lookups) == 3
    assert all(f"INDEX {index} (alliance_id=?" in step for step in lookups), lookups
    assert not [step for step in plan if "TEMP B-TREE" in step]
