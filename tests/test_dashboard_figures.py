"""The dashboard's figures on the hand-built portfolio of tests/portfolio.py (figures worked out there)."""

import datetime as dt

import pytest

from assessments.dashboard import figures, principles
from assessments.dashboard.filters import NOT_ASSESSED, Filters, Moment
from assessments.dashboard.portfolio import portfolio

from .factories import answers_at, submitted_assessment
from .portfolio import TODAY, build_portfolio

TODAY_MOMENT = Moment(TODAY)
END_OF_Q2 = Moment(dt.date(2025, 6, 30), past=True)


@pytest.fixture
def world(published, executive):
    built = build_portfolio()
    built.executive = executive
    return built


def names(alliances):
    return sorted(alliances.values_list("name", flat=True))


def headline(alliances, moment):
    return figures.headline(
        figures.standings(alliances, moment), principles.principle_figures(alliances, moment).counts.median
    )


def test_headline_figures_today(world):
    """Five alliances; three assessed since 1 July; stages I/II/III 1/2/1 and one never assessed; one up, one down."""
    assert headline(portfolio(world.executive, Filters(), TODAY_MOMENT), TODAY_MOMENT) == figures.Headline(
        alliances=5,
        assessed_recently=3,
        at_stage={1: 1, 2: 2, 3: 1},
        not_assessed=1,
        # 40 latest principle scores: five 25s, fifteen 50s, twenty 75s; the middle pair is 50 and 75.
        median_principle_score=62.5,
        moved_up=1,
        moved_down=1,
    )


def test_headline_figures_as_of_the_end_of_a_past_quarter(world):
    """On 30 June 2025 Delta had not started, Echo was not assessed, Alpha stood at I and Bravo at III."""
    alliances = portfolio(world.executive, Filters(), END_OF_Q2)
    assert names(alliances) == ["Alpha", "Bravo", "Charlie", "Echo"]
    assert headline(alliances, END_OF_Q2) == figures.Headline(
        alliances=4,
        assessed_recently=3,  # since 1 January 2025
        at_stage={1: 2, 2: 0, 3: 1},
        not_assessed=1,
        # Alpha's and Bravo's first assessments score 75 throughout; Charlie has 25, 25, 50 and seven 75s.
        median_principle_score=75.0,
        moved_up=0,
        moved_down=0,
    )


def test_as_of_counts_an_assessment_submitted_on_the_last_day_of_the_quarter(world):
    """An assessment submitted at 23:30 on the quarter's last day belongs to that quarter."""
    submitted_assessment(world.echo, answers_at(2), dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC))
    alliances = portfolio(world.executive, Filters(), END_OF_Q2)
    assert alliances.get(name="Echo").latest_stage == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(business_unit="Consumer"), ["Alpha", "Bravo"]),
        (Filters(alliance_type="supply"), ["Alpha", "Delta"]),
        (Filters(region="EMEA"), ["Alpha", "Charlie", "Echo"]),
        (Filters(stage=2), ["Alpha", "Bravo"]),
        (Filters(stage=NOT_ASSESSED), ["Delta"]),
        (Filters(business_unit="Industrial", region="EMEA"), ["Charlie"]),
    ],
    ids=["unit", "type", "region", "stage", "not-assessed", "two-filters"],
)
def test_each_filter_narrows_the_portfolio(world, filters, expected):
    """Each filter keeps exactly the alliances that match it."""
    assert names(portfolio(world.executive, filters, TODAY_MOMENT)) == expected


def test_owner_filter(world):
    """Filtering by owner keeps that manager's alliances."""
    assert names(portfolio(world.executive, Filters(owner=world.ben.pk), TODAY_MOMENT)) == ["Bravo", "Delta"]


def test_stage_filter_looks_at_the_stage_at_the_moment(world):
    """Bravo was at Stage III on 30 June 2025, though it is at II today."""
    assert names(portfolio(world.executive, Filters(stage=3), END_OF_Q2)) == ["Bravo"]


