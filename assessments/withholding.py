"""Which sides of a closing survey are withheld although they reach the privacy minimum: pure, like `combining`.

Two rules, each against a way of working answers out by difference that one round alone cannot see:

- **A portfolio reader among few.** The dashboard, its exports and the threshold preview show a round's stored
  verdict to everyone who reads the portfolio, with no viewer side. So a side counts there only when at least the
  privacy minimum of people *other than* any one of its respondents who reads the portfolio (an executive or an
  admin) responded: the minimum plus one when such a person is among them. The result page follows the same
  stored decision, so what the portfolio reads and what the round's page shows agree. A role granted after
  closing withholds the side then (`late_readers`).
- **Too close to an earlier round.** Two rounds of the same people, where one joins or leaves a side, tell what
  that person answered (three answers of 1, 2, 2 combine to 2; with a fourth answering 1, they combine to 1). So
  a side whose people differ from those of the same side in an earlier round of the alliance, where that side was
  shown, by more than none and fewer than the privacy minimum (the symmetric difference of the two sets of
  people) is withheld. People are compared by their keys (`models.rounds.person_key` and `address_key`): two
  respondents are one person when they share either, so someone invited by address before they had an account,
  or under another address with their account, is still the same person.

A side withheld is kept exactly as a side below the minimum is: its count only. The decision is stored as a code
and figures, and the page composes its sentence (`round_wording.withheld_sentence`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

PORTFOLIO_READER_AMONG_FEW = "portfolio_reader_among_few"
# One person: their keys (or one key alone), each naming them.
Person = frozenset[str] | str
TOO_CLOSE_TO_EARLIER_ROUND = "too_close_to_earlier_round"


@dataclass(frozen=True)
class Withheld:
    """Why a side reaching the privacy minimum is not shown: a code and the figures its sentence needs."""

    code: str
    respondents: int | None = None  # PORTFOLIO_READER_AMONG_FEW: how many responded
    needed: int | None = None  # PORTFOLIO_READER_AMONG_FEW: how many it takes with a portfolio reader among them
    earlier_round: int | None = None  # TOO_CLOSE_TO_EARLIER_ROUND: the round compared with
    earlier_closed_at: str | None = None  # TOO_CLOSE_TO_EARLIER_ROUND: when it closed, ISO 8601
    difference: int | None = None  # TOO_CLOSE_TO_EARLIER_ROUND: how many joined or left since

    def to_dict(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value is not None}

    @classmethod
    def read(cls, stored: Mapping) -> Withheld:
        return cls(**stored)


@dataclass(frozen=True)
class EarlierSide:
    """A side of an earlier closed survey of the alliance that was shown: its round and the people who counted."""

    round_id: int
    closed_at: dt.datetime
    people: frozenset[Person]  # each person's keys


def withheld_sides(
    people: Mapping[str, Collection[Person]],
    *,
    portfolio_readers: Mapping[str, int],
    earlier: Mapping[str, Sequence[EarlierSide]],
    minimum: int,
) -> dict[str, Withheld]:
    """The sides to withhold, by side, and why.

    `people` holds each side's people whose answers count, by their keys; `portfolio_readers` how many of them read the
    portfolio; `earlier` each side's shown sides in earlier closed surveys of the alliance. A side below the
    minimum is left to `combining` (it does not qualify anyway). The latest earlier round too close is named.
    """
    withheld = {}
    for side, keys in people.items():
        count = len(keys)
        if count < minimum:
            continue
        if portfolio_readers.get(side, 0) and count - 1 < minimum:
            withheld[side] = Withheld(PORTFOLIO_READER_AMONG_FEW, respondents=count, needed=minimum + 1)
            continue
        for before in sorted(earlier.get(side, ()), key=lambda e: (e.closed_at, e.round_id), reverse=True):
            difference = joined_or_left(keys, before.people)
            if 0 < difference < minimum:
                withheld[side] = Withheld(
                    TOO_CLOSE_TO_EARLIER_ROUND,
                    earlier_round=before.round_id,
                    earlier_closed_at=before.closed_at.isoformat(),
                    difference=difference,
                )
                break
    return withheld


def joined_or_left(now: Collection[Person], before: Collection[Person]) -> int:
    """How many people are in one of the two sets and not the other: a person is in both when one of their
    keys is."""
    now_keys, before_keys = _keys(now), _keys(before)
    return sum(1 for person in now if not _keys([person]) & before_keys) + sum(
        1 for person in before if not _keys([person]) & now_keys
    )


def _keys(people: Collection[Person]) -> set[str]:
    return {key for person in people for key in ((person,) if isinstance(person, str) else person)}
