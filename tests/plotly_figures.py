"""Checks the chart tests share: a figure, wide and narrow, is one Plotly accepts."""

import plotly.graph_objects as go


def assert_valid(figure: dict) -> None:
    """Raises if Plotly would not accept the figure as drawn on a wide screen or on a phone."""
    assert set(figure) - {"narrow_traces"} == {"data", "layout", "narrow"}
    go.Figure(data=figure["data"], layout=figure["layout"])
    narrow_traces = figure.get("narrow_traces", [{}] * len(figure["data"]))
    narrow_data = [{**trace, **changes} for trace, changes in zip(figure["data"], narrow_traces, strict=True)]
    go.Figure(data=narrow_data, layout=figure["narrow"])
