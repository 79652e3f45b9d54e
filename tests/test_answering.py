"""Starting an assessment and saving answers: all or nothing, never after submission."""

import datetime as dt
from unittest import mock

import pytest

from assessments import answering, refusals
from assessments.answering import Reply
from assessments.models import Answer, Assessment, Principle, Questionnaire, Round
from assessments.refusals import StaleAnswers

from .answering import record_answers
from .factories import AllianceFactory, AssessmentFactory, answers_at, respond, survey

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


def stored(assessment) -> dict:
    """The answers an assessment holds, by item code: (value, comment)."""
    return {a.item.code: (a.value, a.comment) for a in assessment.answers.select_related("item")}


def test_start_creates_a_draft_on_the_published_questionnaire(published, manager):
    """The first start makes a draft by the manager on the published version."""
    alliance = AllianceFactory(owner=manager)
    assessment = answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    assert (assessment.alliance, assessment.respondent, assessment.questionnaire) == (alliance, manager, published)
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.last_section == ""


def test_start_resumes_the_draft_under_way(published, manager):
    """Starting again returns the same draft instead of a second one."""
    alliance = AllianceFactory(owner=manager)
    first = answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    assert answering.start_assessment(alliance=alliance, respondent=manager, now=NOW) == first
    assert Assessment.objects.filter(alliance=alliance).count() == 1


def test_start_after_a_submission_begins_a_new_draft(published, manager):
    """A submitted assessment is not resumed: the next start is a fresh draft."""
    alliance = AllianceFactory(owner=manager)
    done = AssessmentFactory(alliance=alliance)
    record_answers(assessment=done, answers=answers_at(2))
    answering.submit_assessment(assessment=done, now=NOW)
    fresh = answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    assert fresh != done
    assert fresh.status == Assessment.Status.DRAFT


def test_start_that_loses_the_race_returns_the_winners_draft(published, manager):
    """When another request creates the draft between the look-up and the insert, that draft is returned."""
    alliance = AllianceFactory(owner=manager)
    winner = AssessmentFactory(alliance=alliance)
    real_open, looked = Round.objects.open, []

    def open_rounds():
        # The first look-up misses the open round, as it would just before the other request commits it.
        looked.append(True)
        return Round.objects.none() if len(looked) == 1 else real_open()

    with mock.patch.object(Round.objects, "open", side_effect=open_rounds):
        assert answering.start_assessment(alliance=alliance, respondent=manager, now=NOW) == winner
    assert Assessment.objects.filter(alliance=alliance).count() == 1
    assert Round.objects.filter(alliance=alliance).count() == 1


def test_start_opens_a_self_assessment_round_and_submitting_closes_it(published, manager):
    """A start opens the alliance's one round, a self-assessment with no deadline; the submission closes it."""
    alliance = AllianceFactory(owner=manager)
    draft = answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    opened = draft.round
    assert (opened.kind, opened.opened_by, opened.opened_at, opened.deadline, opened.is_open) == (
        "self",
        manager,
        NOW,
        None,
        True,
    )
    record_answers(assessment=draft, answers=answers_at(2))
    later = NOW + dt.timedelta(days=1)
    answering.submit_assessment(assessment=draft, now=later)
    opened.refresh_from_db()
    assert opened.closed_at == later


def test_start_while_a_survey_is_open_is_refused(published, manager):
    """An open survey is the alliance's one open round: no self-assessment starts beside it, and nothing is made."""
    alliance = AllianceFactory(owner=manager)
    open_survey = survey(alliance, opened_at=NOW)
    with pytest.raises(refusals.SurveyUnderWay, match=str(answering.SURVEY_UNDER_WAY)) as refused:
        answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    assert refused.value.details == {"round": open_survey.pk}
    assert not Assessment.objects.exists()


