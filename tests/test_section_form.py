"""What a section page's form hands its template: each statement's fields read once (forms.SectionForm.statements)."""

from assessments import answering
from assessments.forms import Choice, Drawn, SectionForm
from assessments.models import Item
from assessments.views.questionnaire import StoredAnswer

ITEMS = [
    Item(code="A-1", statement="We share our plans.", help_text="The plans of the year."),
    Item(code="A-2", statement="We meet monthly.", help_text=""),
]
LABELS = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
    "Don't know / not applicable",
]
VALUES = ["1", "2", "3", "4", "5", "dk"]


def choices(code: str, checked: str | None) -> tuple[Choice, ...]:
    return tuple(
        Choice(value, f"id_answer-{code}_{n}", label, value == checked, value == "dk")
        for n, (value, label) in enumerate(zip(VALUES, LABELS, strict=True))
    )


def test_a_stored_answer_is_drawn_checked_with_its_comment_revision_and_the_values_loaded():
    """Each statement carries Django's names and ids, its stored answer checked, its comment and revision."""
    answers = {"A-1": StoredAnswer(item_id=1, value=4, comment="Only Sam", shared=False, revision=3)}
    first, second = SectionForm(items=ITEMS, answers=answers).statements()
    assert first.code == "A-1"
    assert first.help_text == "The plans of the year."
    assert first.answer == Drawn("answer-A-1", "id_answer-A-1", "We share our plans.", "4", "4", ())
    assert first.choices == choices("A-1", "4")
    assert first.comment == Drawn("comment-A-1", "id_comment-A-1", "Comment (optional)", "Only Sam", "Only Sam", ())
    assert first.comment_max_length == str(answering.COMMENT_MAX_LENGTH)
    assert (first.revision.name, first.revision.id, first.revision.value) == ("revision-A-1", "id_revision-A-1", "3")
    assert (first.shared, first.shared_checked, first.disabled) == (None, False, False)
    # Not answered yet: nothing checked, nothing loaded, revision 0.
    assert second.choices == choices("A-2", None)
    assert (second.answer.value, second.answer.loaded, second.comment.value, second.revision.value) == ("", "", "", "0")


def test_a_refused_post_is_drawn_as_posted_with_each_statements_error():
    """A page posted with a comment but no answer comes back with what was posted and the error beside it."""
    form = SectionForm({"answer-A-1": "dk", "comment-A-2": "Why?", "initial-answer-A-1": "2"}, items=ITEMS)
    assert not form.is_valid()
    first, second = form.statements()
    assert first.choices == choices("A-1", "dk")
    assert first.answer.loaded == "2"
    assert second.comment.value == "Why?"
    assert second.comment.errors == (answering.COMMENT_NEEDS_ANSWER,)
    assert first.answer.errors == first.comment.errors == second.answer.errors == ()


def test_a_read_only_survey_page_draws_every_statement_disabled_with_its_sharing_box():
    """A handed-in survey response shows each statement disabled, with whether its comment is shared."""
    answers = {"A-2": StoredAnswer(item_id=2, value=None, comment="Slow", shared=True, revision=1)}
    first, second = SectionForm(items=ITEMS, answers=answers, disabled=True, survey=True).statements()
    assert first.disabled and second.disabled
    assert second.shared == Drawn("shared-A-2", "id_shared-A-2", "Share this comment anonymously", "True", "True", ())
    assert (first.shared_checked, second.shared_checked) == (False, True)
    assert second.choices == choices("A-2", "dk")
