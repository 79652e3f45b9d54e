"""Many voices: combine a round's answers per side, place the alliance both sides support, and
decide what of it a viewer may see.

Pure on purpose, like `scoring`: plain data in, frozen dataclasses out, nothing from Django. The
result holds codes and figures only; pages compose the sentences when they are drawn.

The rules, in short (README, "Many voices: how answers combine", has a worked example):

- Each side's answers combine per statement into the lower median of its real answers, so
  combined answers stay on the 1-5 scale `scoring` takes; "don't know" where fewer than two
  people, or fewer than half of those asked, gave a real answer.
- A statement is asked of both sides, or of our side only; a side is combined and scored on the
  statements it is asked, so those it is not asked do not count against its coverage.
- A side qualifies when at least the privacy minimum of people responded, unless closing withholds it
  (`withholding`: a portfolio reader among few, or too close to an earlier round). The overall stage is
  the lowest stage of the qualifying sides; principle scores come from the qualifying sides'
  combined answers pooled per statement at the lower of the two.
- A viewer sees a side's figures only when at least the privacy minimum of people other than
  the viewer responded on it, and the overall figures only when every qualifying side is shown
  to them (or the hidden side could be worked out from the overall figures by difference).
"""

from __future__ import annotations

import dataclasses
import json
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass

from . import scoring
from .withholding import Withheld

OURS, PARTNER = "ours", "partner"
SIDES = (OURS, PARTNER)
PRIVACY_MINIMUM = 3  # the fewest respondents whose figures may be shown; never lower
BAND_MINIMUM = 5  # the smallest side whose agreement band is shown
DISAGREEMENTS_SHOWN = 5

# How much a side agrees, per statement from the share of its real answers within one point of
# the combined value, and per side from its statements' bands.
AGREE, MIXED, SPLIT = "agree", "mixed", "split"
BANDS = (SPLIT, MIXED, AGREE)  # from least to most agreement
AGREE_FROM = 75.0
MIXED_FROM = 50.0

# What a round measures.
BOTH_SIDES = "both_sides"
ONE_SIDE = "one_side"
NO_SIDE = "no_side"

Answers = Mapping[str, int | None]


def privacy_minimum(requested: int = PRIVACY_MINIMUM) -> int:
    """The privacy minimum in force: the one asked for, never below `PRIVACY_MINIMUM`."""
    return max(PRIVACY_MINIMUM, requested)


def combine_statement(values: Sequence[int | None]) -> int | None:
    """One statement's combined answer from the answers of everyone asked it (None: don't know).

    The lower median of the real answers; "don't know" when fewer than two people, or fewer than
    half of those asked, gave a real one.
    """
    real = [v for v in values if v is not None]
    if len(real) < 2 or 2 * len(real) < len(values):
        return None
    return statistics.median_low(real)


def combine_answers(respondents: Sequence[Answers], codes: Sequence[str]) -> dict[str, int | None]:
    """Each of `codes` combined over `respondents`, all of whom were asked it."""
    return {code: combine_statement([r.get(code) for r in respondents]) for code in codes}


def asked_codes(criteria: scoring.Criteria, side: str, ours_only: Collection[str]) -> tuple[str, ...]:
    """The item codes a side is asked, in the questionnaire's order."""
    return tuple(i.code for i in criteria.items if side == OURS or i.code not in ours_only)


def criteria_for(criteria: scoring.Criteria, side: str, ours_only: Collection[str]) -> scoring.Criteria:
    """The criteria a side is scored on: only the statements it is asked."""
    if side == OURS or not ours_only:
        return criteria
    asked = set(asked_codes(criteria, side, ours_only))
    return dataclasses.replace(criteria, items=tuple(i for i in criteria.items if i.code in asked))


