"""The result page's charts: a stored result (read by assessments/results.py) in, Plotly figure JSON out.

Pure but for the labels, translated into the page's language: plain dicts, ready for `json_script`;
static/js/charts.js hands them to plotly.js.
Figures are written as plain data rather than built with plotly.graph_objects, whose
validation costs about 10 ms a figure on every page view; the tests validate them with it.
Each chart has a table built from the same rows, for screen readers and for print.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _

from ..scoring import PatternEvidence, Result, StageEvidence
from ..stage_labels import stage_label
from .style import FONT, MUTED, STAGE_COLOURS, TEXT_ON_STAGE, TRANSPARENT, label, principles_radar, with_narrow

THRESHOLD_COLOUR = "#212529"
LABEL_WIDTH = 22
# On a phone a bar's label breaks into lines of this many characters at most.
NARROW_LABEL_WIDTH = 16
# A radar spoke's name on a phone: two lines of this many characters at most.


def _evidence_axis() -> dict:
    return {
        "range": [0, 105],
        "title": {"text": _("Evidence (0-100)")},
        "dtick": 20,
        "automargin": True,
        "fixedrange": True,
    }


def principle_radar(result: Result, previous: Result | None = None, previous_label: str = "") -> dict:
    """The ten principles' scores as a radar, with the previous assessment's outline (named `previous_label`)."""
    labels = [_wrap(f"{p.number}. {p.name}") for p in result.principles]

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
        by_number = {p.number: p.score for p in previous.principles}
        scores = [by_number.get(p.number) for p in result.principles]
        data.append(trace(scores, previous_label, MUTED, filled=False))
    data.append(trace([p.score for p in result.principles], _("This assessment"), STAGE_COLOURS[2], filled=True))
    return principles_radar(data, labels, result.principles, legend=bool(previous))


def principle_rows(result: Result, previous: Result | None = None) -> list[dict]:
    """The radar as a table: each principle's score now and, when there is one, before."""
    before = {p.number: p.score for p in previous.principles} if previous else {}
    of = _answered_of()
    return [
        {
            "number": p.number,
            "name": p.name,
            "score": p.score,
            "previous": before.get(p.number),
            "answered": of.format(answered=p.answered, total=p.total),
        }
        for p in result.principles
    ]


def _answered_of() -> str:
    """How many of a table row's statements have a real answer, e.g. "4 of 5": translated once per table."""
    return _("{answered} of {total}")


INSIDE_LABEL_FROM = 15  # evidence from which a stage's bar is long enough to hold its figure


def stage_evidence(result: Result) -> dict:
    """Each stage's evidence as a bar, with the threshold it is held to marked across it."""
    stages = result.stages
    labels = [label(stage_name_label(s)) for s in stages]
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": [s.evidence or 0 for s in stages],
        "text": [_evidence_text(s.evidence) for s in stages],
        # At the bar's start, clear of the threshold mark near its end; a bar too short for it
        # (or none) has its figure beside it.
        "textposition": ["inside" if (s.evidence or 0) >= INSIDE_LABEL_FROM else "outside" for s in stages],
        "insidetextanchor": "start",
        "insidetextfont": {"color": [TEXT_ON_STAGE.get(s.number, "#ffffff") for s in stages]},
        "marker": {"color": [STAGE_COLOURS.get(s.number, MUTED) for s in stages]},
        "name": _("Evidence"),
        "showlegend": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "cliponaxis": False,
    }
    marked = [s for s in stages if s.threshold is not None]
    thresholds = {
        "type": "scatter",
        "mode": "markers",
        "y": [label(stage_name_label(s)) for s in marked],
        "x": [s.threshold for s in marked],
        "marker": {"symbol": "line-ns", "size": 34, "line": {"width": 3, "color": THRESHOLD_COLOUR}},
        "name": _("Threshold (for Stage I: the ceiling)"),
        # Plotly fills in %{y} (the stage) and %{x} (its threshold) on hover.
        "hovertemplate": _("{stage} threshold: {threshold}").format(stage="%{y}", threshold="%{x}") + "<extra></extra>",
    }
    figure = {
        "data": [bars, thresholds],
        "layout": {
            "xaxis": _evidence_axis(),
            # The stage names stand off the axis, apart from the figures at the bars' start.
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True, "ticklabelstandoff": 10},
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "margin": {"l": 10, "r": 30, "t": 30, "b": 10},
            "height": 300,
            "bargap": 0.35,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }
    # On a phone the bars go by stage number; the names are in the hover and the table.
    return with_narrow(
        figure, {"yaxis": _ticks(labels, [label(stage_label(s.number)) for s in stages]), "xaxis": {"dtick": 25}}
    )


