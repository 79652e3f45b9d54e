"""A questionnaire version in use by any assessment is frozen: the models refuse to change it."""

from decimal import Decimal

import pytest

from assessments.models import FROZEN_VERSION, FrozenVersion, Item, Questionnaire
from assessments.versions import copy_questionnaire

from .factories import AssessmentFactory


@pytest.fixture
def in_use(published):
    """The published v1 with a draft assessment begun on it: a draft counts as use."""
    AssessmentFactory(questionnaire=published)
    return published


@pytest.fixture
def item(in_use):
    return in_use.items.order_by("order").first()


def statements(questionnaire):
    return dict(questionnaire.items.values_list("code", "statement"))


def test_saving_an_item_of_a_version_in_use_is_refused(in_use, item):
    """Item.save refuses an edit with the message that says what to do instead; the row stays."""
    before = item.statement
    item.statement = "Rewritten"
    with pytest.raises(FrozenVersion) as refused:
        item.save()
    assert str(refused.value) == FROZEN_VERSION
    assert Item.objects.get(pk=item.pk).statement == before


def test_adding_an_item_to_a_version_in_use_is_refused(in_use, item):
    """A new item cannot join a version in use, one at a time or in bulk."""
    new = Item(questionnaire=in_use, code="NEW-01", statement="New", pattern=item.pattern)
    with pytest.raises(FrozenVersion):
        new.save()
    with pytest.raises(FrozenVersion):
        Item.objects.bulk_create([new])
    assert in_use.items.count() == 74


def test_deleting_an_item_of_a_version_in_use_is_refused(in_use, item):
    """Item.delete refuses, and so does a queryset delete touching any frozen item."""
    with pytest.raises(FrozenVersion):
        item.delete()
    with pytest.raises(FrozenVersion):
        Item.objects.filter(code=item.code).delete()
    with pytest.raises(FrozenVersion):
        in_use.items.all().delete()
    assert in_use.items.count() == 74


def test_bulk_updates_of_a_version_in_use_are_refused(in_use, item):
    """QuerySet.update and bulk_update refuse items of a version in use; nothing changes."""
    before = statements(in_use)
    with pytest.raises(FrozenVersion):
        in_use.items.update(statement="Same for all")
    item.statement = "Rewritten"
    with pytest.raises(FrozenVersion):
        Item.objects.bulk_update([item], ["statement"])
    assert statements(in_use) == before


def test_a_queryset_mixing_frozen_and_editable_items_is_refused_whole(in_use):
    """An update over two versions, one frozen, changes neither."""
    copy_questionnaire(questionnaire=in_use)
    weights = list(Item.objects.order_by("pk").values_list("weight", flat=True))
    with pytest.raises(FrozenVersion):
        Item.objects.all().update(weight=7)
    assert list(Item.objects.order_by("pk").values_list("weight", flat=True)) == weights
    assert len(weights) == 148 and Decimal("7") not in weights


def test_items_of_a_version_nobody_uses_can_change(published):
    """Before any assessment uses it, even the published version's items may be edited, added and deleted."""
    item = published.items.order_by("order").first()
    item.statement = "Reworded before first use"
    item.save()
    published.items.filter(code=item.code).update(weight=2)
    Item.objects.create(questionnaire=published, code="NEW-01", statement="New", pattern=item.pattern)
    published.items.get(code="NEW-01").delete()
    assert Item.objects.values_list("statement", "weight").get(pk=item.pk) == ("Reworded before first use", 2)
    assert published.items.count() == 74


def test_thresholds_and_version_of_a_version_in_use_are_refused(in_use):
    """Questionnaire.save refuses new thresholds or a new number for a version in use; the row keeps its values."""
    in_use.min_coverage = Decimal("40")
    with pytest.raises(FrozenVersion):
        in_use.save()
    in_use.refresh_from_db()
    in_use.version = 9
    with pytest.raises(FrozenVersion):
        in_use.save()
    with pytest.raises(FrozenVersion):
        Questionnaire.objects.filter(pk=in_use.pk).update(stage_two_threshold=Decimal("70"))
    assert Questionnaire.objects.values_list("version", "min_coverage", "stage_two_threshold").get(pk=in_use.pk) == (
        1,
        Decimal("50"),
        Decimal("60"),
    )


def test_title_and_status_of_a_version_in_use_may_change(in_use):
    """A used version can still be renamed and retired: neither changes what its results were scored against."""
    in_use.title = "Alliance maturity 2026"
    in_use.status = Questionnaire.Status.RETIRED
    in_use.save()
    Questionnaire.objects.filter(pk=in_use.pk).update(title="Renamed again")
    assert Questionnaire.objects.values_list("title", "status").get(pk=in_use.pk) == ("Renamed again", "retired")


def test_deleting_a_version_in_use_is_refused(in_use):
    """A version in use cannot be deleted, and the refusal says why."""
    with pytest.raises(FrozenVersion):
        in_use.delete()
    assert Questionnaire.objects.filter(pk=in_use.pk).exists()


def test_in_use_lists_versions_with_any_assessment(in_use):
    """in_use() holds versions with an assessment, draft or submitted, and not the others."""
    draft = copy_questionnaire(questionnaire=in_use)
    assert list(Questionnaire.objects.in_use()) == [in_use]
    assert in_use.is_in_use() and not draft.is_in_use()
