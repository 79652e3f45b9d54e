"""The questionnaire pages: who may open and save them, what bad input does, what is stored."""

import datetime as dt
import html
import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments import answering, forms
from assessments.answering import Reply
from assessments.models import Assessment, Questionnaire
from assessments.views import questionnaire as views

from .answering import record_answers
from .factories import AllianceFactory, AssessmentFactory, answers_at

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)
FIRST = "who-carries-the-alliance"  # the first section of the default questionnaire: S1-P1-01..06, S1-P2-01..04
FIRST_CODES = [f"S1-P1-{n:02}" for n in range(1, 7)] + [f"S1-P2-{n:02}" for n in range(1, 5)]


@pytest.fixture
def draft(published, manager):
    return AssessmentFactory(alliance=AllianceFactory(owner=manager))


@pytest.fixture
def submitted(published, manager):
    assessment = AssessmentFactory(alliance=AllianceFactory(owner=manager))
    record_answers(assessment=assessment, answers=answers_at(2))
    return answering.submit_assessment(assessment=assessment, now=NOW)


def stored(assessment) -> dict:
    return {a.item.code: (a.value, a.comment) for a in assessment.answers.select_related("item")}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def section_url(assessment, slug=FIRST):
    return reverse("assessment-section", args=[assessment.pk, slug])


def answer_url(assessment):
    return reverse("assessment-answer", args=[assessment.pk])


# Who may do what


