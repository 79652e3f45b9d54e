"""An alliance's action plan: make an action (by hand, or from a statement of a result), change one, export them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from assessments import access
from assessments.dashboard import exports as dashboard_exports
from assessments.dashboard.filters import FilterForm
from assessments.views.dashboard import _download
from assessments.views.refusals import refusals_as_messages

from . import exports, planning, sources
from .forms import ActionForm
from .models import Action
from .refusals import NOT_A_TARGET, ActionRefused

ACTION_CREATED = _("Action added to the plan.")
ACTION_SAVED = _("Action saved.")
FIX_THE_FORM = _("Nothing is saved yet: please correct the fields marked below.")


def _now():
    # The one place these pages read the clock; tests replace it.
    return timezone.now()


@login_required
@refusals_as_messages("alliance-detail")
def action_new(request, pk):
    """A new action of the alliance: by hand, or from a statement of one of its results (`assessment`, `code`)."""
    alliance = get_object_or_404(access.alliances_visible_to(request.user), pk=pk)
    if not access.can_plan_actions(request.user, alliance):
        raise PermissionDenied
    assessment, target = _target(request, alliance)
    form = ActionForm(_posted(request), alliance=alliance, initial={"owner_user": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            planning.create_action(
                alliance=alliance,
                by=request.user,
                now=_now(),
                statement_codes=[target.code] if target else [],
                principle=target.principle if target else None,
                source=target.kind if target else Action.Source.BY_HAND,
                source_assessment=assessment,
                **form.owner(),
                **form.changes(),
            )
        except ActionRefused as refusal:
            form.add_error(refusal.details["field"], refusal.message)
        else:
            messages.success(request, ACTION_CREATED)
            return redirect(f"{alliance.get_absolute_url()}#actions-heading")
    if request.method == "POST":
        messages.error(request, FIX_THE_FORM)
    target_kind = Action.Source(target.kind).label if target else ""
    context = {"form": form, "alliance": alliance, "target": target, "target_kind": target_kind}
    return render(request, "actions/form.html", context)


@login_required
def action_edit(request, pk):
    action = get_object_or_404(access.actions_visible_to(request.user).select_related("alliance"), pk=pk)
    if not access.can_plan_actions(request.user, action.alliance):
        raise PermissionDenied
    form = ActionForm(_posted(request), instance=action, alliance=action.alliance)
    if request.method == "POST" and form.is_valid():
        try:
            planning.change_action(action=action, by=request.user, now=_now(), **form.owner(), **form.changes())
        except ActionRefused as refusal:
            form.add_error(refusal.details["field"], refusal.message)
        else:
            messages.success(request, ACTION_SAVED)
            return redirect(action)
    if request.method == "POST":
        messages.error(request, FIX_THE_FORM)
    return render(request, "actions/form.html", {"form": form, "alliance": action.alliance, "action": action})


@access.executive_required
@require_GET
def actions_export(request, fmt):
    """The actions of the alliances the dashboard's filters select, as CSV or Excel."""
    form = FilterForm(request.GET, user=request.user, today=timezone.localdate(_now()))
    filters, moment = form.selection()
    actions = exports.actions_behind(request.user, filters, moment)
    return _download(
        fmt,
        exports.HEADER,
        lambda text: exports.action_rows(actions, moment.day, text),
        dashboard_exports.file_name("actions", form.chosen(), moment.day),
        str(_("Actions")),
    )


def _target(request, alliance):
    """The result and the statement on it an action starts from, if the URL names them; refuses one not on it."""
    assessment_id, code = request.GET.get("assessment"), request.GET.get("code")
    if not assessment_id:
        return None, None
    assessment = get_object_or_404(
        access.assessments_visible_to(request.user).filter(alliance=alliance, result__isnull=False),
        pk=assessment_id,
    )
    target = sources.target_in(assessment.stored_result, code or "")
    if target is None:
        raise ActionRefused(NOT_A_TARGET)
    return assessment, target


def _posted(request):
    return request.POST if request.method == "POST" else None
