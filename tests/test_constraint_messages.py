"""A form that breaks a database rule says so in plain words, not by the constraint's name.

The admin's forms are ModelForms too, so these messages are what an administrator reads there.
"""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import modelform_factory

from assessments.models import (
    COMMITMENT_NEEDS_PRINCIPLE,
    DRAFT_EXISTS,
    ITEM_EVIDENCE_FOR_NOTHING,
    PRINCIPLE_NUMBER_OFF,
    RESULT_IFF_SUBMITTED,
    STAGE_NUMBER_OFF,
    WEIGHT_NOT_POSITIVE,
    Assessment,
    Commitment,
    Item,
    Pattern,
    Principle,
    Questionnaire,
    Stage,
)

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db

ItemForm = modelform_factory(
    Item, fields=["questionnaire", "code", "statement", "weight", "order", "pattern", "principle", "commitment"]
)


@pytest.fixture
def draft():
    return Questionnaire.objects.create(version=2, title="Next")


def item_data(draft, **changes) -> dict:
    """A valid item of the draft version, as a form posts it, with `changes`."""
    data = {
        "questionnaire": draft.pk,
        "code": "X-01",
        "statement": "We share forecasts.",
        "weight": "1",
        "order": "10",
        "pattern": Pattern.objects.get(stage__number=2, number=1).pk,
        "principle": "",
        "commitment": "",
    }
    return {**data, **changes}


def refusal(instance) -> dict:
    """The messages full_clean gives for `instance`."""
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return refused.value.message_dict


@pytest.mark.parametrize("weight", ["0", "-1"])
def test_item_weight_of_zero_or_less_gets_a_plain_message(draft, weight):
    """Weight 0 or -1 in an item form is refused with "The weight must be greater than 0." and nothing is saved."""
    form = ItemForm(item_data(draft, weight=weight))
    assert form.errors == {NON_FIELD_ERRORS: [WEIGHT_NOT_POSITIVE]}
    assert WEIGHT_NOT_POSITIVE == "The weight must be greater than 0."
    assert not draft.items.exists()


def test_item_with_neither_pattern_nor_principle_gets_a_plain_message(draft):
    """An item form naming no pattern and no principle says to choose one."""
    form = ItemForm(item_data(draft, pattern=""))
    assert form.errors == {NON_FIELD_ERRORS: [ITEM_EVIDENCE_FOR_NOTHING]}


def test_item_commitment_without_principle_gets_a_plain_message(draft):
    """An item form with a commitment but no principle says to choose the principle too."""
    form = ItemForm(item_data(draft, commitment=Commitment.objects.get(principle__number=1, number=1).pk))
    assert form.errors == {NON_FIELD_ERRORS: [COMMITMENT_NEEDS_PRINCIPLE]}


def test_a_valid_item_form_saves(draft):
    """The same form with valid values saves the item (so the refusals above are about the values)."""
    form = ItemForm(item_data(draft))
    assert form.errors == {}
    item = form.save()
    assert (item.code, item.weight, item.pattern.code) == ("X-01", 1, "S2-P1")


def test_stage_number_outside_1_to_3_gets_a_plain_message():
    """A fourth stage is refused by full_clean with the stage message."""
    assert refusal(Stage(number=4, name="Beyond", title="Beyond")) == {NON_FIELD_ERRORS: [STAGE_NUMBER_OFF]}


def test_principle_number_outside_1_to_10_gets_a_plain_message():
    """An eleventh principle is refused by full_clean with the principle message."""
    assert refusal(Principle(number=11, name="Eleventh")) == {NON_FIELD_ERRORS: [PRINCIPLE_NUMBER_OFF]}


def test_second_draft_of_an_alliance_gets_a_plain_message(published):
    """A second draft of one alliance by one person is refused by full_clean with the draft message."""
    draft = AssessmentFactory()
    again = Assessment(alliance=draft.alliance, round=draft.round, questionnaire=published, respondent=draft.respondent)
    assert refusal(again) == {NON_FIELD_ERRORS: [DRAFT_EXISTS]}


def test_submitted_assessment_without_result_gets_a_plain_message(published):
    """A submitted assessment with no stored result is refused by full_clean with the result message."""
    draft = AssessmentFactory()
    draft.status = Assessment.Status.SUBMITTED
    draft.submitted_at = dt.datetime(2026, 3, 31, tzinfo=dt.UTC)
    assert refusal(draft) == {NON_FIELD_ERRORS: [RESULT_IFF_SUBMITTED]}
