"""The admin's history pages: a record's kept reason worded in the reader's language (history_reasons.py)."""

from django import template

from ..history_reasons import worded

register = template.Library()
register.filter("reason", worded)
