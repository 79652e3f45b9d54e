"""An alliance's history charts and tables, built from stored results alone."""

import datetime as dt

from assessments.charts import history
from assessments.charts.history import Snapshot, Table
from assessments.results import read

from .plotly_figures import assert_valid


def result(stage: int, evidence: tuple, scores: dict[int, float | None], principle_names: dict | None = None):
    """A stored result with the parts the history reads, read as every reader reads one."""
    names = {1: "Opportunistic", 2: "Strategic", 3: "Foundation of a Value Network"}
    figures = {"answered": 1, "total": 1}
    return read(
        {
            "schema": 2,
            "stage": stage,
            "stage_name": names[stage],
            "stages": [
                {"number": n, "name": names[n], "evidence": e, "threshold": t, "coverage": 100.0, "thin": False}
                | {"holds": n <= stage, "blocked_by": None}
                | figures
                for n, e, t in zip((1, 2, 3), evidence, (50.0, 60.0, 60.0), strict=True)
            ],
            "patterns": [],
            "principles": [
                {"number": n, "name": (principle_names or {2: "Communication"}).get(n, f"Principle {n}"), "score": s}
                | figures
                for n, s in scores.items()
            ],
            "too_thin": False,
            "best_fit": [],
            "lifts": [],
            "holds_back": [],
            "gaps": [],
            "reasons": [],
            "thresholds": {},
            "coverage": 100.0,
        }
        | figures
    )


EARLY = Snapshot(dt.date(2025, 3, 31), result(1, (80.0, 30.0, 10.0), {1: 20.0, 2: None}))
LATE = Snapshot(dt.date(2025, 6, 30), result(2, (20.0, 75.5, 40.0), {1: 60.0, 2: 45.4}, {2: "Robust <Communication>"}))


def test_nothing_submitted_means_no_charts():
    """Without a submitted assessment the page gets no figures and no tables."""
    assert history.alliance_history([]) == {}


def test_figures_are_valid_plotly():
    """Both figures pass plotly's own validation."""
    charts = history.alliance_history([EARLY, LATE])
    assert_valid(charts["stage_figure"])
    assert_valid(charts["principle_figure"])


def test_stage_figure_draws_each_stages_evidence_and_threshold_over_time():
    """Each stage has an evidence line and a threshold line in its badge colour, one point per assessment;
    neighbouring stages' thresholds are dashed differently, as II and III lie on one another at 60."""
    data = history.stage_evidence_over_time([EARLY, LATE])["data"]
    lines = [(t["name"], t["x"], t["y"], t["line"]["color"], t["line"].get("dash")) for t in data]
    dates = ["2025-03-31", "2025-06-30"]
    assert lines == [
        ("Stage I · Opportunistic", dates, [80.0, 20.0], "#b07d00", None),
        ("Stage I · Opportunistic: threshold", dates, [50.0, 50.0], "#b07d00", "dot"),
        ("Stage II · Strategic", dates, [30.0, 75.5], "#0d6efd", None),
        ("Stage II · Strategic: threshold", dates, [60.0, 60.0], "#0d6efd", "dash"),
        ("Stage III · Foundation of a Value Network", dates, [10.0, 40.0], "#198754", None),
        ("Stage III · Foundation of a Value Network: threshold", dates, [60.0, 60.0], "#198754", "dot"),
    ]


def test_equal_thresholds_are_each_named_one_above_the_other():
    """Stage II and III thresholds, both 60: each line is named at its last point, II above the line, III below."""
    data = history.stage_evidence_over_time([EARLY, LATE])["data"]
    names = [(t["text"], t["textposition"], t["mode"]) for t in data if t["name"].endswith("threshold")]
    assert names == [
        (["", "Stage I threshold"], "bottom left", "lines+text"),
        (["", "Stage II threshold"], "top left", "lines+text"),
        (["", "Stage III threshold"], "bottom left", "lines+text"),
    ]


def test_principle_heatmap_has_a_row_per_principle_and_a_column_per_assessment():
    """The heatmap's cells are the stored scores, a principle with no answers is a gap, names are escaped."""
    [heatmap] = history.principle_scores_over_time([EARLY, LATE])["data"]
    assert heatmap["y"] == ["1. Principle 1", "2. Robust &lt;Communication&gt;"]
    assert heatmap["z"] == [[20.0, 60.0], [None, 45.4]]
    assert heatmap["x"] == [0, 1]


def test_two_assessments_on_one_day_stay_two_columns():
    """Columns are positions labelled with dates, so a day with two assessments shows both."""
    layout = history.principle_scores_over_time([EARLY, EARLY])["layout"]
    assert layout["xaxis"]["tickvals"] == [0, 1]
    assert layout["xaxis"]["ticktext"] == ["31 Mar 2025", "31 Mar 2025"]


def test_stage_table_gives_the_chart_numbers():
    """The stage table lists the stage reached and each stage's evidence, rounded, per assessment."""
    assert history.stage_evidence_table([EARLY, LATE]) == Table(
        caption="Stage evidence (0–100) at each assessment",
        columns=("31 Mar 2025", "30 Jun 2025"),
        rows=(
            ("Stage reached", ("Stage I", "Stage II")),
            ("Stage I · Opportunistic", ("80", "20")),
            ("Stage II · Strategic", ("30", "76")),
            ("Stage III · Foundation of a Value Network", ("10", "40")),
        ),
    )


def test_principle_table_marks_missing_scores():
    """The principle table uses the latest names and shows a dash where no statement was answered."""
    assert history.principle_scores_table([EARLY, LATE]).rows == (
        ("1. Principle 1", ("20", "60")),
        ("2. Robust <Communication>", ("—", "45")),
    )


def test_rows_follow_the_latest_result_when_older_ones_lack_a_principle():
    """A principle missing from an older result is a gap there, not an error."""
    older = Snapshot(dt.date(2024, 12, 31), result(1, (90.0, 10.0, 5.0), {1: 10.0}))
    assert history.principle_scores_table([older, LATE]).rows == (
        ("1. Principle 1", ("10", "60")),
        ("2. Robust <Communication>", ("—", "45")),
    )


def test_heatmap_on_a_phone_breaks_principle_names_and_puts_dates_over_two_lines():
    """On a phone each date reads month over year, names break over lines, the colour scale lies below."""
    snapshots = [
        Snapshot(
            dt.date(2025, 3, 31), result(1, (0.0, 0.0, 0.0), {1: 50.0}, {1: "Clear Responsibilities and Expectations"})
        )
    ]
    figure = history.principle_scores_over_time(snapshots)
    assert_valid(figure)
    layout = figure["narrow"]
    assert layout["xaxis"]["ticktext"] == ["Mar<br>’25"]
    assert layout["xaxis"]["tickvals"] == [0]
    assert layout["yaxis"]["ticktext"] == ["1. Clear<br>Responsibilities<br>and Expectations"]
    assert layout["coloraxis"]["colorbar"]["orientation"] == "h"
