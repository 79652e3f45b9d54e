"""Alliances and assessments, for superusers. Assessments are history: shown here, never added or edited.

Managers create and answer assessments in the app, and a submitted result never changes. So the admin
offers no add or change of an assessment at all (a half-edited one could also break the rule that a
result exists exactly when the assessment is submitted). It may delete a draft, for instance one left
behind by a manager who has gone, but never a submitted assessment, not even by deleting its alliance.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..forms import started_by
from ..models import Alliance, Answer, Assessment, Round
from ..stage_labels import stage_label
from .deleting import KeepingDelete

KEPT_SUBMITTED = ngettext_lazy(
    "%(count)d submitted assessment kept: submitted results are history and are never deleted.",
    "%(count)d submitted assessments kept: submitted results are history and are never deleted.",
    "count",
)
NO_DRAFT_SELECTED = _("Only drafts can be deleted, and none was selected.")


class AllianceAdminForm(forms.ModelForm):
    """The admin's alliance form keeps the app's rules: an alliance starts by today and by its first assessment."""

    def clean_start_date(self):
        return started_by(self.cleaned_data["start_date"], timezone.localdate(), self.instance)


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    form = AllianceAdminForm
    list_display = ["name", "partner", "business_unit", "alliance_type", "region", "owner", "start_date"]
    list_filter = ["business_unit", "alliance_type", "region", "owner"]
    search_fields = ["name", "partner"]
    ordering = ["name"]
    list_select_related = ["owner"]

    def get_deleted_objects(self, objs, request):
        """An alliance with submitted assessments cannot be deleted; the page names them as the reason."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        submitted = Assessment.objects.filter(alliance__in=objs, status=Assessment.Status.SUBMITTED)
        kept = [str(assessment) for assessment in submitted.select_related("alliance")]
        if kept and request.user.has_perm("assessments.delete_assessment"):
            # Say why: the assessments are protected, not beyond this user's permissions.
            perms_needed.discard(Assessment._meta.verbose_name)
            perms_needed.discard(Round._meta.verbose_name)  # the rounds holding them
        if Assessment.objects.filter(alliance__in=objs, invitee__isnull=False).exists():
            # A survey's answers are no one's to read, not even on the way out: the summary keeps their count.
            deleted = without_answers(deleted)
        return deleted, counts, perms_needed, [*protected, *kept]


ANSWER_LINE = f"{capfirst(Answer._meta.verbose_name)}: "


def without_answers(deleted: list) -> list:
    """A deletion summary (nested lists of lines) without its answers' lines, which name each answer's value."""
    return [without_answers(line) if isinstance(line, list) else line for line in deleted if not _answer(line)]


def _answer(line) -> bool:
    return isinstance(line, str) and strip_tags(line).startswith(str(ANSWER_LINE))


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["item", "value", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(KeepingDelete, admin.ModelAdmin):
    """Self-assessments and surveys' combined results; a survey's individual responses are not here at all."""

    list_display = ["alliance", "version", "respondent", "status", "stage", "submitted_at"]
    list_filter = ["status", "stage", "questionnaire"]
    search_fields = ["alliance__name", "alliance__partner", "respondent__username"]
    ordering = ["-submitted_at"]
    list_select_related = ["alliance", "questionnaire", "respondent"]
    fields = [
        "alliance",
        "questionnaire",
        "respondent",
        "status",
        "verdict",
        "created_at",
        "submitted_at",
        "last_section",
        "result_page",
    ]
    readonly_fields = fields
    inlines = [AnswerInline]
    actions = ["delete_drafts"]

    def get_queryset(self, request):
        # No one reads another person's survey answers or comments, superusers included.
        return super().get_queryset(request).filter(invitee__isnull=True)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A survey response (handed in or not) has no result of its own: it goes with its alliance.
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status != Assessment.Status.SUBMITTED
        )

    def view_on_site(self, assessment):
        return None if assessment.is_draft else _result_url(assessment)

    @admin.action(description=_("Delete selected drafts (submitted assessments are kept)"), permissions=["delete"])
    def delete_drafts(self, request, queryset):
        submitted = queryset.filter(status=Assessment.Status.SUBMITTED)
        count = submitted.count()
        kept = KEPT_SUBMITTED % {"count": count} if count else ""
        return self.delete_all_but(request, queryset, submitted, kept, NO_DRAFT_SELECTED)

    @admin.display(description=_("version"), ordering="questionnaire__version")
    def version(self, assessment):
        return f"v{assessment.questionnaire.version}"

    @admin.display(description=_("stage"))
    def verdict(self, assessment):
        if assessment.stage is None:
            return ""
        return f"{stage_label(assessment.stage)}: {assessment.stored_result.stage_name}"

    @admin.display(description=_("result"))
    def result_page(self, assessment):
        if assessment.is_draft:
            return _("None until the assessment is submitted.")
        return format_html(
            '<a href="{}">{}</a>', _result_url(assessment), _("The result page, as managers and executives see it")
        )


def _result_url(assessment) -> str:
    if assessment.round.is_survey:
        return reverse("round-result", args=[assessment.round_id])
    return reverse("assessment-result", args=[assessment.pk])
