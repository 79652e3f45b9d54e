"""Role checks for templates: `{% if user|is_manager %}`. The rules live in assessments/roles.py."""

from django import template

from .. import roles

register = template.Library()
register.filter("is_manager", roles.is_manager)
register.filter("is_executive", roles.is_executive)
