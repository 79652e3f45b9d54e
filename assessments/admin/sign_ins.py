"""Locked-out sign-ins in the admin: axes' failed attempts, with actions that unlock them."""

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AccessAttemptAdmin):
    """Failed sign-ins by user name and address; "unlock" forgets them, so the person may sign in again at once."""

    actions = [*AccessAttemptAdmin.actions, "unlock_pairs", "unlock_addresses"]

    @admin.action(description=_("Unlock the selected user names at their addresses"))
    def unlock_pairs(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, ip_address in pairs:
            AxesProxyHandler.reset_attempts(username=username, ip_address=ip_address)
        message = ngettext(
            "Unlocked %(count)d user name at its address.",
            "Unlocked %(count)d user names at their addresses.",
            len(pairs),
        )
        self.message_user(request, message % {"count": len(pairs)}, messages.SUCCESS)

    @admin.action(description=_("Unlock the selected addresses, for every user name"))
    def unlock_addresses(self, request, queryset):
        addresses = set(queryset.values_list("ip_address", flat=True))
        for ip_address in addresses:
            AxesProxyHandler.reset_attempts(ip_address=ip_address)
        message = ngettext("Unlocked %(count)d address.", "Unlocked %(count)d addresses.", len(addresses))
        self.message_user(request, message % {"count": len(addresses)}, messages.SUCCESS)
