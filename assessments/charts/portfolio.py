"""The dashboard's four charts: plain figures in, Plotly figure data (dicts ready for JSON) out.

Each figure is drawn by plotly.js in the page (`Plotly.newPlot(el, figure.data,
figure.layout)`); the page shows the same numbers as a table next to it. The figures are
written as plain dicts rather than through plotly.graph_objects, whose validation costs
more than the dashboard's queries; the tests pass every figure through `go.Figure` instead.
"""

import textwrap
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from ..scoring import ROMAN_NUMERALS
from ..stage_labels import stage_label
from .style import FONT, NOT_ASSESSED_COLOUR, STAGE_COLOURS, colorbar_below, label, shortened, with_narrow

# Okabe-Ito colours: told apart with any colour vision.
UNIT_COLOURS = ("#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#0072B2", "#D55E00", "#009E73", "#000000")
# Low scores red, high scores blue (a scale that also reads for red-green colour blindness).
SCORE_SCALE = [[0, "#B2182B"], [0.25, "#EF8A62"], [0.5, "#F7F7F7"], [0.75, "#67A9CF"], [1, "#2166AC"]]
HOLDING_BACK_COLOUR = "#495057"
OVERALL_COLOUR = "#212529"
# On a phone a label line longer than this squeezes the plot to nothing.
NARROW_LABEL_WIDTH = 16
# The heatmap's row names are cut to these lengths (with "…") so that the ten columns keep their room.
WIDE_NAME_LENGTH = 32
NARROW_NAME_LENGTH = 16


def stage_distribution(units: Sequence, stage_names: Mapping[int, str]) -> dict:
    """A stacked bar per business unit: how many alliances sit at each stage.

    `units` items have `business_unit`, `at_stage` {1: n, 2: n, 3: n} and `not_assessed`.
    """
    names = [label(u.business_unit) for u in units]
    bars = [
        {
            "type": "bar",
            "x": names,
            "y": [u.at_stage[number] for u in units],
            "name": f"{ROMAN_NUMERALS[number]} {label(name)}",
            "marker": {"color": STAGE_COLOURS[number]},
            "hovertemplate": _("%(where)s: %(count)s at %(stage)s")
            % {"where": "%{x}", "count": "%{y}", "stage": stage_label(number)}
            + "<extra></extra>",
        }
        for number, name in sorted(stage_names.items())
    ]
    if any(u.not_assessed for u in units):
        bars.append(
            {
                "type": "bar",
                "x": names,
                "y": [u.not_assessed for u in units],
                "name": _("Not assessed"),
                "marker": {"color": NOT_ASSESSED_COLOUR},
                "hovertemplate": _("%(where)s: %(count)s not assessed") % {"where": "%{x}", "count": "%{y}"}
                + "<extra></extra>",
            }
        )
    yaxis: dict[str, object] = {"title": {"text": _("Alliances")}, "rangemode": "tozero"}
    if max((sum(u.at_stage.values()) + u.not_assessed for u in units), default=0) < 10:
        yaxis["dtick"] = 1  # whole alliances, not half of one
    layout = {"barmode": "stack", "yaxis": yaxis, "legend": {"traceorder": "normal"}}
    narrow = {"xaxis": _wrapped_ticks(names)}
    return _figure(bars, layout, height=340, narrow=narrow)


