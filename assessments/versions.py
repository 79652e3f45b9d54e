"""Questionnaire versions: a new draft from any version, and publishing a draft in place of the current one.

A version that an assessment uses never changes (see `models.FrozenVersion`); criteria move on by
copying it into a draft, editing the draft and publishing it, which retires the version before.
"""

import datetime as dt
from collections import Counter
from dataclasses import asdict

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.utils import bulk_create_with_history

from . import history_reasons, scoring
from .models import Item, Pattern, Questionnaire, Stage
from .questionnaire import sectioned_items
from .refusals import PublishRefused
from .stage_labels import stage_label, stage_label_lazy

NOT_A_DRAFT = _("Only a draft can be published; v{version} is {status}.")
PATTERN_WITHOUT_ITEM = _("Pattern {code} ({name}) has no item.")
PRINCIPLE_WITHOUT_ITEM = _("Principle {number} ({name}) has no item.")
DUPLICATE_CODE = ngettext_lazy(
    "Item code %(code)s is used %(count)d time (codes are compared ignoring case).",
    "Item code %(code)s is used %(count)d times (codes are compared ignoring case).",
    "count",
)
WEIGHT_NOT_POSITIVE = _("Item {code} has weight {weight:g}; a weight must be above 0.")
THRESHOLD_OUT_OF_RANGE = _("The {name} threshold is {value:g}; it must be between 0 and 100.")
TITLE_NAMES_THE_SCORING = _(
    "The section title “{title}” names “{name}”: it would tell respondents which way to answer. Give the "
    "section (or its pattern's topic) a title that says what its statements ask about."
)
COMMITMENT_ELSEWHERE = _("Item {code}'s commitment belongs to principle {actual}, not to its principle {principle}.")
THRESHOLD_NAMES = {
    "stage_two": stage_label_lazy(2),
    "stage_three": stage_label_lazy(3),
    "symptom_ceiling": _("symptom ceiling"),
    "min_coverage": _("minimum coverage"),
}


@transaction.atomic
def copy_questionnaire(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new draft with the next version number, this version's title, thresholds and every item."""
    reason = history_reasons.kept(history_reasons.COPIED, questionnaire.version)
    latest = Questionnaire.objects.aggregate(latest=Max("version"))["latest"]
    draft = Questionnaire(
        version=latest + 1,
        title=questionnaire.title,
        status=Questionnaire.Status.DRAFT,
        stage_two_threshold=questionnaire.stage_two_threshold,
        stage_three_threshold=questionnaire.stage_three_threshold,
        symptom_ceiling=questionnaire.symptom_ceiling,
        min_coverage=questionnaire.min_coverage,
        rules=questionnaire.rules,
    )
    draft._change_reason = reason
    draft.save()
    bulk_create_with_history(
        [
            Item(
                questionnaire=draft,
                code=item.code,
                statement=item.statement,
                help_text=item.help_text,
                weight=item.weight,
                order=item.order,
                pattern_id=item.pattern_id,
                principle_id=item.principle_id,
                commitment_id=item.commitment_id,
                audience=item.audience,
                section=item.section,
                contradicts=item.contradicts,
            )
            for item in questionnaire.items.all()
        ],
        Item,
        default_change_reason=reason,
    )
    return draft


def check_criteria(criteria: scoring.Criteria) -> list[str]:
    """Every reason these criteria cannot be published, in a stable order (pure: no database)."""
    problems = []
    covered_patterns = {item.pattern for item in criteria.items}
    problems += [
        PATTERN_WITHOUT_ITEM.format(code=p.code, name=p.name)
        for p in criteria.patterns
        if p.code not in covered_patterns
    ]
    covered_principles = {item.principle for item in criteria.items}
    problems += [
        PRINCIPLE_WITHOUT_ITEM.format(number=p.number, name=p.name)
        for p in sorted(criteria.principles, key=lambda p: p.number)
        if p.number not in covered_principles
    ]
    codes = Counter(item.code.casefold() for item in criteria.items)
    reported = set()
    for item in criteria.items:
        key = item.code.casefold()
        if codes[key] > 1 and key not in reported:
            reported.add(key)
            problems.append(DUPLICATE_CODE % {"code": item.code, "count": codes[key]})
    problems += [
        WEIGHT_NOT_POSITIVE.format(code=item.code, weight=item.weight) for item in criteria.items if item.weight <= 0
    ]
    problems += [
        THRESHOLD_OUT_OF_RANGE.format(name=THRESHOLD_NAMES[name], value=value)
        for name, value in asdict(criteria.thresholds).items()
        if not 0 <= value <= 100
    ]
    return problems


def check_section_titles(titles: list[str], names: list[str]) -> list[str]:
    """A problem for each section title that names a stage or a pattern (pure: names in any case)."""
    problems = []
    for title in titles:
        named = next((name for name in names if name.casefold() in title.casefold()), None)
        if named is not None:
            problems.append(TITLE_NAMES_THE_SCORING.format(title=title, name=named))
    return problems


def scoring_names() -> list[str]:
    """What a section title must not name: the stages ("Stage II", "Strategic") and the patterns."""
    names = [name for stage in Stage.objects.all() for name in (stage_label(stage.number), stage.name)]
    names += [name for pattern in Pattern.objects.all() for name in (pattern.name, pattern.short_name)]
    # Longest first, so that the message quotes "Stage III" rather than "Stage I".
    return sorted(dict.fromkeys(names), key=lambda name: (-len(name), name))


def check_questionnaire(questionnaire: Questionnaire) -> list[str]:
    """Every reason this questionnaire cannot be published: the pure checks plus what only the database knows."""
    problems = []
    if questionnaire.status != Questionnaire.Status.DRAFT:
        problems.append(
            NOT_A_DRAFT.format(version=questionnaire.version, status=questionnaire.get_status_display().lower())
        )
    problems += check_criteria(questionnaire.scoring_criteria())
    mismatched = questionnaire.items.exclude(commitment=None).exclude(commitment__principle=F("principle"))
    problems += [
        COMMITMENT_ELSEWHERE.format(code=code, actual=actual, principle=principle)
        for code, actual, principle in mismatched.values_list(
            "code", "commitment__principle__number", "principle__number"
        ).order_by("order", "code")
    ]
    titles = [section.title for section in sectioned_items(questionnaire)]
    problems += check_section_titles(titles, scoring_names())
    return problems


@transaction.atomic
def publish_questionnaire(*, questionnaire: Questionnaire, now: dt.datetime) -> Questionnaire:
    """Publish a valid draft and retire the version published before it, together or not at all.

    Raises PublishRefused listing every problem when the draft is not fit to publish.
    """
    # Locking every version makes two publishes in a row wait for each other.
    versions = {q.pk: q for q in Questionnaire.objects.select_for_update().order_by("version")}
    draft = versions[questionnaire.pk]
    problems = check_questionnaire(draft)
    if problems:
        raise PublishRefused(problems)
    for previous in versions.values():
        if previous.status == Questionnaire.Status.PUBLISHED:
            previous.status = Questionnaire.Status.RETIRED
            previous._change_reason = history_reasons.kept(history_reasons.RETIRED, draft.version)
            previous.save(update_fields=["status"])
    draft.status = Questionnaire.Status.PUBLISHED
    draft.published_at = now
    draft._change_reason = history_reasons.kept(history_reasons.PUBLISHED)
    draft.save(update_fields=["status", "published_at"])
    return draft
