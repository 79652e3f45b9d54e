from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .. import roles


@login_required
def home(request):
    """Send each role where it works; a user with no role yet is told whom to ask."""
    if roles.is_manager(request.user):
        return redirect("alliance-list")
    if roles.is_executive(request.user):
        return redirect("dashboard")
    if request.user.is_staff:
        # Staff without an app role (criteria editors) work in the admin only.
        return redirect("admin:index")
    return render(request, "home.html")
