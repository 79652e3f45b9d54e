"""A database that stops answering (a restart, a failover) gives the questionnaire's autosave a
reply it can act on: JSON with status 503, which the page's script retries, instead of a 500 page
it would take for a lapsed session.

The failure can come before any view runs (the session is read in a middleware), so it is noted
where Django turns every uncaught exception into a response, and the reply is swapped here, in the
outermost middleware. The error is still logged as a server error.
"""

import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

NOT_SAVED_RETRYING = _("Not saved: the database is not answering for a moment. The page retries by itself.")
RETRY_AFTER_SECONDS = 2


def database_outage(get_response):
    """Answer a request that wants JSON with a 503 when the database failed it."""

    def middleware(request):
        response = get_response(request)
        if getattr(request, "database_failed", False) and _wants_json(request):
            return JsonResponse(
                {"error": str(NOT_SAVED_RETRYING)}, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
            )
        return response

    return middleware


@receiver(got_request_exception)
def _note_database_failure(sender, request=None, **kwargs):
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        request.database_failed = True


def _wants_json(request) -> bool:
    # A browser's page request accepts */* too; only a script asking for JSON first gets JSON.
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"
