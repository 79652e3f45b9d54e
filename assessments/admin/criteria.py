"""Stages with their patterns, principles with their commitments. Every change keeps a history."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Commitment, Pattern, Principle, Stage
from .history import HistoryAdmin
from .inlines import NamedRowsInline


class PatternInline(NamedRowsInline):
    model = Pattern
    extra = 0
    fields = ["number", "name", "short_name", "topic", "description"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("stage")  # a row's code names its stage

    def row_name(self, pattern):
        return pattern.code


@admin.register(Stage)
class StageAdmin(HistoryAdmin):
    list_display = ["number", "name", "title", "symptomatic", "pattern_count"]
    list_filter = ["symptomatic"]
    search_fields = ["name", "title", "summary"]
    ordering = ["number"]
    inlines = [PatternInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pattern_total=Count("patterns"))

    @admin.display(description=_("patterns"), ordering="pattern_total")
    def pattern_count(self, stage):
        return stage.pattern_total


@admin.register(Pattern)
class PatternAdmin(HistoryAdmin):
    list_display = ["code", "name", "short_name", "topic", "stage"]
    list_display_links = ["code", "name"]
    list_filter = ["stage"]
    search_fields = ["name", "short_name", "description"]
    ordering = ["stage__number", "number"]
    list_select_related = ["stage"]

    @admin.display(description=_("code"), ordering="stage__number")
    def code(self, pattern):
        return pattern.code


class CommitmentInline(NamedRowsInline):
    model = Commitment
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("principle")  # a row's name gives its principle

    def row_name(self, commitment):
        return f"{commitment.principle.number}.{commitment.number}"


@admin.register(Principle)
class PrincipleAdmin(HistoryAdmin):
    list_display = ["number", "name", "commitment_count"]
    list_display_links = ["number", "name"]
    search_fields = ["name", "statement", "commitments__text"]
    ordering = ["number"]
    inlines = [CommitmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commitment_total=Count("commitments"))

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, principle):
        return principle.commitment_total


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    """Commitments are edited under their principle; this list finds one and shows its history."""

    list_display = ["__str__", "principle"]
    list_filter = ["principle"]
    search_fields = ["text"]
    ordering = ["principle__number", "number"]
    list_select_related = ["principle"]
