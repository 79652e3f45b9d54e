"""How answers and stages read in templates: `{{ answer.value|answer_label }}`, `{{ 2|roman }}`,
`{{ now|phrase:gap.answer }}`."""

from django import template

from .. import scale
from ..stage_labels import numeral

register = template.Library()


@register.filter
def answer_label(value: int | None) -> str:
    """The words of a stored answer; None reads as "don't know"."""
    return scale.label(value)


@register.filter
def phrase(phrases: dict, value: int | None) -> str:
    """An answer's words inside a sentence composed once for the page (`scale.phrases`)."""
    return phrases[value]


register.filter("roman", numeral)
