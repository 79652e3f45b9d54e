"""The result page's charts: a stored result (`scoring.Result.to_dict()`) in, Plotly figure JSON out.

Pure: plain dicts, ready for `json_script`; static/js/charts.js hands them to plotly.js.
Figures are written as plain data rather than built with plotly.graph_objects, whose
validation costs about 10 ms a figure on every page view; the tests validate them with it.
Each chart has a table built from the same rows, for screen readers and for print.
"""

from __future__ import annotations

import textwrap

from ..scoring import ROMAN_NUMERALS
from .style import FONT, MUTED, STAGE_COLOURS, TRANSPARENT, label

THRESHOLD_COLOUR = "#212529"
LABEL_WIDTH = 22


def principle_radar(result: dict, previous: dict | None = None, previous_label: str = "Previous assessment") -> dict:
    """The ten principles' scores as a radar, with the previous assessment's outline when there is one."""
    labels = [_wrap(f"{p['number']}. {p['name']}") for p in result["principles"]]

    def trace(scores: list, name: str, colour: str, filled: bool) -> dict:
        return {
            "type": "scatterpolar",
            "r": scores + scores[:1],  # back to the first principle to close the shape
            "theta": labels + labels[:1],
            "name": name,
            "mode": "lines+markers",
            "line": {"color": colour, "width": 2, "dash": "solid" if filled else "dash"},
            "marker": {"size": 6},
            "fill": "toself" if filled else "none",
            "fillcolor": "rgba(13, 110, 253, 0.15)",
            "connectgaps": False,
            "hovertemplate": "%{theta}: %{r}<extra>" + name + "</extra>",
        }

    data = []
    if previous:
        by_number = {p["number"]: p["score"] for p in previous["principles"]}
        scores = [by_number.get(p["number"]) for p in result["principles"]]
        data.append(trace(scores, previous_label, MUTED, filled=False))
    data.append(trace([p["score"] for p in result["principles"]], "This assessment", STAGE_COLOURS[2], filled=True))
    return {
        "data": data,
        "layout": {
            "polar": {
                # The score axis runs between the last principle and the first, clear of their labels.
                "radialaxis": {
                    "range": [0, 100],
                    "tickvals": [0, 25, 50, 75, 100],
                    "angle": 90 + 180 / max(len(labels), 1),
                    "tickangle": 0,
                    "tickfont": {"size": 10, "color": MUTED},
                },
                "angularaxis": {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 11}},
            },
            "showlegend": bool(previous),
            "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12},
            "margin": {"l": 110, "r": 110, "t": 70, "b": 50},
            "height": 520,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
        },
    }


def principle_rows(result: dict, previous: dict | None = None) -> list[dict]:
    """The radar as a table: each principle's score now and, when there is one, before."""
    before = {p["number"]: p["score"] for p in previous["principles"]} if previous else {}
    return [
        {
            "number": p["number"],
            "name": p["name"],
            "score": p["score"],
            "previous": before.get(p["number"]),
            "answered": p["answered"],
            "total": p["total"],
        }
        for p in result["principles"]
    ]


def stage_evidence(result: dict) -> dict:
    """Each stage's evidence as a bar, with the threshold it is held to marked across it."""
    stages = result["stages"]
    labels = [label(stage_label(s)) for s in stages]
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": [s["evidence"] or 0 for s in stages],
        "text": [_evidence_text(s["evidence"]) for s in stages],
        "textposition": "outside",
        "marker": {"color": [STAGE_COLOURS.get(s["number"], MUTED) for s in stages]},
        "name": "Evidence",
        "showlegend": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "cliponaxis": False,
    }
    marked = [s for s in stages if s["threshold"] is not None]
    thresholds = {
        "type": "scatter",
        "mode": "markers",
        "y": [label(stage_label(s)) for s in marked],
        "x": [s["threshold"] for s in marked],
        "marker": {"symbol": "line-ns", "size": 34, "line": {"width": 3, "color": THRESHOLD_COLOUR}},
        "name": "Threshold (for Stage I: the ceiling symptoms must stay under)",
        "hovertemplate": "%{y} threshold: %{x}<extra></extra>",
    }
    return {
        "data": [bars, thresholds],
        "layout": {
            "xaxis": {"range": [0, 105], "title": {"text": "Evidence (0-100)"}, "dtick": 20, "fixedrange": True},
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "margin": {"l": 10, "r": 30, "t": 30, "b": 50},
            "height": 300,
            "bargap": 0.35,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }


def pattern_evidence(result: dict) -> dict:
    """Each pattern's evidence, one bar per pattern, coloured by stage."""
    data = []
    for number in sorted({p["stage"] for p in result["patterns"]}):
        patterns = [p for p in result["patterns"] if p["stage"] == number]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [label(pattern_label(p)) for p in patterns],
                "x": [p["evidence"] or 0 for p in patterns],
                "text": [_evidence_text(p["evidence"]) for p in patterns],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": STAGE_COLOURS.get(number, MUTED)},
                "name": f"Stage {ROMAN_NUMERALS.get(number, number)}",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": {
            "xaxis": {"range": [0, 105], "title": {"text": "Evidence (0-100)"}, "dtick": 20, "fixedrange": True},
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            "margin": {"l": 10, "r": 30, "t": 30, "b": 50},
            "height": 120 + 30 * len(result["patterns"]),
            "bargap": 0.3,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }


def stage_label(stage: dict) -> str:
    return f"Stage {ROMAN_NUMERALS.get(stage['number'], stage['number'])} · {stage['name']}"


def pattern_label(pattern: dict) -> str:
    return f"{pattern['code']} {pattern['short_name']}"


def _evidence_text(evidence: float | None) -> str:
    return "no answers" if evidence is None else f"{evidence:g}"


def _wrap(text: str) -> str:
    # Plotly does not wrap axis labels itself; long principle names would run off the chart.
    return "<br>".join(label(line) for line in textwrap.wrap(text, LABEL_WIDTH))


def stage_rows(result: dict) -> list[dict]:
    """The stage chart as a table, with each stage's verdict in words."""
    rows = []
    for stage in result["stages"]:
        if stage["threshold"] is None:
            verdict = "No threshold"
        elif stage["number"] == 1:
            under = stage["evidence"] is None or stage["evidence"] < stage["threshold"]
            verdict = "Symptoms under the ceiling" if under else "Symptoms at or over the ceiling"
        elif stage["thin"]:
            verdict = "Too few real answers to count"
        else:
            verdict = "Holds" if stage["holds"] else "Does not hold"
        rows.append({**stage, "label": stage_label(stage), "verdict": verdict})
    return rows