def principle_heatmap(rows: Sequence, principle_names: Mapping[int, str], links: Sequence[str]) -> dict:
    """Alliances (weakest on top) by the ten principles, coloured by score; a click opens the alliance.

    `rows` items have `name` and `scores` {principle number: 0-100 or None}; `links[i]` is
    the page of `rows[i]`'s alliance, carried in each cell's customdata with the principle's
    name and the alliance's full name. Rows are placed by position (two alliances may share a
    name), labelled with names cut to fit beside ten columns: the hover and the table have them whole.
    """
    numbers = sorted(principle_names)
    positions = list(range(len(rows)))
    heatmap = {
        "type": "heatmap",
        "z": [[row.scores.get(n) for n in numbers] for row in rows],
        "x": [_("P%(number)s") % {"number": n} for n in numbers],  # the principle's number, short
        "y": positions,
        "customdata": [
            [[link, label(principle_names[n]), label(row.name)] for n in numbers]
            for row, link in zip(rows, links, strict=True)
        ],
        "coloraxis": "coloraxis",
        "texttemplate": "%{z:.0f}",
        "hovertemplate": "%{customdata[2]}<br>%{customdata[1]}: %{z:.0f}<br><i>" + _("Click to open") + "</i>"
        "<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    colorbar = {"title": {"text": _("Score")}, "thickness": 12}
    coloraxis = {"cmin": 0, "cmax": 100, "colorscale": SCORE_SCALE, "colorbar": colorbar}
    names = {"tickmode": "array", "tickvals": positions}
    layout = {
        "yaxis": {
            **names,
            "ticktext": [label(shortened(row.name, WIDE_NAME_LENGTH)) for row in rows],
            "autorange": "reversed",
        },
        "xaxis": {"side": "top", "tickangle": 0},
        "coloraxis": coloraxis,
    }
    # On a phone: names cut shorter on one line, the columns by number alone, cell figures small enough to fit.
    narrow = {
        "yaxis": {
            **names,
            "ticktext": [label(shortened(row.name, NARROW_NAME_LENGTH)) for row in rows],
            "tickfont": {"size": 11},
        },
        "xaxis": {
            "tickmode": "array",
            "tickvals": heatmap["x"],
            "ticktext": [str(n) for n in numbers],
            "tickfont": {"size": 11},
            "title": {"text": _("Principle"), "standoff": 4},
        },
        "coloraxis": {**coloraxis, "colorbar": colorbar_below(colorbar)},
        "height": max(240, 110 + 28 * len(rows)),
    }
    return _figure(
        [heatmap],
        layout,
        height=max(220, 60 + 26 * len(rows)),
        legend=False,
        narrow=narrow,
        narrow_traces=[{"textfont": {"size": 9}}],
    )


def maturity_timeline(quarters: Sequence[str], overall: Sequence, by_unit: Mapping[str, Sequence]) -> dict:
    """The mean stage at each quarter's end: the whole portfolio dashed underneath, each business unit over it.

    "All alliances" is drawn first so a unit's line on top stays visible where the two are the same.
    With one business unit they are the same everywhere, so that unit's line is the only one, in the
    portfolio's colour (a unit's own colour depends on which others are shown).
    """
    if len(by_unit) == 1:
        lines = [_line(quarters, overall, label(*by_unit), {"width": 3, "color": OVERALL_COLOUR})]
    else:
        lines = [_line(quarters, overall, _("All alliances"), {"width": 3, "color": OVERALL_COLOUR, "dash": "dash"})]
        lines += [
            _line(quarters, values, label(unit), {"width": 2.5, "color": UNIT_COLOURS[i % len(UNIT_COLOURS)]})
            for i, (unit, values) in enumerate(by_unit.items())
        ]
    layout = {
        "yaxis": {
            "title": {"text": _("Mean stage")},
            "range": [0.9, 3.1],
            "tickvals": [1, 2, 3],
            "ticktext": [ROMAN_NUMERALS[n] for n in (1, 2, 3)],
        },
        "xaxis": {"tickangle": 0, "tickfont": {"size": 11}},
        "hovermode": "closest",
    }
    # On a phone: "Q1<br>2025", and every other quarter once there are more than six.
    shown = list(quarters)[:: 2 if len(quarters) > 6 else 1]
    narrow = {"xaxis": {"tickvals": shown, "ticktext": [_quarter_on_two_lines(q) for q in shown]}}
    return _figure(lines, layout, height=340, narrow=narrow)


def principles_holding_back(counts: Mapping[int, int], principle_names: Mapping[int, str]) -> dict:
    """A bar per principle: how many alliances it holds back from their next stage, most on top."""
    ranked = sorted(principle_names, key=lambda n: (-counts.get(n, 0), n))
    names = [label(f"{n}. {principle_names[n]}") for n in ranked]
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": [counts.get(n, 0) for n in ranked],
        "y": names,
        "marker": {"color": HOLDING_BACK_COLOUR},
        "hovertext": [_holds_back(counts.get(n, 0)) for n in ranked],
        "hovertemplate": "%{y}: %{hovertext}<extra></extra>",
    }
    xaxis: dict[str, object] = {"title": {"text": _("Alliances")}, "rangemode": "tozero"}
    if max(counts.values(), default=0) < 10:
        xaxis["dtick"] = 1  # whole alliances, not half of one
    layout = {"yaxis": {"autorange": "reversed"}, "xaxis": xaxis}
    narrow = {"yaxis": {**_wrapped_ticks(names, 20), "tickfont": {"size": 11}}, "height": 520}
    return _figure([bar], layout, height=380, legend=False, narrow=narrow)


def _holds_back(count: int) -> str:
    return f"holds back {count} alliance{'' if count == 1 else 's'}"


def _line(quarters, values, name: str, line: dict) -> dict:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "x": list(quarters),
        "y": list(values),
        "name": name,
        "line": line,
        "hovertemplate": f"{name}, " + "%{x}: %{y:.2f}<extra></extra>",
    }


def _wrapped_ticks(names: Sequence[str], width: int = NARROW_LABEL_WIDTH) -> dict:
    """Axis ticks that break long category names over lines, for a phone."""
    return {
        "tickmode": "array",
        "tickvals": list(names),
        "ticktext": ["<br>".join(textwrap.wrap(name, width, break_long_words=False)) or name for name in names],
    }


def _quarter_on_two_lines(quarter: str) -> str:
    year, _, part = quarter.partition(" ")
    return f"{part}<br>{year}" if part else quarter


def _figure(
    data: list[dict], layout: dict, *, height: int, legend: bool = True, narrow: dict, narrow_traces=None
) -> dict:
    axes = {"automargin": True, "gridcolor": "#e9ecef"}
    figure = {
        "data": data,
        "layout": {
            **layout,
            "xaxis": {**axes, **layout.get("xaxis", {})},
            "yaxis": {**axes, **layout.get("yaxis", {})},
            "height": height,
            "margin": {"l": 10, "r": 20, "t": 40 if legend else 30, "b": 10},
            "font": FONT,
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "showlegend": legend,
            "legend": {
                "orientation": "h",
                "x": 0,
                "y": 1.02,
                "xanchor": "left",
                "yanchor": "bottom",
                **layout.get("legend", {}),
            },
        },
    }
    return with_narrow(figure, narrow, narrow_traces)
