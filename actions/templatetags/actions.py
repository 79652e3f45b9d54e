"""The action plan's parts of the alliance, result and dashboard pages, each drawn by one tag.

These pages' views belong to the assessments app; a tag here keeps the plan's queries and
wording in this app, and each of those templates to one line.
"""

from django import template
from django.utils import timezone

from assessments import access

from .. import outcomes
from ..pages import OnResult, Plan
from ..portfolio import summary

register = template.Library()


def _today():
    # The one place these parts read the clock; tests replace it.
    return timezone.localdate()


@register.inclusion_tag("actions/_plan.html", takes_context=True)
def action_plan(context, alliance):
    """The alliance's action plan, for its page."""
    return {"plan": Plan.for_alliance(alliance, context["request"].user, _today()), "alliance": alliance}


@register.inclusion_tag("actions/_result_actions.html", takes_context=True)
def result_actions(context, assessment, previous):
    """Did the actions done since the previous result work, and the plan as it stands, for a result's page."""
    return {
        "on_result": OnResult.for_assessment(assessment, previous, context["request"].user, _today()),
        "assessment": assessment,
        "IMPROVED": outcomes.IMPROVED,
        "NOT_IMPROVED": outcomes.NOT_IMPROVED,
    }


@register.inclusion_tag("actions/_dashboard.html", takes_context=True)
def dashboard_actions(context, form):
    """Open and overdue actions per business unit, and how many done ones worked, under the dashboard's filters.

    The actions stand as they are on the dashboard's today, whatever moment it shows the portfolio at.
    """
    filters, moment = form.selection()
    request = context["request"]
    return {"summary": summary(request.user, filters, moment, form.today), "query": request.GET.urlencode()}


@register.filter
def can_plan_for(user, alliance) -> bool:
    """Whether the user may make actions for the alliance (its manager)."""
    return access.can_plan_actions(user, alliance)
