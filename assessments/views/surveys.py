"""The manager's round page: open a survey, follow who has answered (never what), remind, extend, revoke,
add people, copy a link, close. And a signed-in invitee's way into their own response."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import access, invitation_mail, surveys
from ..refusals import Refusal
from ..round_status import round_status
from ..survey_forms import DeadlineForm, PeopleForm, SurveyForm, deadline_at

SURVEY_OPENED = _("Survey opened: the invitations are on their way.")
PEOPLE_ADDED = _("Invited: their mails are on their way.")
NONE_TO_REMIND = _("No one to remind today: everyone has handed in or was reminded today already.")
DEADLINE_MOVED = _("Deadline moved; the links already sent keep working.")
LINK_REVOKED = _("Link revoked: it opens nothing now, and this person's answers are left out.")
ROUND_CLOSED = _("Round closed.")
FIX_THE_FORM = _("Nothing is saved yet: please correct the fields marked below.")


def managed_round(view):
    """A page of one round: its alliance's owner only; another who may see the alliance gets a 403, anyone else a 404.

    A survey past its deadline is closed first, so the page never shows it open.
    """

    @functools.wraps(view)
    @login_required
    def checked(request, pk, *args, **kwargs):
        survey = get_object_or_404(
            access.rounds_visible_to(request.user).select_related("alliance", "questionnaire"), pk=pk
        )
        if not access.can_manage_round(request.user, survey):
            raise PermissionDenied
        surveys.close_if_due(survey, now=timezone.now())
        return view(request, survey, *args, **kwargs)

    return checked


def _refused_to_page(view):
    """A survey change refused (a closed round, an address invited twice): back to the round page, told why."""

    @functools.wraps(view)
    def wrapped(request, survey, *args, **kwargs):
        try:
            return view(request, survey, *args, **kwargs)
        except Refusal as refusal:
            messages.error(request, refusal.message)
            return redirect("round-detail", pk=survey.pk)

    return wrapped


@login_required
@require_http_methods(["GET", "POST"])
def open_survey(request, pk):
    """Open a survey of one of your alliances: a deadline and the people to ask on each side."""
    alliance = get_object_or_404(access.alliances_visible_to(request.user), pk=pk)
    if not access.can_edit_alliance(request.user, alliance):
        raise PermissionDenied
    form = SurveyForm(request.POST if request.method == "POST" else None, manager=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = surveys.open_survey(
                    alliance=alliance,
                    opened_by=request.user,
                    deadline=deadline_at(form.cleaned_data["deadline"]),
                    people=form.people(),
                    now=timezone.now(),
                )
            except Refusal as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, SURVEY_OPENED)
                return redirect("round-detail", pk=survey.pk)
        messages.error(request, FIX_THE_FORM)
    return render(request, "rounds/open.html", {"alliance": alliance, "form": form})


def _page(request, survey, **extra):
    context = {
        "round": survey,
        "alliance": survey.alliance,
        "status": round_status(survey),
        "people_form": PeopleForm(),
        "deadline_form": DeadlineForm(),
        **extra,
    }
    return render(request, "rounds/detail.html", context, status=400 if extra.get("invalid") else 200)


@managed_round
def round_page(request, survey):
    """Each invitee's state (never their answers), the response per side, and what the manager can do."""
    return _page(request, survey)


@require_POST
@managed_round
@_refused_to_page
def add_people(request, survey):
    form = PeopleForm(request.POST, manager=request.user)
    if not form.is_valid():
        return _page(request, survey, people_form=form, invalid=True)
    surveys.invite(survey=survey, people=form.people(), now=timezone.now())
    messages.success(request, PEOPLE_ADDED)
    return redirect("round-detail", pk=survey.pk)


@require_POST
@managed_round
@_refused_to_page
def remind(request, survey):
    count = surveys.remind(survey=survey, now=timezone.now())
    reminded = ngettext(
        "Reminder sent to %(count)d person who has not handed in.",
        "Reminders sent to %(count)d people who have not handed in.",
        count,
    )
    messages.info(request, reminded % {"count": count} if count else NONE_TO_REMIND)
    return redirect("round-detail", pk=survey.pk)


@require_POST
@managed_round
@_refused_to_page
def extend_deadline(request, survey):
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        return _page(request, survey, deadline_form=form, invalid=True)
    surveys.extend_deadline(survey=survey, deadline=deadline_at(form.cleaned_data["deadline"]), now=timezone.now())
    messages.success(request, DEADLINE_MOVED)
    return redirect("round-detail", pk=survey.pk)


@require_POST
@managed_round
@_refused_to_page
def revoke(request, survey, respondent):
    invitee = get_object_or_404(survey.respondents, pk=respondent)
    surveys.revoke(respondent=invitee, now=timezone.now())
    messages.success(request, LINK_REVOKED)
    return redirect("round-detail", pk=survey.pk)


@require_POST
@managed_round
def copy_link(request, survey, respondent):
    """The round page again, with one invitee's personal link shown to copy (in the page, never in an address)."""
    invitee = get_object_or_404(survey.respondents.filter(revoked_at__isnull=True), pk=respondent)
    if not survey.is_open:
        return redirect("round-detail", pk=survey.pk)
    return _page(request, survey, link_for=invitee, link=invitation_mail.personal_link(invitee, now=timezone.now()))


@require_http_methods(["GET", "POST"])
@managed_round
@_refused_to_page
def close(request, survey):
    """GET: what closing will do (warned when no side would be shown, or a side would be withheld); POST: close."""
    if request.method == "GET":
        if not survey.is_open:
            return redirect("round-detail", pk=survey.pk)
        return render(
            request, "rounds/close.html", {"round": survey, "status": round_status(survey, before_closing=True)}
        )
    surveys.close_survey(survey=survey, now=timezone.now())
    messages.success(request, ROUND_CLOSED)
    return redirect("round-detail", pk=survey.pk)


@login_required
@require_POST
def answer_signed_in(request, pk):
    """A signed-in invitee begins (or carries on with) their response to an open survey."""
    invitee = get_object_or_404(access.invitations_of(request.user, now=timezone.now()).select_related("round"), pk=pk)
    response = surveys.response_of(invitee)
    return redirect(reverse("assessment-resume", args=[response.pk]))