def pattern_evidence(result: Result) -> dict:
    """Each pattern's evidence, one bar per pattern, coloured by stage."""
    data = []
    names = pattern_names(result.patterns)
    labels = [label(names[p.code]) for p in result.patterns]
    for number in sorted({p.stage for p in result.patterns}):
        patterns = [p for p in result.patterns if p.stage == number]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [label(names[p.code]) for p in patterns],
                "x": [p.evidence or 0 for p in patterns],
                "text": [_evidence_text(p.evidence) for p in patterns],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": STAGE_COLOURS.get(number, MUTED)},
                "name": stage_label(number),
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            }
        )
    figure = {
        "data": data,
        "layout": {
            "xaxis": _evidence_axis(),
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            "margin": {"l": 10, "r": 30, "t": 30, "b": 10},
            "height": 120 + 30 * len(result.patterns),
            "bargap": 0.3,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }
    # On a phone the labels break over lines and the bars get the room for them.
    return with_narrow(
        figure,
        {
            "yaxis": {
                **_ticks(labels, [_wrap(names[p.code], NARROW_LABEL_WIDTH) for p in result.patterns]),
                "tickfont": {"size": 11},
            },
            "xaxis": {"dtick": 25},
            "height": 120 + 46 * len(result.patterns),
        },
    )


def stage_name_label(stage: StageEvidence) -> str:
    return f"{stage_label(stage.number)} · {stage.name}"


def pattern_names(patterns: Sequence[PatternEvidence]) -> dict[str, str]:
    """Each pattern's short name by code; a name two stages share gets its stage, as the axis needs them apart."""
    shared = {name for name, count in Counter(p.short_name for p in patterns).items() if count > 1}
    return {
        p.code: f"{p.short_name} ({stage_label(p.stage)})" if p.short_name in shared else p.short_name for p in patterns
    }


def _evidence_text(evidence: float | None) -> str:
    return _("no answers") if evidence is None else f"{evidence:g}"


def _wrap(text: str, width: int = LABEL_WIDTH) -> str:
    # Plotly does not wrap axis labels itself; long names would run off the chart.
    return "<br>".join(
        label(line) for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    )


def _ticks(values: list[str], texts: list[str]) -> dict:
    """Category ticks shown with other text: shorter or wrapped labels for a phone."""
    return {"tickmode": "array", "tickvals": values, "ticktext": texts}


def stage_rows(result: Result) -> list[dict]:
    """The stage chart as a table, with each stage's verdict in words."""
    of = _answered_of()
    rows = []
    for stage in result.stages:
        if stage.threshold is None:
            verdict = _("No threshold")
        elif stage.number == 1:
            under = stage.evidence is None or stage.evidence < stage.threshold
            verdict = _("Symptoms under the ceiling") if under else _("Symptoms at or over the ceiling")
        elif stage.thin:
            verdict = _("Too few real answers to count")
        else:
            verdict = _("Holds") if stage.holds else _("Does not hold")
        answered = of.format(answered=stage.answered, total=stage.total)
        rows.append({"stage": stage, "label": stage_name_label(stage), "verdict": verdict, "answered": answered})
    return rows


def pattern_rows(result: Result) -> list[dict]:
    """The pattern chart as a table."""
    of = _answered_of()
    return [{"pattern": p, "answered": of.format(answered=p.answered, total=p.total)} for p in result.patterns]