def test_start_after_the_owner_changed_leaves_the_former_owners_draft_out(published, manager, other_manager):
    """The former owner's draft's round closes, its draft kept but left out, and the new owner's round opens."""
    alliance = AllianceFactory(owner=other_manager)
    former = answering.start_assessment(alliance=alliance, respondent=other_manager, now=NOW)
    alliance.owner = manager
    alliance.save()
    later = NOW + dt.timedelta(days=1)
    mine = answering.start_assessment(alliance=alliance, respondent=manager, now=later)
    former.round.refresh_from_db()
    assert (former.round.closed_at, mine.round.is_open, mine.round != former.round) == (later, True, True)
    assert Assessment.objects.get(pk=former.pk).status == "draft"


def test_a_survey_response_is_handed_in_with_no_result_and_refused_after_closing(published):
    """Handing in a response marks it responded, with no stage of its own; once its round closed, it is refused."""
    held = survey(AllianceFactory(), opened_at=NOW)
    handed = respond(held, "ours", {})
    assert (handed.status, handed.stage, handed.result, handed.submitted_at) == (
        "responded",
        None,
        None,
        NOW + dt.timedelta(hours=1),
    )
    late = respond(held, "ours", answers_at(2), handed_in=False)
    Round.objects.filter(pk=held.pk).update(closed_at=NOW)
    with pytest.raises(refusals.RoundClosed, match=str(answering.ROUND_CLOSED)):
        answering.submit_assessment(assessment=late, now=NOW)
    assert Assessment.objects.get(pk=late.pk).status == "draft"


def test_start_without_a_published_questionnaire_is_refused(published, manager):
    """With no published version there is nothing to answer: it says so and creates nothing."""
    Questionnaire.objects.update(status=Questionnaire.Status.RETIRED)
    alliance = AllianceFactory(owner=manager)
    with pytest.raises(refusals.NoPublishedQuestionnaire, match=str(answering.NO_PUBLISHED_QUESTIONNAIRE)):
        answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    assert not Assessment.objects.exists()


def test_save_answers_stores_and_then_replaces(published):
    """Answers are stored by code; saving one again replaces its value and comment."""
    assessment = AssessmentFactory()
    answering.save_answers(
        assessment=assessment, replies={"S1-P1-01": Reply(4, "One champion"), "S2-P1-01": Reply(None)}
    )
    answering.save_answer(assessment=assessment, code="S1-P1-01", reply=Reply(2, ""))
    assert stored(assessment) == {"S1-P1-01": (2, ""), "S2-P1-01": (None, "")}


@pytest.mark.parametrize(
    ("reply", "refusal", "message"),
    [
        (Reply(6), refusals.ValueOffScale, answering.VALUE_OFF_SCALE),
        (Reply(0), refusals.ValueOffScale, answering.VALUE_OFF_SCALE),
        (Reply(True), refusals.ValueOffScale, answering.VALUE_OFF_SCALE),
        (Reply("4"), refusals.ValueOffScale, answering.VALUE_OFF_SCALE),
        (Reply(3, "x" * (answering.COMMENT_MAX_LENGTH + 1)), refusals.CommentTooLong, answering.COMMENT_TOO_LONG),
    ],
)
def test_one_bad_answer_refuses_the_whole_lot(published, reply, refusal, message):
    """A value off the scale or an overlong comment refuses every answer sent with it."""
    assessment = AssessmentFactory()
    answering.save_answer(assessment=assessment, code="S1-P1-02", reply=Reply(3, "kept"))
    with pytest.raises(refusal, match=str(message)):
        answering.save_answers(assessment=assessment, replies={"S1-P1-01": Reply(4), "S1-P1-02": reply})
    assert stored(assessment) == {"S1-P1-02": (3, "kept")}


def test_an_item_of_another_questionnaire_is_refused(published):
    """A code that is not in the assessment's version refuses every answer sent with it."""
    other = Questionnaire.objects.create(version=2, title="v2")
    other.items.create(code="X-01", statement="Elsewhere", principle=Principle.objects.get(number=1))
    assessment = AssessmentFactory()
    with pytest.raises(refusals.ItemNotInQuestionnaire, match=str(answering.ITEM_NOT_IN_QUESTIONNAIRE)) as refused:
        answering.save_answers(assessment=assessment, replies={"S1-P1-01": Reply(4), "X-01": Reply(4)})
    assert refused.value.details == {"item": "X-01"}
    assert stored(assessment) == {}


