"""Results as earlier scoring stored them, one file per shape in tests/stored_results/.

Each entry was made by scoring.py at the commit it names ("made_by"), from the default criteria
with answers and thresholds chosen so that every sentence, blocker and gap kind of its time occurs.
"""

import json
from pathlib import Path

FOLDER = Path(__file__).parent / "stored_results"
# Before scoring said why a stage does not hold ("blocked_by") and what kind a gap is; then with them.
SHAPES = ("before_blocked_by", "with_blocked_by")


def historical_results(shape: str | None = None) -> list[tuple[str, dict]]:
    """(name, stored result) of every historical result, or of one shape's."""
    return [
        (f"{name}/{entry['name']}", entry["result"])
        for name in ([shape] if shape else SHAPES)
        for entry in json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    ]
