"""Score one assessment: answers in, a stage and its reasons out.

Pure on purpose: plain data in, frozen dataclasses out, nothing from Django. The views,
the management commands and the dashboard all come through `score`, so the verdict a
manager reads is the one the command line and the portfolio see.

The model, in short (README, "How scoring works", has a worked example):

- An answer of 1-5 becomes an item score of 0, 25, 50, 75 or 100. "Don't know" is
  a response but no evidence.
- A pattern's, a stage's and a principle's evidence is the weighted mean of its answered
  items' scores. Stage I items are symptoms: agreeing with them is evidence of an
  opportunistic alliance, so they count inverted wherever they speak for maturity
  (principle scores, lifts and hold-backs).
- Stages are cumulative. Stage II holds when its evidence reaches `stage_two`, its items
  are answered enough to trust, and Stage I symptoms stay below `symptom_ceiling`.
  Stage III holds when Stage II holds and its own evidence reaches `stage_three`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .refusals import InvalidAnswers

SCALE_MIN, SCALE_MAX = 1, 5
LIFTS_SHOWN = 3
GAPS_SHOWN = 5
BEST_FIT_MARGIN = 10.0
BEST_FIT_FLOOR = 50.0
GAP_BELOW = 75.0
SYMPTOM_FROM = 50.0

# The shape of `Result.to_dict()`, stored with each result. Bump it with any change to that shape,
# and teach assessments/results.py (which reads every shape ever stored) to upgrade the one before.
SCHEMA = 2

# Why a stage does not hold, in the order they are looked for.
BELOW_THRESHOLD = "below_threshold"
TOO_FEW_ANSWERS = "too_few_answers"
SYMPTOMS = "symptoms"
LOWER_STAGE = "lower_stage"
BLOCKERS = (TOO_FEW_ANSWERS, BELOW_THRESHOLD, SYMPTOMS, LOWER_STAGE)

# Why the alliance stands where it does: each reason is a code with the figures its sentence
# quotes (assessments/reasons.py words it when a page is drawn). In the order they come:
SYMPTOMS_DOMINATE = "symptoms_dominate"  # symptoms, ceiling, patterns: the best-fitting ones' codes
SYMPTOMS_BELOW = "symptoms_below"  # symptoms, ceiling
# TOO_FEW_ANSWERS: stage, answered, total, min_coverage
NO_ANSWERS = "no_answers"  # stage
REACHING_THRESHOLD = "reaching_threshold"  # stage, evidence, threshold
# BELOW_THRESHOLD: stage, evidence, threshold
# LOWER_STAGE: stage (Stage III's practices show, but they count once Stage II holds)
FITS_BEST = "fits_best"  # patterns
PLACED = "placed"  # stage

# The kinds of gap.
SYMPTOM = "symptom"
NEXT_STAGE = "next_stage"
ROMAN_NUMERALS = {1: "I", 2: "II", 3: "III"}  # how stages are named: Stage I, II, III


def pattern_code(stage: int, number: int) -> str:
    """A pattern's code, its stage and its number in it: "S2-P4"."""
    return f"S{stage}-P{number}"


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    symptomatic: bool = False


@dataclass(frozen=True)
class Pattern:
    code: str
    stage: int
    name: str
    short_name: str


@dataclass(frozen=True)
class Principle:
    number: int
    name: str
    commitments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    code: str
    statement: str
    pattern: str | None = None
    principle: int | None = None
    commitment: int | None = None
    weight: float = 1.0
    # Version 2 rules: the practices (item codes) a Stage I warning sign contradicts; agreeing
    # with both makes the answers unreliable to read.
    contradicts: tuple[str, ...] = ()
    # Asked of our side only in a survey round (a statement about our company's own programme).
    ours_only: bool = False


@dataclass(frozen=True)
class Thresholds:
    stage_two: float = 60.0
    stage_three: float = 60.0
    symptom_ceiling: float = 50.0
    min_coverage: float = 50.0


