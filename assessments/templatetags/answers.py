"""How answers and stages read in templates: `{{ answer.value|answer_label }}`, `{{ 2|roman }}`."""

from django import template

from .. import scale
from ..scoring import ROMAN_NUMERALS

register = template.Library()


@register.filter
def answer_label(value: int | None) -> str:
    """The words of a stored answer; None reads as "don't know"."""
    return scale.label(value)


@register.filter
def roman(number: int) -> str:
    return ROMAN_NUMERALS.get(number, str(number))
