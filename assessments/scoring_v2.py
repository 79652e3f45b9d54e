"""The scoring rules of version 2: patterns that are not averaged away, strengths that are real.

`scoring.score` comes here when the criteria's `rules` are 2; version 1 results never pass here.
Pure, like scoring.py, whose data and helpers it reuses. What changes (README, "Version 2 rules"):

- Coverage counts per pattern: a pattern is judged once `min_coverage` of its own statements have
  a real answer, and only judged patterns place an alliance. A stage with a pattern not yet judged
  is undetermined, with the statements each such pattern still needs; the submission still counts
  (`too_thin` only when nothing at all has a real answer).
- Any single judged Stage I pattern at or above `symptom_ceiling` holds the alliance at Stage I,
  and is the reason given. A Stage I pattern at or above `NAMING_FLOOR` (above the neutral 50) is
  named at every stage among what holds the alliance back.
- The response style is read before any pattern is named: the same answer to every statement
  (`STRAIGHT_LINE_FROM` or more), or a warning sign agreed with together with a practice it
  contradicts (`Item.contradicts`), names no pattern. The stage still follows the rules above.
- Strengths are practices present (a Stage II or III statement, or a principle's own, answered
  agree or strongly agree), never a warning sign denied; the absence of warning signs is one
  finding of its own. Every answered statement's finding is stored.
- At every stage the result names the weakest practice pattern and principle, and what keeps the
  stage at risk; each gap says which diagnosis its step answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import NamedTuple

from .scoring import (
    BELOW_THRESHOLD,
    FITS_BEST,
    GAP_BELOW,
    GAPS_SHOWN,
    LIFTS_SHOWN,
    LOWER_STAGE,
    NEXT_STAGE,
    NO_ANSWERS,
    PLACED,
    REACHING_THRESHOLD,
    SYMPTOM,
    SYMPTOM_FROM,
    SYMPTOMS,
    Contradiction,
    Criteria,
    Finding,
    Gap,
    Item,
    PatternEvidence,
    PrincipleScore,
    Reason,
    Result,
    Shortfall,
    StageEvidence,
    Thresholds,
    Undetermined,
    Verdict,
    coverage,
    gap_for,
    item_score,
    weighted_evidence,
)

RULES = 2
NAMING_FLOOR = 60.0  # a Stage I pattern is named from here: above "neither" (50), towards "agree"
STRAIGHT_LINE_FROM = 10  # this many statements or more, all given the same answer, is straight-lining
PRESENT_FROM = 4  # "agree": a practice answered so is present, a warning sign so shows
PRINCIPLE_LOW = 50.0  # a principle scoring below this keeps the stage at risk
WEAKEST_SHOWN = 2  # the weakest patterns, and principles, named when several tie

# Why a stage does not hold, besides scoring's: a pattern of it not yet judged.
UNDETERMINED = "undetermined"

# Reasons (codes with the figures their sentence quotes; assessments/reasons.py words them):
UNRELIABLE_ANSWERS = "unreliable_answers"  # straight_lined (the answer, or None), answered, contradictions
PATTERN_AT_CEILING = "pattern_at_ceiling"  # pattern, evidence, ceiling
WARNING_SIGNS_AT_CEILING = "warning_signs_at_ceiling"  # evidence, ceiling: at the ceiling, but named by no pattern
WARNING_SIGNS_BELOW = "warning_signs_below"  # evidence (the highest judged pattern's), ceiling
STAGE_UNDETERMINED = "stage_undetermined"  # stage, missing: ({"pattern", "answered", "total", "needed"}, …)
NOT_YET_STRATEGIC = "not_yet_strategic"  # missing: the Stage II practices not present, weakest first
# What holds the alliance back or keeps its stage at risk, and what is weakest:
STRONG_PATTERN = "strong_pattern"  # pattern, evidence, floor
PATTERN_BELOW = "pattern_below"  # stage, pattern, evidence, threshold
LOW_PRINCIPLE = "low_principle"  # principle, score, below
WEAKEST_PATTERN = "weakest_pattern"  # pattern, evidence
WEAKEST_PRINCIPLE = "weakest_principle"  # principle, score
# A finding said once, on its own line:
NO_WARNING_SIGNS = "no_warning_signs"

# The kind of gap a stage that holds adds: a practice of it answered below agree.
AT_RISK = "at_risk"

# What the advice follows (Verdict.diagnosis):
DIAGNOSED = "diagnosed"  # Stage I patterns are named (Verdict.named)
UNREADABLE = "unreadable"  # the response style names no pattern
# NOT_YET_STRATEGIC: no warning signs, Stage II practices missing
UNJUDGED = "unjudged"  # Stage II cannot be judged yet
HELD = "held"  # no pattern named: the stage is the thresholds' verdict; Verdict.at_risk says what could lose it
DIAGNOSES = (DIAGNOSED, UNREADABLE, NOT_YET_STRATEGIC, UNJUDGED, HELD)


def score(criteria: Criteria, answers: Mapping[str, int | None]) -> Result:
    """Place the alliance at a stage by version 2 rules and say why (answers already checked)."""
    t = criteria.thresholds
    stage_of: dict[str | None, int] = {p.code: p.stage for p in criteria.patterns}
    symptomatic = {s.number for s in criteria.stages if s.symptomatic}
    items = sorted(criteria.items, key=lambda i: i.code)

    def raw(item: Item) -> float | None:
        return item_score(answers.get(item.code))

    def maturity(item: Item) -> float | None:
        r = raw(item)
        return r if r is None or stage_of.get(item.pattern) not in symptomatic else 100 - r

    patterns = tuple(
        PatternEvidence(p.code, p.stage, p.name, p.short_name, *weighted_evidence(_of(items, p.code), raw))
        for p in sorted(criteria.patterns, key=lambda p: p.code)
    )
    # A pattern with no statement in this version asks nothing, so it waits for no answer.
    judged = {p.code for p in patterns if not p.total or coverage(p.answered, p.total) >= t.min_coverage}
    warning = [p for p in patterns if p.stage in symptomatic and p.code in judged and p.evidence is not None]
    warning.sort(key=lambda p: (-(p.evidence or 0), p.code))
    held_by = [p for p in warning if (p.evidence or 0) >= t.symptom_ceiling]

    style = _response_style(items, answers, stage_of, symptomatic)
    reliable = style.straight_lined is None and not style.contradictions
    strong = [p for p in warning if (p.evidence or 0) >= NAMING_FLOOR] if reliable else []

    thresholds_by_stage = {2: t.stage_two, 3: t.stage_three}
    holds = {1: True}
    stages = []
    undetermined = []
    for stage in sorted(criteria.stages, key=lambda s: s.number):
        n = stage.number
        ev, answered, total = weighted_evidence((i for i in items if stage_of.get(i.pattern) == n), raw)
        missing = tuple(
            Shortfall(p.code, p.answered, p.total, _needed(p, t.min_coverage))
            for p in patterns
            if p.stage == n and p.code not in judged
        )
        if missing and n in thresholds_by_stage:
            undetermined.append(Undetermined(n, missing))
        if n in thresholds_by_stage:
            reached = not missing and ev is not None and ev >= thresholds_by_stage[n]
            holds[n] = holds[n - 1] and reached and not held_by
        stages.append(
            StageEvidence(
                number=n,
                name=stage.name,
                evidence=ev,
                threshold=thresholds_by_stage.get(n, t.symptom_ceiling if stage.symptomatic else None),
                answered=answered,
                total=total,
                coverage=coverage(answered, total),
                thin=bool(missing),
                holds=holds.get(n, False),
                blocked_by=_blocker(n, ev, bool(missing), holds, bool(held_by), thresholds_by_stage),
            )
        )
    stage_number = max(n for n, ok in holds.items() if ok)

    principles = tuple(
        PrincipleScore(p.number, p.name, *weighted_evidence((i for i in items if i.principle == p.number), maturity))
        for p in sorted(criteria.principles, key=lambda p: p.number)
    )
    findings = tuple(
        Finding(i.code, i.statement, answer, round((measured - 50) * i.weight, 1), i.pattern, i.principle)
        for i in items
        if (answer := answers.get(i.code)) is not None and (measured := maturity(i)) is not None
    )
    is_warning_sign = {i.code for i in items if stage_of.get(i.pattern) in symptomatic}
    strengths = sorted(
        (f for f in findings if f.code not in is_warning_sign and f.answer >= PRESENT_FROM),
        key=lambda f: (-f.impact, f.code),
    )
    no_warning_signs = len({p.code for p in warning}) == sum(1 for p in patterns if p.stage in symptomatic) and all(
        f.answer < PRESENT_FROM for f in findings if f.code in is_warning_sign
    )
    stage_two = next((s for s in stages if s.number == 2), None)
    not_yet_strategic = (
        stage_number == 1
        and no_warning_signs
        and not held_by
        and stage_two is not None
        and stage_two.blocked_by == BELOW_THRESHOLD
    )
    missing_practices = _missing_practices(items, answers, stage_of, 2) if not_yet_strategic else ()

    named = tuple(p.code for p in strong)
    if not reliable:
        diagnosis = UNREADABLE
    elif named:
        diagnosis = DIAGNOSED
    elif not_yet_strategic:
        diagnosis = NOT_YET_STRATEGIC
    elif stage_number == 1 and stage_two is not None and stage_two.blocked_by == UNDETERMINED:
        diagnosis = UNJUDGED
    else:
        diagnosis = HELD

    verdict = Verdict(
        rules=RULES,
        reliable=reliable,
        straight_lined=style.straight_lined,
        contradictions=style.contradictions,
        named=named,
        undetermined=tuple(undetermined),
        findings=findings,
        strengths=tuple(f.code for f in strengths),
        no_warning_signs=no_warning_signs,
        at_risk=_at_risk(strong, patterns, principles, stages, stage_number),
        weakest=_weakest(patterns, principles, symptomatic, stage_number),
        diagnosis=diagnosis,
    )
    held_codes = {p.code for p in held_by} | set(named)
    valued = sum(1 for i in items if answers.get(i.code) is not None)
    return Result(
        stage=stage_number,
        stage_name=next(s.name for s in criteria.stages if s.number == stage_number),
        stages=tuple(stages),
        patterns=patterns,
        principles=principles,
        answered=sum(1 for i in items if i.code in answers),
        total=len(items),
        coverage=coverage(valued, len(items)),
        too_thin=valued == 0,
        best_fit=named if stage_number == 1 else (),
        lifts=tuple(strengths[:LIFTS_SHOWN]),
        holds_back=tuple(sorted((f for f in findings if f.impact < 0), key=lambda f: (f.impact, f.code))[:LIFTS_SHOWN]),
        gaps=_gaps(criteria, items, answers, stage_of, stage_number, held_codes, verdict),
        reasons=_reasons(
            stages, stage_number, warning, held_by, named, style, valued, missing_practices, undetermined, t
        ),
        thresholds=t,
        verdict=verdict,
    )


def stages_holding(
    stages: Mapping[int, float | None], patterns: Iterable[PatternEvidence], t: Thresholds, symptomatic=(1,)
) -> tuple[dict[int, bool], bool]:
    """Which stages hold by these rules, given each stage's evidence and each pattern's figures, and
    whether a stage above Stage I is undetermined: the placing rule on its own.

    `score` places by the same rule; the admin's threshold preview applies it to the figures stored in
    past results, which new thresholds do not change (what is judged depends on `min_coverage` only).
    """
    patterns = list(patterns)
    judged = {p.code for p in patterns if not p.total or coverage(p.answered, p.total) >= t.min_coverage}
    held = any(
        p.stage in symptomatic and p.code in judged and p.evidence is not None and p.evidence >= t.symptom_ceiling
        for p in patterns
    )
    holds = {1: True}
    undetermined = False
    for number, threshold in ((2, t.stage_two), (3, t.stage_three)):
        missing = any(p.stage == number and p.code not in judged for p in patterns)
        undetermined = undetermined or missing
        evidence = stages.get(number)
        reached = not missing and evidence is not None and evidence >= threshold
        holds[number] = holds[number - 1] and reached and not held
    return holds, undetermined


def _of(items: list[Item], pattern: str) -> list[Item]:
    return [i for i in items if i.pattern == pattern]


def _needed(pattern: PatternEvidence, min_coverage: float) -> int:
    """How many more of the pattern's statements need a real answer for it to be judged."""
    needed = pattern.answered
    while needed < pattern.total and coverage(needed, pattern.total) < min_coverage:
        needed += 1
    return needed - pattern.answered


