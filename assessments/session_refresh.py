"""Idle sessions: a signed-in session ends SESSION_COOKIE_AGE after its last renewal, renewed at most every few minutes.

Saving a session moves its expiry on; Django saves it only when it is modified. Marking it
modified on every request would write the session row on every autosave, so it is renewed only
when its last renewal is older than SESSION_REFRESH_MINUTES.
"""

import datetime as dt

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

RENEWED_KEY = "_renewed_at"


def renew_session(session: SessionBase, *, now: dt.datetime) -> bool:
    """Mark the session for saving (so its expiry starts again) if its last renewal is old enough; say whether."""
    renewed_at = session.get(RENEWED_KEY)
    if renewed_at is not None and now.timestamp() - renewed_at < settings.SESSION_REFRESH_MINUTES * 60:
        return False
    session[RENEWED_KEY] = int(now.timestamp())
    return True


def renew_on_sign_in(sender, request, user, **kwargs):
    """On Django's user_logged_in signal: the new session counts as just renewed."""
    renew_session(request.session, now=timezone.now())


class SessionRefreshMiddleware:
    """Renews a signed-in user's session, at most every SESSION_REFRESH_MINUTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            renew_session(request.session, now=timezone.now())
        return self.get_response(request)
