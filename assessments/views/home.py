from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import access


@login_required
def home(request):
    """Send each role where it works; a user with no role yet is told whom to ask."""
    if access.is_manager(request.user):
        return redirect("alliance-list")
    if access.is_executive(request.user):
        return redirect("dashboard")
    if access.works_in_admin_only(request.user):
        return redirect("admin:index")
    return render(
        request,
        "home.html",
        {"invitations": access.invitations_of(request.user, now=timezone.now()).select_related("round__alliance")},
    )