def test_anonymous_users_are_sent_to_sign_in(client, draft):
    """Every questionnaire page sends an anonymous visitor to the sign-in page."""
    pk = draft.pk
    for method, url in [
        ("post", reverse("assessment-start", args=[draft.alliance.pk])),
        ("get", reverse("assessment-resume", args=[pk])),
        ("get", section_url(draft)),
        ("post", section_url(draft)),
        ("post", answer_url(draft)),
        ("get", reverse("assessment-review", args=[pk])),
        ("post", reverse("assessment-submit", args=[pk])),
        ("get", reverse("assessment-result", args=[pk])),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_another_manager_gets_404_everywhere_and_changes_nothing(client, draft, other_manager):
    """A manager who does not own the alliance cannot start, open, save or submit its assessment."""
    answering.save_answer(assessment=draft, code="S1-P1-01", reply=Reply(4))
    client.force_login(other_manager)
    pk = draft.pk
    for method, url, data in [
        ("post", reverse("assessment-start", args=[draft.alliance.pk]), {}),
        ("get", reverse("assessment-resume", args=[pk]), {}),
        ("get", section_url(draft), {}),
        ("post", section_url(draft), {"answer-S1-P1-01": "1", "go": FIRST}),
        ("post", answer_url(draft), {"item": "S1-P1-01", "value": "1"}),
        ("get", reverse("assessment-review", args=[pk]), {}),
        ("post", reverse("assessment-submit", args=[pk]), {}),
        ("get", reverse("assessment-result", args=[pk]), {}),
    ]:
        assert getattr(client, method)(url, data).status_code == 404, url
    assert stored(draft) == {"S1-P1-01": (4, "")}
    assert Assessment.objects.count() == 1
    assert Assessment.objects.get().last_section == ""


def test_another_manager_cannot_read_a_submitted_assessment(client, submitted, other_manager):
    """Submitted assessments of someone else's alliance are 404 to a manager too."""
    client.force_login(other_manager)
    for name in ("assessment-review", "assessment-result"):
        assert client.get(reverse(name, args=[submitted.pk])).status_code == 404


def test_an_executive_reads_submitted_assessments_but_never_answers(client, draft, submitted, executive):
    """Executives open results and answers read-only; starting, saving and submitting are 404."""
    client.force_login(executive)
    assert client.get(reverse("assessment-result", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("assessment-review", args=[submitted.pk])).status_code == 200
    page = client.get(section_url(submitted))
    assert page.status_code == 200
    assert page.context["form"].fields["answer-S1-P1-01"].disabled
    assert client.post(reverse("assessment-start", args=[draft.alliance.pk])).status_code == 404
    assert client.get(section_url(draft)).status_code == 404  # someone else's draft stays private
    assert client.post(answer_url(draft), {"item": "S1-P1-01", "value": "1"}).status_code == 404
    assert client.post(reverse("assessment-submit", args=[draft.pk])).status_code == 404
    assert stored(draft) == {}
    assert Assessment.objects.count() == 2


def test_a_manager_who_no_longer_owns_the_alliance_cannot_answer_their_draft(client, draft, other_manager, manager):
    """When an alliance is handed to another manager, the old draft can no longer be opened or saved."""
    draft.alliance.owner = other_manager
    draft.alliance.save()
    client.force_login(manager)
    assert client.get(section_url(draft)).status_code == 404
    assert client.post(answer_url(draft), {"item": "S1-P1-01", "value": "1"}).status_code == 404
    assert stored(draft) == {}


def test_pages_refuse_the_wrong_method(client, draft, manager):
    """Start, answer and submit only take POST; resume, review and result only GET."""
    client.force_login(manager)
    assert client.get(reverse("assessment-start", args=[draft.alliance.pk])).status_code == 405
    assert client.get(answer_url(draft)).status_code == 405
    assert client.get(reverse("assessment-submit", args=[draft.pk])).status_code == 405
    assert client.post(reverse("assessment-review", args=[draft.pk])).status_code == 405
    assert client.post(reverse("assessment-result", args=[draft.pk])).status_code == 405


# Starting and resuming


def test_start_creates_a_draft_and_opens_its_first_section(client, published, manager):
    """The owner's first start makes a draft and lands on the first section."""
    alliance = AllianceFactory(owner=manager)
    client.force_login(manager)
    response = client.post(reverse("assessment-start", args=[alliance.pk]), follow=True)
    assessment = Assessment.objects.get()
    assert (assessment.alliance, assessment.respondent, assessment.status) == (alliance, manager, "draft")
    assert response.redirect_chain[-1][0] == section_url(assessment)
    assert response.context["section"].slug == FIRST


def test_start_again_resumes_exactly_where_the_manager_left(client, draft, manager):
    """Coming back later and pressing start again opens the last section visited, on the same draft."""
    client.force_login(manager)
    client.get(section_url(draft, "leadership-and-the-team"))
    response = client.post(reverse("assessment-start", args=[draft.alliance.pk]), follow=True)
    assert response.redirect_chain[-1][0] == section_url(draft, "leadership-and-the-team")
    assert Assessment.objects.count() == 1


def test_a_draft_left_on_a_page_before_its_title_was_neutral_resumes_there(client, draft, manager):
    """A `last_section` stored as the old address ("s2-p4") still resumes on that page, at its neutral address."""
    Assessment.objects.filter(pk=draft.pk).update(last_section="s2-p4")
    client.force_login(manager)
    response = client.get(reverse("assessment-resume", args=[draft.pk]))
    assert response.url == section_url(draft, "leadership-and-the-team")


def test_start_without_a_published_questionnaire_says_so(client, draft, manager):
    """With nothing published, starting shows the reason and creates nothing."""
    Questionnaire.objects.update(status=Questionnaire.Status.RETIRED)
    alliance = AllianceFactory(owner=manager)
    client.force_login(manager)
    response = client.post(reverse("assessment-start", args=[alliance.pk]))
    assert response.url == reverse("alliance-detail", args=[alliance.pk])
    assert messages_of(response) == [answering.NO_PUBLISHED_QUESTIONNAIRE]
    assert Assessment.objects.count() == 1


def test_resume_of_a_submitted_assessment_opens_its_result(client, submitted, manager):
    """A submitted assessment resumes on its result page."""
    client.force_login(manager)
    response = client.get(reverse("assessment-resume", args=[submitted.pk]))
    assert response.url == reverse("assessment-result", args=[submitted.pk])


# The section page


def test_section_page_shows_its_statements_answers_and_progress(client, draft, manager, django_assert_max_num_queries):
    """A section lists its statements with the stored answers checked, the progress and the side list."""
    answering.save_answers(assessment=draft, replies={"S1-P1-02": Reply(5, "Only Sam"), "S3-P4-01": Reply(None)})
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        response = client.get(section_url(draft))
    assert response.status_code == 200
    form = response.context["form"]
    assert [name for name in form.fields if name.startswith("answer-")] == [f"answer-{c}" for c in FIRST_CODES]
    assert form["answer-S1-P1-02"].value() == "5"
    assert form["comment-S1-P1-02"].value() == "Only Sam"
    assert (response.context["answered"], response.context["total"]) == (2, 74)
    assert [entry.answered for entry in response.context["nav"]] == ["1", "0", "0", "0", "1", "0", "0", "0"]
    html = response.content.decode()
    assert 'value="5" id="id_answer-S1-P1-02_4" data-item="S1-P1-02" checked>' in html
    assert ">Only Sam</textarea>" in html
    assert "Don&#x27;t know / not applicable" in html
    assert 'aria-valuenow="2"' in html
    # Only the page's script saves answers as they are given; until it runs, the page says the buttons save.
    assert "Answers on this page are saved when you press one of its Save buttons." in html
    assert "saved as you give them.</p>" not in html
    # The script's own sentences come from the form, translated with the page.
    assert 'data-text-saved-as-given="Answers are saved as you give them."' in html
    assert '<h1 class="h3 mb-3">Who carries the alliance, what the relationship is</h1>' in html
    assert (
        "Some statements describe warning signs rather than good practice. Answer each one as things really are: "
        "honest answers give the most useful result."
    ) in html


def test_section_page_remembers_itself_as_the_place_to_come_back_to(client, draft, manager):
    """Opening a section stores its slug on the draft."""
    client.force_login(manager)
    client.get(section_url(draft, "principle-3"))
    draft.refresh_from_db()
    assert draft.last_section == "principle-3"


def test_an_unknown_section_is_404(client, draft, manager):
    """A slug that is not a section of this questionnaire is not found."""
    client.force_login(manager)
    assert client.get(section_url(draft, "s9-p9")).status_code == 404


def test_posting_a_section_saves_every_answer_and_moves_on(client, draft, manager):
    """The page's Next button saves its answers (JavaScript off) and opens the section asked for."""
    client.force_login(manager)
    data = {f"answer-{code}": "3" for code in FIRST_CODES[:4]} | {
        "answer-S1-P1-05": "dk",
        "comment-S1-P1-05": "Ask finance",
        "comment-S1-P1-06": "",
        "go": "contracts-and-negotiation",
    }
    response = client.post(section_url(draft), data)
    assert response.url == section_url(draft, "contracts-and-negotiation")
    assert stored(draft) == dict.fromkeys(FIRST_CODES[:4], (3, "")) | {"S1-P1-05": (None, "Ask finance")}


def test_posting_the_last_section_can_go_to_review(client, draft, manager):
    """ "Save and review" lands on the review page."""
    client.force_login(manager)
    response = client.post(section_url(draft, "principle-7"), {"answer-C07-01": "4", "go": views.REVIEW})
    assert response.url == reverse("assessment-review", args=[draft.pk])
    assert stored(draft) == {"C07-01": (4, "")}


def test_an_unknown_destination_stays_on_the_section(client, draft, manager):
    """A tampered "go" value cannot send the browser elsewhere: it stays on the section."""
    client.force_login(manager)
    response = client.post(section_url(draft), {"answer-S1-P1-01": "2", "go": "https://example.com/"})
    assert response.url == section_url(draft)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer-S1-P1-01": "4", "answer-S1-P1-02": "6"}, answering.VALUE_OFF_SCALE),
        ({"answer-S1-P1-01": "4", "answer-S1-P1-02": "-1"}, answering.VALUE_OFF_SCALE),
        ({"answer-S1-P1-01": "4", "comment-S1-P1-02": "x" * 2001, "answer-S1-P1-02": "2"}, answering.COMMENT_TOO_LONG),
        ({"answer-S1-P1-01": "4", "comment-S1-P1-02": "no rating"}, answering.COMMENT_NEEDS_ANSWER),
        ({"answer-S1-P1-01": "4", "answer-S2-P1-01": "4"}, forms.ITEM_NOT_IN_SECTION),
        ({"answer-S1-P1-01": "4", "answer-NOPE-01": "4"}, forms.ITEM_NOT_IN_SECTION),
    ],
)
def test_a_tampered_section_post_saves_nothing_and_says_why(client, draft, manager, data, message):
    """Any bad field refuses the whole page: nothing is saved, the message shows, the input is kept."""
    answering.save_answer(assessment=draft, code="S1-P1-03", reply=Reply(1, "before"))
    client.force_login(manager)
    response = client.post(section_url(draft), data | {"go": "contracts-and-negotiation"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count(escape(str(message))) == 1
    assert html.count("alert-danger") == 1
    assert response.context["form"]["answer-S1-P1-01"].value() == "4"
    assert stored(draft) == {"S1-P1-03": (1, "before")}


def test_a_submitted_assessment_refuses_a_section_post(client, submitted, manager):
    """Posting a page of a submitted assessment (an old tab) saves nothing and shows the result."""
    before = stored(submitted)
    client.force_login(manager)
    response = client.post(section_url(submitted), {"answer-S1-P1-01": "1", "go": "contracts-and-negotiation"})
    assert response.url == reverse("assessment-result", args=[submitted.pk])
    assert messages_of(response) == [answering.ASSESSMENT_SUBMITTED]
    assert stored(submitted) == before


def test_a_submitted_assessment_shows_its_sections_read_only(client, submitted, manager):
    """The section page of a submitted assessment has disabled fields and no save buttons."""
    client.force_login(manager)
    response = client.get(section_url(submitted))
    html = response.content.decode()
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert 'name="go"' not in html
    assert "data-autosave" not in html
    submitted.refresh_from_db()
    assert submitted.last_section == ""


# Saving one answer as it is given


def test_answer_is_saved_and_the_progress_comes_back(client, draft, manager, django_assert_max_num_queries):
    """One posted answer is stored and the reply carries the new progress per section."""
    answering.save_answer(assessment=draft, code="C07-01", reply=Reply(2))
    client.force_login(manager)
    # Session, user, assessment, item codes, lock, stored revisions, upsert, items, answers; and a
    # savepoint pair in tests.
    with django_assert_max_num_queries(11):
        response = client.post(answer_url(draft), {"item": "S1-P1-01", "value": "5", "comment": "Sam"})
    assert response.status_code == 200
    body = response.json()
    assert (body["saved"], body["revision"], body["answered"], body["total"]) == (True, 1, 2, 74)
    assert body["sections"][FIRST] == {"answered": 1, "total": 10}
    assert body["sections"]["principle-7"] == {"answered": 1, "total": 8}
    assert stored(draft) == {"S1-P1-01": (5, "Sam"), "C07-01": (2, "")}


def test_saving_an_answer_reads_no_criteria_history(client, draft, manager):
    """The autosave learns whether the criteria changed from the shared cache, not from their history tables."""
    client.force_login(manager)
    client.get(section_url(draft))
    with CaptureQueriesContext(connection) as queries:
        assert client.post(answer_url(draft), {"item": "S1-P1-01", "value": "4"}).status_code == 200
    assert [q["sql"] for q in queries if "historical" in q["sql"]] == []
    assert sum("django_cache" in q["sql"] for q in queries) == 1


def test_dont_know_is_saved_as_an_answer_without_a_value(client, draft, manager):
    """ "Don't know" is stored as an answer with no value."""
    client.force_login(manager)
    assert client.post(answer_url(draft), {"item": "S1-P1-01", "value": "dk"}).json()["answered"] == 1
    assert stored(draft) == {"S1-P1-01": (None, "")}


def test_an_answer_with_nothing_chosen_saves_nothing(client, draft, manager):
    """A post with no value and no comment (a comment cleared before answering) stores nothing."""
    client.force_login(manager)
    response = client.post(answer_url(draft), {"item": "S1-P1-01", "value": "", "comment": ""})
    assert response.json()["saved"] is False
    assert stored(draft) == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"item": "S1-P1-01", "value": "7"}, answering.VALUE_OFF_SCALE),
        ({"item": "S1-P1-01", "value": "0"}, answering.VALUE_OFF_SCALE),
        ({"item": "S1-P1-01", "value": "four"}, answering.VALUE_OFF_SCALE),
        ({"item": "NOT-AN-ITEM", "value": "4"}, answering.ITEM_NOT_IN_QUESTIONNAIRE),
        ({"item": "S1-P1-01", "value": "4", "comment": "x" * 2001}, answering.COMMENT_TOO_LONG),
        ({"item": "S1-P1-01", "value": "", "comment": "no rating yet"}, answering.COMMENT_NEEDS_ANSWER),
    ],
)
def test_a_tampered_answer_is_refused_with_its_message(client, draft, manager, data, message):
    """Bad values, unknown items, long comments and comments without a rating are refused; nothing changes."""
    answering.save_answer(assessment=draft, code="S1-P1-01", reply=Reply(2, "kept"))
    client.force_login(manager)
    response = client.post(answer_url(draft), data)
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert stored(draft) == {"S1-P1-01": (2, "kept")}


