"""Managers' alliances: the list, one alliance's page, and the form to create or edit one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, round_list, surveys
from ..charts import history
from ..forms import AllianceForm
from ..models import Alliance, Assessment, Round

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
    # A survey past its deadline closes first (with its result), so the page never shows it open.
    alliance_rounds = list(alliance.rounds.all())
    for held in alliance_rounds:
        surveys.close_if_due(held, now=timezone.now())
    # Submitted assessments (the history), and the open self-assessment's draft, in one query; a survey's
    # responses are never listed, not even their state.
    listed = alliance.assessments.filter(
        Q(status=Assessment.Status.SUBMITTED)
        | Q(status=Assessment.Status.DRAFT, round__kind=Round.Kind.SELF, round__closed_at__isnull=True)
    )
    listed = sorted(listed, key=lambda a: (a.submitted_at is not None, a.submitted_at or a.created_at, a.pk))
    submitted = [a for a in listed if a.submitted_at]
    drafts = [a for a in listed if a.is_draft]
    for draft in drafts:
        draft.alliance = alliance
    every_round = alliance_rounds
    hidden = access.results_hidden_from(request.user, every_round)
    rounds = round_list.round_rows(every_round, submitted, drafts, hidden)
    shown = [a for a in submitted if a.round_id not in hidden]
    snapshots = [history.Snapshot(timezone.localdate(a.submitted_at), a.stored_result) for a in shown]
    return render(
        request,
        "alliances/detail.html",
        {
            "alliance": alliance,
            "rounds": rounds,
            "latest_hidden": bool(submitted) and submitted[-1].round_id in hidden,
            "survey_open": any(row.is_survey and row.state == "open" for row in rounds),
            "can_edit": access.can_edit_alliance(request.user, alliance),
            "answerable": {a.pk for a in drafts if access.can_answer(request.user, a)},
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
