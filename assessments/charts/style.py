"""What every chart shares: the stage colours (the same as the stage badges), the font, safe labels."""

import html

# Bootstrap's warning (darkened to read on white), primary and success, as the badges of
# templatetags/stages.py: Stage I amber, II blue, III green.
STAGE_COLOURS = {1: "#b07d00", 2: "#0d6efd", 3: "#198754"}
MUTED = "#6c757d"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#212529"}
TRANSPARENT = "rgba(0,0,0,0)"


def label(text: str) -> str:
    """Text for a Plotly label, which reads a little HTML: names come in as text, never as markup."""
    return html.escape(text, quote=False)