def test_an_item_of_another_version_is_refused(client, draft, manager, published):
    """An item code from a different questionnaire version is refused."""
    other = Questionnaire.objects.create(version=7, title="v7")
    other.items.create(code="V7-01", statement="Elsewhere", principle=published.items.get(code="C01-01").principle)
    client.force_login(manager)
    response = client.post(answer_url(draft), {"item": "V7-01", "value": "4"})
    assert response.json() == {"error": answering.ITEM_NOT_IN_QUESTIONNAIRE}
    assert stored(draft) == {}


def test_answering_a_submitted_assessment_is_a_conflict(client, submitted, manager):
    """A late answer (another tab) to a submitted assessment is refused with 409; answers stay frozen."""
    before = stored(submitted)
    client.force_login(manager)
    response = client.post(answer_url(submitted), {"item": "S1-P1-01", "value": "1"})
    assert response.status_code == 409
    assert response.json() == {"error": answering.ASSESSMENT_SUBMITTED}
    assert stored(submitted) == before


# Revisions: a change made in another tab is never overwritten


def revisions_on(page) -> dict[str, str]:
    """The revision each statement's hidden field carries on a rendered section page."""
    form = page.context["form"]
    return {code: str(form[forms.revision_field(code)].value()) for code in FIRST_CODES}


