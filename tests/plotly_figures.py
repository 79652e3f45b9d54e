"""Checks the chart tests share: a figure, wide and narrow, is one Plotly accepts."""

import plotly.graph_objects as go


def assert_valid(figure: dict) -> None:
    """Raises if Plotly would not accept the figure as drawn on a wide screen or on a phone."""
    assert set(figure) == {"data", "layout", "narrow"}
    go.Figure(data=figure["data"], layout=figure["layout"])
    go.Figure(data=figure["data"], layout=figure["narrow"])
