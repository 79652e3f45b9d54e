"""Managers' alliances: the list, one alliance's page, and the form to create or edit one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .. import roles
from ..charts import history
from ..forms import AllianceForm
from ..models import Alliance

ALLIANCE_CREATED = "Alliance created."
ALLIANCE_SAVED = "Changes saved."
FIX_THE_FORM = "Nothing is saved yet: please correct the fields marked below."


@login_required
def alliance_list(request):
    alliances = Alliance.objects.visible_to(request.user).with_latest_assessment().select_related("owner")
    return render(
        request,
        "alliances/list.html",
        {
            "alliances": alliances,
            "shows_everyone": roles.is_executive(request.user),
            "can_create": roles.is_manager(request.user),
        },
    )


@login_required
def alliance_detail(request, pk):
    alliances = Alliance.objects.visible_to(request.user).with_latest_assessment().select_related("owner")
    alliance = get_object_or_404(alliances, pk=pk)
    # Drafts (not submitted yet) first, on every database.
    assessments = list(alliance.assessments.order_by(F("submitted_at").desc(nulls_first=True), "-created_at"))
    snapshots = [
        history.Snapshot(timezone.localdate(a.submitted_at), a.stored_result)
        for a in reversed(assessments)
        if a.stored_result
    ]
    return render(
        request,
        "alliances/detail.html",
        {
            "alliance": alliance,
            "assessments": assessments,
            "can_edit": alliance.editable_by(request.user),
            **history.alliance_history(snapshots),
        },
    )


@login_required
def alliance_create(request):
    if not roles.is_manager(request.user):
        raise PermissionDenied
    form = AllianceForm(_posted(request), instance=Alliance(owner=request.user), today=timezone.localdate())
    return _save_or_show(request, form, ALLIANCE_CREATED, {})


@login_required
def alliance_edit(request, pk):
    alliance = get_object_or_404(Alliance.objects.visible_to(request.user), pk=pk)
    if not alliance.editable_by(request.user):
        raise PermissionDenied
    # Taken before validation, which writes the typed values onto the instance.
    saved = {"alliance_name": alliance.name, "alliance_url": alliance.get_absolute_url()}
    form = AllianceForm(_posted(request), instance=alliance, today=timezone.localdate())
    return _save_or_show(request, form, ALLIANCE_SAVED, saved)


def _save_or_show(request, form, done_message, context):
    if request.method == "POST":
        if form.is_valid():
            alliance = form.save()
            messages.success(request, done_message)
            return redirect(alliance)
        messages.error(request, FIX_THE_FORM)
    return render(request, "alliances/form.html", {"form": form, **context})


def _posted(request):
    # Not `request.POST or None`: an empty POST must still be validated and refused.
    return request.POST if request.method == "POST" else None
