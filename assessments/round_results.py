"""A closed survey's result as a round stores it (`Round.result`), and read back into `combining`'s dataclasses.

Codes and figures only, never a person's answers: each side's count and, for a qualifying side, its
combined answers, band and full scoring result (stage evidence included, which the threshold preview
places again), or for a side withheld although it reached the minimum, why (`withholding.Withheld`);
the verdict, the pooled principles and the disagreements.
"""

from collections.abc import Mapping
from dataclasses import asdict, replace

from . import combining, results, scoring
from .withholding import Withheld

SCHEMA = 1


def to_stored(result: combining.RoundResult) -> dict:
    """The round's result as JSON data."""
    return {
        "schema": SCHEMA,
        "minimum": result.minimum,
        "stage": result.stage,
        "scope": result.scope,
        "sides": [
            {
                "side": s.side,
                "respondents": s.respondents,
                "qualifies": s.qualifies,
                "combined": dict(s.combined),
                "band": s.band,
                "result": s.result.to_dict() if s.result else None,
                "withheld": s.withheld.to_dict() if s.withheld else None,
            }
            for s in result.sides
        ],
        "sides_differ": asdict(result.sides_differ) if result.sides_differ else None,
        "principles": [asdict(p) for p in result.principles],
        "disagreements": [asdict(d) for d in result.disagreements],
    }


def read(stored: Mapping) -> combining.RoundResult:
    """A stored round result as `combining.RoundResult`, which `combining.disclose` takes."""
    sides = tuple(
        combining.SideResult(
            side=s["side"],
            respondents=s["respondents"],
            qualifies=s["qualifies"],
            combined=s["combined"],
            result=results.read(s["result"]) if s["result"] else None,
            band=s["band"],
            withheld=Withheld.read(s["withheld"]) if s.get("withheld") else None,  # results closed before it: none
        )
        for s in stored["sides"]
    )
    return combining.RoundResult(
        minimum=stored["minimum"],
        sides=sides,
        stage=stored["stage"],
        scope=stored["scope"],
        reasons={s.side: s.result.reasons for s in sides if s.qualifies and s.result},
        sides_differ=combining.SidesDiffer(**stored["sides_differ"]) if stored["sides_differ"] else None,
        principles=tuple(scoring.PrincipleScore(**p) for p in stored["principles"]),
        disagreements=tuple(combining.Disagreement(**d) for d in stored["disagreements"]),
    )


def verdict_result(result: combining.RoundResult) -> scoring.Result | None:
    """The result the round's combined assessment stores, which every page reading assessments draws.

    The lowest qualifying side's own result (its stage is the round's; at a tie the partner's), with
    the principle scores both sides support in place of that side's. None when no side qualifies.
    """
    if result.stage is None:
        return None
    lowest = next(
        s.result
        for s in sorted(result.sides, key=lambda s: s.side != combining.PARTNER)
        if s.result and s.result.stage == result.stage
    )
    return replace(lowest, principles=result.principles)