def test_a_submitted_assessment_takes_no_more_answers(published):
    """After submission, saving is refused and the stored answers stay as they were."""
    assessment = AssessmentFactory()
    record_answers(assessment=assessment, answers=answers_at(2))
    answering.submit_assessment(assessment=assessment, now=NOW)
    before = stored(assessment)
    with pytest.raises(refusals.AssessmentSubmitted, match=str(answering.ASSESSMENT_SUBMITTED)):
        answering.save_answer(assessment=assessment, code="S1-P1-01", reply=Reply(5))
    assert stored(assessment) == before


def test_saving_marks_the_draft_as_updated(published):
    """Saving answers moves the draft's updated_at, so lists can show recent activity."""
    assessment = AssessmentFactory()
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=NOW - dt.timedelta(days=30))
    answering.save_answer(assessment=assessment, code="S1-P1-01", reply=Reply(1))
    assessment.refresh_from_db()
    assert assessment.updated_at > NOW - dt.timedelta(days=1)


def test_remember_section_stores_the_page_of_a_draft_only(published):
    """A draft remembers the last page opened; a submitted assessment is left alone."""
    draft = AssessmentFactory()
    answering.remember_section(assessment=draft, slug="s2-p4")
    draft.refresh_from_db()
    assert draft.last_section == "s2-p4"

    done = AssessmentFactory()
    record_answers(assessment=done, answers=answers_at(1))
    done = answering.submit_assessment(assessment=done, now=NOW)
    answering.remember_section(assessment=done, slug="s2-p4")
    done.refresh_from_db()
    assert done.last_section == ""


def test_answers_total_one_row_per_item(published):
    """However often an item is answered, it keeps one row."""
    assessment = AssessmentFactory()
    for value in (1, 2, 3):
        answering.save_answer(assessment=assessment, code="S1-P1-01", reply=Reply(value))
    assert Answer.objects.filter(assessment=assessment).count() == 1


def revisions(assessment) -> dict:
    return dict(assessment.answers.values_list("item__code", "revision"))


def test_each_save_that_changes_an_answer_counts_a_revision(published, manager):
    """A new answer is revision 1, each change adds one, and saving the same answer again adds none."""
    draft = AssessmentFactory(alliance=AllianceFactory(owner=manager))
    assert answering.save_answer(assessment=draft, code="C01-01", reply=Reply(3)) == 1
    assert answering.save_answer(assessment=draft, code="C01-01", reply=Reply(3, "why")) == 2
    assert answering.save_answer(assessment=draft, code="C01-01", reply=Reply(3, "why")) == 2
    assert revisions(draft) == {"C01-01": 2}


def test_a_save_based_on_a_stale_revision_refuses_the_lot(published, manager):
    """One answer changed since its page loaded refuses every answer sent with it, naming what is stored."""
    draft = AssessmentFactory(alliance=AllianceFactory(owner=manager))
    answering.save_answer(assessment=draft, code="C01-01", reply=Reply(4, "other tab"))
    with pytest.raises(StaleAnswers) as refused:
        answering.save_answers(
            assessment=draft, replies={"C01-01": Reply(2), "C01-02": Reply(5)}, based_on={"C01-01": 0, "C01-02": 0}
        )
    assert refused.value.message == answering.STALE_ANSWER
    assert refused.value.details == {
        "answers": {"C01-01": {"answered": True, "value": 4, "comment": "other tab", "shared": False, "revision": 1}}
    }
    assert stored(draft) == {"C01-01": (4, "other tab")}


def test_a_stale_save_of_what_is_stored_is_no_conflict(published, manager):
    """A retried save, or two tabs giving the same answer, stores nothing new and is not refused."""
    draft = AssessmentFactory(alliance=AllianceFactory(owner=manager))
    answering.save_answer(assessment=draft, code="C01-01", reply=Reply(4))
    assert answering.save_answer(assessment=draft, code="C01-01", reply=Reply(4), based_on=0) == 1
    assert revisions(draft) == {"C01-01": 1}
