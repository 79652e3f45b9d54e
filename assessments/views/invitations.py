"""The pages of a personal link: the link itself, the invitee's first page, and their questionnaire.

The link `/r/<uid>/<token>/` leaves a signed cookie and redirects at once to `/r/<uid>/`, so the
token reaches no later request, log or Referer. Every page after it asks access.py whether the
cookie still holds a valid link for that invitee, after closing the round if its deadline has
passed; a refused link gets a plain page saying why, and nothing is saved. The questionnaire's
pages are the signed-in ones (views/questionnaire.py), routed by the invitee.
"""

import datetime as dt
import functools

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access, surveys
from ..invitations import LinkState
from ..models import Assessment, Respondent
from ..questionnaire import sections_of
from . import questionnaire
from .refusals import refusals_as_json

REFUSED = {
    LinkState.BROKEN: _(
        "This link does not open a questionnaire: it is incomplete or has been changed. Open the link exactly as"
        " it came in your invitation."
    ),
    LinkState.MISSING: _("To answer, open the personal link in your invitation again."),
    LinkState.FOREIGN: _("This page belongs to someone else's invitation. Open the personal link in your own."),
    LinkState.REVOKED: _("This link has been withdrawn by the alliance's manager, so it opens nothing now."),
    LinkState.CLOSED: _("This survey has closed, so answers can no longer be given or changed."),
}
NOTHING_SAVED = _("Nothing was saved.")

ROUTES_NAMES = {
    "section": "invitation-section",
    "answer": "invitation-answer",
    "review": "invitation-review",
    "submit": "invitation-submit",
    "handed_in": "invitation-start",
    "page_base": "invitations/base.html",
}


def routes(uid: str) -> questionnaire.Routes:
    return questionnaire.Routes(uid, **ROUTES_NAMES)


def refused(request, state: LinkState):
    """The plain page of a link that opens nothing now, with no navigation and nothing saved."""
    return render(
        request, "invitations/refused.html", {"message": REFUSED[state], "nothing_saved": NOTHING_SAVED}, status=403
    )


@require_GET
def link(request, uid, token):
    """The link in the mail: check it, leave its cookie, note the first visit, and move to an address without it."""
    now = timezone.now()
    respondent = access.invitee_named(uid)
    if respondent is not None:
        surveys.close_if_due(respondent.round, now=now)
    state = access.link_state(respondent, token, now=now)
    if state is not LinkState.VALID:
        return refused(request, state)
    Respondent.objects.filter(pk=respondent.pk, opened_at__isnull=True).update(opened_at=now)
    response = redirect("invitation-start", uid=uid)
    response.set_signed_cookie(
        access.INVITATION_COOKIE,
        access.cookie_value(uid, token),
        salt=access.INVITATION_COOKIE_SALT,
        max_age=dt.timedelta(days=settings.INVITATION_COOKIE_DAYS),
        path=f"/r/{uid}/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def link_required(view):
    """A page of a personal link: only for the holder of that invitee's valid link; the view gets the invitee."""

    @functools.wraps(view)
    def checked(request, uid, *args, **kwargs):
        now = timezone.now()
        respondent = access.invitee_named(uid)
        if respondent is not None:
            surveys.close_if_due(respondent.round, now=now)
        state = access.link_holder_state(request, respondent, uid, now=now)
        if state is not LinkState.VALID:
            return refused(request, state)
        return view(request, respondent, uid, *args, **kwargs)

    return checked


def _response(respondent: Respondent) -> Assessment | None:
    response = Assessment.objects.filter(invitee=respondent).first()
    if response is None:
        return None
    # Its invitee, round, alliance and questionnaire came with the invitee (access.invitee_named): not again.
    response.invitee = respondent
    survey = respondent.round
    if response.round_id == survey.pk:
        response.round = survey
    if response.alliance_id == survey.alliance_id:
        response.alliance = survey.alliance
    if response.questionnaire_id == survey.questionnaire_id:
        response.questionnaire = survey.questionnaire
    return response


@require_http_methods(["GET", "POST"])
@link_required
def start(request, respondent, uid):
    """The invitee's first page: whose alliance this is, who will see what, until when; posting it begins."""
    response = _response(respondent)
    if request.method == "POST":
        response = response or surveys.response_of(respondent)
        response.invitee = respondent
        sectioned = sections_of(response)
        current = sectioned.get(response.last_section) or sectioned.first()
        return redirect("invitation-section", uid=uid, slug=current.slug)
    return render(
        request,
        "invitations/start.html",
        {
            "respondent": respondent,
            "round": respondent.round,
            "alliance": respondent.round.alliance,
            "organisation": settings.ORGANISATION_NAME,
            "response": response,
            "uid": uid,
        },
    )


def _answering(view):
    """A questionnaire page of the link: the invitee's response, or the first page while none is begun."""

    @functools.wraps(view)
    def with_response(request, respondent, uid, *args, **kwargs):
        response = _response(respondent)
        if response is None:
            return redirect("invitation-start", uid=uid)
        return view(request, response, uid, *args, **kwargs)

    return with_response


@require_http_methods(["GET", "POST"])
@link_required
@_answering
def section(request, response, uid, slug):
    """One page of the invitee's questionnaire."""
    return questionnaire.section_page(request, response, slug, routes(uid))


@require_POST
@refusals_as_json
@link_required
@_answering
def answer(request, response, uid):
    """One answer as it is given, saved by the page's script."""
    return questionnaire.answer_reply(request, response)


@require_GET
@link_required
@_answering
def review(request, response, uid):
    """Every statement with the invitee's answer, before handing in."""
    return questionnaire.review_page(request, response, routes(uid))


@require_POST
@link_required
@_answering
def submit(request, response, uid):
    """Hand in the invitee's answers."""
    return questionnaire.hand_in(request, response, routes(uid))
