from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DailyRun, Job


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the queue and run_daily write: people look, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["task_name", "state", "progress", "attempts_made", "requested_by", "created_at", "updated_at"]
    list_filter = ["state", "task_name"]
    list_select_related = ["requested_by"]
    search_fields = ["task_name", "last_error", "requested_by__username"]
    date_hierarchy = "created_at"

    @admin.display(description=_("progress"))
    def progress(self, job):
        if job.total is None:
            return "—"
        return _("%(done)s of %(total)s") % {"done": job.done, "total": job.total}

    @admin.display(description=_("attempts"), ordering="attempts")
    def attempts_made(self, job):
        return _("%(attempts)s of %(most)s") % {"attempts": job.attempts, "most": job.max_attempts}


@admin.register(DailyRun)
class DailyRunAdmin(ReadOnlyAdmin):
    list_display = ["day", "started_at", "results"]