class _Style(NamedTuple):
    straight_lined: int | None
    contradictions: tuple[Contradiction, ...]


def _response_style(items, answers, stage_of, symptomatic) -> _Style:
    """Straight-lining (one answer to every statement answered) and the contradictory pairs agreed with."""
    values = [answers[i.code] for i in items if answers.get(i.code) is not None]
    straight = values[0] if len(values) >= STRAIGHT_LINE_FROM and len(set(values)) == 1 else None
    contradictions = tuple(
        Contradiction(sign.code, practice)
        for sign in items
        if stage_of.get(sign.pattern) in symptomatic and (answers.get(sign.code) or 0) >= PRESENT_FROM
        for practice in sorted(sign.contradicts)
        if (answers.get(practice) or 0) >= PRESENT_FROM
    )
    return _Style(straight, contradictions)


def _blocker(number, evidence, undetermined, holds, held_by, thresholds) -> str | None:
    if holds.get(number, True) or number not in thresholds:
        return None
    if undetermined:
        return UNDETERMINED
    if evidence is None or evidence < thresholds[number]:
        return BELOW_THRESHOLD
    return SYMPTOMS if held_by else LOWER_STAGE


def _missing_practices(items, answers, stage_of, stage) -> tuple[str, ...]:
    """The stage's practices not present (answered below agree, or unknown): low answers first, heaviest first."""
    missing = [i for i in items if stage_of.get(i.pattern) == stage and (answers.get(i.code) or 0) < PRESENT_FROM]
    missing.sort(key=lambda i: (answers.get(i.code) is None, answers.get(i.code) or 0, -i.weight, i.code))
    return tuple(i.code for i in missing)


