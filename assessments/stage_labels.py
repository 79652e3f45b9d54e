"""How a stage is named wherever a person reads it ("Stage II"), in one place; the numerals are scoring's."""

from django.utils.functional import lazy
from django.utils.translation import gettext

from .scoring import ROMAN_NUMERALS


def numeral(number: int) -> str:
    """A stage's roman numeral ("II"); the number itself for what is not a stage."""
    return ROMAN_NUMERALS.get(number, str(number))


def stage_label(number: int) -> str:
    """ "Stage II", in the language of the request."""
    return gettext("Stage %(numeral)s") % {"numeral": numeral(number)}


# For module constants, read in the language of whoever reads them.
stage_label_lazy = lazy(stage_label, str)
