"""How a stage looks everywhere: `{% stage_badge number %}` and the `stage_colour` filter.

The colours come from charts/style.py, so badges and charts show Stage I, II and III alike.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..charts.style import NOT_ASSESSED_BADGE, STAGE_BADGES
from ..scoring import ROMAN_NUMERALS
from ..stage_labels import stage_label

register = template.Library()


@register.filter
def stage_colour(number) -> str:
    """The Bootstrap colour name of a stage (`text-bg-{{ stage|stage_colour }}`); "secondary" when unknown."""
    return STAGE_BADGES.get(number, NOT_ASSESSED_BADGE)


@register.simple_tag
def stage_badge(number, name=""):
    """A badge reading "Stage II" (and the stage's name when given); "Not assessed" when there is no stage."""
    if number not in ROMAN_NUMERALS:
        return format_html('<span class="badge text-bg-{}">{}</span>', NOT_ASSESSED_BADGE, _("Not assessed"))
    label = stage_label(number) + (f" · {name}" if name else "")
    return format_html('<span class="badge text-bg-{}">{}</span>', STAGE_BADGES[number], label)
