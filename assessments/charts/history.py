"""An alliance over time, from the results stored at each submission (read by assessments/results.py).

Pure but for the labels, translated into the page's language: plain data in, figure JSON out.

Figures are plain dicts ready for `json_script` (static/js/charts.js draws them); the tests check them
against plotly's own validation. Each figure comes with a table of the same numbers.
"""

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..scoring import ROMAN_NUMERALS, Result, StageEvidence
from ..stage_labels import stage_label
from .style import FONT, LEGEND_BELOW, MUTED, STAGE_COLOURS, TRANSPARENT, colorbar_below, label, with_narrow

NO_SCORE = "—"
# Neighbouring stages' threshold lines in different dashes (by stage number), so equal ones both show.
THRESHOLD_DASHES = ("dash", "dot")
# Pale for a weak principle, deep blue for a strong one.
SCORE_COLOURS = [[0, "#f1f6fd"], [0.5, "#74a9f7"], [1, "#0a3680"]]
# On a phone a principle's name breaks into lines of this many characters at most.
NARROW_LABEL_WIDTH = 18


@dataclass(frozen=True)
class Snapshot:
    """One submitted assessment: the day it was submitted and the result stored then."""

    date: dt.date
    result: Result


@dataclass(frozen=True)
class Table:
    """A chart's numbers for screen readers and print: a header row, then rows led by their own header."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def alliance_history(snapshots: Sequence[Snapshot]) -> dict:
    """The alliance page's figures and tables, oldest assessment first; empty when nothing was submitted."""
    if not snapshots:
        return {}
    return {
        "stage_figure": stage_evidence_over_time(snapshots),
        "stage_table": stage_evidence_table(snapshots),
        "principle_figure": principle_scores_over_time(snapshots),
        "principle_table": principle_scores_table(snapshots),
    }


