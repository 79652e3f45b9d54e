"""The sentences a round's result is read in, composed from its codes and figures as a page is drawn.

`combining` stores codes and figures only, so a result reads in the language of whoever looks at it.
"""

import datetime as dt
from collections.abc import Mapping

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .combining import NO_SIDE, ONE_SIDE
from .models import Side
from .scoring import ROMAN_NUMERALS
from .withholding import PORTFOLIO_READER_AMONG_FEW, TOO_CLOSE_TO_EARLIER_ROUND, Withheld

SIDES_DIFFER = _(
    "Our side sees Stage %(ours)s; the partner's people see Stage %(partner)s: "
    "Stage %(stage)s evidence %(evidence_ours)s against %(evidence_partner)s."
)
NO_EVIDENCE = _("none")
SCOPES = {
    ONE_SIDE: _("This round measures one side only: too few people responded on the other."),
    NO_SIDE: _("Too few people responded on either side, so this round has no result."),
}
# The same, where a side reached the minimum but is withheld (its own sentence says why).
SCOPES_WITHHELD = {
    ONE_SIDE: _("This round measures one side only: the other is not shown, as said below."),
    NO_SIDE: _("No side of this round can be shown, as said below, so it has no result."),
}


def sides_differ_sentence(record: Mapping) -> str:
    """The sentence for a "sides_differ" record (`combining.SidesDiffer`, as stored)."""
    return str(SIDES_DIFFER) % {
        "ours": ROMAN_NUMERALS[record["ours"]],
        "partner": ROMAN_NUMERALS[record["partner"]],
        "stage": ROMAN_NUMERALS[record["stage"]],
        "evidence_ours": _evidence(record["evidence_ours"]),
        "evidence_partner": _evidence(record["evidence_partner"]),
    }


def withheld_sentence(side: str, withheld: Withheld) -> str:
    """Why a side that reached the privacy minimum is not shown (`withholding.Withheld`, as stored)."""
    name = capfirst(Side(side).label)
    if withheld.code == TOO_CLOSE_TO_EARLIER_ROUND:
        count = withheld.difference
        closed = timezone.localtime(dt.datetime.fromisoformat(withheld.earlier_closed_at))
        return ngettext(
            "%(side)s: not shown. %(count)d person joined or left since the round closed on %(day)s, so their "
            "answers could be worked out by difference.",
            "%(side)s: not shown. %(count)d people joined or left since the round closed on %(day)s, so their "
            "answers could be worked out by difference.",
            count,
        ) % {"side": name, "count": count, "day": date_format(closed, "j F Y")}
    if withheld.code == PORTFOLIO_READER_AMONG_FEW:
        count = withheld.respondents
        return ngettext(
            "%(side)s: not shown. %(count)d person responded, among them someone who reads the whole portfolio; "
            "with such a person among them, a side is shown from %(needed)d, so that the portfolio's figures "
            "keep the others' answers private from them.",
            "%(side)s: not shown. %(count)d people responded, among them someone who reads the whole portfolio; "
            "with such a person among them, a side is shown from %(needed)d, so that the portfolio's figures "
            "keep the others' answers private from them.",
            count,
        ) % {"side": name, "count": count, "needed": withheld.needed}
    raise ValueError(f"unknown withholding {withheld.code!r}")


def scope_sentence(scope: str, *, withheld: bool = False) -> str | None:
    """What a round measures, when it is not both sides; `withheld` when a side is withheld rather than too few."""
    sentence = (SCOPES_WITHHELD if withheld else SCOPES).get(scope)
    return None if sentence is None else str(sentence)


def _evidence(value: float | None) -> str:
    return str(NO_EVIDENCE) if value is None else f"{value:g}"
