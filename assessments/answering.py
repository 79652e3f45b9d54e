"""Answering an assessment: start it, save answers, note the page, submit. Views, commands and the demo use it."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import scale, scoring
from .models import Alliance, Answer, Assessment, AssessmentPrincipleScore, Questionnaire, Round
from .questionnaire import SectionedItems, sections_of
from .refusals import (
    AssessmentSubmitted,
    CommentTooLong,
    ItemNotInQuestionnaire,
    NoPublishedQuestionnaire,
    NotEnoughAnswers,
    RoundClosed,
    StaleAnswers,
    SurveyUnderWay,
    ValueOffScale,
)

COMMENT_MAX_LENGTH = 2000

NOT_ENOUGH_ANSWERS = _("Not enough answers to trust a verdict yet.")
NO_PUBLISHED_QUESTIONNAIRE = _(
    "There is no published questionnaire to answer yet; an administrator needs to publish one."
)
ASSESSMENT_SUBMITTED = _("This assessment has been submitted, so its answers can no longer change. Nothing was saved.")
ITEM_NOT_IN_QUESTIONNAIRE = _("A statement sent is not part of this questionnaire. Nothing was saved.")
VALUE_OFF_SCALE = _("An answer must be one of the five options or “Don't know”. Nothing was saved.")
COMMENT_NEEDS_ANSWER = _("Choose an answer (or “Don't know”) for this statement so its comment can be kept.")
COMMENT_TOO_LONG = format_lazy(
    _("A comment can be at most {limit} characters. Nothing was saved."), limit=COMMENT_MAX_LENGTH
)
SURVEY_UNDER_WAY = _("A survey of this alliance is under way: a self-assessment can start once the survey is closed.")
ROUND_CLOSED = _("This round is closed, so answers can no longer be handed in. Nothing was saved.")
STALE_ANSWER = _(
    "Changed in another tab or window after this page was loaded. Nothing was saved: the answer stored"
    " there is shown now; change it again to replace it."
)


@dataclass(frozen=True)
class Reply:
    """One statement's answer as given: 1-5, or None for "don't know", and an optional comment."""

    value: int | None
    comment: str = ""
    # A survey response's "share this comment anonymously"; a self-assessment's comments are its author's anyway.
    shared: bool = False


def start_assessment(*, alliance: Alliance, respondent, now: dt.datetime) -> Assessment:
    """The owner's self-assessment draft: the one under way in the alliance's open round, or a new round and draft
    on the published questionnaire. While a survey is open, none starts (SurveyUnderWay).

    A self-assessment round open with another person's draft (a former owner's) closes first, that draft left out.
    """
    current = Round.objects.open().filter(alliance=alliance).first()
    if current is not None:
        if current.is_survey:
            raise SurveyUnderWay(SURVEY_UNDER_WAY, {"round": current.pk})
        draft = current.assessments.filter(respondent=respondent, status=Assessment.Status.DRAFT).first()
        if draft:
            return draft
        Round.objects.open().filter(pk=current.pk).update(closed_at=now)
    questionnaire = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()
    if questionnaire is None:
        raise NoPublishedQuestionnaire(NO_PUBLISHED_QUESTIONNAIRE)
    try:
        with transaction.atomic():
            # The version's row lock makes an admin's edit of it finish first, or wait and be
            # refused (models.while_unused); a publish in between sends this round again.
            locked = Questionnaire.objects.select_for_update().filter(
                pk=questionnaire.pk, status=Questionnaire.Status.PUBLISHED
            )
            if not locked.values_list("pk", flat=True):
                return start_assessment(alliance=alliance, respondent=respondent, now=now)
            opened = Round.objects.create_self(
                alliance=alliance, questionnaire=questionnaire, opened_by=respondent, opened_at=now
            )
            return Assessment.objects.create(
                alliance=alliance, round=opened, respondent=respondent, questionnaire=questionnaire
            )
    except IntegrityError:
        # Two clicks at once: the other request opened the round first (one_open_round_per_alliance),
        # so this one finds it now, with its draft (or refuses, if it was a survey).
        return start_assessment(alliance=alliance, respondent=respondent, now=now)


def save_answers(
    *,
    assessment: Assessment,
    replies: Mapping[str, Reply],
    based_on: Mapping[str, int] | None = None,
    sectioned: SectionedItems | None = None,
) -> dict[str, int]:
    """Store answers by item code, all or none: any bad one refuses the lot. Return each one's revision.

    `based_on` holds, by item code, the revision of the answer the respondent's page showed. An
    answer that would change one stored since (from another tab) is refused: StaleAnswers. Sending
    what is already stored changes nothing and is never refused (a retried save, two tabs agreeing).
    The version's items are read from its cached sections, `sectioned` when the caller has them already.
    """
    sectioned = sectioned or sections_of(assessment)
    item_ids = {code: item.pk for code, item in sectioned.items.items()}
    for code, reply in replies.items():
        _check_reply(code, reply, item_ids)
    based_on = based_on or {}
    # The transaction opens with a write, which takes the row's lock (PostgreSQL) or the database's
    # (SQLite, where reading first could deadlock two saves): a submit running at the same time
    # either finishes first, and this refuses, or waits until these answers are in. The lock also
    # makes saves to one assessment take turns, so the revisions read here are still current below.
    with transaction.atomic():
        drafts = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT)
        if not drafts.update(updated_at=timezone.now()):
            raise AssessmentSubmitted(ASSESSMENT_SUBMITTED, {"assessment": assessment.pk})
        stored = {
            answer.item_id: answer
            for answer in Answer.objects.filter(
                assessment_id=assessment.pk, item_id__in=[item_ids[code] for code in replies]
            )
        }
        changed = {code: reply for code, reply in replies.items() if not _stores(stored.get(item_ids[code]), reply)}
        stale = {
            code: stored.get(item_ids[code])
            for code in changed
            if code in based_on and _revision(stored.get(item_ids[code])) != based_on[code]
        }
        if stale:
            raise StaleAnswers(STALE_ANSWER, {"answers": {code: _as_stored(a) for code, a in stale.items()}})
        Answer.objects.bulk_create(
            [
                Answer(
                    assessment_id=assessment.pk,
                    item_id=item_ids[code],
                    value=reply.value,
                    comment=reply.comment,
                    shared=reply.shared,
                    revision=_revision(stored.get(item_ids[code])) + 1,
                )
                for code, reply in changed.items()
            ],
            update_conflicts=True,
            unique_fields=["assessment", "item"],
            update_fields=["value", "comment", "shared", "revision", "updated_at"],
        )
    return {code: _revision(stored.get(item_ids[code])) + (code in changed) for code in replies}


