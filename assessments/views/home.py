from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from .. import roles


@login_required
def home(request):
    """Send each role where it works; a user with no role yet is told whom to ask."""
    if roles.is_manager(request.user):
        return redirect("alliance-list")
    if roles.is_executive(request.user):
        return redirect(_dashboard_or_alliances())
    if request.user.is_staff:
        # Staff without an app role (criteria editors) work in the admin only.
        return redirect("admin:index")
    return render(request, "home.html")


def _dashboard_or_alliances() -> str:
    # The executive dashboard arrives with issue 4; until it does, executives land on every alliance.
    try:
        return reverse("dashboard")
    except NoReverseMatch:
        return reverse("alliance-list")
