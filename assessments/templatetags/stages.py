"""How a stage looks everywhere: `{% stage_badge number %}` and the `stage_colour` filter.

One mapping so every page shows Stage I, II and III in the same colours.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..scoring import ROMAN_NUMERALS

register = template.Library()

STAGE_COLOURS = {1: "warning", 2: "primary", 3: "success"}


@register.filter
def stage_colour(number) -> str:
    """The Bootstrap colour name of a stage (`text-bg-{{ stage|stage_colour }}`); "secondary" when unknown."""
    return STAGE_COLOURS.get(number, "secondary")


@register.simple_tag
def stage_badge(number, name=""):
    """A badge reading "Stage II" (and the stage's name when given); "Not assessed" when there is no stage."""
    if number not in ROMAN_NUMERALS:
        return mark_safe('<span class="badge text-bg-light border">Not assessed</span>')
    label = f"Stage {ROMAN_NUMERALS[number]}" + (f" · {name}" if name else "")
    return format_html('<span class="badge text-bg-{}">{}</span>', STAGE_COLOURS[number], label)
