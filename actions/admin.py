"""Action plans in the admin: actions with their history, and the reminders sent (read-only)."""

from django.contrib import admin

from assessments.admin.history import HistoryAdmin

from .models import Action, ActionReminder, OverdueReminder


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    """Actions with their history, read as the criteria's is (dates, choice labels), scrolling in its box on a phone."""

    list_display = ("title", "alliance", "status", "due_date", "owner_user", "owner_name")
    list_filter = ("status", "source")
    search_fields = ("title", "alliance__name", "owner_name")
    list_select_related = ("alliance", "owner_user")
    raw_id_fields = ("alliance", "owner_user", "created_by", "source_assessment")
    # Set by the app when an action is made, changed or done: read, not typed (nor a date-and-time pair to label).
    readonly_fields = ("done_at", "created_at", "updated_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: what was sent stays as it was sent."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActionReminder)
class ActionReminderAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "action", "state", "due_date", "sent_on")
    list_select_related = ("action",)


@admin.register(OverdueReminder)
class OverdueReminderAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "alliance", "since_assessment", "sent_on")
    list_select_related = ("alliance",)
