"""The dashboard's cached figures: equal to today's implementation (the oracle) on generated portfolios, and
made stale by every change they show."""

import datetime as dt
import functools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.dashboard import cached
from assessments.dashboard.filters import NOT_ASSESSED, Filters, Moment
from assessments.dashboard.portfolio import portfolio
from assessments.models import Alliance, Assessment, AssessmentPrincipleScore, Questionnaire, Stage
from assessments.quarters import quarter_ends

from .dashboard_oracle import oracle_figures
from .factories import AllianceFactory, AssessmentFactory, ExecutiveFactory, ManagerFactory, answers_at
from .portfolio import TODAY, build_portfolio, on

UNITS, REGIONS, TYPES = ("Consumer", "Industrial"), ("EMEA", "APAC"), ("supply", "sales")
MOMENTS = [Moment(TODAY), *(Moment(end, past=True) for end in quarter_ends(TODAY, 3))]


@functools.cache
def results() -> list[scoring.Result]:
    """Six scored answer sets: each stage, with two different sets of principle scores."""
    questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    criteria = questionnaire.scoring_criteria()
    principles = ({}, {1: 2, 5: 2, 7: 3}, {2: 2, 10: 3})
    return [scoring.score(criteria, answers_at(stage, principles[i % 3])) for i, stage in enumerate((1, 1, 2, 2, 3, 3))]


def add_submitted(alliance, result_index: int, submitted_at: dt.datetime) -> Assessment:
    """A submitted assessment written as submission writes it (its stored result and principle scores)."""
    result = results()[result_index]
    assessment = AssessmentFactory(
        alliance=alliance,
        status=Assessment.Status.SUBMITTED,
        submitted_at=submitted_at,
        stage=result.stage,
        result=result.to_dict(),
    )
    AssessmentPrincipleScore.objects.bulk_create(AssessmentPrincipleScore.from_result(assessment.pk, result))
    return assessment


days_back = st.integers(min_value=0, max_value=700)
alliance_plans = st.tuples(
    st.sampled_from(UNITS),
    st.sampled_from(REGIONS),
    st.sampled_from(TYPES),
    days_back,  # started this many days before today
    st.integers(0, 1),  # owner
    # Assessments: which result, how many days back; the same day twice is a tie (same instant).
    st.lists(st.tuples(st.integers(0, 5), days_back), max_size=3),
)
filters = st.builds(
    Filters,
    business_unit=st.none() | st.sampled_from(UNITS),
    alliance_type=st.none() | st.sampled_from(TYPES),
    region=st.none() | st.sampled_from(REGIONS),
    stage=st.none() | st.sampled_from((1, 2, 3, NOT_ASSESSED)),
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    plans=st.lists(alliance_plans, max_size=5),  # none, one, a few
    chosen=filters,
    owner_filter=st.none() | st.integers(0, 1),
    moment=st.sampled_from(MOMENTS),
)
def test_cached_figures_equal_the_oracle(published, plans, chosen, owner_filter, moment):
    """On any portfolio, any filters, today or as of a past quarter, the figures equal the oracle, cold and warm."""
    with transaction.atomic():
        executive = ExecutiveFactory()
        owners = [ManagerFactory(), ManagerFactory()]
        for n, (unit, region, kind, started, owner, assessments) in enumerate(plans):
            alliance = AllianceFactory(
                name=f"Alliance {n}",
                business_unit=unit,
                region=region,
                alliance_type=kind,
                start_date=TODAY - dt.timedelta(days=started),
                owner=owners[owner],
            )
            for result_index, back in assessments:
                add_submitted(alliance, result_index, on(2025, 11, 15) - dt.timedelta(days=back))
        if owner_filter is not None:
            chosen = Filters(**{**chosen.__dict__, "owner": owners[owner_filter].pk})
        alliances = portfolio(executive, chosen, moment)
        expected = oracle_figures(executive, chosen, moment)
        for _cold_then_warm in range(2):
            assert (
                cached.portfolio_figures(
                    key=cached.figures_key(user=executive, filters=chosen, moment=moment),
                    user=executive,
                    filters=chosen,
                    moment=moment,
                    alliances=alliances,
                )
                == expected
            )
        transaction.set_rollback(True)


@pytest.fixture
def world(published, executive):
    built = build_portfolio()
    built.executive = executive
    return built


def shown(world, moment=MOMENTS[0]):
    alliances = portfolio(world.executive, Filters(), moment)
    return cached.portfolio_figures(
        key=key(world, moment), user=world.executive, filters=Filters(), moment=moment, alliances=alliances
    )


def key(world, moment=MOMENTS[0]) -> str:
    return cached.figures_key(user=world.executive, filters=Filters(), moment=moment)


def test_figures_are_kept_until_something_changes(world, django_assert_num_queries):
    """Once worked out, the figures come from the cache: three cache reads, no query of the portfolio."""
    first = shown(world)
    with django_assert_num_queries(3):
        assert shown(world) == first


def test_a_submission_makes_the_figures_stale(world):
    """Submitting an assessment (as a round's combined result will) changes the key, and the figures follow."""
    before, old_key = shown(world), key(world)
    add_submitted(world.delta, 4, on(2025, 11, 1))
    assert key(world) != old_key
    assert shown(world).headline.not_assessed == before.headline.not_assessed - 1


def test_a_draft_being_answered_changes_nothing(world):
    """A draft's saves (answers, the page it is on) leave the figures where they are."""
    old_key = key(world)
    draft = AssessmentFactory(alliance=world.delta)
    draft.last_section = "stage-ii"
    draft.save()
    assert key(world) == old_key


def test_an_alliance_created_edited_or_deleted_makes_the_figures_stale(world):
    """Each change to an alliance gives a new key; the figures then show it."""
    keys = {key(world)}
    AllianceFactory(name="Foxtrot", business_unit="Energy", start_date=dt.date(2025, 1, 1))
    keys.add(key(world))
    assert "Energy" in [unit.business_unit for unit in shown(world).units]
    world.alpha.name = "Alpha renamed"
    world.alpha.save()
    keys.add(key(world))
    assert "Alpha renamed" in [row.name for row in shown(world).weakest]
    Alliance.objects.get(name="Foxtrot").delete()
    keys.add(key(world))
    assert "Energy" not in [unit.business_unit for unit in shown(world).units]
    assert len(keys) == 4


def test_a_criteria_change_makes_the_figures_stale(world):
    """Renaming a stage (any save of the criteria) gives a new key."""
    old_key = key(world)
    stage = Stage.objects.get(number=2)
    stage.name = "Strategic partner"
    stage.save()
    assert key(world) != old_key


def test_the_day_is_part_of_the_key(world):
    """Tomorrow's figures are worked out anew: Overdue and "assessed recently" move with the date."""
    assert key(world, Moment(TODAY)) != key(world, Moment(TODAY + dt.timedelta(days=1)))
    assert key(world, MOMENTS[1]) != key(world, MOMENTS[2])


def test_who_is_looking_is_part_of_the_key(world):
    """Everyone who sees every alliance shares figures; a manager's own portfolio has a key of its own."""
    other = ExecutiveFactory()
    assert cached.figures_key(user=other, filters=Filters(), moment=MOMENTS[0]) == key(world)
    assert cached.figures_key(user=world.amira, filters=Filters(), moment=MOMENTS[0]) != key(world)
