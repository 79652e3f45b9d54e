"""Account pages that change Django's own: the password reset, limited per client address and per email address."""

import datetime as dt

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.rate_limits import Limit, count_request

RESET_LIMITED = _("Too many password reset requests. Try again after %(time)s.")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset form; past the limit it sends nothing and says when to try again (429)."""

    def form_valid(self, form):
        limit = Limit(
            scope="password-reset",
            count=settings.PASSWORD_RESET_LIMIT,
            window=dt.timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES),
        )
        # The same client address as the sign-in lockout's (the proxy's header behind BEHIND_TLS_PROXY).
        keys = [f"address:{get_client_ip_address(self.request)}", f"email:{form.cleaned_data['email'].lower()}"]
        try_again_at = count_request(limit, keys, now=timezone.now())
        if try_again_at is None:
            return super().form_valid(form)
        form.add_error(None, RESET_LIMITED % {"time": timezone.localtime(try_again_at).strftime("%H:%M %Z")})
        response = self.form_invalid(form)
        response.status_code = 429
        return response
