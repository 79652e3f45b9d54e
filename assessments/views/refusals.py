"""The one place a refusal (`assessments.refusals`) becomes a response: JSON for scripts, a message for pages."""

import functools

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from ..refusals import AssessmentSubmitted, Refusal, StaleAnswers

# A refusal's HTTP status by kind; any other refusal is a bad request (400).
STATUSES = {AssessmentSubmitted: 409, StaleAnswers: 409}
# Kinds whose details the script needs (a stale answer's stored state, to show it).
DETAILS_SENT = (StaleAnswers,)


def status_of(refusal: Refusal) -> int:
    """The HTTP status saying what kind of refusal this is: the nearest kind listed, else 400."""
    return next((STATUSES[kind] for kind in type(refusal).__mro__ if kind in STATUSES), 400)


def json_refusal(refusal: Refusal) -> JsonResponse:
    """The refusal as the questionnaire's script reads it: the sentence to show, with its status."""
    body = {"error": str(refusal.message)}
    if isinstance(refusal, DETAILS_SENT):
        body["details"] = refusal.details
    return JsonResponse(body, status=status_of(refusal))


def refusals_as_json(view):
    """Let a view that answers a script raise a refusal; the script gets it as JSON."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refusal as refusal:
            return json_refusal(refusal)

    return wrapped


def refusals_as_messages(destination: str, *, same_arguments: bool = True):
    """Let a page raise a refusal: the person is sent to `destination` (a URL name), told why.

    The destination takes the view's own arguments, or none (`same_arguments=False`).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Refusal as refusal:
                messages.error(request, refusal.message)
                return redirect(destination, *args, **kwargs) if same_arguments else redirect(destination)

        return wrapped

    return decorator
