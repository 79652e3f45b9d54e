"""Plotly figures as JSON-ready data. Pure: plain data in, figures out, nothing from Django."""
