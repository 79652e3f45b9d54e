"""What a stored result tells a manager: the patterns that place the alliance, and what to work on.

A result read by assessments/results.py in, plain data out; no database. Results stored before the
scoring said what kind a gap is read with every gap one of the next stage. A result scored by version 2
rules gets `advise`: strengths that are practices present, what keeps the stage at risk and what is
weakest at every stage, and next steps that follow the diagnosis. Version 1 results read as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import reasons, scoring, scoring_v2
from .scoring import Finding, Gap, PatternEvidence, Result


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


# What the advice follows (scoring_v2's Verdict.diagnosis), said first under "What to work on".
DIAGNOSIS_ADVICE = {
    scoring_v2.UNREADABLE: _(
        "The answers cannot be read reliably, so this result names no pattern. Before acting on it, answer "
        "again, statement by statement, as things really are."
    ),
    scoring_v2.NOT_YET_STRATEGIC: _(
        "No warning sign shows: the alliance is not yet Strategic because Stage II practices are missing. "
        "Build them up, starting with the steps below."
    ),
    scoring_v2.UNJUDGED: _(
        "Stage II cannot be judged yet: too few of its statements have a real answer. Find out what the "
        "statements listed under “Why” ask, and answer them next time."
    ),
    scoring_v2.HELD: _("Keep the practices that hold the stage, and work first on the weakest, below."),
}
# A diagnosed Stage I pattern (the default criteria's codes) and the advice that answers it.
PATTERN_ADVICE = {
    "S1-P1": _(
        "The alliance rests on single people and stands alone: give it a senior sponsor beyond its champion, "
        "tie it to a company strategy, and run it the company's standard way."
    ),
    "S1-P2": _(
        "The relationship is called an alliance without being one: agree joint goals with the partner and "
        "share risks and rewards, or treat it as the customer, reseller or supplier relationship it is."
    ),
    "S1-P3": _(
        "Two approaches pull against each other: bring the contract negotiators and the alliance team to one "
        "approach towards the partner, so that adversarial terms stop undoing the trust the team builds."
    ),
    "S1-P4": _(
        "The deal was made as a last resort, built around control: review its control rights, buyout options "
        "and exit clauses with the partner, and agree terms both sides can commit to, before anything else."
    ),
}
PATTERN_ADVICE_ANY = _(
    "The {pattern} pattern shows strongly: reduce its warning signs first, since it holds the alliance back."
)


@dataclass(frozen=True)
class NextStep:
    """A gap read as a step to take: the statement to work towards and what its pattern looks like."""

    gap: Gap
    pattern_name: str
    looks_like: tuple[str, ...]  # the pattern's description points, as the criteria give them now


@dataclass(frozen=True)
class Advice:
    """What a result scored by version 2 rules says to do (none for a version 1 result)."""

    reliable: bool
    direction: str  # the sentence the advice starts with: it follows the diagnosis
    strengths: tuple[Finding, ...]  # practices present, strongest first
    no_warning_signs: bool
    at_risk: tuple[str, ...]  # what holds the alliance back or keeps its stage at risk, in words
    weakest: tuple[str, ...]  # the weakest pattern and principle, in words
    holds_back: tuple[Finding, ...]
    warning_signs: tuple[NextStep, ...]  # the strongest warning signs of the patterns named, to reduce
    next_stage: tuple[NextStep, ...]  # the next stage's practices to build
    keep: tuple[NextStep, ...]  # the practices of the stages that hold, answered below agree


def advise(result: Result, descriptions: Mapping[str, Sequence[str]]) -> Advice | None:
    """The advice of a version 2 result; `descriptions` are the patterns' description points by code."""
    verdict = result.verdict
    if verdict is None:
        return None
    pattern_names = {p.code: p.short_name.lower() for p in result.patterns}
    if verdict.diagnosis == scoring_v2.DIAGNOSED:
        first = verdict.named[0]
        direction = str(PATTERN_ADVICE.get(first, PATTERN_ADVICE_ANY)).format(pattern=pattern_names.get(first, first))
    else:
        direction = str(DIAGNOSIS_ADVICE[verdict.diagnosis])

    def steps(kind: str) -> tuple[NextStep, ...]:
        return tuple(
            NextStep(gap, pattern_names.get(gap.pattern or "", ""), tuple(descriptions.get(gap.pattern or "", ())))
            for gap in result.gaps
            if gap.kind == kind
        )

    return Advice(
        reliable=verdict.reliable,
        direction=direction,
        strengths=result.lifts,
        no_warning_signs=verdict.no_warning_signs,
        at_risk=tuple(reasons.sentence(reason, result) for reason in verdict.at_risk),
        weakest=tuple(reasons.sentence(reason, result) for reason in verdict.weakest),
        holds_back=result.holds_back,
        warning_signs=steps(scoring.SYMPTOM),
        next_stage=steps(scoring.NEXT_STAGE),
        keep=steps(scoring_v2.AT_RISK),
    )
