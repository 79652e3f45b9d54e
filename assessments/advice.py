"""What a stored result tells a manager in words: why a stage does not hold, and what to work on.

Pure: a result as stored at submission (`scoring.Result.to_dict()`) in, plain data out.
Results stored before the scoring said why a stage does not hold (`blocked_by`) or what
kind a gap is (`kind`) are read as they are: no reason, and every gap one of the next stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import scoring
from .scoring import ROMAN_NUMERALS


@dataclass(frozen=True)
class Placing:
    """The patterns behind the stage: those that carry it, and the weaker ones of the same stages."""

    carrying: tuple[dict, ...]
    weaker: tuple[dict, ...]


def placing(result: dict) -> Placing:
    """At Stage I, the patterns it fits best. Above it, the patterns of every stage that holds:
    those whose evidence reaches their stage's threshold carry it, the others are weaker."""
    if result["stage"] == 1:
        return Placing(tuple(p for p in result["patterns"] if p["code"] in result["best_fit"]), ())
    thresholds = {s["number"]: s["threshold"] for s in result["stages"] if s["holds"] and s["number"] > 1}
    held = [p for p in result["patterns"] if p["stage"] in thresholds]
    carrying = tuple(p for p in held if (p["evidence"] or 0) >= (thresholds[p["stage"]] or 0))
    return Placing(carrying, tuple(p for p in held if p not in carrying))


@dataclass(frozen=True)
class WorkOn:
    """The result's gaps, split: symptoms to reduce first, then the next stage's weak statements."""

    symptoms: tuple[dict, ...]  # symptom gaps, each with its pattern's name as "pattern_name"
    next_stage: tuple[dict, ...]
    next_stage_not_held: str  # why the next stage does not hold, when the result says so


def why_not_held(stage: dict, result: dict) -> str:
    """Why a stage does not hold, as a clause ("its evidence, 55, is below the threshold of 60").

    Empty when the stage holds, for Stage I (it has a ceiling, not a threshold), and when the
    stored result does not say.
    """
    blocked_by = stage.get("blocked_by")
    thresholds = result["thresholds"]
    if blocked_by == scoring.TOO_FEW_ANSWERS:
        return f"{thresholds['min_coverage']:g}% of its statements need a real answer"
    if blocked_by == scoring.BELOW_THRESHOLD:
        if stage["evidence"] is None:
            return "none of its statements has a real answer"
        return f"its evidence, {stage['evidence']:g}, is below the threshold of {stage['threshold']:g}"
    if blocked_by == scoring.SYMPTOMS:
        symptoms = next(s["evidence"] for s in result["stages"] if s["number"] == 1)
        return f"Stage I symptoms stand at {symptoms:g}, at or above their ceiling of {thresholds['symptom_ceiling']:g}"
    if blocked_by == scoring.LOWER_STAGE:
        lower = ROMAN_NUMERALS.get(stage["number"] - 1, stage["number"] - 1)
        return f"Stage {lower} does not hold, and the stages build on each other"
    return ""


def work_on(result: dict) -> WorkOn:
    """The gaps to show under "What to work on": symptoms (with their pattern's name) before the rest."""
    pattern_names = {p["code"]: p["name"] for p in result["patterns"]}
    symptoms, next_stage = [], []
    for gap in result["gaps"]:
        if gap.get("kind", scoring.NEXT_STAGE) == scoring.SYMPTOM:
            symptoms.append(gap | {"pattern_name": pattern_names.get(gap["pattern"], "")})
        else:
            next_stage.append(gap)
    following = next((s for s in result["stages"] if s["number"] == result["stage"] + 1), None)
    return WorkOn(tuple(symptoms), tuple(next_stage), why_not_held(following, result) if following else "")
