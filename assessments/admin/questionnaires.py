"""Questionnaire versions and their items: edit drafts, copy and publish (import, export, preview: pages.py).

The rules live in `versions`, `criteria_io` and the models; this module only wires them to the admin.
"""

import functools

from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import access, history_reasons, scoring, versions
from ..models import THRESHOLD_FIELDS, Assessment, Item, Pattern, Questionnaire
from . import pages
from .deleting import KeepingDelete
from .forms import PREVIEW_CONFIRM, PREVIEW_HEADING, ItemInlineForm, ItemInlineFormSet, QuestionnaireForm, shorten
from .history import HistoryAdmin
from .inlines import NamedRowsInline

COPIED = _("Version {draft} is a new draft copied from version {source}, with its {items} items.")
PUBLISHED = _("Version {version} is published; new assessments use it.")
NOT_PUBLISHED = _("Version {version} was not published. Mend these problems, then publish again:")
PUBLISH_ONE = _("Select exactly one draft to publish.")
IN_USE_KEPT = _("Kept {versions}: assessments use them, and their results need them.")
NOTHING_TO_DELETE = _("No version was deleted: only versions no assessment uses can be.")
THRESHOLDS_PREVIEWED = _(
    "Changing a threshold shows, before it is saved, which alliances would move stage. "
    "Results already submitted never change."
)
THRESHOLDS_FROZEN = _("Results already submitted never change.")
# The threshold preview names at most this many alliances, then says how many more would move.
MOVES_NAMED = 10
MOVE_LINE = _("{alliance}: Stage {before} → Stage {after}")
MORE_MOVES = ngettext_lazy("and %(count)d more", "and %(count)d more", "count")


