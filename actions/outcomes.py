"""Did an action work? Its statements' scores before and after, from the two results either side of it.

Pure: plain data in, frozen dataclasses out, nothing from Django. A statement is compared only
under the same code: a statement whose meaning changed has a new code, so the old one is not asked
in the later questionnaire and shows as not comparable. Scores are on the result's 0-100 scale,
with Stage I statements (warning signs) inverted, so that higher is better everywhere. The action
"improved" its statements when their mean score after is above the mean before, over the
statements answered (not "don't know") on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from assessments.scoring import item_score

IMPROVED = "improved"
NOT_IMPROVED = "not_improved"
NOT_COMPARABLE = "not_comparable"


@dataclass(frozen=True)
class Side:
    """One result as an outcome reads it: the statements its questionnaire asks, and their answers.

    `answers` maps a statement's code to its answer (1-5, None for "don't know"); a code asked but
    missing from it was not answered. `symptoms` are the codes of Stage I statements; `principles`
    maps a principle's number to its score in the result.
    """

    asked: frozenset[str]
    answers: Mapping[str, int | None]
    symptoms: frozenset[str]
    principles: Mapping[int, float | None]

    def score(self, code: str) -> float | None:
        """The statement's score, inverted for a warning sign; None when unanswered or not asked."""
        value = item_score(self.answers.get(code))
        if value is None:
            return None
        return 100.0 - value if code in self.symptoms else value


@dataclass(frozen=True)
class StatementChange:
    code: str
    before: float | None
    after: float | None
    comparable: bool  # asked under this code on both sides

    @property
    def counts(self) -> bool:
        """Compared in the mean: the same statement, answered on both sides."""
        return self.comparable and self.before is not None and self.after is not None


@dataclass(frozen=True)
class Outcome:
    statements: tuple[StatementChange, ...]
    principle: int | None
    principle_before: float | None
    principle_after: float | None
    mean_before: float | None
    mean_after: float | None

    @property
    def verdict(self) -> str:
        """IMPROVED, NOT_IMPROVED, or NOT_COMPARABLE when no statement was answered under one code on both sides."""
        if self.mean_before is None or self.mean_after is None:
            return NOT_COMPARABLE
        return IMPROVED if self.mean_after > self.mean_before else NOT_IMPROVED


def outcome(codes: Iterable[str], principle: int | None, before: Side, after: Side) -> Outcome:
    """Before → after for each targeted statement and for the principle, and the means that decide the verdict."""
    changes = tuple(
        StatementChange(code, before.score(code), after.score(code), code in before.asked and code in after.asked)
        for code in codes
    )
    counted = [change for change in changes if change.counts]
    return Outcome(
        statements=changes,
        principle=principle,
        principle_before=before.principles.get(principle) if principle else None,
        principle_after=after.principles.get(principle) if principle else None,
        mean_before=fmean(c.before for c in counted) if counted else None,
        mean_after=fmean(c.after for c in counted) if counted else None,
    )
