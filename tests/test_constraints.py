"""The database refuses what must never be stored, whatever the form or the admin lets through."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from assessments.models import (
    Alliance,
    Answer,
    Assessment,
    Commitment,
    Item,
    Pattern,
    Principle,
    Questionnaire,
    Respondent,
    Stage,
)
from assessments.models.rounds import person_key

from .factories import SURVEY_OPENED, AllianceFactory, AssessmentFactory, survey

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    """True when the database refuses the write (inside a savepoint, so the test goes on)."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_stage_number_is_1_to_3():
    """A fourth stage is refused."""
    assert refused(lambda: Stage.objects.create(number=4, name="Beyond", title="Beyond"))


def test_pattern_number_is_unique_within_its_stage():
    """Two patterns with one number in one stage are refused."""
    stage = Stage.objects.get(number=2)
    assert refused(lambda: Pattern.objects.create(stage=stage, number=1, name="Again", short_name="Again"))


def test_principle_number_is_1_to_10():
    """An eleventh principle is refused."""
    assert refused(lambda: Principle.objects.create(number=11, name="Eleventh"))


def test_commitment_number_is_unique_within_its_principle():
    """Two first commitments of one principle are refused."""
    principle = Principle.objects.get(number=1)
    assert refused(lambda: Commitment.objects.create(principle=principle, number=1, text="Again"))


def test_only_one_questionnaire_is_published(published):
    """A second published version is refused; drafts and retired ones may be many."""
    assert refused(lambda: Questionnaire.objects.create(version=2, title="v2", status="published"))
    Questionnaire.objects.create(version=3, title="draft", status="draft")
    Questionnaire.objects.create(version=4, title="draft", status="draft")
    assert Questionnaire.objects.filter(status="draft").count() == 2


def test_questionnaire_status_must_be_known():
    """A status outside draft/published/retired is refused."""
    assert refused(lambda: Questionnaire.objects.create(version=9, title="odd", status="archived"))


def test_questionnaire_rules_are_one_or_two():
    """Scoring rules other than versions 1 and 2 are refused; both of those are kept."""
    assert refused(lambda: Questionnaire.objects.create(version=9, title="odd", rules=3))
    assert Questionnaire.objects.create(version=10, title="two", rules=2).rules == 2


@pytest.mark.parametrize("field", ["stage_two_threshold", "stage_three_threshold", "symptom_ceiling", "min_coverage"])
def test_thresholds_stay_within_0_and_100(field):
    """Each threshold outside 0-100 is refused."""
    assert refused(lambda: Questionnaire.objects.create(version=9, title="bad", **{field: 101}))
    assert refused(lambda: Questionnaire.objects.create(version=10, title="bad", **{field: -1}))


def test_item_code_is_unique_within_its_questionnaire(published):
    """A second item with an existing code in the same version is refused."""
    principle = Principle.objects.get(number=1)
    assert refused(
        lambda: Item.objects.create(questionnaire=published, code="C01-01", statement="x", principle=principle)
    )


def test_item_needs_a_pattern_or_a_principle(published):
    """An item that is evidence for nothing is refused."""
    assert refused(lambda: Item.objects.create(questionnaire=published, code="X-01", statement="x"))


def test_item_weight_is_positive(published):
    """A weight of zero is refused."""
    principle = Principle.objects.get(number=1)
    item = Item(questionnaire=published, code="X-01", statement="x", principle=principle, weight=0)
    assert refused(item.save)


def test_item_commitment_needs_a_principle(published):
    """An item naming a commitment but no principle is refused."""
    pattern = Pattern.objects.get(stage__number=2, number=1)
    commitment = Commitment.objects.get(principle__number=1, number=1)
    assert refused(
        lambda: Item.objects.create(
            questionnaire=published, code="X-01", statement="x", pattern=pattern, commitment=commitment
        )
    )


def test_alliance_name_is_unique_per_partner_whatever_the_case(manager):
    """The same name and partner are refused in any capitals; with another partner the name is fine."""
    AllianceFactory(name="Joint sales", partner="Acme", owner=manager)
    assert refused(lambda: AllianceFactory(name="Joint sales", partner="Acme", owner=manager))
    assert refused(lambda: AllianceFactory(name="JOINT SALES", partner="acme", owner=manager))
    AllianceFactory(name="Joint sales", partner="Globex", owner=manager)
    stored = sorted(Alliance.objects.values_list("name", "partner"))
    assert stored == [("Joint sales", "Acme"), ("Joint sales", "Globex")]


def test_alliance_type_must_be_known(manager):
    """An alliance type outside the value-chain areas is refused."""
    assert refused(lambda: AllianceFactory(alliance_type="mining", owner=manager))
    assert set(Alliance.Type.values) == {
        "supply",
        "outsourcing",
        "rnd",
        "logistics",
        "marketing",
        "sales",
        "service",
        "other",
    }


def test_one_draft_per_alliance_and_respondent(published):
    """A second draft of the same alliance by the same person is refused."""
    draft = AssessmentFactory()
    assert refused(lambda: AssessmentFactory(alliance=draft.alliance))


def test_submitted_assessment_has_its_stage_and_result(published):
    """A submitted assessment without a stored result, or a draft with one, is refused."""
    draft = AssessmentFactory()
    when = dt.datetime(2026, 3, 31, tzinfo=dt.UTC)
    assert refused(lambda: Assessment.objects.filter(pk=draft.pk).update(status="submitted", submitted_at=when))
    assert refused(lambda: Assessment.objects.filter(pk=draft.pk).update(stage=2, result={}))
    Assessment.objects.filter(pk=draft.pk).update(status="submitted", submitted_at=when, stage=2, result={"stage": 2})


def test_stage_stored_on_an_assessment_is_1_to_3(published):
    """A submitted assessment at stage 4 is refused."""
    draft = AssessmentFactory()
    when = dt.datetime(2026, 3, 31, tzinfo=dt.UTC)
    assert refused(
        lambda: Assessment.objects.filter(pk=draft.pk).update(status="submitted", submitted_at=when, stage=4, result={})
    )


def test_one_answer_per_item_and_assessment(published):
    """Answering the same item twice in one assessment is refused."""
    assessment = AssessmentFactory()
    item = published.items.first()
    Answer.objects.create(assessment=assessment, item=item, value=3)
    assert refused(lambda: Answer.objects.create(assessment=assessment, item=item, value=4))


@pytest.mark.parametrize(("value", "stored"), [(0, False), (6, False), (1, True), (5, True), (None, True)])
def test_answer_value_is_on_the_scale_or_dont_know(published, value, stored):
    """Answers are 1-5, or empty for "don't know"; anything else is refused."""
    assessment = AssessmentFactory()
    item = published.items.first()
    assert refused(lambda: Answer.objects.create(assessment=assessment, item=item, value=value)) is not stored


def test_a_respondent_always_has_a_person_key(published):
    """A respondent written without a person key (as a bulk write could) is refused; saving one makes it."""
    held = survey(AllianceFactory(), opened_at=SURVEY_OPENED)
    fields = {"round": held, "name": "Pat", "email": "Pat@Example.com ", "side": "ours", "invited_at": SURVEY_OPENED}
    assert refused(lambda: Respondent.objects.bulk_create([Respondent(**fields)]))
    saved = Respondent.objects.create(**fields)
    assert saved.person_key == person_key(user_id=None, email="pat@example.com") != person_key(user_id=1, email="")
