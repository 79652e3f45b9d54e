"""Submitted results never change when criteria, thresholds or versions change; drafts finish on their own version."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape

from assessments import answering, versions
from assessments.models import Assessment, Commitment, Item, Pattern, Principle, Questionnaire, Stage
from assessments.questionnaire import sectioned_items

from .answering import answers_by_stage, record_answers
from .factories import AllianceFactory, AssessmentFactory, submitted_assessment

JAN, MAR = dt.datetime(2026, 1, 15, tzinfo=dt.UTC), dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def edit_every_criterion_and_publish_a_new_version(published) -> Questionnaire:
    """Rename every stage, pattern, principle and commitment; publish v2 with new statements, an item and thresholds."""
    for stage in Stage.objects.all():
        stage.name, stage.title = f"Renamed stage {stage.number}", "Renamed"
        stage.save()
    for pattern in Pattern.objects.all():
        pattern.name, pattern.short_name = f"Renamed pattern {pattern.pk}", "Renamed"
        pattern.save()
    for principle in Principle.objects.all():
        principle.name, principle.statement = f"Renamed principle {principle.number}", "Renamed"
        principle.save()
    for commitment in Commitment.objects.all():
        commitment.text = "Renamed commitment"
        commitment.save()
    published.title = "Renamed questionnaire"
    published.save()
    draft = versions.copy_questionnaire(questionnaire=published)
    for item in draft.items.all():
        item.statement = f"Reworded {item.code}"
        item.save()
    Item.objects.create(
        questionnaire=draft,
        code="S2-P1-99",
        statement="A new statement",
        pattern=Pattern.objects.get(stage__number=2, number=1),
        order=999,
    )
    draft.stage_two_threshold, draft.stage_three_threshold = Decimal("90"), Decimal("90")
    draft.save()
    return versions.publish_questionnaire(questionnaire=draft, now=MAR)


def test_submitted_result_is_exactly_the_same_after_every_criterion_changes(published):
    """A Stage II result stored in January reads the same, field for field, after all criteria and versions change."""
    assessment = submitted_assessment(AllianceFactory(), answers_by_stage(published, 1, 4, 2), JAN)
    before = Assessment.objects.values_list("stage", "result", "questionnaire", "submitted_at").get(pk=assessment.pk)
    assert before[0] == 2

    edit_every_criterion_and_publish_a_new_version(published)

    after = Assessment.objects.values_list("stage", "result", "questionnaire", "submitted_at").get(pk=assessment.pk)
    assert after == before
    assert after[1]["stage_name"] == "Strategic"
    assert after[1]["thresholds"]["stage_two"] == 60.0


def test_a_draft_begun_on_an_older_version_is_finished_on_it(published):
    """A draft started on v1 submits against v1's 74 items and thresholds after v2 (stricter) is published."""
    draft_assessment = AssessmentFactory(questionnaire=published)
    v2 = edit_every_criterion_and_publish_a_new_version(published)
    published.refresh_from_db()
    assert (published.status, v2.status) == ("retired", "published")

    record_answers(assessment=draft_assessment, answers=answers_by_stage(published, 1, 4, 2))
    submitted = answering.submit_assessment(assessment=draft_assessment, now=MAR)

    assert submitted.questionnaire_id == published.pk
    assert submitted.stage == 2  # v2's 90 threshold would have held it at Stage I
    assert submitted.result["total"] == 74
    assert submitted.result["thresholds"]["stage_two"] == 60.0
    assert submitted.result["stage_name"] == "Renamed stage 2"


def rendered_result(client, assessment) -> str:
    """The result page's HTML, without the per-request CSRF token of the sign-out form."""
    response = client.get(reverse("assessment-result", args=[assessment.pk]))
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_result_page_reads_exactly_the_same_after_every_criterion_changes(client, published, manager):
    """The rendered result page is identical, byte for byte, before and after all criteria and versions change."""
    assessment = submitted_assessment(AllianceFactory(owner=manager), answers_by_stage(published, 1, 4, 2), JAN)
    client.force_login(manager)
    before = rendered_result(client, assessment)

    edit_every_criterion_and_publish_a_new_version(published)

    after = rendered_result(client, assessment)
    assert after == before
    assert "Strategic" in after and "Renamed" not in after and "Reworded" not in after


def test_manager_finishes_a_draft_on_v1_then_starts_the_next_on_v2(client, published, manager):
    """A draft begun on v1 shows v1's statements and submits on v1 after v2 is out; the next one starts on v2."""
    alliance = AllianceFactory(owner=manager)
    client.force_login(manager)
    client.post(reverse("assessment-start", args=[alliance.pk]))
    draft = Assessment.objects.get(alliance=alliance)
    assert draft.questionnaire == published

    v2 = edit_every_criterion_and_publish_a_new_version(published)

    section = sectioned_items(published).first()
    page = client.get(reverse("assessment-section", args=[draft.pk, section.slug])).content.decode()
    assert escape(published.items.get(code=section.codes[0]).statement) in page
    assert "Reworded" not in page
    record_answers(assessment=draft, answers=answers_by_stage(published, 1, 4, 2))
    client.post(reverse("assessment-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.questionnaire_id, draft.stage, draft.result["total"]) == (
        "submitted",
        published.pk,
        2,
        74,
    )

    client.post(reverse("assessment-start", args=[alliance.pk]))
    assert Assessment.objects.get(alliance=alliance, status="draft").questionnaire == v2