def as_loaded(page) -> dict[str, str]:
    """The hidden fields a browser posts back with a section page: revisions, and the answers as loaded."""
    fields = re.findall(
        r'<input type="hidden" name="((?:revision|initial)-[^"]+)" value="([^"]*)"', page.content.decode()
    )
    return {name: html.unescape(value) for name, value in fields}


def test_the_section_page_carries_each_answers_revision(client, draft, manager):
    """Every statement has a hidden revision field: the stored answer's, or 0 with none."""
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(5))
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(4))
    client.force_login(manager)
    page = client.get(section_url(draft))
    assert revisions_on(page) == dict.fromkeys(FIRST_CODES, "0") | {"S1-P1-02": "2"}
    html = page.content.decode()
    assert '<input type="hidden" name="revision-S1-P1-02" value="2" data-revision="S1-P1-02"' in html


def test_an_autosave_based_on_the_stored_revision_is_saved_and_answers_the_next(client, draft, manager):
    """Posting the revision the page showed stores the answer and replies with its new revision."""
    client.force_login(manager)
    first = client.post(answer_url(draft), {"item": "S1-P1-01", "value": "2", "revision": "0"}).json()
    second = client.post(answer_url(draft), {"item": "S1-P1-01", "value": "3", "revision": "1"}).json()
    assert (first["revision"], second["revision"]) == (1, 2)
    assert stored(draft) == {"S1-P1-01": (3, "")}


