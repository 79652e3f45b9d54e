"""The result charts: figures built from a stored result, valid for Plotly, with their tables."""

import pytest

from assessments import combining, round_results, scoring
from assessments.charts import result as charts
from assessments.charts import rounds as rounds_charts
from assessments.results import read

from .factories import AllianceFactory, answers_at, closed_survey
from .plotly_figures import assert_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage_two(published) -> dict:
    """A Stage II result as stored, whose principles score (value - 1) * 25: principle 1 answered 2, the rest 4."""
    return scoring.score(published.scoring_criteria(), answers_at(2, {1: 2})).to_dict()


@pytest.fixture
def stage_one(published) -> dict:
    return scoring.score(published.scoring_criteria(), answers_at(1, {1: 5})).to_dict()


def test_radar_shows_the_ten_principle_scores_closed_into_a_shape(stage_two):
    """One trace of the ten scores, back to the first to close it, labelled by number and name."""
    figure = charts.principle_radar(read(stage_two))
    (trace,) = figure["data"]
    assert trace["r"] == [25.0] + [75.0] * 9 + [25.0]
    assert trace["theta"][0] == "1. Clear<br>Responsibilities and<br>Expectations"
    assert trace["theta"][-1] == trace["theta"][0]
    assert figure["layout"]["showlegend"] is False
    assert_valid(figure)  # raises if Plotly would not accept the figure


def test_radar_overlays_the_previous_assessment_when_there_is_one(stage_two, stage_one):
    """With a previous result, its outline comes first (dashed, drawn under) and the legend shows."""
    figure = charts.principle_radar(read(stage_two), read(stage_one), "Previous (31 Mar 2026)")
    before, now = figure["data"]
    assert before["name"] == "Previous (31 Mar 2026)"
    assert before["line"]["dash"] == "dash"
    assert before["r"] == [p["score"] for p in stage_one["principles"]] + [stage_one["principles"][0]["score"]]
    assert now["name"] == "This assessment"
    assert figure["layout"]["showlegend"] is True
    assert_valid(figure)


def test_radar_leaves_a_gap_for_a_principle_without_answers(stage_two):
    """A principle with no score stays empty (None) instead of being drawn at zero."""
    stage_two["principles"][3]["score"] = None
    (trace,) = charts.principle_radar(read(stage_two))["data"]
    assert trace["r"][3] is None


def test_principle_rows_pair_each_score_with_the_previous_one(stage_two, stage_one):
    """The radar's table has each principle's score now and before."""
    rows = charts.principle_rows(read(stage_two), read(stage_one))
    assert rows[0] == {
        "number": 1,
        "name": "Clear Responsibilities and Expectations",
        "score": 25.0,
        "previous": stage_one["principles"][0]["score"],
        "answered": f"{stage_two['principles'][0]['answered']} of {stage_two['principles'][0]['total']}",
    }
    assert all(row["previous"] is None for row in charts.principle_rows(read(stage_two)))


def test_stage_chart_puts_each_stages_evidence_against_its_threshold(stage_two):
    """Bars are the three stages' evidence; the markers are the ceiling (Stage I) and the two thresholds."""
    bars, thresholds = charts.stage_evidence(read(stage_two))["data"]
    assert bars["y"] == ["Stage I · Opportunistic", "Stage II · Strategic", "Stage III · Foundation of a Value Network"]
    assert bars["x"] == [s["evidence"] for s in stage_two["stages"]]
    assert thresholds["x"] == [50.0, 60.0, 60.0]
    assert_valid(charts.stage_evidence(read(stage_two)))


def test_stage_figures_sit_at_the_bars_start_clear_of_the_threshold_mark(stage_two):
    """57.8 against a threshold of 60 reads inside its bar at the start; a bar of 10 or none has it beside."""
    for stage, evidence in zip(stage_two["stages"], (10.0, 57.8, None), strict=True):
        stage["evidence"] = evidence
    bars = charts.stage_evidence(read(stage_two))["data"][0]
    assert bars["text"] == ["10", "57.8", "no answers"]
    assert bars["textposition"] == ["outside", "inside", "outside"]
    assert bars["insidetextanchor"] == "start"
    assert bars["insidetextfont"]["color"] == ["#000000", "#ffffff", "#ffffff"]  # dark on Stage I's gold


def test_stage_rows_say_each_verdict_in_words(stage_two):
    """The stage table reads: symptoms under the ceiling, Stage II holds, Stage III does not."""
    assert [(r["label"], r["verdict"]) for r in charts.stage_rows(read(stage_two))] == [
        ("Stage I · Opportunistic", "Symptoms under the ceiling"),
        ("Stage II · Strategic", "Holds"),
        ("Stage III · Foundation of a Value Network", "Does not hold"),
    ]