def _at_risk(strong, patterns, principles, stages, stage_number) -> tuple[Reason, ...]:
    """What holds the alliance back or keeps its stage at risk, in figures: strong Stage I patterns, the
    patterns of a stage that holds standing below its threshold, and principles scoring low."""
    at_risk = [
        Reason(STRONG_PATTERN, {"pattern": p.code, "evidence": p.evidence, "floor": NAMING_FLOOR}) for p in strong
    ]
    thresholds = {s.number: s.threshold for s in stages if s.holds and s.number > 1}
    for p in patterns:
        threshold = thresholds.get(p.stage)
        if threshold is not None and p.evidence is not None and p.evidence < threshold:
            figures = {"stage": p.stage, "pattern": p.code, "evidence": p.evidence, "threshold": threshold}
            at_risk.append(Reason(PATTERN_BELOW, figures))
    at_risk += [
        Reason(LOW_PRINCIPLE, {"principle": p.number, "score": p.score, "below": PRINCIPLE_LOW})
        for p in sorted(principles, key=lambda p: (p.score or 0, p.number))
        if p.score is not None and p.score < PRINCIPLE_LOW
    ]
    return tuple(at_risk)


def _weakest(patterns, principles, symptomatic, stage_number) -> tuple[Reason, ...]:
    """The weakest practice patterns (of the stages up to the next one) and principles: the lowest
    scoring, up to WEAKEST_SHOWN of each on a tie; none at full marks, where nothing is weak."""
    practice = sorted(
        (p for p in patterns if p.stage not in symptomatic and p.stage <= stage_number + 1 and p.evidence is not None),
        key=lambda p: (p.evidence, p.code),
    )
    scored = sorted((p for p in principles if p.score is not None), key=lambda p: (p.score, p.number))
    weakest = [
        Reason(WEAKEST_PATTERN, {"pattern": p.code, "evidence": p.evidence})
        for p in practice[:WEAKEST_SHOWN]
        if p.evidence == practice[0].evidence < 100
    ]
    weakest += [
        Reason(WEAKEST_PRINCIPLE, {"principle": p.number, "score": p.score})
        for p in scored[:WEAKEST_SHOWN]
        if p.score == scored[0].score < 100
    ]
    return tuple(weakest)


