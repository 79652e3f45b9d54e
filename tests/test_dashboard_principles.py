"""The dashboard's principle figures, read from the scores and means the standing periods keep, equal the oracle's
on any principle scores."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.dashboard import principles
from assessments.dashboard.filters import Filters, Moment
from assessments.dashboard.portfolio import portfolio
from assessments.models import Assessment, AssessmentPrincipleScore
from assessments.quarters import quarter_ends

from . import dashboard_oracle as oracle
from .factories import AllianceFactory, AssessmentFactory, ExecutiveFactory
from .portfolio import TODAY, on

MOMENTS = [Moment(TODAY), *(Moment(end, past=True) for end in quarter_ends(TODAY, 2))]
WEAKEST = 3

# Few values, so that means tie; halves, so that every sum is exact whatever order the oracle's AVG adds them in.
scores = st.none() | st.sampled_from((0.0, 0.5, 25.0, 33.5, 50.0, 75.0, 100.0))
results = st.tuples(
    st.lists(st.tuples(scores, st.booleans()), min_size=10, max_size=10),  # each principle's score, holds back
    st.integers(0, 400),  # submitted this many days before mid-November 2025
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(plans=st.lists(st.lists(results, max_size=2), max_size=6), moment=st.sampled_from(MOMENTS))
def test_the_principle_figures_equal_the_oracle_on_any_scores(published, plans, moment):
    """Scores known or not, tied means and principles holding back at random, today or as of a past quarter: the
    median, what holds alliances back and the weakest (their order, ties by result, means rounded) are the oracle's."""
    with transaction.atomic():
        executive = ExecutiveFactory()
        for n, plan in enumerate(plans):
            alliance = AllianceFactory(name=f"Alliance {n}", start_date=dt.date(2024, 1, 1))
            for scored, back in plan:
                assessment = AssessmentFactory(
                    alliance=alliance,
                    status=Assessment.Status.SUBMITTED,
                    submitted_at=on(2025, 11, 15) - dt.timedelta(days=back),
                    stage=1,
                    result={"stage": 1},
                )
                AssessmentPrincipleScore.objects.bulk_create(
                    AssessmentPrincipleScore(
                        assessment=assessment, principle=principle, score=score, holds_back=holds_back
                    )
                    for principle, (score, holds_back) in enumerate(scored, start=1)
                )
        shown = principles.principle_figures(portfolio(executive, Filters(), moment), moment, limit=WEAKEST)
        searched = oracle.portfolio(executive, Filters(), moment)
        assert shown.counts.median == oracle.median_score(searched)
        assert shown.counts.holding_back == oracle.holding_back(searched)
        assert shown.weakest == oracle.weakest_alliances(searched, limit=WEAKEST)
        transaction.set_rollback(True)
