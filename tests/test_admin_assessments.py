"""Assessments in the admin are history: viewed, never added or changed; only a draft may be deleted."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from assessments.admin.alliances import NO_DRAFT_SELECTED
from assessments.models import Alliance, Answer, Assessment

from .factories import AllianceFactory, AssessmentFactory, submitted_assessment

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:assessments_assessment_changelist")
WHEN = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)


def change_url(assessment):
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def stored(assessment):
    """Every column of an assessment as the database holds it."""
    return Assessment.objects.filter(pk=assessment.pk).values().get()


@pytest.fixture
def submitted(published):
    answers = dict.fromkeys(published.items.values_list("code", flat=True), 4)
    return submitted_assessment(AllianceFactory(name="Joint venture"), answers, WHEN)


@pytest.fixture
def draft(published):
    return AssessmentFactory(alliance=AllianceFactory(name="Early days"))


def forged(assessment, **changes):
    """The POST a browser would send to change an assessment, had the page offered a form."""
    data = {
        "alliance": assessment.alliance_id,
        "questionnaire": assessment.questionnaire_id,
        "respondent": assessment.respondent_id,
        "status": assessment.status,
        "last_section": assessment.last_section,
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_no_assessment_can_be_added_in_the_admin(admin_client, submitted):
    """The add page is refused, and a forged POST of a submitted assessment adds nothing (no 500)."""
    url = reverse("admin:assessments_assessment_add")
    assert admin_client.get(url).status_code == 403
    response = admin_client.post(url, forged(submitted, status="submitted", alliance=AllianceFactory().pk))
    assert response.status_code == 403
    assert Assessment.objects.count() == 1
    assert admin_client.get(CHANGELIST).context["has_add_permission"] is False


def test_a_forged_change_of_a_submitted_assessment_is_refused(admin_client, submitted):
    """Moving a submitted result to another alliance, or back to draft, is refused and changes nothing."""
    before = stored(submitted)
    other = AllianceFactory(name="Someone else's")
    for changes in ({"alliance": other.pk}, {"status": "draft"}, {"respondent": other.owner_id}):
        assert admin_client.post(change_url(submitted), forged(submitted, **changes)).status_code == 403
    assert stored(submitted) == before
    assert LogEntry.objects.count() == 0


def test_a_forged_change_of_a_draft_is_refused(admin_client, draft):
    """A draft is the manager's work in progress: the admin cannot mark it submitted or move it either."""
    before = stored(draft)
    assert admin_client.post(change_url(draft), forged(draft, status="submitted")).status_code == 403
    assert stored(draft) == before


def test_a_submitted_assessment_opens_read_only_with_a_link_to_its_result(admin_client, submitted):
    """The page shows the assessment and its answers with no field, no save and no delete, and links the result."""
    response = admin_client.get(change_url(submitted))
    assert response.status_code == 200
    assert (response.context["has_change_permission"], response.context["show_delete_link"]) == (False, False)
    assert response.context["adminform"].form.fields == {}
    page = response.content.decode()
    assert 'name="_save"' not in page
    result = reverse("assessment-result", args=[submitted.pk])
    assert f'href="{result}"' in page
    assert ("<select" in page, "<textarea" in page, 'name="answers-0-value"' in page) == (False, False, False)


def test_the_stage_shown_is_the_stored_verdict(admin_client, submitted):
    """The stage line names the stored stage by numeral and name, from the stored result."""
    name = submitted.result["stage_name"]
    numeral = {1: "I", 2: "II", 3: "III"}[submitted.stage]
    response = admin_client.get(change_url(submitted))
    assert f"Stage {numeral}: {name}" in response.content.decode()


def test_a_submitted_assessment_cannot_be_deleted(admin_client, submitted):
    """The delete page and a forged confirmation are refused; the assessment and its answers stay."""
    url = reverse("admin:assessments_assessment_delete", args=[submitted.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert (Assessment.objects.filter(pk=submitted.pk).exists(), submitted.answers.count()) == (True, 74)


def test_a_draft_can_be_deleted_with_its_answers(admin_client, draft, published):
    """An abandoned draft is deleted with its answers after the usual confirmation."""
    Answer.objects.create(assessment=draft, item=published.items.first(), value=3)
    url = reverse("admin:assessments_assessment_delete", args=[draft.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert (Assessment.objects.filter(pk=draft.pk).exists(), Answer.objects.count()) == (False, 0)


def test_delete_action_deletes_the_drafts_and_keeps_the_submitted(admin_client, submitted, draft):
    """Selecting both: the confirmation lists only the draft, says the submitted one is kept, and deletes the draft."""
    selected = {"action": "delete_drafts", "_selected_action": [submitted.pk, draft.pk]}
    response = admin_client.post(CHANGELIST, selected)
    assert [str(a) for a in response.context["queryset"]] == [str(draft)]
    assert [str(m) for m in response.context["messages"]] == [
        "1 submitted assessment kept: submitted results are history and are never deleted."
    ]
    admin_client.post(CHANGELIST, {**selected, "post": "yes"})
    assert list(Assessment.objects.values_list("pk", flat=True)) == [submitted.pk]


def test_delete_action_with_only_submitted_assessments_deletes_nothing(admin_client, submitted):
    """Selecting only submitted assessments says they are kept and that no draft was selected."""
    selected = {"action": "delete_drafts", "_selected_action": [submitted.pk]}
    response = admin_client.post(CHANGELIST, {**selected, "post": "yes"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "1 submitted assessment kept: submitted results are history and are never deleted.",
        NO_DRAFT_SELECTED,
    ]
    assert Assessment.objects.filter(pk=submitted.pk).exists()


def test_django_delete_selected_is_not_offered_for_assessments(admin_client, submitted):
    """The list offers only the drafts-only delete action, so no bulk action can delete a submitted result."""
    actions = [name for name, _ in admin_client.get(CHANGELIST).context["action_form"].fields["action"].choices]
    assert actions == ["", "delete_drafts"]
    response = admin_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [submitted.pk]})
    assert response.status_code == 302
    assert Assessment.objects.filter(pk=submitted.pk).exists()


def test_an_alliance_with_a_submitted_assessment_cannot_be_deleted(admin_client, submitted):
    """Deleting the alliance would delete its results: the page names them as protected, and a POST deletes nothing."""
    url = reverse("admin:assessments_alliance_delete", args=[submitted.alliance_id])
    response = admin_client.get(url)
    assert (response.context["perms_lacking"], response.context["protected"]) == (set(), [str(submitted)])
    admin_client.post(url, {"post": "yes"})
    assert Alliance.objects.filter(pk=submitted.alliance_id).exists()
    assert Assessment.objects.filter(pk=submitted.pk).exists()


def test_an_alliance_with_only_a_draft_can_be_deleted(admin_client, draft):
    """An alliance never assessed to the end can go, its draft with it."""
    url = reverse("admin:assessments_alliance_delete", args=[draft.alliance_id])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert (Alliance.objects.filter(pk=draft.alliance_id).exists(), Assessment.objects.count()) == (False, 0)


def test_bulk_delete_of_alliances_keeps_those_with_results(admin_client, submitted, draft):
    """The alliance list's delete action refuses when any selected alliance has a submitted assessment."""
    selected = {"action": "delete_selected", "_selected_action": [submitted.alliance_id, draft.alliance_id]}
    admin_client.post(reverse("admin:assessments_alliance_changelist"), {**selected, "post": "yes"})
    assert Alliance.objects.count() == 2