def _gaps(criteria, items, answers, stage_of, stage_number, held_codes, verdict) -> tuple[Gap, ...]:
    """What to work on: the strongest warning signs of the patterns that hold the alliance back; the next
    stage's weak or unknown practices; then the practices of the stages that hold answered below agree."""

    def score_of(item):
        return item_score(answers.get(item.code))

    signs = sorted(
        (i for i in items if i.pattern in held_codes and (score_of(i) or 0) >= SYMPTOM_FROM),
        key=lambda i: (-score_of(i), -i.weight, i.code),
    )
    next_stage = sorted(
        (
            i
            for i in items
            if stage_of.get(i.pattern) == stage_number + 1 and (score_of(i) is None or score_of(i) < GAP_BELOW)
        ),
        key=lambda i: (score_of(i) is None, score_of(i) or 0, -i.weight, i.code),
    )
    at_risk = sorted(
        (
            i
            for i in items
            if 2 <= stage_of.get(i.pattern, 0) <= stage_number and score_of(i) is not None and score_of(i) < GAP_BELOW
        ),
        key=lambda i: (score_of(i), -i.weight, i.code),
    )
    principles = {p.number: p for p in criteria.principles}
    answered_by = verdict.named[0] if verdict.named else None
    if verdict.diagnosis == NOT_YET_STRATEGIC:
        answered_by = NOT_YET_STRATEGIC
    return tuple(
        replace(
            gap_for(kind, item, answers.get(item.code), principles.get(item.principle)),
            diagnosis=item.pattern if kind == SYMPTOM else answered_by,
        )
        for kind, chosen in ((SYMPTOM, signs), (NEXT_STAGE, next_stage), (AT_RISK, at_risk))
        for item in chosen[:GAPS_SHOWN]
    )


