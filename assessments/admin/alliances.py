"""Alliances and assessments, for superusers. Submitted results are shown, never edited."""

from django.contrib import admin

from ..models import Alliance, Answer, Assessment


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "business_unit", "alliance_type", "region", "owner", "start_date"]
    list_filter = ["business_unit", "alliance_type", "region", "owner"]
    search_fields = ["name", "partner"]
    ordering = ["name"]
    list_select_related = ["owner"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["item", "value", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["alliance", "questionnaire", "respondent", "status", "stage", "submitted_at"]
    list_filter = ["status", "stage", "questionnaire"]
    search_fields = ["alliance__name", "alliance__partner", "respondent__username"]
    ordering = ["-submitted_at"]
    list_select_related = ["alliance", "questionnaire", "respondent"]
    readonly_fields = ["stage", "result", "submitted_at"]
    inlines = [AnswerInline]