def save_answer(
    *,
    assessment: Assessment,
    code: str,
    reply: Reply,
    based_on: int | None = None,
    sectioned: SectionedItems | None = None,
) -> int:
    """Store one answer as it is given, from a page that showed its revision `based_on`; return its revision."""
    revisions = save_answers(
        assessment=assessment,
        replies={code: reply},
        based_on=None if based_on is None else {code: based_on},
        sectioned=sectioned,
    )
    return revisions[code]


def changed_elsewhere(
    *, assessment: Assessment, loaded: Mapping[str, int], left_alone: set[str], sectioned: SectionedItems
) -> list[str]:
    """The statements of `left_alone` whose stored answer is no longer the revision the page `loaded`:
    another tab changed them, and since this page did not, their answer stays as the other tab gave it."""
    item_ids = {code: sectioned.items[code].pk for code in left_alone if code in loaded and code in sectioned.items}
    stored = dict(
        Answer.objects.filter(assessment_id=assessment.pk, item_id__in=item_ids.values()).values_list(
            "item_id", "revision"
        )
    )
    return [code for code, item_id in item_ids.items() if stored.get(item_id, 0) != loaded[code]]


def _stores(answer: Answer | None, reply: Reply) -> bool:
    return answer is not None and (answer.value, answer.comment, answer.shared) == (
        reply.value,
        reply.comment,
        reply.shared,
    )


def _revision(answer: Answer | None) -> int:
    return 0 if answer is None else answer.revision


def _as_stored(answer: Answer | None) -> dict:
    if answer is None:
        return {"answered": False, "value": None, "comment": "", "shared": False, "revision": 0}
    return {
        "answered": True,
        "value": answer.value,
        "comment": answer.comment,
        "shared": answer.shared,
        "revision": answer.revision,
    }


def _check_reply(code: str, reply: Reply, item_ids: Mapping[str, int]) -> None:
    if code not in item_ids:
        raise ItemNotInQuestionnaire(ITEM_NOT_IN_QUESTIONNAIRE, {"item": code})
    value = reply.value
    if value is not None and (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not scale.STRONGLY_DISAGREE <= value <= scale.STRONGLY_AGREE
    ):
        raise ValueOffScale(VALUE_OFF_SCALE, {"item": code, "value": value})
    if len(reply.comment) > COMMENT_MAX_LENGTH:
        raise CommentTooLong(
            COMMENT_TOO_LONG, {"item": code, "length": len(reply.comment), "max_length": COMMENT_MAX_LENGTH}
        )


def remember_section(*, assessment: Assessment, slug: str) -> None:
    """Note the page a respondent is on, so coming back opens it again."""
    if assessment.is_draft and assessment.last_section != slug:
        Assessment.objects.filter(pk=assessment.pk).update(last_section=slug)
        assessment.last_section = slug


def score_assessment(assessment: Assessment) -> scoring.Result:
    """Score an assessment's current answers against its own questionnaire version."""
    answers = dict(assessment.answers.values_list("item__code", "value"))
    return scoring.score(assessment.questionnaire.scoring_criteria(), answers)


@transaction.atomic
def submit_assessment(*, assessment: Assessment, now: dt.datetime) -> Assessment:
    """Hand an assessment in; submitting twice changes nothing.

    A self-assessment is frozen with its stage and full result, and closes its round. A survey
    response is handed in as answered (RESPONDED), with no result of its own and no coverage rule
    (that applies to its side's combined answers), until the round closes (RoundClosed).
    """
    # The round's row first, as closing takes it: a response handed in meanwhile lands before the close or is refused.
    held = Round.objects.select_for_update().get(pk=assessment.round_id)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.DRAFT:
        return assessment
    if held.is_survey:
        return _hand_in_response(assessment, held, now)
    result = score_assessment(assessment)
    if result.too_thin:
        raise NotEnoughAnswers(NOT_ENOUGH_ANSWERS)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = now
    assessment.stage = result.stage
    assessment.result = result.to_dict()
    assessment.save(update_fields=["status", "submitted_at", "stage", "result", "updated_at"])
    AssessmentPrincipleScore.objects.bulk_create(AssessmentPrincipleScore.from_result(assessment.pk, result))
    Round.objects.filter(pk=held.pk).update(closed_at=now)
    return assessment


def _hand_in_response(assessment: Assessment, held: Round, now: dt.datetime) -> Assessment:
    if not held.is_open:
        raise RoundClosed(ROUND_CLOSED, {"round": held.pk})
    assessment.status = Assessment.Status.RESPONDED
    assessment.submitted_at = now
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    return assessment
