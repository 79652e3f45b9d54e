"""The one place a refusal (`assessments.refusals`) becomes a response: JSON for scripts, a message for pages."""

import functools

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from ..refusals import AssessmentSubmitted, Refusal

# A refusal's HTTP status by kind; any other refusal is a bad request (400).
STATUSES = {AssessmentSubmitted: 409}


def status_of(refusal: Refusal) -> int:
    """The HTTP status saying what kind of refusal this is: the nearest kind listed, else 400."""
    return next((STATUSES[kind] for kind in type(refusal).__mro__ if kind in STATUSES), 400)


def json_refusal(refusal: Refusal) -> JsonResponse:
    """The refusal as the questionnaire's script reads it: the sentence to show, with its status."""
    return JsonResponse({"error": str(refusal.message)}, status=status_of(refusal))


def refusals_as_json(view):
    """Let a view that answers a script raise a refusal; the script gets it as JSON."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refusal as refusal:
            return json_refusal(refusal)

    return wrapped


def refusals_as_messages(destination: str):
    """Let a page raise a refusal: the person is sent to `destination` (a URL name, same arguments), told why."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Refusal as refusal:
                messages.error(request, refusal.message)
                return redirect(destination, *args, **kwargs)

        return wrapped

    return decorator