def statement_band(values: Sequence[int | None]) -> str | None:
    """AGREE, MIXED or SPLIT: the share of one statement's real answers within one point of its
    combined value (75% or more agree, 50% or more mixed); None where the statement has none."""
    middle = combine_statement(values)
    if middle is None:
        return None
    real = [v for v in values if v is not None]
    share = 100 * sum(1 for v in real if abs(v - middle) <= 1) / len(real)
    return AGREE if share >= AGREE_FROM else MIXED if share >= MIXED_FROM else SPLIT


def agreement_band(respondents: Sequence[Answers], codes: Sequence[str]) -> str | None:
    """How much a side agrees: the lower median of its statements' bands (split < mixed < agree).

    Built from each statement's band alone, so it tells no more about a person than those do.
    """
    bands = [b for code in codes if (b := statement_band([r.get(code) for r in respondents])) is not None]
    return BANDS[statistics.median_low([BANDS.index(b) for b in bands])] if bands else None


@dataclass(frozen=True)
class SideResult:
    """One side of a round. A side that does not qualify keeps only its count of respondents (and, when it reached
    the minimum but was withheld, why)."""

    side: str
    respondents: int
    qualifies: bool
    combined: Mapping[str, int | None]
    result: scoring.Result | None
    band: str | None  # only for qualifying sides of BAND_MINIMUM or more
    withheld: Withheld | None = None


@dataclass(frozen=True)
class SidesDiffer:
    """Our side places the alliance higher than the partner's people do.

    `stage` is the first stage our side holds and the partner's does not; the evidences are the
    two sides' evidence for it.
    """

    ours: int
    partner: int
    stage: int
    evidence_ours: float | None
    evidence_partner: float | None
    code: str = "sides_differ"


@dataclass(frozen=True)
class Disagreement:
    """A statement both sides answered, and how far apart their combined answers are."""

    code: str
    ours: int
    partner: int
    gap: int


@dataclass(frozen=True)
class RoundResult:
    minimum: int
    sides: tuple[SideResult, ...]  # in the order of SIDES
    stage: int | None  # None when no side qualifies: no result
    scope: str  # BOTH_SIDES, ONE_SIDE or NO_SIDE
    reasons: Mapping[str, tuple[str, ...]]  # the qualifying sides' reasons
    sides_differ: SidesDiffer | None
    principles: tuple[scoring.PrincipleScore, ...]  # from the qualifying sides' pooled answers
    disagreements: tuple[Disagreement, ...]  # widest first; only when both sides qualify

    def side(self, name: str) -> SideResult:
        return self.sides[SIDES.index(name)]

    def stages_by_side(self) -> dict[str, int | None]:
        return {s.side: s.result.stage if s.result else None for s in self.sides}


def check_responses(
    criteria: scoring.Criteria, responses: Mapping[str, Sequence[Answers]], ours_only: Collection[str]
) -> None:
    """Refuse unknown sides, unknown codes, values off the scale and statements a side is not asked."""
    known = {i.code for i in criteria.items}
    if unknown := sorted(set(ours_only) - known):
        raise scoring.InvalidAnswers(f"unknown item code {unknown[0]!r} among the statements for our side only")
    for side, respondents in responses.items():
        if side not in SIDES:
            raise scoring.InvalidAnswers(f"unknown side {side!r}: the sides are {OURS!r} and {PARTNER!r}")
        asked = set(asked_codes(criteria, side, ours_only))
        for number, answers in enumerate(respondents):
            try:
                scoring.check_answers(criteria, answers)
                if not_asked := sorted(set(answers) - asked):
                    raise scoring.InvalidAnswers(f"{not_asked[0]} is asked of our side only")
            except scoring.InvalidAnswers as error:
                raise scoring.InvalidAnswers(f"{side}[{number}]: {error}") from None


