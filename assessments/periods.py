"""The pure cut of an alliance's results into standing periods: when each was its latest, and the stage before.

What "latest" means everywhere is the order below: the newest submission first and, at the same
instant, the one made last. Each result is then the alliance's latest from its submission until the
next one's (`valid_to`, None while it is still the latest). Of two submitted at the same instant the
earlier-made one holds for no time at all: its period starts and ends at that instant. Where an alliance
stands at a moment is the period that holds then, as `Alliance.objects.with_standing` reads it from the
rows these periods are written to (models/standings.py; migration 0023 wrote those of the past).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

LATEST_FIRST = ("-submitted_at", "-pk")


@dataclass(frozen=True)
class Period:
    assessment_id: int
    alliance_id: int
    stage: int
    stage_before: int | None  # the stage of the result before, if any
    valid_from: dt.datetime  # the result's submission
    valid_to: dt.datetime | None  # the next result's submission; None while this one is the latest


def cut(results: Iterable[tuple[int, int, int, dt.datetime]]) -> Iterator[Period]:
    """The periods of some alliances' submitted results, given as (assessment, alliance, stage, submitted at),
    each alliance's in the order LATEST_FIRST gives (alliances may come interleaved)."""
    by_alliance: dict[int, list[tuple[int, int, int, dt.datetime]]] = defaultdict(list)
    for result in results:
        by_alliance[result[1]].append(result)
    for alliance_id, latest_first in by_alliance.items():
        for i, (assessment_id, _, stage, submitted_at) in enumerate(latest_first):
            yield Period(
                assessment_id=assessment_id,
                alliance_id=alliance_id,
                stage=stage,
                stage_before=latest_first[i + 1][2] if i + 1 < len(latest_first) else None,
                valid_from=submitted_at,
                valid_to=latest_first[i - 1][3] if i else None,
            )


PRINCIPLES = range(1, 11)


def score_fields(scores: Iterable[tuple[int, float | None, bool]]) -> dict:
    """A result's principle scores, given as (principle, score, holds back), as its period's row keeps them:
    `score_1` … `score_10`, `holding_back` with bit n - 1 set for each principle n holding it back, and
    `mean_score`, the mean of the known scores (None when there is none)."""
    fields: dict = {f"score_{n}": None for n in PRINCIPLES} | {"holding_back": 0}
    for principle, score, holds_back in scores:
        fields[f"score_{principle}"] = score
        if holds_back:
            fields["holding_back"] |= 1 << (principle - 1)
    return fields | {"mean_score": mean_score([fields[f"score_{n}"] for n in PRINCIPLES])}


def mean_score(scores: Iterable[float | None]) -> float | None:
    """The mean of the known scores, added up in the order they come (so the same float whoever adds them up in
    that order: the dashboard orders the weakest alliances by it, ties by their result); None when none is known."""
    known = [score for score in scores if score is not None]
    return sum(known) / len(known) if known else None


# A period as the stage history reads it: its stage, from, to (None while it is the latest), by its result's id.
Span = tuple[int, dt.datetime, dt.datetime | None]


def earliest_change(before: dict[int, Span], after: dict[int, Span]) -> dt.datetime | None:
    """From when on the standing periods `after` differ from `before` (None when they are the same).

    A period holds at a moment it began before and did not end before. So a period that came, went or changed
    its stage or start changes what holds after its start; one whose end alone moved changes what holds after
    the earlier of its two ends (an open end is later than any).
    """
    changes = []
    for assessment_id in before.keys() | after.keys():
        old, new = before.get(assessment_id), after.get(assessment_id)
        if old == new:
            continue
        if old is not None and new is not None and old[:2] == new[:2]:
            changes.append(min(end for end in (old[2], new[2]) if end is not None))
        else:
            changes.extend(span[1] for span in (old, new) if span is not None)
    return min(changes, default=None)
