"""Questionnaire versions: copying into a draft, checking a draft, publishing it and retiring the one before."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from assessments import history_reasons, scoring, versions
from assessments.models import Commitment, Item, Pattern, Principle, Questionnaire

from .wrapped_language import wrapped_sentences

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def draft(published):
    return versions.copy_questionnaire(questionnaire=published)


def item_rows(questionnaire):
    return list(
        questionnaire.items.order_by("order", "code").values_list(
            "code", "statement", "help_text", "weight", "order", "pattern", "principle", "commitment"
        )
    )


def test_copy_makes_a_draft_with_the_next_version_and_every_item(published):
    """A copy is a draft numbered after the newest version, with the same title, thresholds and items."""
    published.stage_two_threshold = Decimal("55.5")
    published.save()
    draft = versions.copy_questionnaire(questionnaire=published)
    assert (draft.version, draft.status, draft.title) == (2, "draft", published.title)
    assert draft.published_at is None
    assert draft.thresholds == published.thresholds
    assert draft.items.count() == 74
    assert item_rows(draft) == item_rows(published)
    assert set(draft.items.values_list("pk", flat=True)).isdisjoint(published.items.values_list("pk", flat=True))


def test_copy_of_an_old_version_is_numbered_after_the_newest(published, draft):
    """Copying v1 again when v2 exists gives v3."""
    assert versions.copy_questionnaire(questionnaire=published).version == 3


def test_copy_records_where_each_item_came_from(published, draft):
    """The copy and its items each start their history with the reason "copied:1" (read "Copied from v1")."""
    assert draft.history.get().history_change_reason == "copied:1"
    reasons = set(Item.history.filter(questionnaire=draft).values_list("history_change_reason", flat=True))
    assert reasons == {"copied:1"}
    assert Item.history.filter(questionnaire=draft).count() == 74


def test_publish_publishes_the_draft_and_retires_the_previous_version(published, draft):
    """Publishing v2 makes it the one published version, stamped now, and retires v1 in the same step."""
    versions.publish_questionnaire(questionnaire=draft, now=NOW)
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "retired", 2: "published"}
    draft.refresh_from_db()
    assert draft.published_at == NOW
    published.refresh_from_db()
    assert published.history.first().history_change_reason == "retired:2"
    assert draft.history.first().history_change_reason == "published"


def test_a_valid_draft_has_no_problems(draft):
    """The default criteria, copied, pass every publish check."""
    assert versions.check_questionnaire(draft) == []


def test_publish_refuses_a_version_that_is_not_a_draft(published):
    """Only drafts are published: publishing the published v1 again is refused and changes nothing."""
    with pytest.raises(versions.PublishRefused) as refused:
        versions.publish_questionnaire(questionnaire=published, now=NOW)
    assert refused.value.problems == ["Only a draft can be published; v1 is published."]
    published.refresh_from_db()
    assert published.status == "published"


def test_publish_lists_every_problem_at_once_and_changes_nothing(published, draft):
    """A draft missing a pattern's and a principle's items, with a duplicate code, is refused with all three."""
    draft.items.filter(pattern__stage__number=2, pattern__number=3).delete()
    draft.items.filter(principle__number=7).delete()
    first, second = draft.items.order_by("order")[:2]
    second.code = first.code.lower()
    second.save()
    with pytest.raises(versions.PublishRefused) as refused:
        versions.publish_questionnaire(questionnaire=draft, now=NOW)
    pattern = Pattern.objects.get(stage__number=2, number=3)
    principle = Principle.objects.get(number=7)
    assert refused.value.problems == [
        f"Pattern S2-P3 ({pattern.name}) has no item.",
        f"Principle 7 ({principle.name}) has no item.",
        f"Item code {first.code} is used 2 times (codes are compared ignoring case).",
    ]
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "published", 2: "draft"}


def test_publish_refuses_a_commitment_of_another_principle(draft):
    """An item whose commitment belongs to a principle other than its own cannot be published."""
    item = draft.items.filter(commitment__isnull=False).order_by("order").first()
    elsewhere = Commitment.objects.exclude(principle=item.principle).order_by("principle__number").first()
    Item.objects.filter(pk=item.pk).update(commitment=elsewhere)
    assert versions.check_questionnaire(draft) == [
        f"Item {item.code}'s commitment belongs to principle {elsewhere.principle.number}, "
        f"not to its principle {item.principle.number}."
    ]


CRITERIA = scoring.Criteria(
    stages=(scoring.Stage(1, "Opportunistic", True), scoring.Stage(2, "Strategic")),
    patterns=(scoring.Pattern("S1-P1", 1, "Fragmented alliances", "Fragmented"), scoring.Pattern("S2-P1", 2, "A", "A")),
    principles=(scoring.Principle(1, "Trust"),),
    items=(scoring.Item("A", "a", pattern="S1-P1", principle=1), scoring.Item("B", "b", pattern="S2-P1")),
)


def test_check_criteria_accepts_complete_criteria():
    """Criteria with every pattern and principle covered, unique codes, positive weights pass."""
    assert versions.check_criteria(CRITERIA) == []


def test_check_criteria_refuses_a_weight_that_is_not_positive():
    """Weights of 0 or below are refused by name (the database refuses them too)."""
    items = (dataclasses.replace(CRITERIA.items[0], weight=0), dataclasses.replace(CRITERIA.items[1], weight=-1.5))
    assert versions.check_criteria(dataclasses.replace(CRITERIA, items=items)) == [
        "Item A has weight 0; a weight must be above 0.",
        "Item B has weight -1.5; a weight must be above 0.",
    ]


def test_check_criteria_refuses_thresholds_out_of_range():
    """Each threshold must lie within 0-100 (the database refuses others too)."""
    thresholds = scoring.Thresholds(stage_two=101, stage_three=60, symptom_ceiling=-1, min_coverage=100)
    assert versions.check_criteria(dataclasses.replace(CRITERIA, thresholds=thresholds)) == [
        "The Stage II threshold is 101; it must be between 0 and 100.",
        "The symptom ceiling threshold is -1; it must be between 0 and 100.",
    ]


def test_check_criteria_refuses_exact_duplicate_codes():
    """Two items with one code are reported once, with their count."""
    items = (*CRITERIA.items, dataclasses.replace(CRITERIA.items[1], statement="again"))
    assert versions.check_criteria(dataclasses.replace(CRITERIA, items=items)) == [
        "Item code B is used 2 times (codes are compared ignoring case)."
    ]


def test_publish_is_all_or_nothing(published, draft, monkeypatch):
    """If publishing fails after retiring v1, v1 stays published and v2 a draft."""

    def broken_save(self, *args, **kwargs):
        if self.status == Questionnaire.Status.PUBLISHED and self.version == 2:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    original_save = Questionnaire.save
    monkeypatch.setattr(Questionnaire, "save", broken_save)
    with pytest.raises(RuntimeError):
        versions.publish_questionnaire(questionnaire=draft, now=NOW)
    assert dict(Questionnaire.objects.values_list("version", "status")) == {1: "published", 2: "draft"}


def test_a_kept_reason_is_worded_when_shown_and_older_english_ones_read_the_same():
    """The history keeps codes; a page words them, and reasons kept in English before read alike."""
    assert [history_reasons.worded(r) for r in ("copied:1", "retired:2", "published", "loaded")] == [
        "Copied from v1",
        "Retired by publishing v2",
        "Published",
        "Loaded from a criteria file",
    ]
    with wrapped_sentences():
        assert history_reasons.worded("retired:2") == "⟦Retired by publishing v2⟧"
        assert history_reasons.worded("Retired by publishing v2") == "⟦Retired by publishing v2⟧"
        assert history_reasons.worded("Loaded from a criteria file") == "⟦Loaded from a criteria file⟧"
    assert [history_reasons.worded(r) for r in (None, "", "Mended a typo")] == ["", "", "Mended a typo"]
