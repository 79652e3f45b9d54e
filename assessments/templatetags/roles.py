"""Role checks for templates: `{% if user|is_manager %}`. The rules live in assessments/access.py."""

from django import template

from .. import access

register = template.Library()
register.filter("is_manager", access.is_manager)
register.filter("is_executive", access.is_executive)