def test_table_rows_say_how_many_statements_have_a_real_answer(stage_two):
    """Each stage's and each pattern's row reads "answered of total", composed once per table."""
    stage = stage_two["stages"][1]
    assert charts.stage_rows(read(stage_two))[1]["answered"] == f"{stage['answered']} of {stage['total']}"
    pattern = stage_two["patterns"][0]
    assert charts.pattern_rows(read(stage_two))[0]["answered"] == f"{pattern['answered']} of {pattern['total']}"


def test_stage_rows_say_when_a_stage_is_too_thin(stage_two):
    """A thin stage reads as too few real answers, whatever its evidence."""
    stage_two["stages"][2]["thin"] = True
    assert charts.stage_rows(read(stage_two))[2]["verdict"] == "Too few real answers to count"


def test_pattern_chart_has_one_bar_per_pattern_coloured_by_stage(stage_two):
    """Thirteen patterns in three traces (4, 5, 4), one per stage, for the legend."""
    figure = charts.pattern_evidence(read(stage_two))
    assert [trace["name"] for trace in figure["data"]] == ["Stage I", "Stage II", "Stage III"]
    assert [len(trace["y"]) for trace in figure["data"]] == [4, 5, 4]
    assert figure["data"][1]["y"][3] == "Professional management"
    assert figure["data"][0]["x"] == [p["evidence"] for p in stage_two["patterns"] if p["stage"] == 1]
    assert_valid(figure)


def test_labels_from_the_criteria_go_into_charts_as_text(stage_two):
    """A name with markup is escaped, so Plotly shows it rather than reading it as HTML."""
    stage_two["patterns"][0]["short_name"] = "<b>Bold</b>"
    stage_two["principles"][0]["name"] = "<i>x</i>"
    assert charts.pattern_evidence(read(stage_two))["data"][0]["y"][0] == "&lt;b&gt;Bold&lt;/b&gt;"
    assert charts.principle_radar(read(stage_two))["data"][0]["theta"][0] == "1. &lt;i&gt;x&lt;/i&gt;"


def test_radar_leaves_the_outer_ring_unlabelled(stage_two):
    """The score axis is labelled 25, 50 and 75, so no number sits on the outer ring (100)."""
    radial = charts.principle_radar(read(stage_two))["layout"]["polar"]["radialaxis"]
    assert (radial["range"], radial["tickvals"]) == ([0, 100], [25, 50, 75])


def test_radar_on_a_phone_names_its_spokes_shortly(stage_two):
    """On a phone each spoke reads its number and the principle's first words over two lines, "…" if cut."""
    figure = charts.principle_radar(read(stage_two))
    assert_valid(figure)
    layout = figure["narrow"]
    angular = layout["polar"]["angularaxis"]
    assert angular["ticktext"][:4] == [
        "1. Clear<br>Responsibilities…",
        "2. Robust<br>Communication",
        "3. Senior<br>Management…",
        "4. Understanding<br>Our Partner",
    ]
    assert angular["ticktext"][9] == "10. External<br>Representation"
    assert angular["tickvals"] == figure["data"][0]["theta"][:10]
    assert angular["direction"] == "clockwise"
    assert layout["margin"] == {"l": 88, "r": 88, "t": 44, "b": 44}


def test_bar_charts_on_a_phone_shorten_or_break_their_labels(stage_two):
    """Stage bars read "Stage I" to "Stage III"; pattern labels break over lines of at most 16 characters."""
    stages = charts.stage_evidence(read(stage_two))
    assert_valid(stages)
    assert stages["narrow"]["yaxis"]["ticktext"] == ["Stage I", "Stage II", "Stage III"]
    patterns = charts.pattern_evidence(read(stage_two))
    yaxis = patterns["narrow"]["yaxis"]
    assert dict(zip(yaxis["tickvals"], yaxis["ticktext"], strict=True))["Professional management"] == (
        "Professional<br>management"
    )


def test_pattern_bars_read_their_short_names_and_a_shared_name_its_stage(stage_two):
    """No codes on the chart; two patterns named alike stay two bars, told apart by their stage."""
    stage_two["patterns"][0]["short_name"] = stage_two["patterns"][4]["short_name"] = "Alike"
    figure = charts.pattern_evidence(read(stage_two))
    assert figure["data"][0]["y"][:2] == ["Alike (Stage I)", "Window dressing"]
    assert figure["data"][1]["y"][0] == "Alike (Stage II)"
    assert not any("-P" in name for trace in figure["data"] for name in trace["y"])


def test_a_surveys_radar_names_its_spokes_on_a_phone(published, manager):
    """The survey's radar, like the result's, shows each principle's short name on a narrow screen, not a number."""
    closed = closed_survey(AllianceFactory(owner=manager))
    figure = rounds_charts.sides_radar(combining.disclose(round_results.read(closed.result)))
    spokes = figure["narrow"]["polar"]["angularaxis"]["ticktext"]
    assert spokes[0] == "1. Clear<br>Responsibilities…"
    assert len(spokes) == 10
