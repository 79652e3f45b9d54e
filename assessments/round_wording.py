"""The sentences a round's result is read in, composed from its codes and figures as a page is drawn.

`combining` stores codes and figures only, so a result reads in the language of whoever looks at it.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from .combining import NO_SIDE, ONE_SIDE
from .scoring import ROMAN_NUMERALS

SIDES_DIFFER = _(
    "Our side sees Stage %(ours)s; the partner's people see Stage %(partner)s: "
    "Stage %(stage)s evidence %(evidence_ours)s against %(evidence_partner)s."
)
NO_EVIDENCE = _("none")
SCOPES = {
    ONE_SIDE: _("This round measures one side only: too few people responded on the other."),
    NO_SIDE: _("Too few people responded on either side, so this round has no result."),
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


def scope_sentence(scope: str) -> str | None:
    """What a round measures, when it is not both sides."""
    sentence = SCOPES.get(scope)
    return None if sentence is None else str(sentence)


def _evidence(value: float | None) -> str:
    return str(NO_EVIDENCE) if value is None else f"{value:g}"
