"""Deleting part of a selection in the admin: what must stay is kept, and one line says so.

Django's own "delete selected" would list every protected row (each answer of a version in use,
say) as the reason nothing can go, and speak of missing permissions.
"""

from django.contrib import messages
from django.contrib.admin.actions import delete_selected


class KeepingDelete:
    """For a ModelAdmin: drops "delete selected", and gives its own actions `delete_all_but`."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_all_but(self, request, queryset, kept, kept_message: str, nothing_left: str):
        """Delete the selection but `kept`, after Django's confirmation; `kept_message` (if any) says what stays."""
        if kept_message:
            self.message_user(request, kept_message, messages.WARNING)
        rest = queryset.exclude(pk__in=kept)
        if not rest.exists():
            self.message_user(request, nothing_left, messages.ERROR)
            return None
        return delete_selected(self, request, rest)
