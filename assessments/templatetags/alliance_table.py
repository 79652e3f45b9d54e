"""The dashboard table's cells that each row draws twice (once for phones, once for wider screens): `{% trend %}`
and `{% last_assessed %}`, drawn in Python as `stage_badge` is, rather than by a template included per cell."""

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..dashboard.exports import trend_label

register = template.Library()


@register.simple_tag
def trend(change: int | None):
    """Up, down or the same since the assessment before, with an arrow; a dash when there is none."""
    if change is None:
        return format_html(
            '<span class="text-body-secondary">—<span class="visually-hidden">{}</span></span>',
            _("no earlier assessment"),
        )
    colour, arrow = ("success", "↑") if change > 0 else ("danger", "↓") if change < 0 else ("body-secondary", "→")
    return format_html(
        '<span class="text-{}"><span aria-hidden="true">{}</span> {}</span>', colour, arrow, trend_label(change)
    )


@register.simple_tag
def last_assessed(row, stacked: bool = False):
    """When the row's alliance was last assessed (or never), and its Overdue or New badge; `stacked` puts the badge
    on a line of its own."""
    if row.last_assessed:
        local = timezone.localtime(row.last_assessed)
        when = format_html('<time datetime="{}">{}</time>', local.isoformat(), formats.date_format(local, "j M Y"))
    else:
        when = format_html('<span class="text-body-secondary">{}</span>', _("Never"))
    if not (row.stale or row.new):
        return when
    colour, words = ("danger", _("Overdue")) if row.stale else ("info", _("New"))
    between = mark_safe("<br>") if stacked else " "  # noqa: S308 -- a constant tag
    return format_html('{}{}<span class="badge text-bg-{}">{}</span>', when, between, colour, words)
