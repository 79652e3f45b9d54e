"""The dashboard's charts: pure functions from figures to Plotly figure data."""

from types import SimpleNamespace

import plotly.graph_objects as go

from assessments.charts import portfolio as charts

STAGES = {1: "Opportunistic", 2: "Strategic", 3: "Foundation of a Value Network"}
PRINCIPLES = {n: f"Principle {n}" for n in range(1, 11)}


def unit(name, at_stage, not_assessed=0):
    return SimpleNamespace(business_unit=name, at_stage=at_stage, not_assessed=not_assessed)


def test_stage_distribution_stacks_a_bar_per_stage_and_business_unit():
    """One trace per stage over the business units, and one for the never assessed when there are any."""
    figure = charts.stage_distribution(
        [unit("Consumer", {1: 0, 2: 2, 3: 0}), unit("Industrial", {1: 1, 2: 0, 3: 0}, 1)], STAGES
    )
    go.Figure(figure)  # a valid Plotly figure
    assert [(t["name"], t["x"], t["y"]) for t in figure["data"]] == [
        ("I Opportunistic", ["Consumer", "Industrial"], [0, 1]),
        ("II Strategic", ["Consumer", "Industrial"], [2, 0]),
        ("III Foundation of a Value Network", ["Consumer", "Industrial"], [0, 0]),
        ("Not assessed", ["Consumer", "Industrial"], [0, 1]),
    ]
    assert figure["layout"]["barmode"] == "stack"


def test_stage_distribution_leaves_out_not_assessed_when_every_alliance_is():
    """No "Not assessed" trace when every alliance has a stage."""
    figure = charts.stage_distribution([unit("Consumer", {1: 1, 2: 0, 3: 0})], STAGES)
    assert [t["name"] for t in figure["data"]] == [
        "I Opportunistic",
        "II Strategic",
        "III Foundation of a Value Network",
    ]


def test_heatmap_rows_are_alliances_with_a_link_in_every_cell():
    """z holds the scores in principle order; customdata carries each row's link and the principle's name."""
    rows = [
        SimpleNamespace(name="Alpha", scores=dict.fromkeys(PRINCIPLES, 50.0) | {2: 25.0}),
        SimpleNamespace(name="Bravo", scores=dict.fromkeys(PRINCIPLES, 75.0) | {7: None}),
    ]
    figure = charts.principle_heatmap(rows, PRINCIPLES, ["/alliances/1/", "/alliances/2/"])
    go.Figure(figure)
    heatmap = figure["data"][0]
    assert heatmap["y"] == ["Alpha", "Bravo"]
    assert heatmap["x"] == [f"P{n}" for n in range(1, 11)]
    assert heatmap["z"][0][:3] == [50.0, 25.0, 50.0]
    assert heatmap["z"][1][6] is None
    assert heatmap["customdata"][1][6] == ["/alliances/2/", "Principle 7"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # the weakest on top


def test_timeline_has_a_line_per_unit_and_a_bold_overall_line():
    """Units first, then the whole portfolio; gaps stay gaps."""
    figure = charts.maturity_timeline(
        ["2025 Q1", "2025 Q2"], [1.0, 1.67], {"Consumer": [1.0, 2.0], "Healthcare": [None, 3.0]}
    )
    go.Figure(figure)
    assert [(t["name"], t["y"]) for t in figure["data"]] == [
        ("Consumer", [1.0, 2.0]),
        ("Healthcare", [None, 3.0]),
        ("All alliances", [1.0, 1.67]),
    ]
    assert figure["data"][-1]["line"]["width"] > figure["data"][0]["line"]["width"]
    assert figure["layout"]["yaxis"]["ticktext"] == ["I", "II", "III"]


def test_principles_holding_back_are_ranked_most_first():
    """Every principle has a bar; the most alliances first, ties by number."""
    figure = charts.principles_holding_back({7: 1, 2: 3, 5: 1}, PRINCIPLES)
    go.Figure(figure)
    bar = figure["data"][0]
    assert bar["y"][:4] == ["2. Principle 2", "5. Principle 5", "7. Principle 7", "1. Principle 1"]
    assert bar["x"] == [3, 1, 1, 0, 0, 0, 0, 0, 0, 0]
