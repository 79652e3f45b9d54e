"""Managers' alliances: the list, one alliance's page, and the form to create or edit one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, surveys
from ..charts import history
from ..forms import AllianceForm
from ..models import Alliance, Round

ALLIANCE_CREATED = _("Alliance created.")
ALLIANCE_SAVED = _("Changes saved.")
FIX_THE_FORM = _("Nothing is saved yet: please correct the fields marked below.")


@login_required
def alliance_list(request):
    alliances = list(
        access.alliances_visible_to(request.user).with_standing().with_draft_under_way().select_related("owner")
    )
    today = timezone.localdate()
    return render(
        request,
        "alliances/list.html",
        {
            "alliances": alliances,
            "overdue": {alliance.pk for alliance in alliances if alliance.is_overdue(today)},
            "shows_everyone": access.is_executive(request.user),
            "invitations": access.invitations_of(request.user, now=timezone.now()).select_related("round__alliance"),
            "can_create": access.can_create_alliance(request.user),
        },
    )


@login_required
def alliance_detail(request, pk):
    alliances = access.alliances_visible_to(request.user).with_standing().with_draft_under_way()
    alliance = get_object_or_404(alliances.select_related("owner"), pk=pk)
    can_edit = access.can_edit_alliance(request.user, alliance)
    surveys_run = list(alliance.rounds.filter(kind=Round.Kind.SURVEY)) if can_edit else []
    for survey in surveys_run:
        surveys.close_if_due(survey, now=timezone.now())
    # Drafts (not submitted yet) first, on every database; a survey's people's responses are theirs alone.
    own = alliance.assessments.filter(invitee__isnull=True)
    assessments = list(own.order_by(F("submitted_at").desc(nulls_first=True), "-created_at"))
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
            "can_edit": can_edit,
            "surveys": surveys_run,
            "answerable": {a.pk for a in assessments if access.can_answer(request.user, a)},
            **history.alliance_history(snapshots),
        },
    )


@access.manager_required
def alliance_create(request):
    form = _form(request, Alliance(owner=request.user))
    return _save_or_show(request, form, ALLIANCE_CREATED, {})


@login_required
def alliance_edit(request, pk):
    alliance = get_object_or_404(access.alliances_visible_to(request.user), pk=pk)
    if not access.can_edit_alliance(request.user, alliance):
        raise PermissionDenied
    # Taken before validation, which writes the typed values onto the instance.
    saved = {"alliance_name": alliance.name, "alliance_url": alliance.get_absolute_url()}
    form = _form(request, alliance)
    return _save_or_show(request, form, ALLIANCE_SAVED, saved)


def _save_or_show(request, form, done_message, context):
    if request.method == "POST":
        if form.is_valid():
            alliance = form.save()
            messages.success(request, done_message)
            return redirect(alliance)
        messages.error(request, FIX_THE_FORM)
    return render(request, "alliances/form.html", {"form": form, **context})


def _form(request, alliance):
    # Suggestions come from what the user may see; a typed label still takes the portfolio's spelling.
    suggested_from = access.alliances_visible_to(request.user)
    return AllianceForm(_posted(request), instance=alliance, today=timezone.localdate(), suggested_from=suggested_from)


def _posted(request):
    # Not `request.POST or None`: an empty POST must still be validated and refused.
    return request.POST if request.method == "POST" else None
