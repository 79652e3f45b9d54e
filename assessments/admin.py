from django.contrib import admin

from .models import Alliance, Answer, Assessment, Commitment, Item, Pattern, Principle, Questionnaire, Stage


class PatternInline(admin.TabularInline):
    model = Pattern
    extra = 0
    fields = ["number", "name", "short_name", "description"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "title", "symptomatic", "pattern_count"]
    list_filter = ["symptomatic"]
    search_fields = ["name", "title", "summary"]
    ordering = ["number"]
    inlines = [PatternInline]

    @admin.display(description="patterns")
    def pattern_count(self, stage):
        return stage.patterns.count()


@admin.register(Pattern)
class PatternAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "stage"]
    list_filter = ["stage"]
    search_fields = ["name", "short_name"]
    ordering = ["stage__number", "number"]
    list_select_related = ["stage"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "statement", "commitments__text"]
    ordering = ["number"]
    inlines = [CommitmentInline]


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["order", "code", "statement", "help_text", "weight", "pattern", "principle", "commitment"]
    ordering = ["order", "code"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "status", "published_at", "item_count"]
    list_filter = ["status"]
    search_fields = ["title"]
    ordering = ["-version"]
    inlines = [ItemInline]

    @admin.display(description="items")
    def item_count(self, questionnaire):
        return questionnaire.items.count()


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "statement", "questionnaire", "pattern", "principle", "weight", "order"]
    list_filter = ["questionnaire", "pattern__stage", "pattern", "principle"]
    search_fields = ["code", "statement", "help_text"]
    ordering = ["questionnaire", "order"]
    list_select_related = ["questionnaire", "pattern__stage", "principle"]


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
