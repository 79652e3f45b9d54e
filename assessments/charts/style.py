"""What every chart and badge shares: the stage colours, the font, safe labels.

The stage palette lives here once: the badges (templatetags/stages.py) take the Bootstrap colour
names, the charts the matching hex colours, so Stage I is amber, II blue and III green on every page.

A figure may carry a "narrow" layout beside "data" and "layout": the one static/js draws a chart
under 576 px wide (a phone) with. `with_narrow` builds it from the changes a phone needs, and may add
"narrow_traces", changes to each trace in turn (a heatmap's cell figures, say).
"""

import html
import textwrap

# Bootstrap colour names for the badges, and the charts' colours: warning (darkened to read on
# white), primary, success; "Not assessed" is secondary grey in both.
STAGE_BADGES = {1: "warning", 2: "primary", 3: "success"}
NOT_ASSESSED_BADGE = "secondary"
STAGE_COLOURS = {1: "#b07d00", 2: "#0d6efd", 3: "#198754"}
# Text on each stage's colour with 4.5:1 contrast or more: dark on Stage I's gold, white on the others.
TEXT_ON_STAGE = {1: "#000000", 2: "#ffffff", 3: "#ffffff"}
NOT_ASSESSED_COLOUR = "#6c757d"
MUTED = "#6c757d"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#212529"}
TRANSPARENT = "rgba(0,0,0,0)"


def label(text: str) -> str:
    """Text for a Plotly label, which reads a little HTML: names come in as text, never as markup."""
    return html.escape(text, quote=False)


# How wide (in characters) a principle's name runs on a radar's spoke on a phone, before it breaks.
SPOKE_WIDTH = 13


def spoke_label(number: int, name: str) -> str:
    """A principle's short name for a radar's spoke on a phone: "1. Clear<br>Responsibilities…"."""
    lines = textwrap.wrap(name, SPOKE_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
    shown = [f"{number}. {lines[0]}", *lines[1:2]]
    return "<br>".join(label(line) for line in shown) + ("…" if len(lines) > 2 else "")


def shortened(text: str, length: int) -> str:
    """`text` cut to `length` characters with "…" when it is longer (the full text goes in the hover)."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# A horizontal legend under the plot (and its x axis title), where it covers nothing and can wrap.
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.18, "yanchor": "top"}
# A colour scale under a heatmap: beside it, it takes a fifth of a phone's width.
COLORBAR_BELOW = {"orientation": "h", "y": -0.02, "yanchor": "top", "len": 1}


def colorbar_below(colorbar: dict) -> dict:
    """The heatmap's colour scale moved under it, its title above the scale."""
    return {**colorbar, **COLORBAR_BELOW, "title": {**colorbar["title"], "side": "top"}}


def with_narrow(figure: dict, changes: dict, traces: list[dict] | None = None) -> dict:
    """The figure with its phone layout: the wide layout with `changes`, each replacing one key one level
    deep, so `{"xaxis": {"dtick": 50}}` keeps the rest of the x axis; `traces` change the traces in turn."""
    layout = dict(figure["layout"])
    for key, value in changes.items():
        nested = isinstance(value, dict) and isinstance(layout.get(key), dict)
        layout[key] = {**layout[key], **value} if nested else value
    return {**figure, "narrow": layout, **({"narrow_traces": traces} if traces else {})}


def principles_radar(data: list, labels: list[str], principles, *, legend: bool) -> dict:
    """A radar of the ten principles around `data`'s traces, 0-100, with short spoke names on a phone."""
    angularaxis = {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 11}}
    figure = {
        "data": data,
        "layout": {
            "polar": {
                # The score axis runs between the last principle and the first, clear of their labels;
                # the outer ring is 100, unlabelled so no number sits on it.
                "radialaxis": {
                    "range": [0, 100],
                    "tickvals": [25, 50, 75],
                    "angle": 90 + 180 / max(len(labels), 1),
                    "tickangle": 0,
                    "tickfont": {"size": 10, "color": MUTED},
                },
                "angularaxis": angularaxis,
            },
            "showlegend": legend,
            "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12},
            "margin": {"l": 110, "r": 110, "t": 70, "b": 50},
            "height": 520,
            "font": FONT,
            "paper_bgcolor": TRANSPARENT,
        },
    }
    # On a phone the spokes keep a short name: number and the first words, over two lines (whole in the
    # hover and the table below), with the margins they need.
    return with_narrow(
        figure,
        {
            "polar": {
                "angularaxis": {
                    **angularaxis,
                    "tickmode": "array",
                    "tickvals": labels,
                    "ticktext": [spoke_label(p.number, p.name) for p in principles],
                    "tickfont": {"size": 10},
                }
            },
            "margin": {"l": 88, "r": 88, "t": 44, "b": 44},
            "height": 420,
        },
    )
