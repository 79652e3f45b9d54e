"""One spelling per free-text label (business unit, region), so "consumer" and "Consumer " are one group.

Pure: the values in use come in with how often each is used; nothing here reads the database.
Case is folded in Python rather than SQL because SQLite's lower() only folds ASCII letters.
"""

from collections import Counter
from collections.abc import Iterable, Mapping


def key(value: str) -> str:
    """What two spellings of one label share: letters in any case, spaces trimmed and single."""
    return " ".join(value.split()).casefold()


def tidy(value: str) -> str:
    """A label as typed, trimmed and with single spaces."""
    return " ".join(value.split())


def preferred(counts: Mapping[str, int]) -> dict[str, str]:
    """For each label in use, the spelling to keep: the most used one, the first alphabetically on a tie."""
    tidied: Counter[str] = Counter()
    for value, count in counts.items():
        tidied[tidy(value)] += count
    best: dict[str, str] = {}
    for value in sorted(tidied, key=lambda v: (-tidied[v], v)):
        best.setdefault(key(value), value)
    return best


def spelling_of(typed: str, counts: Mapping[str, int]) -> str:
    """The spelling to store for `typed`: the one already in use for the same label, else `typed` tidied."""
    return preferred(counts).get(key(typed), tidy(typed))


def suggestions(counts: Mapping[str, int], among: Iterable[str] | None = None) -> list[str]:
    """The labels in use (only those also in `among`, if given), one spelling each, alphabetically (case aside).

    The spelling is the one `counts` prefers, so a label suggested is the label that would be saved.
    """
    best = preferred(counts)
    wanted = best.keys() if among is None else {key(value) for value in among}
    return sorted((best[label] for label in wanted if label in best), key=key)
