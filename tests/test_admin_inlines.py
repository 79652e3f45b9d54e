"""Every field of an inline row is named for its row, so that a screen reader says which item it edits."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from assessments import versions
from assessments.admin.questionnaires import ItemInline
from assessments.models import Principle, Questionnaire, Stage

from .factories import UserFactory


@pytest.fixture
def draft(published):
    return versions.copy_questionnaire(questionnaire=published)


def test_a_draft_versions_item_fields_are_named_for_their_item(admin_client, draft):
    """On the draft version's page each item's fields say its code: "S1-P1-01: statement", "S1-P1-01: pattern"."""
    response = admin_client.get(reverse("admin:assessments_questionnaire_change", args=[draft.pk]))
    first = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert first.instance.code == "S1-P1-01"
    names = {name: field.widget.attrs["aria-label"] for name, field in first.fields.items()}
    assert names["statement"] == "S1-P1-01: statement"
    assert names["pattern"] == "S1-P1-01: pattern"
    assert names["DELETE"] == "S1-P1-01: delete"
    assert 'aria-label="S1-P1-01: weight"' in response.content.decode()


def test_new_item_rows_are_numbered_from_one(db, draft):
    """Rows for new items read "New item 1: statement", "New item 2: …"; the admin's template row, "New item"."""
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    inline = ItemInline(Questionnaire, admin.site)
    formset = inline.get_formset(request, draft, extra=2)(instance=draft, queryset=draft.items.order_by("order"))
    assert [form.fields["statement"].widget.attrs["aria-label"] for form in formset.forms[-2:]] == [
        "New item 1: statement",
        "New item 2: statement",
    ]
    assert formset.empty_form.fields["code"].widget.attrs["aria-label"] == "New item: code"


def test_patterns_and_commitments_are_named_for_their_row(admin_client, published):
    """A stage's pattern rows say the pattern's code; a principle's commitment rows say the commitment's number."""
    stage = Stage.objects.get(number=2)
    response = admin_client.get(reverse("admin:assessments_stage_change", args=[stage.pk]))
    pattern = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert pattern.fields["name"].widget.attrs["aria-label"] == "S2-P1: name"
    principle = Principle.objects.get(number=3)
    response = admin_client.get(reverse("admin:assessments_principle_change", args=[principle.pk]))
    commitment = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert commitment.fields["text"].widget.attrs["aria-label"] == "3.1: text"