def combine_round(
    criteria: scoring.Criteria,
    responses: Mapping[str, Sequence[Answers]],
    *,
    ours_only: Collection[str] = frozenset(),
    minimum: int = PRIVACY_MINIMUM,
    withheld: Mapping[str, Withheld] | None = None,
) -> RoundResult:
    """A closed survey's result: each side combined and scored, and the verdict both sides support.

    `responses` maps a side to one {item code: 1-5 or None} per person who responded; `ours_only`
    holds the codes of the statements the partner's people are not asked; `withheld` the sides closing
    withholds although they reach the minimum (`withholding.withheld_sides`), kept as sides below it are.
    """
    check_responses(criteria, responses, ours_only)
    minimum = privacy_minimum(minimum)
    withheld = withheld or {}
    sides = tuple(
        _side(criteria, side, responses.get(side, ()), ours_only, minimum, withheld.get(side)) for side in SIDES
    )
    return _judged(criteria, sides, minimum, ours_only)


def withhold(
    criteria: scoring.Criteria,
    result: RoundResult,
    withheld: Mapping[str, Withheld],
    *,
    ours_only: Collection[str] = frozenset(),
) -> RoundResult:
    """A closed survey's result judged again with more sides withheld, from what it stored: each side's combined
    answers and result, no person's. A side already withheld, or below the minimum, stays as it was."""
    sides = tuple(
        SideResult(s.side, s.respondents, False, {}, None, None, withheld[s.side])
        if s.qualifies and s.side in withheld
        else s
        for s in result.sides
    )
    return _judged(criteria, sides, result.minimum, ours_only)


def _judged(
    criteria: scoring.Criteria, sides: tuple[SideResult, ...], minimum: int, ours_only: Collection[str]
) -> RoundResult:
    """The verdict both sides support, from the sides as combined (or withheld)."""
    qualifying = [s for s in sides if s.qualifies]
    scope = {0: NO_SIDE, 1: ONE_SIDE}.get(len(qualifying), BOTH_SIDES)
    return RoundResult(
        minimum=minimum,
        sides=sides,
        stage=min((s.result.stage for s in qualifying if s.result), default=None),
        scope=scope,
        reasons={s.side: s.result.reasons for s in qualifying if s.result},
        sides_differ=_sides_differ(sides),
        principles=_pooled_principles(criteria, qualifying, ours_only),
        disagreements=_disagreements(sides) if scope == BOTH_SIDES else (),
    )


def _side(
    criteria: scoring.Criteria,
    side: str,
    respondents: Sequence[Answers],
    ours_only: Collection[str],
    minimum: int,
    withheld: Withheld | None,
) -> SideResult:
    if len(respondents) < minimum:
        return SideResult(side, len(respondents), False, {}, None, None)
    if withheld is not None:
        return SideResult(side, len(respondents), False, {}, None, None, withheld)
    combined = combine_answers(respondents, asked_codes(criteria, side, ours_only))
    band = agreement_band(respondents, tuple(combined)) if len(respondents) >= BAND_MINIMUM else None
    return SideResult(
        side, len(respondents), True, combined, scoring.score(criteria_for(criteria, side, ours_only), combined), band
    )


def _sides_differ(sides: tuple[SideResult, ...]) -> SidesDiffer | None:
    ours, partner = (s.result for s in sides)
    if ours is None or partner is None or ours.stage <= partner.stage:
        return None
    stage = partner.stage + 1
    return SidesDiffer(
        ours=ours.stage,
        partner=partner.stage,
        stage=stage,
        evidence_ours=_evidence(ours, stage),
        evidence_partner=_evidence(partner, stage),
    )


def _evidence(result: scoring.Result, stage: int) -> float | None:
    return next(s.evidence for s in result.stages if s.number == stage)


def _pooled_principles(
    criteria: scoring.Criteria, qualifying: Sequence[SideResult], ours_only: Collection[str]
) -> tuple[scoring.PrincipleScore, ...]:
    """Principle scores both sides support: scored from `pooled_answers`.

    Pooled from the sides' combined answers, not from the people behind them: a median over
    everyone, shown beside each side's own, would give away answers by difference.
    """
    if not qualifying:
        return ()
    pool_criteria = criteria_for(criteria, qualifying[0].side, ours_only)
    return scoring.score(pool_criteria, pooled_answers(qualifying)).principles