def stage_evidence_over_time(snapshots: Sequence[Snapshot]) -> dict:
    """A line per stage of its evidence at each assessment, with the stage's threshold dotted in its colour."""
    dates = [s.date.isoformat() for s in snapshots]
    data: list[dict] = []
    for number, name in _stage_names(snapshots).items():
        stages = [s.result.stage_evidence(number) for s in snapshots]
        colour = STAGE_COLOURS.get(number, MUTED)
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": dates,
                "y": [_evidence(stage) for stage in stages],
                "name": label(name),
                "legendgroup": str(number),
                "line": {"color": colour, "width": 2.5},
                "marker": {"size": 8},
                "hovertemplate": "%{y:.0f}<extra>" + label(name) + "</extra>",
            }
        )
        # Thresholds are often equal (II and III both 60 by default): the lines are drawn in different
        # dashes, so that both show where they lie on one another, and each is named at its end, one
        # above the line and the next below, so that equal ones keep both names.
        thresholds = [stage.threshold if stage else None for stage in stages]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+text",
                "x": dates,
                "y": thresholds,
                "name": label(_("{stage}: threshold").format(stage=name)),
                "text": [""] * (len(dates) - 1)
                + [label(_("Stage {numeral} threshold").format(numeral=ROMAN_NUMERALS.get(number, number)))],
                "textposition": "bottom left" if number % 2 else "top left",
                "textfont": {"color": colour, "size": 11},
                "legendgroup": str(number),
                "showlegend": False,
                "line": {"color": colour, "width": 1.5, "dash": THRESHOLD_DASHES[number % len(THRESHOLD_DASHES)]},
                "hoverinfo": "skip",
            }
        )
    figure = {
        "data": data,
        "layout": {
            "xaxis": {"type": "date", "tickformat": "%b %Y", "automargin": True, "fixedrange": True},
            "yaxis": {
                "range": [0, 105],
                "dtick": 20,
                "title": {"text": _("Evidence (0–100)")},
                "automargin": True,
                "fixedrange": True,
            },
            "hovermode": "x unified",
            "legend": LEGEND_BELOW,
            "margin": {"l": 10, "r": 20, "t": 20, "b": 10},
            "height": 380,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }
    # On a phone: month over year, and at most four dates so they do not run together.
    return with_narrow(figure, {"xaxis": {"tickformat": "%b<br>%Y", "nticks": 4}, "height": 420})


def principle_scores_over_time(snapshots: Sequence[Snapshot]) -> dict:
    """A heatmap of the ten principles' scores, one column per assessment, each cell labelled with its score."""
    names = _principle_names(snapshots)
    # Columns are positions, labelled with dates, so two assessments on one day stay two columns.
    columns = list(range(len(snapshots)))
    scores = [_scores(s.result) for s in snapshots]
    labels = [label(f"{number}. {name}") for number, name in names.items()]
    colorbar = {"title": {"text": _("Score")}, "thickness": 12, "tickvals": [0, 25, 50, 75, 100]}
    colours = {"cmin": 0, "cmax": 100, "colorscale": SCORE_COLOURS, "colorbar": colorbar}
    figure = {
        "data": [
            {
                "type": "heatmap",
                "x": columns,
                "y": labels,
                "z": [[s.get(number) for s in scores] for number in names],
                "coloraxis": "coloraxis",
                "xgap": 3,
                "ygap": 3,
                "texttemplate": "%{z:.0f}",
                "hovertemplate": "%{y}: %{z:.0f}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {
                "tickvals": columns,
                "ticktext": [_date_label(s.date) for s in snapshots],
                "side": "top",
                "fixedrange": True,
            },
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "coloraxis": colours,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "height": 90 + 34 * len(names),
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }
    # On a phone: names over lines, month over year, the colour scale under the cells.
    return with_narrow(
        figure,
        {
            "xaxis": {
                "ticktext": [_date_label(s.date, narrow=True) for s in snapshots],
                "tickfont": {"size": 10},
                "tickangle": 0,
            },
            "yaxis": {
                "tickmode": "array",
                "tickvals": labels,
                "ticktext": ["<br>".join(textwrap.wrap(text, NARROW_LABEL_WIDTH)) for text in labels],
                "tickfont": {"size": 11},
            },
            "coloraxis": {**colours, "colorbar": colorbar_below(colorbar)},
            "height": 150 + 44 * len(names),
        },
    )


def stage_evidence_table(snapshots: Sequence[Snapshot]) -> Table:
    """The stage chart's numbers: the stage reached, then each stage's evidence, one column per assessment."""
    reached = tuple(stage_label(s.result.stage) for s in snapshots)
    rows = [(_("Stage reached"), reached)]
    for number, name in _stage_names(snapshots).items():
        evidence = [_evidence(s.result.stage_evidence(number)) for s in snapshots]
        rows.append((name, tuple(_score(e) for e in evidence)))
    return Table(_("Stage evidence (0–100) at each assessment"), _date_columns(snapshots), tuple(rows))


def principle_scores_table(snapshots: Sequence[Snapshot]) -> Table:
    """The heatmap's numbers: each principle's score, one column per assessment."""
    scores = [_scores(s.result) for s in snapshots]
    rows = tuple(
        (f"{number}. {name}", tuple(_score(s.get(number)) for s in scores))
        for number, name in _principle_names(snapshots).items()
    )
    return Table(_("Principle scores (0–100) at each assessment"), _date_columns(snapshots), rows)


def _stage_names(snapshots: Sequence[Snapshot]) -> dict[int, str]:
    # The latest result names the rows: criteria may be reworded, a stage's number stays.
    return {s.number: f"{stage_label(s.number)} · {s.name}" for s in _latest(snapshots).stages}


def _principle_names(snapshots: Sequence[Snapshot]) -> dict[int, str]:
    return {p.number: p.name for p in _latest(snapshots).principles}


def _latest(snapshots: Sequence[Snapshot]) -> Result:
    return snapshots[-1].result


def _scores(result: Result) -> dict[int, float | None]:
    """Each principle's score by number: a principle added since an assessment has none in it."""
    return {p.number: p.score for p in result.principles}


def _evidence(stage: StageEvidence | None) -> float | None:
    return stage.evidence if stage else None


def _date_columns(snapshots: Sequence[Snapshot]) -> tuple[str, ...]:
    return tuple(_date_label(s.date) for s in snapshots)


def _date_label(day: dt.date, narrow: bool = False) -> str:
    # Month names in the page's language.
    return f"{date_format(day, 'M')}<br>’{date_format(day, 'y')}" if narrow else date_format(day, "j M Y")


def _score(value: float | None) -> str:
    return NO_SCORE if value is None else f"{value:.0f}"
