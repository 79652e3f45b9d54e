"""What a stored result tells a manager: the patterns that place the alliance, and what to work on.

A result read by assessments/results.py in, plain data out; no database. Results stored before the
scoring said what kind a gap is read with every gap one of the next stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import reasons, scoring
from .scoring import Gap, PatternEvidence, Result


@dataclass(frozen=True)
class Placing:
    """The patterns behind the stage: those that carry it, and the weaker ones of the same stages."""

    carrying: tuple[PatternEvidence, ...]
    weaker: tuple[PatternEvidence, ...]


def placing(result: Result) -> Placing:
    """At Stage I, the patterns it fits best. Above it, the patterns of every stage that holds:
    those whose evidence reaches their stage's threshold carry it, the others are weaker."""
    if result.stage == 1:
        return Placing(tuple(p for p in result.patterns if p.code in result.best_fit), ())
    thresholds = {s.number: s.threshold for s in result.stages if s.holds and s.number > 1}
    held = [p for p in result.patterns if p.stage in thresholds]
    carrying = tuple(p for p in held if (p.evidence or 0) >= (thresholds[p.stage] or 0))
    return Placing(carrying, tuple(p for p in held if p not in carrying))


@dataclass(frozen=True)
class Symptom:
    """A symptom gap, with the name of the Stage I pattern it shows."""

    gap: Gap
    pattern_name: str


@dataclass(frozen=True)
class WorkOn:
    """The result's gaps, split: symptoms to reduce first, then the next stage's weak statements."""

    symptoms: tuple[Symptom, ...]
    next_stage: tuple[Gap, ...]
    next_stage_not_held: str  # why the next stage does not hold, when the result says so


def work_on(result: Result) -> WorkOn:
    """The gaps to show under "What to work on": symptoms (with their pattern's name) before the rest."""
    pattern_names = {p.code: p.name for p in result.patterns}
    symptoms = tuple(
        Symptom(gap, pattern_names.get(gap.pattern or "", "")) for gap in result.gaps if gap.kind == scoring.SYMPTOM
    )
    next_stage = tuple(gap for gap in result.gaps if gap.kind != scoring.SYMPTOM)
    following = result.stage_evidence(result.stage + 1)
    return WorkOn(symptoms, next_stage, reasons.why_not_held(following, result) if following else "")