def pooled_answers(qualifying: Sequence[SideResult]) -> dict[str, int | None]:
    """Each statement at the lower of the qualifying sides' combined answers (a side that does not know leaves it
    to the other); our side is asked every statement, so with it the pool covers the whole questionnaire."""
    codes = dict.fromkeys(code for s in qualifying for code in s.combined)
    return {
        code: min((v for s in qualifying if (v := s.combined.get(code)) is not None), default=None) for code in codes
    }


def _disagreements(sides: tuple[SideResult, ...]) -> tuple[Disagreement, ...]:
    ours, partner = (s.combined for s in sides)
    found = [
        Disagreement(code, a, b, abs(a - b))
        for code, a in ours.items()
        if a is not None and (b := partner.get(code)) is not None and a != b
    ]
    return tuple(sorted(found, key=lambda d: (-d.gap, d.code))[:DISAGREEMENTS_SHOWN])


@dataclass(frozen=True)
class SideView:
    """What a viewer is shown of one side: always the count, the figures only when `shown`."""

    side: str
    respondents: int
    qualifies: bool
    shown: bool
    combined: Mapping[str, int | None] | None
    result: scoring.Result | None
    band: str | None
    withheld: Withheld | None = None  # why a side reaching the minimum is not shown to anyone


@dataclass(frozen=True)
class Disclosure:
    """Everything of a round a viewer may be shown; a page draws from this and nothing else."""

    minimum: int
    sides: tuple[SideView, ...]
    overall_shown: bool
    stage: int | None
    scope: str | None
    sides_differ: SidesDiffer | None
    principles: tuple[scoring.PrincipleScore, ...]
    disagreements: tuple[Disagreement, ...]

    def to_dict(self) -> dict:
        """The disclosure as JSON data, as the command line prints it."""
        return {
            "stage": self.stage,
            "scope": self.scope,
            "stages_by_side": {s.side: s.result.stage if s.result else None for s in self.sides},
            "privacy": {
                "minimum": self.minimum,
                "respondents": {s.side: s.respondents for s in self.sides},
                "qualified": {s.side: s.qualifies for s in self.sides},
                "shown": {s.side: s.shown for s in self.sides} | {"overall": self.overall_shown},
            },
            "sides_differ": asdict(self.sides_differ) if self.sides_differ else None,
            "principles": [asdict(p) for p in self.principles],
            "disagreements": [asdict(d) for d in self.disagreements],
            "sides": {
                s.side: {"combined": dict(s.combined), "band": s.band, "result": s.result.to_dict()}
                if s.shown and s.result and s.combined is not None
                else None
                for s in self.sides
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)


def disclose(result: RoundResult, *, viewer_side: str | None = None) -> Disclosure:
    """What a viewer may see of a round; `viewer_side` is the side they responded on, if any.

    A side's figures are shown when at least the privacy minimum of people other than the viewer
    responded on it; below that, only its count. The overall figures are shown only when every
    qualifying side is, and the disagreements only when both sides are.
    """
    views = tuple(_view(s, result.minimum, viewer_side) for s in result.sides)
    overall = all(v.shown for v in views if v.qualifies)
    both = overall and result.scope == BOTH_SIDES
    return Disclosure(
        minimum=result.minimum,
        sides=views,
        overall_shown=overall,
        stage=result.stage if overall else None,
        scope=result.scope if overall else None,
        sides_differ=result.sides_differ if both else None,
        principles=result.principles if overall else (),
        disagreements=result.disagreements if both else (),
    )


def _view(side: SideResult, minimum: int, viewer_side: str | None) -> SideView:
    others = side.respondents - (1 if viewer_side == side.side else 0)
    if not side.qualifies or others < minimum:
        return SideView(side.side, side.respondents, side.qualifies, False, None, None, None, side.withheld)
    return SideView(side.side, side.respondents, True, True, side.combined, side.result, side.band)