def test_filters_apply_to_the_headline(world):
    """With the Consumer filter the figures count Alpha (up to II) and Bravo (down to II) only."""
    alliances = portfolio(world.executive, Filters(business_unit="Consumer"), TODAY_MOMENT)
    assert headline(alliances, TODAY_MOMENT) == figures.Headline(
        alliances=2,
        assessed_recently=2,
        at_stage={1: 0, 2: 2, 3: 0},
        not_assessed=0,
        # Alpha: 25, seven 50s, two 75s; Bravo: 25, five 50s, four 75s -> the middle pair is 50 and 50.
        median_principle_score=50.0,
        moved_up=1,
        moved_down=1,
    )


def test_stages_by_unit(world):
    """Each business unit's alliances by stage today."""
    assert figures.stages_by_unit(
        figures.standings(portfolio(world.executive, Filters(), TODAY_MOMENT), TODAY_MOMENT)
    ) == [
        figures.UnitStages("Consumer", {1: 0, 2: 2, 3: 0}, 0),
        figures.UnitStages("Healthcare", {1: 0, 2: 0, 3: 1}, 0),
        figures.UnitStages("Industrial", {1: 1, 2: 0, 3: 0}, 1),
    ]


def test_weakest_alliances_come_first_with_their_principle_scores(world):
    """Means: Alpha 52.5, Bravo 57.5, Charlie 62.5, Echo 65; Delta has no scores."""
    rows = principles.principle_figures(portfolio(world.executive, Filters(), TODAY_MOMENT), TODAY_MOMENT).weakest
    assert [(row.alliance_id, row.name, row.mean) for row in rows] == [
        (world.alpha.pk, "Alpha", 52.5),
        (world.bravo.pk, "Bravo", 57.5),
        (world.charlie.pk, "Charlie", 62.5),
        (world.echo.pk, "Echo", 65.0),
    ]
    assert rows[0].ordered_scores == [50.0, 25.0, 50.0, 50.0, 50.0, 50.0, 75.0, 50.0, 75.0, 50.0]


def test_weakest_alliances_are_limited(world):
    """Only the `limit` weakest are shown."""
    rows = principles.principle_figures(
        portfolio(world.executive, Filters(), TODAY_MOMENT), TODAY_MOMENT, limit=2
    ).weakest
    assert [row.name for row in rows] == ["Alpha", "Bravo"]


def test_principles_holding_alliances_back(world):
    """Alpha is held back by principle 2, Bravo by 7, Charlie by 1 and 5; Echo is at Stage III."""
    counts = principles.principle_figures(portfolio(world.executive, Filters(), TODAY_MOMENT), TODAY_MOMENT).counts
    assert counts.holding_back == {1: 1, 2: 1, 5: 1, 7: 1}


def test_maturity_over_time(world):
    """The mean stage at each quarter's end, overall and by business unit; the current quarter runs to today."""
    timeline = figures.maturity_over_time(
        figures.standings(portfolio(world.executive, Filters(), TODAY_MOMENT), TODAY_MOMENT)
    )
    assert timeline.quarters == [f"{year} Q{q}" for year in (2024, 2025) for q in (1, 2, 3, 4)]
    none = [None] * 4
    assert timeline.overall == [*none, 1.0, 1.67, 2.25, 2.0]
    assert timeline.by_unit == {
        "Consumer": [*none, 1.0, 2.0, 2.5, 2.0],
        "Healthcare": [*none, None, None, 3.0, 3.0],
        "Industrial": [*none, 1.0, 1.0, 1.0, 1.0],
    }


def test_maturity_over_time_as_of_ends_at_that_quarter(world):
    """Looking back from 30 June 2025, the timeline's last point is 2025 Q2."""
    timeline = figures.maturity_over_time(
        figures.standings(portfolio(world.executive, Filters(), END_OF_Q2), END_OF_Q2)
    )
    assert timeline.quarters[-1] == "2025 Q2"
    assert timeline.overall[-2:] == [1.0, 1.67]


def test_median_of_no_scores_is_none(published, executive):
    """An empty portfolio has no median principle score."""
    assert headline(portfolio(executive, Filters(), TODAY_MOMENT), TODAY_MOMENT).median_principle_score is None


def test_moment_boundaries():
    """As of 30 June counts what was submitted before 1 July; "recent" starts with the quarter before."""
    assert END_OF_Q2.cutoff == dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    assert END_OF_Q2.recent_since == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert TODAY_MOMENT.cutoff is None
    assert TODAY_MOMENT.recent_since == dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
