"""History pages in the admin: readable values, what inline rows changed, and no revert where revert is off."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments import versions
from assessments.admin.history import EMPTY, RowChange
from assessments.models import Item, Principle, Questionnaire

from .admin_forms import form_data
from .factories import AssessmentFactory

PUBLISHED_AT = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def change_url(obj):
    return reverse(f"admin:assessments_{obj._meta.model_name}_change", args=[obj.pk])


def history_url(obj):
    return reverse(f"admin:assessments_{obj._meta.model_name}_history", args=[obj.pk])


@pytest.fixture
def draft(published):
    return versions.copy_questionnaire(questionnaire=published)


def test_inline_item_edits_show_on_the_version_history(admin_client, draft, django_assert_max_num_queries):
    """Saving a draft with two items edited inline lists both items and their changed fields on that save."""
    first, second = draft.items.order_by("order")[:2]
    data = form_data(
        admin_client.get(change_url(draft)), **{"items-0-statement": "A clearer statement", "items-1-weight": "2"}
    )
    assert admin_client.post(change_url(draft), data).status_code == 302
    with django_assert_max_num_queries(12):
        response = admin_client.get(history_url(draft))
    latest = response.context["page_obj"][0]
    assert latest.history_delta_changes == []
    assert latest.row_changes == [
        RowChange(
            f"Item {first.code}",
            "changed",
            [{"field": "Statement", "old": first.statement, "new": "A clearer statement"}],
        ),
        RowChange(f"Item {second.code}", "changed", [{"field": "Weight", "old": "1.00", "new": "2.00"}]),
    ]
    page = " ".join(response.content.decode().split())
    assert f"<strong>Item {first.code}</strong> changed" in page


def test_items_added_and_deleted_inline_show_on_the_version_history(admin_client, draft):
    """An item deleted and one added in the same save both appear under that save."""
    doomed = draft.items.order_by("order").first()
    response = admin_client.get(change_url(draft))
    data = form_data(response, **{"items-0-DELETE": "on"})
    total = int(data["items-TOTAL_FORMS"])
    new = {
        "order": "999",
        "code": "S1-P1-99",
        "statement": "A new statement",
        "help_text": "",
        "weight": "1",
        "pattern": str(doomed.pattern_id),
        "principle": "",
        "commitment": "",
        "audience": "both",  # the choice a new row shows selected
    }
    data.update({f"items-{total}-{key}": value for key, value in new.items()})
    data["items-TOTAL_FORMS"] = str(total + 1)
    assert admin_client.post(change_url(draft), data).status_code == 302
    latest = admin_client.get(history_url(draft)).context["page_obj"][0]
    assert sorted((c.label, c.action) for c in latest.row_changes) == [
        (f"Item {doomed.code}", "deleted"),
        ("Item S1-P1-99", "added"),
    ]


def test_commitments_edited_under_their_principle_show_on_its_history(admin_client, published):
    """The principle page's inline commitments are listed on the principle's history the same way."""
    principle = Principle.objects.get(number=1)
    commitment = principle.commitments.order_by("number").first()
    data = form_data(admin_client.get(change_url(principle)), **{"commitments-0-text": "Agree goals in writing."})
    admin_client.post(change_url(principle), data)
    latest = admin_client.get(history_url(principle)).context["page_obj"][0]
    assert [(c.action, c.changes) for c in latest.row_changes] == [
        ("changed", [{"field": "Text", "old": commitment.text, "new": "Agree goals in writing."}])
    ]


def test_history_values_read_as_people_write_them(admin_client, draft, settings):
    """Publishing shows the status label and a local date, not a raw timestamp; no reason shows no 'None'."""
    settings.TIME_ZONE = "Europe/Berlin"
    versions.publish_questionnaire(questionnaire=draft, now=PUBLISHED_AT)
    renaming = Questionnaire.objects.get(pk=draft.pk)
    renaming.title = "Renamed"
    renaming.save()
    response = admin_client.get(history_url(draft))
    renamed, published = response.context["page_obj"][0], response.context["page_obj"][1]
    assert published.history_delta_changes == [
        {"field": "Published at", "old": EMPTY, "new": "4 May 2026, 11:30 a.m."},
        {"field": "Status", "old": "Draft", "new": "Published"},
    ]
    assert renamed.history_change_reason is None
    table = response.content.decode().split('id="change-history"')[1].split("</table>")[0]
    renamed_row = " ".join(table.split("<tr>")[2].split())
    assert "None" not in renamed_row
    assert "<td>Changed</td> <td> — </td> <td></td>" in renamed_row  # by nobody (no request), for no reason


def test_version_history_never_offers_a_revert(admin_client, draft):
    """A version's history says nothing of reverting and its entries have no Revert button."""
    draft.title = "Renamed"
    draft.save()
    page = admin_client.get(history_url(draft)).content.decode()
    assert "revert" not in page.lower()
    record = draft.history.order_by("history_date").first()
    url = reverse("admin:assessments_questionnaire_simple_history", args=[draft.pk, record.history_id])
    response = admin_client.get(url)
    assert (response.status_code, response.context["revert_disabled"]) == (200, True)
    assert 'value="Revert"' not in response.content.decode()


def test_a_forged_revert_of_a_version_is_refused(admin_client, draft, published):
    """Posting a revert of a published version to its draft days is refused, and the version stays published."""
    versions.publish_questionnaire(questionnaire=draft, now=PUBLISHED_AT)
    record = draft.history.order_by("history_date").first()
    url = reverse("admin:assessments_questionnaire_simple_history", args=[draft.pk, record.history_id])
    data = form_data(admin_client.get(url))
    assert admin_client.post(url, data).status_code == 403
    assert Questionnaire.objects.values_list("status", "published_at").get(pk=draft.pk) == ("published", PUBLISHED_AT)


def test_a_forged_revert_of_an_item_of_a_version_in_use_is_refused(admin_client, published):
    """An item of a version in use cannot be brought back to another state by posting to its history page."""
    AssessmentFactory(questionnaire=published)
    item = published.items.order_by("order").first()
    record = item.history.get()
    url = reverse("admin:assessments_item_simple_history", args=[item.pk, record.history_id])
    assert admin_client.post(url, {"statement": "Rewritten", "questionnaire": published.pk}).status_code == 403
    assert Item.objects.get(pk=item.pk).statement == item.statement


def test_criteria_history_offers_a_revert_that_works(admin_client, published):
    """Where revert is allowed (a principle) the page says so, and reverting brings the old name back."""
    principle = Principle.objects.get(number=1)
    old_name = principle.name
    record = principle.history.get()
    principle.name = "Renamed"
    principle.save()
    assert "revert to it if need be" in admin_client.get(history_url(principle)).content.decode()
    url = reverse("admin:assessments_principle_simple_history", args=[principle.pk, record.history_id])
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    assert Principle.objects.get(pk=principle.pk).name == old_name
