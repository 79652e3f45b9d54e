"""A questionnaire version's items cut into the pages a respondent answers (sections.py is the pure cut)."""

from django.db.models import Subquery

from . import sections
from .models import Item, Pattern, Principle, Questionnaire, Stage


def statement_of(item: Item) -> sections.Statement:
    """What sectioning reads of an item (needs pattern__stage and principle selected)."""
    if item.pattern:
        return sections.Statement(item.code, item.pattern.short_name, item.pattern.stage.number, item.pattern.code)
    return sections.Statement(item.code, item.principle.name, principle=item.principle.number)


class SectionedItems:
    """A questionnaire's items cut into sections (see sections.py), with lookups by code and slug."""

    def __init__(self, items: list[Item]):
        self.items = {item.code: item for item in items}
        self.sections = sections.plan_sections(statement_of(item) for item in items)
        self._by_slug = {section.slug: section for section in self.sections}

    def __iter__(self):
        return iter(self.sections)

    def get(self, slug: str) -> sections.Section | None:
        return self._by_slug.get(slug)

    def first(self) -> sections.Section | None:
        return self.sections[0] if self.sections else None

    def neighbours(self, section: sections.Section) -> tuple[sections.Section | None, sections.Section | None]:
        index = self.sections.index(section)
        previous = self.sections[index - 1] if index > 0 else None
        following = self.sections[index + 1] if index + 1 < len(self.sections) else None
        return previous, following

    def items_of(self, section: sections.Section) -> list[Item]:
        return [self.items[code] for code in section.codes]

    def stage_of(self) -> dict[str, int]:
        """Item code to stage number, for the pattern items."""
        return {code: item.pattern.stage.number for code, item in self.items.items() if item.pattern}


_FROZEN_SECTIONS: dict[tuple, SectionedItems] = {}
FROZEN_SECTIONS_KEPT = 16


def _criteria_changed_at() -> tuple:
    """When a stage, a pattern and a principle last changed, in any process (one query over their history).

    Items of a version in use never change, but the names that title its sections can.
    """

    def latest(model):
        return Subquery(model.history.order_by("-history_date").values("history_date")[:1])

    stamps = Stage.objects.order_by().values_list(latest(Stage), latest(Pattern), latest(Principle))[:1]
    return tuple(stamps[0]) if stamps else ()


def sectioned_items(questionnaire: Questionnaire) -> SectionedItems:
    """A version's items (one query) and the sections a respondent answers them in."""
    # Ordered on the item's own columns: the default ordering would join the questionnaire.
    items = list(questionnaire.items.select_related("pattern__stage", "principle").order_by("order", "code"))
    return SectionedItems(items)


def sections_of(assessment) -> SectionedItems:
    """The sections of an assessment's questionnaire version.

    A version with an assessment is frozen (FrozenVersion), so its sections are kept per
    process: the pages a respondent opens again and again skip the items query and the cut.
    A change to the names that title sections, made by any process, makes a new key.
    """
    # created_at is in the key so that a version recreated under a reused id is not mistaken.
    key = (assessment.questionnaire_id, assessment.questionnaire.created_at, *_criteria_changed_at())
    if key not in _FROZEN_SECTIONS:
        if len(_FROZEN_SECTIONS) >= FROZEN_SECTIONS_KEPT:
            _FROZEN_SECTIONS.clear()
        _FROZEN_SECTIONS[key] = sectioned_items(assessment.questionnaire)
    return _FROZEN_SECTIONS[key]
