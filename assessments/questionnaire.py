"""A questionnaire version's items cut into the pages a respondent answers (sections.py is the pure cut)."""

from django.core.cache import cache
from django.utils.translation import get_language

from . import sections
from .criteria_generation import current_generation
from .models import Audience, Item, Questionnaire, Side


def statement_of(item: Item) -> sections.Statement:
    """What sectioning reads of an item (needs pattern__stage and principle selected)."""
    if item.pattern:
        pattern = item.pattern
        topic = pattern.topic or pattern.short_name
        return sections.Statement(
            item.code, topic, pattern.stage.number, pattern.code, section=item.section, neutral=bool(pattern.topic)
        )
    return sections.Statement(item.code, item.principle.name, principle=item.principle.number, section=item.section)


class SectionedItems:
    """A questionnaire's items cut into sections (see sections.py), with lookups by code and slug."""

    def __init__(self, items: list[Item]):
        self.items = {item.code: item for item in items}
        self.sections = sections.plan_sections(statement_of(item) for item in items)
        self._by_slug = {slug: section for section in self.sections for slug in (*section.aliases, section.slug)}

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

    def judged_by(self, rules: int) -> dict[str, object]:
        """Item code to the group whose coverage the scoring rules count: its stage (1), its pattern (2)."""
        if rules == 2:
            return {code: item.pattern.code for code, item in self.items.items() if item.pattern}
        return self.stage_of()


# Sections as this process last unpickled them, by cache key and criteria generation: a page
# then costs one cache read (the generation) instead of reading and unpickling some 85 kB.
_UNPICKLED: dict[tuple[str, str], SectionedItems] = {}
UNPICKLED_KEPT = 16
SECTIONS_TIMEOUT = 24 * 60 * 60  # a retired version's entry leaves the cache a day after its last use


def sectioned_items(questionnaire: Questionnaire, *, partner: bool = False) -> SectionedItems:
    """A version's items (one query) and the sections a respondent answers them in; the partner side's
    leave out the statements asked of our side only."""
    # Ordered on the item's own columns: the default ordering would join the questionnaire.
    items = questionnaire.items.select_related("pattern__stage", "principle").order_by("order", "code")
    if partner:
        items = items.exclude(audience=Audience.OURS)
    return SectionedItems(list(items))


def asks_partner(assessment) -> bool:
    """Whether the assessment is a partner-side survey response, asked only the statements for both sides."""
    return assessment.invitee_id is not None and assessment.invitee.side == Side.PARTNER


def sections_of(assessment) -> SectionedItems:
    """The sections of an assessment's questionnaire version (a partner-side response's without the statements
    for our side only), from the cache every process shares.

    A version with an assessment is frozen (FrozenVersion), so its sections are cut once, kept in
    the cache with the criteria's generation they were cut in, and cut again only once a stage,
    pattern or principle was saved since (criteria_generation.py): a rename shows at once everywhere.
    """
    questionnaire = assessment.questionnaire
    partner = asks_partner(assessment)
    # created_at is in the key so that a version recreated under a reused id is not mistaken; the
    # language, because section titles are cut in the language of the request.
    key = f"sections:{get_language()}:{questionnaire.pk}:{questionnaire.created_at.timestamp()}"
    if partner:
        key += ":partner"
    generation = current_generation()
    if (key, generation) in _UNPICKLED:
        return _UNPICKLED[key, generation]
    stored = cache.get(key)
    if stored is not None and stored[0] == generation:
        sectioned = stored[1]
    else:
        sectioned = sectioned_items(questionnaire, partner=partner)
        cache.set(key, (generation, sectioned), timeout=SECTIONS_TIMEOUT)
    if len(_UNPICKLED) >= UNPICKLED_KEPT:
        _UNPICKLED.clear()
    _UNPICKLED[key, generation] = sectioned
    return sectioned