def _reasons(stages, stage_number, warning, held_by, named, style, valued, missing_practices, undetermined, t):
    """Why, step by step: the response style, the warning signs, each stage above Stage I, the placing."""
    reasons = []
    if style.straight_lined is not None or style.contradictions:
        figures = {
            "straight_lined": style.straight_lined,
            "answered": valued,
            "contradictions": tuple(
                {"warning_sign": c.warning_sign, "practice": c.practice} for c in style.contradictions
            ),
        }
        reasons.append(Reason(UNRELIABLE_ANSWERS, figures))
    ceiling = t.symptom_ceiling
    nameable = [p for p in held_by if p.code in named]
    reasons += [
        Reason(PATTERN_AT_CEILING, {"pattern": p.code, "evidence": p.evidence, "ceiling": ceiling}) for p in nameable
    ]
    if held_by and not nameable:
        reasons.append(Reason(WARNING_SIGNS_AT_CEILING, {"evidence": held_by[0].evidence, "ceiling": ceiling}))
    elif warning and not held_by:
        reasons.append(Reason(WARNING_SIGNS_BELOW, {"evidence": warning[0].evidence, "ceiling": ceiling}))
    missing_by_stage = {u.stage: u.missing for u in undetermined}
    by_number = {s.number: s for s in stages}
    for number in (2, 3):
        s = by_number[number]
        if number in missing_by_stage:
            missing = tuple(
                {"pattern": m.pattern, "answered": m.answered, "total": m.total, "needed": m.needed}
                for m in missing_by_stage[number]
            )
            reasons.append(Reason(STAGE_UNDETERMINED, {"stage": number, "missing": missing}))
        elif s.evidence is None:
            reasons.append(Reason(NO_ANSWERS, {"stage": number}))
        else:
            code = REACHING_THRESHOLD if s.evidence >= s.threshold else BELOW_THRESHOLD
            reasons.append(Reason(code, {"stage": number, "evidence": s.evidence, "threshold": s.threshold}))
    three = by_number[3]
    if not by_number[2].holds and three.evidence is not None and three.evidence >= t.stage_three and not three.thin:
        reasons.append(Reason(LOWER_STAGE, {"stage": 3}))
    if missing_practices:
        reasons.append(Reason(NOT_YET_STRATEGIC, {"missing": missing_practices}))
    fitting = tuple(code for code in named if code not in {p.code for p in nameable})
    if fitting and stage_number == 1:
        reasons.append(Reason(FITS_BEST, {"patterns": fitting}))
    reasons.append(Reason(PLACED, {"stage": stage_number}))
    return tuple(reasons)
