"""Rounds and their respondents, for superusers: read only, and a person erased on request.

Nothing here shows a respondent's answers or comments; a survey's figures are read on its result
page, through what privacy lets each viewer see.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Respondent, Round
from ..respondents import erase_respondent

ERASED_NAME = _("(erased)")


class ReadOnly:
    """Nothing added or changed here; deleted only with their alliance (or a round holding no result)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Round)
class RoundAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["alliance", "kind", "opened_at", "deadline", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["alliance__name", "alliance__partner"]
    list_select_related = ["alliance"]
    fields = [
        "alliance",
        "questionnaire",
        "kind",
        "opened_by",
        "opened_at",
        "deadline",
        "closed_at",
        "privacy_minimum",
        "result_page",
    ]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        # A round with a result holds a submitted assessment, which is history and never deleted.
        holds_result = obj is not None and obj.assessments.filter(status="submitted").exists()
        return super().has_delete_permission(request, obj) and not holds_result

    @admin.display(description=_("result"))
    def result_page(self, held):
        if held.is_open:
            return _("None until the round is closed.")
        return format_html('<a href="{}">{}</a>', reverse("round-result", args=[held.pk]), _("The round's result page"))


@admin.register(Respondent)
class RespondentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["shown_name", "email", "side", "round", "invited_at", "revoked_at", "erased_at"]
    list_filter = ["side", "round__kind"]
    search_fields = ["name", "email", "round__alliance__name"]
    list_select_related = ["round__alliance"]
    fields = ["shown_name", "email", "side", "round", "user", "invited_at", "opened_at", "revoked_at", "erased_at"]
    readonly_fields = fields
    actions = ["erase"]

    def has_erase_permission(self, request):
        return request.user.is_superuser

    @admin.display(description=_("name"), ordering="name")
    def shown_name(self, respondent):
        return respondent.name or ERASED_NAME

    @admin.action(
        description=_("Erase the selected people: name, address and answers (round results stay)"),
        permissions=["erase"],
    )
    def erase(self, request, queryset):
        now = timezone.now()
        people = list(queryset)
        for respondent in people:
            erase_respondent(respondent, now=now)
        count = len(people)
        self.message_user(
            request,
            ngettext("%(count)d person erased.", "%(count)d people erased.", count) % {"count": count},
            messages.SUCCESS,
        )