# What a new questionnaire version holds alliances to until an admin changes it.
DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Criteria:
    """Everything scoring needs to know about one questionnaire version."""

    stages: tuple[Stage, ...]
    patterns: tuple[Pattern, ...]
    principles: tuple[Principle, ...]
    items: tuple[Item, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    # Which rules place the alliance: 1 for the first questionnaire's, 2 for assessments/scoring_v2.py.
    rules: int = 1


@dataclass(frozen=True)
class StageEvidence:
    number: int
    name: str
    evidence: float | None
    threshold: float | None
    answered: int
    total: int
    coverage: float
    thin: bool
    holds: bool
    # Why a stage does not hold: one of BLOCKERS, or None when it holds (and for Stage I).
    blocked_by: str | None = None


@dataclass(frozen=True)
class PatternEvidence:
    code: str
    stage: int
    name: str
    short_name: str
    evidence: float | None
    answered: int
    total: int


@dataclass(frozen=True)
class PrincipleScore:
    number: int
    name: str
    score: float | None
    answered: int
    total: int


@dataclass(frozen=True)
class Finding:
    """One answered item and how far it moves the alliance up (+) or down (-)."""

    code: str
    statement: str
    answer: int
    impact: float
    pattern: str | None
    principle: int | None


@dataclass(frozen=True)
class Gap:
    """What to work on: a symptom to reduce, or a weak or unknown item of the next stage."""

    kind: str  # SYMPTOM or NEXT_STAGE
    code: str
    statement: str
    answer: int | None
    pattern: str | None
    principle: int | None
    principle_name: str | None
    commitments: tuple[str, ...]
    # Version 2 rules: the Stage I pattern the step answers (the advice draws on its description),
    # or NOT_YET_STRATEGIC; None when the step answers no diagnosis. Version 1 results do not store it.
    diagnosis: str | None = None


@dataclass(frozen=True)
class Reason:
    """One step of why the alliance stands where it does: a code, and the figures its sentence quotes."""

    code: str
    figures: Mapping[str, Any] = field(default_factory=dict)  # which ones, and their types, depend on the code


@dataclass(frozen=True)
class Result:
    stage: int
    stage_name: str
    stages: tuple[StageEvidence, ...]
    patterns: tuple[PatternEvidence, ...]
    principles: tuple[PrincipleScore, ...]
    answered: int
    total: int
    coverage: float
    too_thin: bool
    best_fit: tuple[str, ...]
    lifts: tuple[Finding, ...]
    holds_back: tuple[Finding, ...]
    gaps: tuple[Gap, ...]
    reasons: tuple[Reason, ...]
    thresholds: Thresholds
    # What version 2 rules find besides (assessments/scoring_v2.py); None under version 1.
    verdict: Verdict | None = None

    def to_dict(self) -> dict:
        """The result as JSON data (lists, not tuples): what an assessment stores at submission.

        Each reason is one object, its code beside its figures:
        `{"code": "below_threshold", "stage": 3, "evidence": 54.1, "threshold": 60.0}`.
        A version 1 result stores exactly the shape it always has: no "verdict", no gap "diagnosis".
        """
        data = json.loads(json.dumps(asdict(self)))
        data["reasons"] = flat_reasons(data["reasons"])
        if self.verdict is None:
            del data["verdict"]
            for gap in data["gaps"]:
                del gap["diagnosis"]
        else:
            for key in ("at_risk", "weakest"):
                data["verdict"][key] = flat_reasons(data["verdict"][key])
        return {"schema": SCHEMA, **data}

    def stage_evidence(self, number: int) -> StageEvidence | None:
        """The figures of the stage with this number, if the result has it."""
        return next((s for s in self.stages if s.number == number), None)


@dataclass(frozen=True)
class Contradiction:
    """A warning sign agreed with together with a practice it contradicts."""

    warning_sign: str
    practice: str


@dataclass(frozen=True)
class Shortfall:
    """A pattern judged from too few of its statements: how many more need a real answer."""

    pattern: str
    answered: int
    total: int
    needed: int


@dataclass(frozen=True)
class Undetermined:
    """A stage that cannot be judged for lack of answers, and what is missing."""

    stage: int
    missing: tuple[Shortfall, ...]


@dataclass(frozen=True)
class Verdict:
    """What version 2 rules find besides the stage (assessments/scoring_v2.py says how)."""

    rules: int
    reliable: bool  # False when the response style makes the answers unreadable: no pattern is named
    straight_lined: int | None  # the one answer given to every statement, when it was
    contradictions: tuple[Contradiction, ...]
    named: tuple[str, ...]  # the Stage I patterns named, strongest first, at any stage
    undetermined: tuple[Undetermined, ...]
    findings: tuple[Finding, ...]  # every answered statement, so strengths never need re-scoring
    strengths: tuple[str, ...]  # item codes of the practices present, strongest first
    no_warning_signs: bool
    at_risk: tuple[Reason, ...]  # what holds the alliance back or keeps its stage at risk
    weakest: tuple[Reason, ...]  # the weakest practice pattern and principle
    diagnosis: str  # what the advice follows: one of scoring_v2's DIAGNOSES


def flat_reasons(reasons: Iterable[Mapping]) -> list[dict]:
    """Reasons as JSON data: `{"code": …, "figures": {…}}` as one object, the code beside its figures."""
    return [{"code": reason["code"], **reason["figures"]} for reason in reasons]


def check_answers(criteria: Criteria, answers: Mapping[str, object]) -> None:
    """Refuse unknown item codes and values off the scale, naming the first problem."""
    codes = {item.code for item in criteria.items}
    for code, value in answers.items():
        if code not in codes:
            raise InvalidAnswers(f"unknown item code {code!r}", {"item": code})
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            problem = f"answer to {code} must be {SCALE_MIN}-{SCALE_MAX} or null, not {value!r}"
            raise InvalidAnswers(problem, {"item": code, "value": value})


def coverage(answered: int, total: int) -> float:
    """The share of statements with a real answer, in percent to one decimal (0 when there are none).

    A stage whose coverage is under the thresholds' `min_coverage` is too thin to count.
    """
    return round(100 * answered / total, 1) if total else 0.0


def item_score(answer: int | None) -> float | None:
    """An answer of 1-5 as an item score of 0-100; None ("don't know", or no answer) is no evidence."""
    return None if answer is None else (answer - SCALE_MIN) * 100 / (SCALE_MAX - SCALE_MIN)


def weighted_evidence(group: Iterable[Item], measure) -> tuple[float | None, int, int]:
    """The weighted mean of the group's measured items (one decimal), how many were measured, of how many."""
    group = list(group)
    scored = [(measure(i), i.weight) for i in group if measure(i) is not None]
    weight = sum(w for _, w in scored)
    mean = round(sum(s * w for s, w in scored) / weight, 1) if weight else None
    return mean, len(scored), len(group)


def score(criteria: Criteria, answers: Mapping[str, int | None]) -> Result:
    """Place the alliance at a stage and say why. `answers` maps item codes to 1-5 or None.

    The criteria's `rules` choose how: version 1 here, version 2 in assessments/scoring_v2.py.
    """
    check_answers(criteria, answers)
    if criteria.rules == 2:
        from . import scoring_v2  # imported here: it builds on this module's data and helpers

        return scoring_v2.score(criteria, answers)
    if criteria.rules != 1:
        raise ValueError(f"no scoring rules of version {criteria.rules!r}")
    t = criteria.thresholds
    # Keyed by an item's pattern, which is None for principle-only items: they belong to no stage.
    stage_of: dict[str | None, int] = {p.code: p.stage for p in criteria.patterns}
    symptomatic: set[int | None] = {s.number for s in criteria.stages if s.symptomatic}
    items = sorted(criteria.items, key=lambda i: i.code)

    def raw(item: Item) -> float | None:
        return item_score(answers.get(item.code))

    def maturity(item: Item) -> float | None:
        r = raw(item)
        if r is None or stage_of.get(item.pattern) not in symptomatic:
            return r
        return 100 - r

    def stage_items(number: int) -> list[Item]:
        return [i for i in items if stage_of.get(i.pattern) == number]

    thresholds_by_stage = {2: t.stage_two, 3: t.stage_three}
    raw_stages = {}
    for stage in sorted(criteria.stages, key=lambda s: s.number):
        ev, answered, total = weighted_evidence(stage_items(stage.number), raw)
        covered = coverage(answered, total)
        raw_stages[stage.number] = (stage, ev, answered, total, covered, covered < t.min_coverage)

    symptoms = raw_stages.get(1, (None, None))[1]
    symptoms_dominate = symptoms is not None and symptoms >= t.symptom_ceiling
    holds = stages_holding({n: (ev, coverage) for n, (_, ev, _, _, coverage, _) in raw_stages.items()}, t)
    stage_number = max(n for n, ok in holds.items() if ok)

    stages = tuple(
        StageEvidence(
            number=n,
            name=s.name,
            evidence=ev,
            threshold=thresholds_by_stage.get(n, t.symptom_ceiling if s.symptomatic else None),
            answered=answered,
            total=total,
            coverage=coverage,
            thin=thin,
            holds=holds.get(n, False),
            blocked_by=_blocker(n, ev, thin, holds, symptoms_dominate, thresholds_by_stage),
        )
        for n, (s, ev, answered, total, coverage, thin) in raw_stages.items()
    )
    patterns = tuple(
        PatternEvidence(
            p.code, p.stage, p.name, p.short_name, *weighted_evidence((i for i in items if i.pattern == p.code), raw)
        )
        for p in criteria.patterns
    )
    principles = tuple(
        PrincipleScore(p.number, p.name, *weighted_evidence((i for i in items if i.principle == p.number), maturity))
        for p in sorted(criteria.principles, key=lambda p: p.number)
    )

    findings = [
        Finding(i.code, i.statement, answer, round((measured - 50) * i.weight, 1), i.pattern, i.principle)
        for i in items
        if (answer := answers.get(i.code)) is not None and (measured := maturity(i)) is not None
    ]
    lifts = tuple(sorted((f for f in findings if f.impact > 0), key=lambda f: (-f.impact, f.code))[:LIFTS_SHOWN])
    holds_back = tuple(sorted((f for f in findings if f.impact < 0), key=lambda f: (f.impact, f.code))[:LIFTS_SHOWN])

    best_fit: tuple[str, ...] = ()
    if stage_number == 1:
        fits = {p.code: p.evidence for p in patterns if p.stage in symptomatic and p.evidence is not None}
        top = max(fits.values(), default=None)
        if top is not None and top >= BEST_FIT_FLOOR:
            best_fit = tuple(code for code, evidence in fits.items() if evidence >= top - BEST_FIT_MARGIN)

    answered = sum(1 for i in items if i.code in answers)
    valued = sum(1 for i in items if answers.get(i.code) is not None)
    stage_by_number = {s.number: s for s in criteria.stages}
    return Result(
        stage=stage_number,
        stage_name=stage_by_number[stage_number].name,
        stages=stages,
        patterns=patterns,
        principles=principles,
        answered=answered,
        total=len(items),
        coverage=coverage(valued, len(items)),
        too_thin=any(s.thin for s in stages),
        best_fit=best_fit,
        lifts=lifts,
        holds_back=holds_back,
        gaps=_gaps(criteria, items, answers, stage_of, stage_number + 1, symptomatic if symptoms_dominate else set()),
        reasons=_reasons(stages, stage_number, symptoms, symptoms_dominate, best_fit, patterns, t),
        thresholds=t,
    )


def stages_holding(stages: Mapping[int, tuple[float | None, float]], t: Thresholds) -> dict[int, bool]:
    """Which stages hold, given each stage's (evidence, coverage): the placing rule on its own.

    `score` places every alliance with it; the admin's threshold preview applies it to the
    evidence stored in past results, which new thresholds do not change.
    """
    symptoms = stages.get(1, (None, 0.0))[0]
    symptoms_dominate = symptoms is not None and symptoms >= t.symptom_ceiling
    threshold = {2: t.stage_two, 3: t.stage_three}
    holds = {1: True}
    for number in (2, 3):
        evidence, coverage = stages[number]
        reached = evidence is not None and evidence >= threshold[number] and coverage >= t.min_coverage
        holds[number] = holds[number - 1] and reached and not symptoms_dominate
    return holds


def _blocker(number, evidence, thin, holds, symptoms_dominate, thresholds) -> str | None:
    if holds.get(number, True) or number not in thresholds:
        return None
    if thin:
        return TOO_FEW_ANSWERS
    if evidence is None or evidence < thresholds[number]:
        return BELOW_THRESHOLD
    return SYMPTOMS if symptoms_dominate else LOWER_STAGE


def _gaps(criteria, items, answers, stage_of, next_stage, symptom_stages) -> tuple[Gap, ...]:
    """What to work on: while symptoms dominate, the strongest of them first; then the
    weakest items of the next stage, answered low first, then unknown ones."""

    def score_of(item):
        value = answers.get(item.code)
        return None if value is None else (value - SCALE_MIN) * 100 / (SCALE_MAX - SCALE_MIN)

    symptoms = sorted(
        (i for i in items if stage_of.get(i.pattern) in symptom_stages and (score_of(i) or 0) >= SYMPTOM_FROM),
        key=lambda i: (-score_of(i), -i.weight, i.code),
    )
    weak = sorted(
        (
            i
            for i in items
            if stage_of.get(i.pattern) == next_stage and (score_of(i) is None or score_of(i) < GAP_BELOW)
        ),
        key=lambda i: (score_of(i) is None, score_of(i) or 0, -i.weight, i.code),
    )
    principles = {p.number: p for p in criteria.principles}
    return tuple(
        gap_for(kind, item, answers.get(item.code), principles.get(item.principle))
        for kind, chosen in ((SYMPTOM, symptoms), (NEXT_STAGE, weak))
        for item in chosen[:GAPS_SHOWN]
    )


def gap_for(kind: str, item: Item, answer: int | None, principle: Principle | None) -> Gap:
    """A gap of this kind for an item, with its principle's commitments (the item's own, when it names one)."""
    commitments: tuple[str, ...]
    if principle is None:
        commitments = ()
    elif item.commitment is not None:
        commitments = (principle.commitments[item.commitment - 1],)
    else:
        commitments = principle.commitments
    return Gap(
        kind=kind,
        code=item.code,
        statement=item.statement,
        answer=answer,
        pattern=item.pattern,
        principle=item.principle,
        principle_name=principle.name if principle else None,
        commitments=commitments,
    )


def _reasons(stages, stage_number, symptoms, symptoms_dominate, best_fit, patterns, t) -> tuple[Reason, ...]:
    """Why, step by step, in figures a manager can check against the charts."""
    by_number = {s.number: s for s in stages}
    reasons = []
    fits = tuple(p.code for p in patterns if p.code in best_fit)
    against_ceiling = {"symptoms": symptoms, "ceiling": t.symptom_ceiling}
    if symptoms_dominate:
        reasons.append(Reason(SYMPTOMS_DOMINATE, against_ceiling | {"patterns": fits}))
    elif symptoms is not None:
        reasons.append(Reason(SYMPTOMS_BELOW, against_ceiling))
    for number in (2, 3):
        s = by_number[number]
        if s.thin:
            figures = {"stage": number, "answered": s.answered, "total": s.total, "min_coverage": t.min_coverage}
            reasons.append(Reason(TOO_FEW_ANSWERS, figures))
        elif s.evidence is None:
            reasons.append(Reason(NO_ANSWERS, {"stage": number}))
        else:
            code = REACHING_THRESHOLD if s.evidence >= s.threshold else BELOW_THRESHOLD
            reasons.append(Reason(code, {"stage": number, "evidence": s.evidence, "threshold": s.threshold}))
    stage_three = by_number[3]
    if not by_number[2].holds and stage_three.evidence is not None and stage_three.evidence >= t.stage_three:
        reasons.append(Reason(LOWER_STAGE, {"stage": 3}))
    if fits and not symptoms_dominate:
        reasons.append(Reason(FITS_BEST, {"patterns": fits}))
    reasons.append(Reason(PLACED, {"stage": stage_number}))
    return tuple(reasons)
