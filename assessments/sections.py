"""How a questionnaire is split into pages a manager answers one at a time.

Pure: plain statements in, sections out, titled in the active language. When every statement names
the section it is asked in (questionnaire version 2 does), each run of statements with the same
section, in questionnaire order, is one page, titled by it: warning signs then stand among the
practices they contrast with, under titles that name no stage or pattern. Otherwise statements are grouped
by topic (a stage pattern, or a principle for the principle-only statements), stages first, then principles, and the
run is cut into sections of SMALLEST-LARGEST statements. The cut is found by dynamic
programming: sections close to TARGET statements, cut where a topic ends, and a section
crosses from one stage (or from the stages into the principles) only when no cut inside
the limits avoids it. The same items always give the same sections, so a slug stored on an
assessment finds its page again days later.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from .scoring import ROMAN_NUMERALS, coverage

SMALLEST, TARGET, LARGEST = 8, 10, 12
# Costs in "statements off target, squared": crossing from one stage into the next is worse
# than any size in the limits; mixing stage patterns with principles, a different kind of
# statement, is worse still, and so is splitting a topic over two pages.
STAGE_CROSSING_COST = 20
PRINCIPLE_CROSSING_COST = 30
SPLIT_COST = 30


@dataclass(frozen=True)
class Statement:
    """What sectioning needs to know about one item of a questionnaire."""

    code: str
    topic: str  # the pattern's topic (its short name when it has none), or the principle's name
    stage: int | None = None  # for pattern items
    pattern: str | None = None  # pattern code, e.g. "S2-P4"
    principle: int | None = None  # for principle-only items
    section: str = ""  # the title of the page it is asked on, when the questionnaire says
    neutral: bool = False  # the topic names no stage or pattern (a pattern's topic), so titles need no stage

    @property
    def part(self) -> tuple[int, int]:
        """Stages come first in their order, then the principles."""
        return (0, self.stage) if self.stage is not None else (1, 0)

    @property
    def topic_key(self) -> str:
        return self.pattern.lower() if self.stage is not None else f"principle-{self.principle}"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str  # unique in its questionnaire, e.g. "Stage I · Fragmented, window dressing"
    topics: tuple[str, ...]
    codes: tuple[str, ...]
    subtitle: str = ""  # the topics the title leaves out: the principles' names
    aliases: tuple[str, ...] = ()  # addresses it had before its title was made neutral, stored on drafts

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    answered: int

    @property
    def total(self) -> int:
        return len(self.section)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True)
class Shortfall:
    """A section in which more statements need a real answer (not "don't know"), and how many."""

    section: Section
    needed: int


def plan_sections(statements: Iterable[Statement]) -> tuple[Section, ...]:
    """The questionnaire's pages: by the statements' own sections, or cut into about ten by topic."""
    statements = list(statements)
    if statements and all(s.section for s in statements):
        return _by_section(statements)
    ordered = _in_reading_order(statements)
    cuts = _best_cuts(ordered)
    sections, starts, titles = [], Counter(), Counter()
    for start, end in zip(cuts, cuts[1:], strict=False):
        chunk = ordered[start:end]
        # A topic too long for one page goes on over several: s1-p1, s1-p1-2, s1-p1-3,
        # titled "Stage I · Fragmented", "Stage I · Fragmented (part 2)", ...
        starts[chunk[0].topic_key] += 1
        repeat = starts[chunk[0].topic_key]
        slug = chunk[0].topic_key + (f"-{repeat}" if repeat > 1 else "")
        title, subtitle = _title(chunk)
        titles[title] += 1
        if titles[title] > 1:
            title += f" (part {titles[title]})"
        topics = tuple(dict.fromkeys(s.topic for s in chunk))
        if _neutral(chunk):
            # A neutral title gets an address as neutral, and the old one still finds the page.
            slug, aliases = _unique_slug(chunk[0].topic, {x.slug for x in sections}), (slug,)
        else:
            aliases = ()
        sections.append(Section(slug, title, topics, tuple(s.code for s in chunk), subtitle, aliases))
    return tuple(sections)


def _neutral(chunk: Sequence[Statement]) -> bool:
    """A chunk of stage statements whose patterns all have a neutral topic: its title needs no stage."""
    stage_statements = [s for s in chunk if s.stage is not None]
    return bool(stage_statements) and all(s.neutral for s in stage_statements)


def _by_section(statements: Sequence[Statement]) -> tuple[Section, ...]:
    """Each run of statements asked in the same section, in questionnaire order, is one page."""
    runs: list[list[Statement]] = []
    for statement in statements:
        if runs and runs[-1][0].section == statement.section:
            runs[-1].append(statement)
        else:
            runs.append([statement])
    sections, titles = [], Counter()
    for run in runs:
        title = run[0].section
        titles[title] += 1
        if titles[title] > 1:
            title += f" (part {titles[title]})"
        topics = tuple(dict.fromkeys(s.topic for s in run))
        slug = _unique_slug(title, {s.slug for s in sections})
        sections.append(Section(slug, title, topics, tuple(s.code for s in run)))
    return tuple(sections)


def _unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)
    if len(base) > 40:  # cut at a word's end
        base = base[:41].rsplit("-", 1)[0]
    base = base or "section"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _in_reading_order(statements: Iterable[Statement]) -> list[Statement]:
    # Items keep their questionnaire order inside a topic; topics follow stage and pattern order.
    indexed = list(enumerate(statements))
    first_seen: dict[str, int] = {}
    for position, statement in indexed:
        first_seen.setdefault(statement.topic_key, position)

    def key(entry):
        position, s = entry
        topic_order = (_natural(s.pattern), first_seen[s.topic_key]) if s.stage is not None else (s.principle or 0,)
        return (s.part, topic_order, position)

    return [s for _, s in sorted(indexed, key=key)]


def _natural(code: str | None) -> tuple[int, ...]:
    # "S1-P10" after "S1-P9".
    return tuple(int(number) for number in re.findall(r"\d+", code or ""))


def _best_cuts(ordered: Sequence[Statement]) -> list[int]:
    n = len(ordered)
    if n == 0:
        return [0]
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * n
    for end in range(SMALLEST, n + 1):
        for size in range(SMALLEST, LARGEST + 1):
            start = end - size
            if start < 0 or best[start][0] == math.inf:
                continue
            cost = best[start][0] + _cost(ordered, start, end)
            if cost < best[end][0]:
                best[end] = (cost, start)
    if best[n][0] == math.inf:
        # Too few (or 13-15) statements to cut within the limits: one page holds them all.
        return [0, n]
    cuts, end = [n], n
    while end:
        end = best[end][1]
        cuts.append(end)
    return cuts[::-1]


def _cost(ordered: Sequence[Statement], start: int, end: int) -> float:
    chunk = ordered[start:end]
    cost = (len(chunk) - TARGET) ** 2
    parts = {s.part for s in chunk}
    stages = sum(1 for kind, _ in parts if kind == 0)
    cost += STAGE_CROSSING_COST * max(stages - 1, 0)
    if stages and len(parts) > stages:
        cost += PRINCIPLE_CROSSING_COST
    if end < len(ordered) and ordered[end].topic_key == ordered[end - 1].topic_key:
        cost += SPLIT_COST
    return cost


def _title(chunk: Sequence[Statement]) -> tuple[str, str]:
    """A title that tells pages apart, and a subtitle with what it leaves out.

    Stage pages name their patterns, whose short names are short enough for a button:
    "Stage I · Fragmented, window dressing". Principle names are long, so a page of one
    principle is titled with its name and a page of several lists them in the subtitle.
    """
    stages = sorted({s.stage for s in chunk if s.stage is not None})
    patterns = list(dict.fromkeys(s.topic for s in chunk if s.stage is not None))
    principles = list(dict.fromkeys((s.principle, s.topic) for s in chunk if s.stage is None))
    principles.sort(key=lambda principle: principle[0] or 0)
    parts, subtitle = [], ""
    if _neutral(chunk):
        parts.append(_list(patterns))
    elif stages:
        names = [ROMAN_NUMERALS.get(n, str(n)) for n in stages]
        parts.append(f"{_span(_('Stage %(first)s'), _('Stages %(first)s–%(last)s'), names)} · {_list(patterns)}")
    if len(principles) == 1:
        number, name = principles[0]
        parts.append(_("Principle %(number)s · %(name)s") % {"number": number, "name": name})
    elif principles:
        numbers = [str(number) for number, _name in principles]
        parts.append(_span(_("Principle %(first)s"), _("Principles %(first)s–%(last)s"), numbers))
        subtitle = " · ".join(name for _number, name in principles)
    return " · ".join(parts), subtitle


def _list(topics: Sequence[str]) -> str:
    # "Fragmented, window dressing": the first topic opens the phrase; the others read on in lower
    # case, unless they start with an abbreviation ("CRM").
    def lowered(topic: str) -> str:
        return topic[0].lower() + topic[1:] if topic[1:2].islower() else topic

    return ", ".join([topics[0], *map(lowered, topics[1:])])


def _span(one: str, several: str, names: Sequence[str]) -> str:
    """ "Stage I", or "Stages I–II": `one` and `several` are the translated phrases."""
    return (one if len(names) == 1 else several) % {"first": names[0], "last": names[-1]}


def progress(sections: Sequence[Section], answered_codes: Iterable[str]) -> tuple[SectionProgress, ...]:
    """How many statements of each section have an answer ("don't know" counts as an answer)."""
    answered = set(answered_codes)
    return tuple(SectionProgress(s, sum(1 for code in s.codes if code in answered)) for s in sections)


def shortfalls(
    sections: Sequence[Section], group_of: Mapping[str, object], answers: Mapping[str, int | None], min_coverage: float
) -> tuple[Shortfall, ...]:
    """Where more real answers are needed for every group of statements to be judged, by section.

    `group_of` maps item codes to the group whose coverage scoring counts: the stage under version 1
    rules, the pattern under version 2's. `answers` maps answered item codes to 1-5 or None ("don't
    know"); `min_coverage` is the version's threshold, in percent. A group short of k real answers asks
    for k more among its open statements, taken in reading order; the sections sum what they are asked.
    """
    needed_in: Counter[str] = Counter()
    for group in dict.fromkeys(group_of.values()):
        codes = [code for code, g in group_of.items() if g == group]
        total, answered = len(codes), sum(1 for code in codes if answers.get(code) is not None)
        enough = next((k for k in range(answered, total + 1) if coverage(k, total) >= min_coverage), total)
        still = enough - answered
        for section in sections:
            if still <= 0:
                break
            taken = min(
                still, sum(1 for code in section.codes if group_of.get(code) == group and answers.get(code) is None)
            )
            needed_in[section.slug] += taken
            still -= taken
    return tuple(Shortfall(section, needed_in[section.slug]) for section in sections if needed_in[section.slug])
