"""A closed survey's result page as a tested object: everything it shows, drawn through `combining.disclose`.

The view fetches (a fixed number of queries, whatever the respondents) and calls `build`; nothing
here reads a person's answers: only the round's stored result, the invited counts, and the comments
their authors chose to share, which show only for a side the viewer is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

from . import combining, reasons, round_results, round_wording, scale
from .charts import rounds as charts
from .charts.history import Table
from .models import Round

BAND_WORDS = {
    combining.AGREE: _("agree"),
    combining.MIXED: _("mixed"),
    combining.SPLIT: _("split"),
}


@dataclass(frozen=True)
class SidePanel:
    """One side as the viewer is shown it: always its counts, the rest only when `shown`."""

    side: str
    name: str
    respondents: int
    invited: int
    qualifies: bool
    shown: bool
    stage: int | None
    stage_name: str
    reasons: tuple[str, ...]
    band: str | None  # words; only for shown sides of combining.BAND_MINIMUM or more
    withheld: str | None = None  # why a side reaching the minimum is shown to no one, in words

    @property
    def response_rate(self) -> int | None:
        """Who responded, in whole percent of those invited."""
        return round(100 * self.respondents / self.invited) if self.invited else None


@dataclass(frozen=True)
class DisagreementRow:
    code: str
    statement: str
    ours: str
    partner: str
    gap: int


@dataclass(frozen=True)
class SharedComments:
    """The comments shared anonymously on one statement by people of a shown side, in no person's order."""

    side_name: str
    statement: str
    comments: tuple[str, ...]


@dataclass(frozen=True)
class RoundResultPage:
    round: Round
    minimum: int
    sides: tuple[SidePanel, ...]
    overall_shown: bool
    stage: int | None
    stage_name: str
    scope_sentence: str | None
    verdict_sentence: str | None
    disagreements: tuple[DisagreementRow, ...]
    radar: dict | None
    radar_table: Table | None
    comments: tuple[SharedComments, ...]

    @property
    def stage_reasons(self) -> tuple[str, ...]:
        """Why the round stands where it does: the reasons of the lowest shown side (its stage is the round's)."""
        return next((s.reasons for s in self.sides if s.shown and s.stage == self.stage), ())


def build(
    held: Round,
    *,
    viewer_side: str | None,
    invited: Mapping[str, int],
    statements: Mapping[str, str],
    shared: Iterable[tuple[str, str, str]],
) -> RoundResultPage:
    """The page of a closed survey for a viewer who responded on `viewer_side` (None: did not respond).

    `invited` counts the respondents invited per side; `statements` gives the item codes' wording;
    `shared` holds (side, item code, comment) for each comment shared anonymously.
    """
    disclosure = combining.disclose(round_results.read(held.result), viewer_side=viewer_side)
    names = charts.side_names()
    sides = tuple(
        SidePanel(
            side=view.side,
            name=names[view.side],
            respondents=view.respondents,
            invited=invited.get(view.side, 0),
            qualifies=view.qualifies,
            shown=view.shown,
            stage=view.result.stage if view.result else None,
            stage_name=view.result.stage_name if view.result else "",
            reasons=tuple(reasons.sentences(view.result)) if view.result else (),
            band=str(BAND_WORDS[view.band]) if view.band else None,
            withheld=round_wording.withheld_sentence(view.side, view.withheld) if view.withheld else None,
        )
        for view in disclosure.sides
    )
    shown_sides = {s.side for s in sides if s.shown}
    stage_name = next((s.stage_name for s in sides if s.shown and s.stage == disclosure.stage), "")
    return RoundResultPage(
        round=held,
        minimum=disclosure.minimum,
        sides=sides,
        overall_shown=disclosure.overall_shown,
        stage=disclosure.stage,
        stage_name=stage_name,
        scope_sentence=(
            round_wording.scope_sentence(disclosure.scope, withheld=any(s.withheld for s in sides))
            if disclosure.scope
            else None
        ),
        verdict_sentence=(
            round_wording.sides_differ_sentence(asdict(disclosure.sides_differ)) if disclosure.sides_differ else None
        ),
        disagreements=tuple(
            DisagreementRow(
                d.code,
                statements.get(d.code, d.code),
                f"{d.ours} · {scale.label(d.ours)}",
                f"{d.partner} · {scale.label(d.partner)}",
                d.gap,
            )
            for d in disclosure.disagreements
        ),
        radar=charts.sides_radar(disclosure),
        radar_table=charts.sides_radar_table(disclosure),
        comments=_comments(shared, shown_sides, statements, names),
    )


def _comments(shared, shown_sides, statements, names) -> tuple[SharedComments, ...]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for side, code, comment in shared:
        if side in shown_sides and comment.strip():
            grouped.setdefault((side, code), []).append(comment)
    order = {code: n for n, code in enumerate(statements)}

    def place(key):
        side, code = key
        return combining.SIDES.index(side), order.get(code, len(order))

    # Each statement's comments sorted by their text, so nothing in their order points to who wrote them.
    return tuple(
        SharedComments(names[side], statements.get(code, code), tuple(sorted(grouped[side, code])))
        for side, code in sorted(grouped, key=place)
    )