def test_an_autosave_based_on_a_stale_revision_is_refused_with_the_stored_answer(client, draft, manager):
    """Another tab saved "agree" after this page loaded: "disagree" from this one is a 409 naming what is stored."""
    answering.save_answer(assessment=draft, code="S1-P1-01", reply=Reply(4, "from the other tab"))
    client.force_login(manager)
    response = client.post(answer_url(draft), {"item": "S1-P1-01", "value": "2", "revision": "0"})
    assert response.status_code == 409
    assert response.json() == {
        "error": str(answering.STALE_ANSWER),
        "details": {
            "answers": {
                "S1-P1-01": {
                    "answered": True,
                    "value": 4,
                    "comment": "from the other tab",
                    "shared": False,
                    "revision": 1,
                }
            }
        },
    }
    assert stored(draft) == {"S1-P1-01": (4, "from the other tab")}


def test_a_page_save_without_javascript_posts_the_revisions_it_was_loaded_with(client, draft, manager):
    """The page's own button sends back the revisions it rendered, and its answers are saved."""
    answering.save_answer(assessment=draft, code="S1-P1-01", reply=Reply(1))
    client.force_login(manager)
    loaded = as_loaded(client.get(section_url(draft)))
    assert (loaded["revision-S1-P1-01"], loaded["initial-answer-S1-P1-01"], loaded["revision-S1-P1-02"]) == (
        "1",
        "1",
        "0",
    )
    response = client.post(
        section_url(draft), loaded | {"answer-S1-P1-01": "5", "answer-S1-P1-02": "3", "go": "contracts-and-negotiation"}
    )
    assert response.url == section_url(draft, "contracts-and-negotiation")
    assert stored(draft) == {"S1-P1-01": (5, ""), "S1-P1-02": (3, "")}
    assert dict(draft.answers.values_list("item__code", "revision")) == {"S1-P1-01": 2, "S1-P1-02": 1}


