"""Sign-in lockout on top of django-axes: a looser cap per client address, and the page a locked-out person sees.

Axes locks a (user name, address) pair after AXES_FAILURE_LIMIT failures. Someone trying many
user names from one address is stopped too, once the address has SIGN_IN_ADDRESS_FAILURE_LIMIT
failures whatever the names. Both last AXES_COOLOFF_TIME after the latest failure.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT_TEMPLATE = "registration/locked_out.html"


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, which also counts an address's recent failures across every user name."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair_failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            # Axes compares this count with the pair's limit: an address at its own cap is locked.
            return max(pair_failures, settings.AXES_FAILURE_LIMIT)
        return pair_failures


def address_failures(request: HttpRequest) -> int:
    """The failed sign-ins from the request's client address still within the cool-off, all user names together."""
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The sign-in page's lockout notice (429), saying when to try again.

    Every attempt during a lockout counts as a failure and starts the cool-off again, so the
    lockout ends at the latest one cool-off after this attempt (axes' time for it).
    """
    cool_off = get_cool_off(request)
    context = {"try_again_at": request.axes_attempt_time + cool_off, "minutes": int(cool_off.total_seconds() // 60)}
    return render(request, LOCKED_OUT_TEMPLATE, context, status=429)
