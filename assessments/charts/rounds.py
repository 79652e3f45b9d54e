"""A survey round's charts: what a viewer may see of it (`combining.Disclosure`) in, Plotly figure JSON out.

Drawn only from the disclosure, so a side hidden from the viewer draws nothing. Pure but for the
labels, in the page's language; each chart has its table.
"""

from __future__ import annotations

import textwrap

from django.utils.translation import gettext as _

from ..combining import OURS, PARTNER, Disclosure
from .history import Table
from .style import FONT, STAGE_COLOURS, TRANSPARENT, label, principles_radar

SIDE_COLOURS = {OURS: STAGE_COLOURS[2], PARTNER: "#b07d00"}
SIDE_FILLS = {OURS: "rgba(13, 110, 253, 0.15)", PARTNER: "rgba(176, 125, 0, 0.12)"}
LABEL_WIDTH = 22


def side_names() -> dict[str, str]:
    return {OURS: _("Our side"), PARTNER: _("The partner's people")}


def sides_radar(disclosure: Disclosure) -> dict | None:
    """The ten principles as each shown side scores them, our side against the partner's; None if no side shows."""
    shown = _shown(disclosure)
    if not shown:
        return None
    principles = shown[0][1].principles
    labels = [
        "<br>".join(label(line) for line in textwrap.wrap(f"{p.number}. {p.name}", LABEL_WIDTH)) for p in principles
    ]
    names = side_names()
    data = []
    for view, result in shown:
        by_number = {p.number: p.score for p in result.principles}
        scores = [by_number.get(p.number) for p in principles]
        data.append(
            {
                "type": "scatterpolar",
                "r": scores + scores[:1],
                "theta": labels + labels[:1],
                "name": names[view.side],
                "mode": "lines+markers",
                "line": {
                    "color": SIDE_COLOURS[view.side],
                    "width": 2,
                    "dash": "solid" if view.side == OURS else "dash",
                },
                "marker": {"size": 6},
                "fill": "toself",
                "fillcolor": SIDE_FILLS[view.side],
                "connectgaps": False,
                "hovertemplate": "%{theta}: %{r}<extra>" + names[view.side] + "</extra>",
            }
        )
    return principles_radar(data, labels, principles, legend=True)


def _shown(disclosure: Disclosure) -> list:
    """The sides the viewer may see, each with its result: (view, result) pairs."""
    return [(s, s.result) for s in disclosure.sides if s.shown and s.result is not None]


def sides_radar_table(disclosure: Disclosure) -> Table | None:
    """The radar's numbers: each principle as each shown side scores it, and as both sides support it."""
    shown = _shown(disclosure)
    if not shown:
        return None
    names = side_names()
    by_side = [{p.number: p.score for p in result.principles} for _view, result in shown]
    pooled = {p.number: p.score for p in disclosure.principles}
    columns = tuple(names[view.side] for view, _result in shown) + ((_("Both sides support"),) if pooled else ())
    rows = tuple(
        (
            f"{p.number}. {p.name}",
            tuple(_figure(scores.get(p.number)) for scores in by_side)
            + ((_figure(pooled.get(p.number)),) if pooled else ()),
        )
        for p in shown[0][1].principles
    )
    return Table(_("Principle scores by side (0-100)"), columns, rows)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def sides_apart_chart(counts: dict[str, int]) -> dict:
    """The dashboard's count of alliances whose sides differ, by which side places the alliance higher."""
    labels = [_("Our side sees a higher stage"), _("The partner's people see a higher stage")]
    values = list(counts.values())
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": [label(text) for text in labels],
                "marker": {"color": [SIDE_COLOURS[OURS], SIDE_COLOURS[PARTNER]]},
                "text": values,
                "textposition": "auto",
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {"title": {"text": _("Alliances")}, "dtick": 1, "rangemode": "tozero", "fixedrange": True},
            "yaxis": {"automargin": True, "fixedrange": True},
            "margin": {"l": 10, "r": 10, "t": 10, "b": 50},
            "height": 200,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
            "plot_bgcolor": TRANSPARENT,
        },
    }