def test_a_page_save_keeps_and_names_what_only_another_tab_changed(client, draft, manager):
    """A statement the other tab changed and this page did not stays as stored there; the next page says which."""
    client.force_login(manager)
    loaded = as_loaded(client.get(section_url(draft)))
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(4, "other tab"))
    answering.save_answer(assessment=draft, code="S1-P1-03", reply=Reply(2))
    response = client.post(section_url(draft), loaded | {"answer-S1-P1-01": "5", "go": "s1-p3"}, follow=True)
    assert stored(draft) == {"S1-P1-01": (5, ""), "S1-P1-02": (4, "other tab"), "S1-P1-03": (2, "")}
    assert [str(m) for m in response.context["messages"]] == [
        "Saved. Statements 2, 3 of “Who carries the alliance, what the relationship is” were changed in another tab"
        " or window, and not on this page: the answers given there are kept."
    ]


def test_a_page_save_with_nothing_changed_elsewhere_says_nothing_of_other_tabs(client, draft, manager):
    """Without another tab's change the page-save just moves on, with no message."""
    client.force_login(manager)
    loaded = as_loaded(client.get(section_url(draft)))
    response = client.post(section_url(draft), loaded | {"answer-S1-P1-01": "5", "go": "s1-p3"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == []


def test_a_page_save_over_another_tabs_change_saves_nothing_and_shows_that_change(client, draft, manager):
    """A statement changed in another tab after the page loaded is refused beside it, shown as stored; nothing saved."""
    client.force_login(manager)
    loaded = as_loaded(client.get(section_url(draft)))
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(4, "other tab"))
    response = client.post(
        section_url(draft), loaded | {"answer-S1-P1-01": "5", "answer-S1-P1-02": "1", "go": "contracts-and-negotiation"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["answer-S1-P1-02"] == [
        "Changed in another tab or window after this page was loaded, to “Agree”, shown now; this page had"
        " “Strongly disagree”. Nothing on the page was saved: choose the answer to keep, then save again."
    ]
    assert form.non_field_errors() == [forms.PAGE_NOT_SAVED]
    assert (form["answer-S1-P1-02"].value(), form["comment-S1-P1-02"].value()) == ("4", "other tab")
    assert form["answer-S1-P1-01"].value() == "5"
    assert revisions_on(response)["S1-P1-02"] == "1"
    assert stored(draft) == {"S1-P1-02": (4, "other tab")}
    again = as_loaded(response) | {"answer-S1-P1-01": "5", "answer-S1-P1-02": "4", "comment-S1-P1-02": "other tab"}
    assert (
        client.post(section_url(draft), again | {"go": "contracts-and-negotiation"}).status_code == 302
    )  # as shown: S1-P1-01 goes in
    assert stored(draft) == {"S1-P1-01": (5, ""), "S1-P1-02": (4, "other tab")}


def test_a_page_save_leaves_a_statement_another_tab_changed_as_that_tab_saved_it(client, draft, manager):
    """Two tabs never overwrite each other: a statement not touched on this page since it loaded is not saved."""
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(2))
    client.force_login(manager)
    loaded = as_loaded(client.get(section_url(draft)))
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(5, "other tab"))
    # The browser posts every statement as the page shows it: S1-P1-02 still as loaded ("2").
    data = loaded | {
        "answer-S1-P1-01": "3",
        "answer-S1-P1-02": "2",
        "comment-S1-P1-02": "",
        "go": "contracts-and-negotiation",
    }
    response = client.post(section_url(draft), data)
    assert response.url == section_url(draft, "contracts-and-negotiation")
    assert stored(draft) == {"S1-P1-01": (3, ""), "S1-P1-02": (5, "other tab")}


def test_a_page_save_that_gives_the_answer_another_tab_stored_goes_through(client, draft, manager):
    """Choosing here what the other tab stored is no conflict: the rest of the page is saved."""
    client.force_login(manager)
    loaded = as_loaded(client.get(section_url(draft)))
    answering.save_answer(assessment=draft, code="S1-P1-02", reply=Reply(4))
    response = client.post(
        section_url(draft), loaded | {"answer-S1-P1-01": "5", "answer-S1-P1-02": "4", "go": "contracts-and-negotiation"}
    )
    assert response.status_code == 302
    assert stored(draft) == {"S1-P1-01": (5, ""), "S1-P1-02": (4, "")}


# The way in, from the alliance's page


def test_the_alliance_page_offers_start_then_continue_and_links_results(client, published, manager):
    """The owner sees Start, then Continue once a draft exists; submitted assessments link to their result."""
    alliance = AllianceFactory(owner=manager)
    done = AssessmentFactory(alliance=alliance)
    record_answers(assessment=done, answers=answers_at(2))
    answering.submit_assessment(assessment=done, now=NOW)
    client.force_login(manager)
    start = reverse("assessment-start", args=[alliance.pk])
    html = client.get(reverse("alliance-detail", args=[alliance.pk])).content.decode()
    assert f'action="{start}"' in html and "Start assessment" in html
    assert reverse("assessment-result", args=[done.pk]) in html
    draft = answering.start_assessment(alliance=alliance, respondent=manager, now=NOW)
    html = client.get(reverse("alliance-detail", args=[alliance.pk])).content.decode()
    assert "Continue assessment" in html
    assert reverse("assessment-resume", args=[draft.pk]) in html


def test_an_executive_sees_results_but_no_start_button(client, published, executive):
    """Executives get the result links on an alliance's page, never the start button."""
    alliance = AllianceFactory()
    done = AssessmentFactory(alliance=alliance)
    record_answers(assessment=done, answers=answers_at(1))
    answering.submit_assessment(assessment=done, now=NOW)
    client.force_login(executive)
    html = client.get(reverse("alliance-detail", args=[alliance.pk])).content.decode()
    assert reverse("assessment-start", args=[alliance.pk]) not in html
    assert reverse("assessment-result", args=[done.pk]) in html


def test_pages_link_our_own_favicon(client, draft, manager):
    """The base template links the SVG favicon in our static files, so browsers stop asking for favicon.ico."""
    client.force_login(manager)
    html = client.get(section_url(draft)).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg")