class ItemChoicesMixin:
    """Dropdown labels name the stage and principle; fetch them with the rows, not one query per label."""

    related_for_labels = {"pattern": ["stage"], "commitment": ["principle"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.related_for_labels:
            kwargs["queryset"] = db_field.related_model.objects.select_related(*self.related_for_labels[db_field.name])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ItemInline(ItemChoicesMixin, NamedRowsInline):
    """Items under their questionnaire, in respondent order. A version in use shows them read-only."""

    model = Item
    form = ItemInlineForm
    formset = ItemInlineFormSet
    extra = 0
    ordering = ["order", "code"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pattern__stage", "principle", "commitment__principle")

    def row_name(self, item):
        return item.code

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Add/change/view icons beside three dropdowns on 74 rows crowd the table; criteria have their own pages.
        if isinstance(getattr(field, "widget", None), RelatedFieldWidgetWrapper):
            field.widget = field.widget.widget
        return field

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _in_use(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _in_use(obj)


def _in_use(questionnaire) -> bool:
    if questionnaire is None:
        return False
    # The admin's own queryset counts the assessments already; inline permissions ask once per row.
    total = getattr(questionnaire, "assessment_total", None)
    return questionnaire.is_in_use() if total is None else total > 0


def _count(model, **filters):
    """How many `model` rows point at each questionnaire, as a subquery (two joined counts would multiply)."""
    rows = model.objects.filter(**filters).order_by().values("questionnaire")
    return Coalesce(Subquery(rows.annotate(total=Count("pk")).values("total")), 0)


@admin.register(Questionnaire)
class QuestionnaireAdmin(KeepingDelete, HistoryAdmin):
    form = QuestionnaireForm
    change_form_template = "admin/assessments/questionnaire/change_form.html"
    change_list_template = "admin/assessments/questionnaire/change_list.html"
    list_display = ["version", "title", "status", "published_at", "item_count", "assessment_count"]
    list_display_links = ["version", "title"]
    list_filter = ["status"]
    search_fields = ["title"]
    ordering = ["-version"]
    inlines = [ItemInline]
    actions = ["copy_selected", "publish_selected", "delete_unused"]
    readonly_fields = ["status", "published_at", "in_use"]

    def get_fieldsets(self, request, obj=None):
        thresholds = (
            {"fields": THRESHOLD_FIELDS, "description": THRESHOLDS_FROZEN}
            if _in_use(obj)
            else {"fields": [*THRESHOLD_FIELDS, "previewed_thresholds"], "description": THRESHOLDS_PREVIEWED}
        )
        return [
            (None, {"fields": ["version", "title", "rules", "status", "published_at", "in_use"]}),
            (_("Scoring thresholds"), thresholds),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_total=_count(Item, questionnaire=OuterRef("pk")),
                assessment_total=_count(Assessment, questionnaire=OuterRef("pk")),
            )
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The item rows need the page's full width more than the menu beside them. New versions
        # come from a copy or an import, so the page offers no "Save and add another".
        context = {"is_nav_sidebar_enabled": False, "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, {**context, **(extra_context or {})})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        impact = context["adminform"].form.threshold_preview
        if impact is not None:
            context.update(threshold_preview(impact, access.alliances_visible_to(request.user)))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        frozen = ["version", "rules", *THRESHOLD_FIELDS] if _in_use(obj) else []
        return [*self.readonly_fields, *frozen]

    def get_changeform_initial_data(self, request):
        latest = Questionnaire.objects.order_by("-version").values_list("version", flat=True).first() or 0
        return {"version": latest + 1, **super().get_changeform_initial_data(request)}

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _in_use(obj)

    @admin.action(description=_("Delete selected versions (those in use are kept)"), permissions=["delete"])
    def delete_unused(self, request, queryset):
        in_use = queryset.filter(pk__in=Questionnaire.objects.in_use()).order_by("version")
        kept = IN_USE_KEPT.format(versions=", ".join(f"v{q.version}" for q in in_use)) if in_use else ""
        return self.delete_all_but(request, queryset, in_use, kept, NOTHING_TO_DELETE)

    def delete_view(self, request, object_id, extra_context=None):
        """A version in use has no delete page: its own page says why."""
        questionnaire = self.get_object(request, object_id)
        if questionnaire is not None and questionnaire.is_in_use():
            self.message_user(request, IN_USE_KEPT.format(versions=f"v{questionnaire.version}"), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:assessments_questionnaire_change", args=[questionnaire.pk]))
        return super().delete_view(request, object_id, extra_context)

    def revert_disabled(self, request, obj=None):
        # A version changes by editing a draft, publishing or copying it. A revert would bring back an old
        # status and publication date behind publishing's back, and not the items, which have their own history.
        return True

    @admin.display(description=_("items"), ordering="item_total")
    def item_count(self, questionnaire):
        return questionnaire.item_total

    @admin.display(description=_("assessments"), ordering="assessment_total")
    def assessment_count(self, questionnaire):
        return questionnaire.assessment_total

    @admin.display(description=_("in use"))
    def in_use(self, questionnaire):
        if not questionnaire.pk or not questionnaire.assessment_total:
            return _("No assessment uses this version yet: its items and thresholds can be edited.")
        return _(
            "{count} assessment(s) use this version: its items, version number and thresholds are frozen. "
            "Make a new draft from it to change them."
        ).format(count=questionnaire.assessment_total)

    @admin.action(description=_("New draft from this version"), permissions=["add"])
    def copy_selected(self, request, queryset):
        for questionnaire in queryset.order_by("version"):
            self._copy(request, questionnaire)

    @admin.action(
        description=_("Publish this draft (asks first; retires the published version)"), permissions=["change"]
    )
    def publish_selected(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(request, PUBLISH_ONE, messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:assessments_questionnaire_publish", args=[queryset[0].pk]))

    def response_change(self, request, obj):
        if "_copy" in request.POST and self.has_add_permission(request):
            draft = self._copy(request, obj)
            return HttpResponseRedirect(reverse("admin:assessments_questionnaire_change", args=[draft.pk]))
        if "_publish" in request.POST:
            return HttpResponseRedirect(reverse("admin:assessments_questionnaire_publish", args=[obj.pk]))
        return super().response_change(request, obj)

    def _copy(self, request, questionnaire):
        draft = versions.copy_questionnaire(questionnaire=questionnaire)
        message = COPIED.format(draft=draft.version, source=questionnaire.version, items=draft.items.count())
        self.message_user(request, message, messages.SUCCESS)
        return draft

    def publish(self, request, questionnaire):
        try:
            versions.publish_questionnaire(questionnaire=questionnaire, now=timezone.now())
        except versions.PublishRefused as error:
            heading = NOT_PUBLISHED.format(version=questionnaire.version)
            self.message_user(request, _listing(heading, error.problems), messages.ERROR)
            return
        self.message_user(request, PUBLISHED.format(version=questionnaire.version), messages.SUCCESS)

    def get_urls(self):
        def page(view):
            return self.admin_site.admin_view(functools.partial(view, self))

        return [
            path("import/", page(pages.import_criteria), name="assessments_questionnaire_import"),
            path(
                "<int:pk>/export.<str:file_format>",
                page(pages.export_criteria),
                name="assessments_questionnaire_export",
            ),
            path("<int:pk>/preview/", page(pages.preview), name="assessments_questionnaire_preview"),
            path("<int:pk>/publish/", page(pages.publish), name="assessments_questionnaire_publish"),
            path(
                "<int:pk>/preview/<slug:slug>/", page(pages.preview), name="assessments_questionnaire_preview_section"
            ),
            *super().get_urls(),
        ]


def threshold_preview(impact, visible_alliances) -> dict:
    """The page's notice of new thresholds' impact; it names only the alliances the user may see."""
    visible = set(visible_alliances.filter(pk__in=[m.alliance_id for m in impact.moving]).values_list("pk", flat=True))
    named = [move for move in impact.moving if move.alliance_id in visible]
    return {
        "threshold_impact": impact,
        "preview_heading": PREVIEW_HEADING,
        "preview_confirm": PREVIEW_CONFIRM,
        "moves_named": [
            MOVE_LINE.format(
                alliance=move.alliance,
                before=scoring.ROMAN_NUMERALS[move.before],
                after=scoring.ROMAN_NUMERALS[move.after],
            )
            for move in named[:MOVES_NAMED]
        ],
        "moves_unnamed": MORE_MOVES % {"count": len(named) - MOVES_NAMED} if len(named) > MOVES_NAMED else "",
    }


def _listing(heading: str, problems: list[str]):
    """One admin message holding every problem, so none is missed."""
    return format_html("{}<ul>{}</ul>", heading, format_html_join("", "<li>{}</li>", ((p,) for p in problems)))


class PatternFilter(admin.RelatedFieldListFilter):
    """Patterns by code and short name, their stages fetched with them."""

    def field_choices(self, field, request, model_admin):
        return [(p.pk, f"{p.code} {p.short_name}") for p in Pattern.objects.select_related("stage")]


@admin.register(Item)
class ItemAdmin(ItemChoicesMixin, HistoryAdmin):
    """Every item of every version as one searchable list; open one to edit it, if its version is not in use."""

    list_display = [
        "code",
        "short_statement",
        "version",
        "stage",
        "pattern_code",
        "principle_number",
        "weight",
        "order",
    ]
    list_display_links = ["code", "short_statement"]
    list_filter = [
        "questionnaire",
        "pattern__stage",
        ("pattern", PatternFilter),
        "principle",
        ("commitment", admin.EmptyFieldListFilter),
    ]
    search_fields = ["code", "statement", "help_text", "pattern__name", "principle__name", "commitment__text"]
    ordering = ["-questionnaire__version", "order", "code"]
    list_select_related = ["questionnaire", "pattern__stage", "principle"]
    list_per_page = 100
    form = ItemInlineForm  # the contradicted practices typed as codes, as in the version's own page
    fields = ["questionnaire", *ItemInlineForm.Meta.fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "questionnaire":
            kwargs["queryset"] = Questionnaire.objects.exclude(pk__in=Questionnaire.objects.in_use())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.questionnaire.is_in_use())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.questionnaire.is_in_use())

    @admin.display(description=_("statement"), ordering="statement")
    def short_statement(self, item):
        return shorten(item.statement, 90)

    @admin.display(description=_("version"), ordering="questionnaire__version")
    def version(self, item):
        return f"v{item.questionnaire.version}"

    @admin.display(description=_("stage"), ordering="pattern__stage__number")
    def stage(self, item):
        return item.pattern.stage.roman if item.pattern else ""

    @admin.display(description=_("pattern"), ordering="pattern__number")
    def pattern_code(self, item):
        return item.pattern.code if item.pattern else ""

    @admin.display(description=_("principle"), ordering="principle__number")
    def principle_number(self, item):
        return item.principle.number if item.principle else ""


@admin.register(Item.history.model)
class ItemChangeAdmin(admin.ModelAdmin):
    """Every recorded change to any item, newest first, deleted items included; each opens with its diff."""

    list_display = ["history_date", "history_user", "history_type", "code", "version", "short_statement", "reason"]
    list_display_links = None
    list_filter = ["questionnaire", "history_type", ("history_user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "statement", "history_change_reason"]
    list_select_related = ["history_user", "questionnaire"]
    list_per_page = 100

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("assessments.view_item")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("version"), ordering="questionnaire__version")
    def version(self, record):
        return f"v{record.questionnaire.version}" if record.questionnaire else ""

    @admin.display(description=_("statement"))
    def short_statement(self, record):
        url = reverse("admin:assessments_item_simple_history", args=[record.id, record.history_id])
        return format_html('<a href="{}">{}</a>', url, shorten(record.statement, 90))

    @admin.display(description=_("reason"), ordering="history_change_reason")
    def reason(self, record):
        return history_reasons.worded(record.history_change_reason)
