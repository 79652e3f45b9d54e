"""The dashboard's charts: pure functions from figures to Plotly figure data."""

from types import SimpleNamespace

from assessments.charts import portfolio as charts
from assessments.charts.portfolio import OVERALL_COLOUR
from assessments.charts.style import NOT_ASSESSED_COLOUR, STAGE_COLOURS

from .plotly_figures import assert_valid

STAGES = {1: "Opportunistic", 2: "Strategic", 3: "Foundation of a Value Network"}
PRINCIPLES = {n: f"Principle {n}" for n in range(1, 11)}


def unit(name, at_stage, not_assessed=0):
    return SimpleNamespace(business_unit=name, at_stage=at_stage, not_assessed=not_assessed)


def test_stage_distribution_stacks_a_bar_per_stage_and_business_unit():
    """One trace per stage over the business units, and one for the never assessed when there are any."""
    figure = charts.stage_distribution(
        [unit("Consumer", {1: 0, 2: 2, 3: 0}), unit("Industrial", {1: 1, 2: 0, 3: 0}, 1)], STAGES
    )
    assert_valid(figure)  # a valid Plotly figure
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
    assert_valid(figure)
    heatmap = figure["data"][0]
    assert heatmap["y"] == [0, 1]
    assert figure["layout"]["yaxis"]["ticktext"] == ["Alpha", "Bravo"]
    assert heatmap["x"] == [f"P{n}" for n in range(1, 11)]
    assert heatmap["z"][0][:3] == [50.0, 25.0, 50.0]
    assert heatmap["z"][1][6] is None
    assert heatmap["customdata"][1][6] == ["/alliances/2/", "Principle 7", "Bravo"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # the weakest on top


def test_heatmap_cuts_long_names_and_keeps_them_whole_in_the_hover():
    """A 60-character name is cut to 32 characters with "…" (16 on a phone); the hover names it in full."""
    name = "Northern Europe cold chain and last mile logistics programme"
    rows = [SimpleNamespace(name=name, scores={}), SimpleNamespace(name=name, scores={})]
    figure = charts.principle_heatmap(rows, PRINCIPLES, ["/alliances/1/", "/alliances/2/"])
    assert_valid(figure)
    assert figure["layout"]["yaxis"]["ticktext"] == ["Northern Europe cold chain and…"] * 2
    assert figure["narrow"]["yaxis"]["ticktext"] == ["Northern Europe…"] * 2
    assert figure["data"][0]["y"] == [0, 1]  # two rows, though their names are the same
    assert figure["data"][0]["customdata"][0][0][2] == name
    assert figure["data"][0]["hovertemplate"].startswith("%{customdata[2]}<br>%{customdata[1]}: %{z:.0f}")


def test_heatmap_on_a_phone_numbers_its_columns_and_keeps_its_figures_small():
    """On a phone the columns read 1-10 under the heading "Principle" and the cell figures are 9 px, to fit."""
    figure = charts.principle_heatmap([SimpleNamespace(name="Alpha", scores={})], PRINCIPLES, ["/a/"])
    xaxis = figure["narrow"]["xaxis"]
    assert xaxis["ticktext"] == [str(n) for n in range(1, 11)]
    assert xaxis["title"]["text"] == "Principle"
    assert figure["narrow_traces"] == [{"textfont": {"size": 9}}]


def test_timeline_draws_the_dashed_overall_line_under_a_line_per_unit():
    """The whole portfolio first (dashed, so a unit drawn over it stays visible), then the units; gaps stay gaps."""
    figure = charts.maturity_timeline(
        ["2025 Q1", "2025 Q2"], [1.0, 1.67], {"Consumer": [1.0, 2.0], "Healthcare": [None, 3.0]}
    )
    assert_valid(figure)
    assert [(t["name"], t["y"], t["line"].get("dash")) for t in figure["data"]] == [
        ("All alliances", [1.0, 1.67], "dash"),
        ("Consumer", [1.0, 2.0], None),
        ("Healthcare", [None, 3.0], None),
    ]
    assert figure["layout"]["yaxis"]["ticktext"] == ["I", "II", "III"]


def test_timeline_of_one_business_unit_is_one_line_named_after_it():
    """Filtered to one unit, "All alliances" would hide under that unit's line: the unit's line stands alone."""
    figure = charts.maturity_timeline(["2025 Q1", "2025 Q2"], [1.0, 2.0], {"Industrial": [1.0, 2.0]})
    assert_valid(figure)
    assert [(t["name"], t["y"], t["line"].get("dash")) for t in figure["data"]] == [("Industrial", [1.0, 2.0], None)]
    assert figure["data"][0]["line"]["color"] == OVERALL_COLOUR  # not the colour another unit has elsewhere


def test_heatmap_hover_says_a_click_opens_the_alliance_inside_its_box():
    """The hint sits in the hover text itself; the side box (<extra>) stays empty so nothing spills over."""
    heatmap = charts.principle_heatmap([SimpleNamespace(name="A", scores={})], PRINCIPLES, ["/a/"])["data"][0]
    assert heatmap["hovertemplate"].endswith("<br><i>Click to open</i><extra></extra>")


def test_timeline_on_a_phone_shows_every_other_quarter_on_two_lines():
    """Seven quarters are too many side by side on a phone: the first, third, fifth and seventh, year below."""
    quarters = [f"2025 Q{n}" for n in range(1, 5)] + [f"2026 Q{n}" for n in range(1, 4)]
    figure = charts.maturity_timeline(quarters, [2.0] * 7, {})
    assert_valid(figure)
    xaxis = figure["narrow"]["xaxis"]
    assert xaxis["tickvals"] == ["2025 Q1", "2025 Q3", "2026 Q1", "2026 Q3"]
    assert xaxis["ticktext"] == ["Q1<br>2025", "Q3<br>2025", "Q1<br>2026", "Q3<br>2026"]
    assert xaxis["automargin"] is True  # the wide axis's settings stay


def test_dashboard_stage_bars_use_the_stage_palette():
    """Stage I, II, III and "Not assessed" bars have the colours of the badges and the result charts."""
    figure = charts.stage_distribution([unit("Consumer", {1: 1, 2: 1, 3: 1}, 1)], STAGES)
    assert [t["marker"]["color"] for t in figure["data"]] == ["#b07d00", "#0d6efd", "#198754", "#6c757d"]
    assert [t["marker"]["color"] for t in figure["data"]] == [*STAGE_COLOURS.values(), NOT_ASSESSED_COLOUR]


def test_long_names_break_over_lines_on_a_phone():
    """Business units and principles keep their names on a phone, over lines of 16 (20) characters."""
    stages = charts.stage_distribution([unit("Consumer healthcare products", {1: 1, 2: 0, 3: 0})], STAGES)
    assert stages["narrow"]["xaxis"]["ticktext"] == ["Consumer<br>healthcare<br>products"]
    rows = [SimpleNamespace(name="Diagnostics co-development", scores={})]
    heatmap = charts.principle_heatmap(rows, PRINCIPLES, ["/alliances/1/"])
    assert_valid(heatmap)
    assert heatmap["narrow"]["coloraxis"]["colorbar"]["orientation"] == "h"
    holding = charts.principles_holding_back({}, {1: "Clear Responsibilities and Expectations"})
    assert holding["narrow"]["yaxis"]["ticktext"] == ["1. Clear<br>Responsibilities and<br>Expectations"]


def test_names_go_into_dashboard_charts_as_text():
    """An alliance or business unit name with markup is escaped, so Plotly shows it rather than reading it."""
    stages = charts.stage_distribution([unit("<b>R&D</b>", {1: 1, 2: 0, 3: 0})], STAGES)
    assert stages["data"][0]["x"] == ["&lt;b&gt;R&amp;D&lt;/b&gt;"]
    heatmap = charts.principle_heatmap([SimpleNamespace(name="<i>A</i>", scores={})], PRINCIPLES, ["/a/"])
    assert heatmap["layout"]["yaxis"]["ticktext"] == ["&lt;i&gt;A&lt;/i&gt;"]
    assert heatmap["data"][0]["customdata"][0][0][2] == "&lt;i&gt;A&lt;/i&gt;"


def test_principles_holding_back_are_ranked_most_first():
    """Every principle has a bar; the most alliances first, ties by number."""
    figure = charts.principles_holding_back({7: 1, 2: 3, 5: 1}, PRINCIPLES)
    assert_valid(figure)
    bar = figure["data"][0]
    assert bar["y"][:4] == ["2. Principle 2", "5. Principle 5", "7. Principle 7", "1. Principle 1"]
    assert bar["x"] == [3, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert bar["hovertext"][:4] == [
        "holds back 3 alliances",
        "holds back 1 alliance",
        "holds back 1 alliance",
        "holds back 0 alliances",
    ]
