"""A version's sections, cached in the cache every process shares until the criteria change."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import criteria_generation, questionnaire
from assessments.models import Item, Pattern, Principle, Stage
from assessments.questionnaire import sections_of

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def first_topics(assessment) -> tuple[str, ...]:
    return sections_of(assessment).sections[0].topics


def use_process(monkeypatch, client, memory: dict) -> None:
    """Act as a server process with its own cache client and its own memory of unpickled sections."""
    monkeypatch.setattr(criteria_generation, "cache", client)
    monkeypatch.setattr(questionnaire, "cache", client)
    monkeypatch.setattr(questionnaire, "_UNPICKLED", memory)


def test_assessments_share_their_versions_sections_until_the_criteria_change(published, django_assert_num_queries):
    """A frozen version is cut once; then a page costs one cache read, and a pattern renamed is seen at once."""
    first, second = AssessmentFactory(), AssessmentFactory()
    sectioned = sections_of(first)
    with django_assert_num_queries(1):
        assert sections_of(second) is sectioned
    pattern = Pattern.objects.get(stage__number=1, number=1)
    pattern.topic = "Scattered"
    pattern.save()
    assert first_topics(second) == ("Scattered", "What the relationship is")


def test_a_rename_in_one_process_is_seen_at_once_by_another(published, monkeypatch):
    """Two cache clients over the one backend: B renames a pattern, A's next page shows the new name."""
    first, second = caches.create_connection("default"), caches.create_connection("default")
    assessment = AssessmentFactory()
    use_process(monkeypatch, first, {})
    assert first_topics(assessment) == ("Who carries the alliance", "What the relationship is")
    use_process(monkeypatch, second, {})
    assert first_topics(assessment) == ("Who carries the alliance", "What the relationship is")
    Pattern.objects.filter(stage__number=1, number=2).update(topic="Show")
    use_process(monkeypatch, first, questionnaire._UNPICKLED)
    assert first_topics(assessment) == ("Who carries the alliance", "Show")


def test_a_fresh_process_takes_the_sections_from_the_shared_cache(published, monkeypatch):
    """A process that never cut them reads them (two cache reads) and needs no items query."""
    assessment = AssessmentFactory()
    use_process(monkeypatch, caches.create_connection("default"), {})
    cut = sections_of(assessment)
    use_process(monkeypatch, caches.create_connection("default"), {})
    with CaptureQueriesContext(connection) as queries:
        sectioned = sections_of(assessment)
    assert len(queries) == 2
    assert not any("assessments_item" in query["sql"] for query in queries)
    assert [s.slug for s in sectioned] == [s.slug for s in cut]
    assert sectioned.items["S1-P1-01"].statement == cut.items["S1-P1-01"].statement


WRITES = {
    "save": lambda: Principle.objects.get(number=3).save(),
    "update": lambda: Stage.objects.filter(number=2).update(name="Strategic"),
    "bulk_update": lambda: Principle.objects.bulk_update(Principle.objects.filter(number=3), ["name"]),
    "delete": lambda: Pattern.objects.get(stage__number=3, number=9).delete(),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_way_of_writing_section_titles_marks_the_cached_sections_stale(published, write):
    """A save, an update, a bulk_update or a delete of a stage, pattern or principle makes a new generation."""
    Pattern.objects.create(stage=Stage.objects.get(number=3), number=9, name="Unused", short_name="Unused")
    before = criteria_generation.current_generation()
    WRITES[write]()
    assert criteria_generation.current_generation() != before


def test_a_version_whose_assessments_were_deleted_shows_its_edited_items(published):
    """Deleting a version's only draft unfreezes it; a statement edited then is on the next draft's page."""
    assessment = AssessmentFactory()
    assert sections_of(assessment).items["S1-P1-01"].statement != "Edited."
    assessment.delete()
    Item.objects.filter(questionnaire=published, code="S1-P1-01").update(statement="Edited.")
    assert sections_of(AssessmentFactory()).items["S1-P1-01"].statement == "Edited."
