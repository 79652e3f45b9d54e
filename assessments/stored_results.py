"""Reading the result JSON an assessment stores at submission (`scoring.Result.to_dict()`).

Pure, so the data migration that backfills principle scores reads results exactly as
submission does.
"""

from typing import NamedTuple


class PrincipleStanding(NamedTuple):
    principle: int
    score: float | None
    holds_back: bool  # one of the result's gaps to the next stage belongs to this principle


def principle_standings(result: dict) -> list[PrincipleStanding]:
    """Each principle's score in a stored result, and whether it holds the alliance back."""
    held_back_by = {gap["principle"] for gap in result["gaps"] if gap["principle"] is not None}
    return [PrincipleStanding(p["number"], p["score"], p["number"] in held_back_by) for p in result["principles"]]
