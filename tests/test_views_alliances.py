"""The alliances list, an alliance's page, and creating and editing an alliance."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import access, quarters
from assessments.forms import START_AFTER_FIRST_ASSESSMENT, START_IN_FUTURE, AllianceForm
from assessments.models import ALLIANCE_EXISTS, Alliance
from assessments.views.alliances import ALLIANCE_CREATED, ALLIANCE_SAVED, FIX_THE_FORM
from tests.factories import (
    SURVEY_CLOSED,
    AllianceFactory,
    AssessmentFactory,
    UserFactory,
    answers_at,
    closed_survey,
    respond,
    submitted_assessment,
    survey,
)

pytestmark = pytest.mark.django_db

REQUIRED = "This field is required."
FORM = {
    "name": "Cold chain",
    "partner": "Nordfrost",
    "alliance_type": "logistics",
    "business_unit": "Consumer",
    "region": "EMEA",
    "start_date": "2024-03-01",
}


def fields(alliance) -> dict:
    """What the form edits, as the form posts it, plus the owner."""
    return {
        "name": alliance.name,
        "partner": alliance.partner,
        "alliance_type": alliance.alliance_type,
        "business_unit": alliance.business_unit,
        "region": alliance.region,
        "start_date": alliance.start_date.isoformat(),
        "owner": alliance.owner.username,
    }


def on(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")


# Who may open what


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("alliance-list", "get"),
        ("alliance-create", "get"),
        ("alliance-create", "post"),
        ("alliance-detail", "get"),
        ("alliance-edit", "get"),
        ("alliance-edit", "post"),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, name, method):
    """Every alliance page sends an anonymous visitor to the sign-in page, and a POST changes nothing."""
    alliance = AllianceFactory()
    url = reverse(name, args=[alliance.pk] if name in ("alliance-detail", "alliance-edit") else [])
    response = client.post(url, FORM) if method == "post" else client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert list(Alliance.objects.values_list("name", flat=True)) == [alliance.name]


def test_manager_sees_only_their_own_alliances(client, manager, other_manager):
    """ "My alliances" lists the manager's alliances by name and none of anyone else's."""
    AllianceFactory(owner=manager, name="Beta")
    AllianceFactory(owner=manager, name="Alpha")
    AllianceFactory(owner=other_manager, name="Theirs")
    client.force_login(manager)
    response = client.get(reverse("alliance-list"))
    assert [a.name for a in response.context["alliances"]] == ["Alpha", "Beta"]
    assert "Theirs" not in response.text
    assert '<h1 class="h3 mb-0">My alliances</h1>' in response.text
    assert reverse("alliance-create") in response.text


def test_executive_sees_every_alliance_and_cannot_create(client, executive, manager, other_manager):
    """Executives see everyone's alliances with their manager, and no "New alliance" button."""
    AllianceFactory(owner=manager, name="Mine")
    AllianceFactory(owner=other_manager, name="Theirs")
    client.force_login(executive)
    response = client.get(reverse("alliance-list"))
    assert [a.name for a in response.context["alliances"]] == ["Mine", "Theirs"]
    assert manager.get_full_name() in response.text
    assert reverse("alliance-create") not in response.text


@pytest.mark.parametrize("view", ["alliance-detail", "alliance-edit"])
def test_manager_gets_404_for_another_managers_alliance(client, manager, other_manager, view):
    """Another manager's alliance does not exist for this manager, in every view."""
    theirs = AllianceFactory(owner=other_manager)
    client.force_login(manager)
    assert client.get(reverse(view, args=[theirs.pk])).status_code == 404


def test_manager_cannot_change_another_managers_alliance_by_post(client, manager, other_manager):
    """A POST to another manager's alliance is a 404 and leaves it exactly as it was."""
    theirs = AllianceFactory(owner=other_manager, name="Theirs")
    before = fields(theirs)
    client.force_login(manager)
    response = client.post(reverse("alliance-edit", args=[theirs.pk]), FORM)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert fields(theirs) == before


def test_executive_reads_an_alliance_without_edit_or_start_buttons(client, executive, manager):
    """An executive opens any alliance read-only: no edit link and no assessment button."""
    alliance = AllianceFactory(owner=manager)
    client.force_login(executive)
    response = client.get(reverse("alliance-detail", args=[alliance.pk]))
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert reverse("alliance-edit", args=[alliance.pk]) not in response.text
    assert reverse("assessment-start", args=[alliance.pk]) not in response.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_executive_is_refused_the_edit_form(client, executive, manager, method):
    """Executives may read an alliance but the edit form answers 403, and a POST changes nothing."""
    alliance = AllianceFactory(owner=manager)
    before = fields(alliance)
    client.force_login(executive)
    response = getattr(client, method)(reverse("alliance-edit", args=[alliance.pk]), FORM)
    assert response.status_code == 403
    alliance.refresh_from_db()
    assert fields(alliance) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_managers_create_alliances(client, executive, method):
    """The create form answers 403 to an executive, and a POST creates nothing."""
    client.force_login(executive)
    response = getattr(client, method)(reverse("alliance-create"), FORM)
    assert response.status_code == 403
    assert not Alliance.objects.exists()


def test_user_without_a_role_sees_no_alliance(client, manager):
    """A signed-in user in no group sees an empty list, 404 on any alliance and 403 on the create form."""
    alliance = AllianceFactory(owner=manager)
    client.force_login(UserFactory())
    assert list(client.get(reverse("alliance-list")).context["alliances"]) == []
    assert client.get(reverse("alliance-detail", args=[alliance.pk])).status_code == 404
    assert client.get(reverse("alliance-create")).status_code == 403


def test_an_owner_who_is_no_longer_a_manager_cannot_edit(client, manager):
    """Leaving the managers' group takes away editing, even of alliances one still owns."""
    alliance = AllianceFactory(owner=manager)
    manager.groups.clear()
    client.force_login(manager)
    assert client.get(reverse("alliance-edit", args=[alliance.pk])).status_code == 403


# The list


def test_list_shows_latest_stage_last_date_and_draft(client, manager, published):
    """Each row shows the latest submitted stage and date, and "In progress" only where a draft exists."""
    rising = AllianceFactory(owner=manager, name="Rising")
    submitted_assessment(rising, answers_at(3), on("2025-06-30"))
    submitted_assessment(rising, answers_at(1), on("2025-03-31"))
    AssessmentFactory(alliance=rising)
    AllianceFactory(owner=manager, name="Untouched")
    client.force_login(manager)
    response = client.get(reverse("alliance-list"))
    rows = {a.name: (a.latest_stage, a.last_assessed_at, a.in_progress) for a in response.context["alliances"]}
    assert rows == {"Rising": (3, on("2025-06-30"), True), "Untouched": (None, None, False)}
    assert '<span class="badge text-bg-success">Stage III</span>' in response.text
    assert "30 Jun 2025" in response.text
    # Once under the stage (phones) and once in its own column (wider screens), for the one draft.
    assert response.text.count("In progress") == 2
    assert "Not assessed" in response.text


def test_list_flags_an_alliance_not_assessed_in_the_last_two_quarters(client, manager, published):
    """Assessed the day before the quarter before today's began: Overdue; assessed on that day: not."""
    since = quarters.previous_quarter_start(timezone.localdate())
    for name, day in (("Late", since - dt.timedelta(days=1)), ("On time", since)):
        alliance = AllianceFactory(owner=manager, name=name, start_date=dt.date(2020, 1, 1))
        submitted_assessment(alliance, answers_at(3), on(day.isoformat()))
    client.force_login(manager)
    response = client.get(reverse("alliance-list"))
    assert {a.name for a in response.context["alliances"] if a.pk in response.context["overdue"]} == {"Late"}
    assert response.text.count('<span class="badge text-bg-danger">Overdue</span>') == 1


@pytest.mark.parametrize("count", [1, 20])
def test_list_takes_the_same_queries_for_1_or_20_alliances(
    client, manager, published, count, django_assert_max_num_queries
):
    """The list costs a fixed number of queries however many alliances (each assessed and in progress) it shows."""
    answers = answers_at(2)
    for n in range(count):
        alliance = AllianceFactory(owner=manager, name=f"Alliance {n:02}")
        submitted_assessment(alliance, answers, on("2025-03-31"))
        AssessmentFactory(alliance=alliance)
    client.force_login(manager)
    # session, user, the user's groups, the alliances, the surveys the user is invited to answer
    with django_assert_max_num_queries(5):
        response = client.get(reverse("alliance-list"))
    assert response.text.count("Stage II") == count


def test_empty_list_invites_the_manager_to_create_one(client, manager):
    """A manager with no alliances is told so and offered the create form."""
    client.force_login(manager)
    response = client.get(reverse("alliance-list"))
    assert "You have no alliances yet" in response.text
    assert reverse("alliance-create") in response.text


# Creating and editing


def test_manager_creates_an_alliance_they_own(client, manager):
    """A valid form creates exactly this alliance, owned by the manager, and opens its page."""
    client.force_login(manager)
    response = client.post(reverse("alliance-create"), FORM, follow=True)
    alliance = Alliance.objects.get()
    assert response.redirect_chain == [(alliance.get_absolute_url(), 302)]
    assert fields(alliance) == {**FORM, "owner": "manager"}
    assert [str(m) for m in response.context["messages"]] == [ALLIANCE_CREATED]


def test_owner_cannot_be_chosen_when_creating(client, manager, other_manager):
    """An `owner` smuggled into the POST is ignored: the creator owns the alliance."""
    client.force_login(manager)
    client.post(reverse("alliance-create"), {**FORM, "owner": other_manager.pk})
    assert Alliance.objects.get().owner == manager


def test_manager_edits_their_alliance(client, manager, other_manager):
    """Editing saves every field as typed, keeps the owner even if the POST names another, and says so."""
    alliance = AllianceFactory(owner=manager)
    client.force_login(manager)
    changed = {**FORM, "name": "Renamed", "region": "APAC", "owner": other_manager.pk}
    response = client.post(reverse("alliance-edit", args=[alliance.pk]), changed, follow=True)
    alliance.refresh_from_db()
    assert fields(alliance) == {**FORM, "name": "Renamed", "region": "APAC", "owner": "manager"}
    assert response.redirect_chain == [(alliance.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [ALLIANCE_SAVED]


def test_edit_form_shows_the_saved_values(client, manager):
    """The edit form opens with the alliance's values, the date in the browser's date format."""
    alliance = AllianceFactory(owner=manager, name="Cold chain", start_date=dt.date(2024, 3, 1))
    client.force_login(manager)
    response = client.get(reverse("alliance-edit", args=[alliance.pk]))
    assert 'value="Cold chain"' in response.text
    assert 'type="date" name="start_date" value="2024-03-01"' in response.text


def test_empty_form_names_every_missing_field_and_saves_nothing(client, manager):
    """Posting an empty form marks each required field and creates nothing."""
    client.force_login(manager)
    response = client.post(reverse("alliance-create"), {})
    assert response.status_code == 200
    assert response.context["form"].errors == {name: [REQUIRED] for name in FORM}
    assert [str(m) for m in response.context["messages"]] == [FIX_THE_FORM]
    assert not Alliance.objects.exists()


def test_bad_values_are_refused_and_what_was_typed_is_kept(client, manager):
    """An unknown type and an impossible date are refused with Django's messages; the other values stay in the form."""
    client.force_login(manager)
    response = client.post(reverse("alliance-create"), {**FORM, "alliance_type": "piracy", "start_date": "2024-02-30"})
    assert response.context["form"].errors == {
        "alliance_type": ["Select a valid choice. piracy is not one of the available choices."],
        "start_date": ["Enter a valid date."],
    }
    assert 'value="Cold chain"' in response.text
    assert 'value="Nordfrost"' in response.text
    assert not Alliance.objects.exists()


def test_same_name_and_partner_twice_is_refused(client, manager):
    """A second alliance with the same name and partner gets the form's message, not a database error."""
    AllianceFactory(owner=manager, name=FORM["name"], partner=FORM["partner"])
    client.force_login(manager)
    response = client.post(reverse("alliance-create"), FORM)
    assert response.context["form"].non_field_errors() == [ALLIANCE_EXISTS]
    assert str(ALLIANCE_EXISTS) in response.text
    assert Alliance.objects.count() == 1


def test_same_name_and_partner_in_other_capitals_is_refused(client, manager, other_manager):
    """Typing "COLD CHAIN" with "nordfrost" is refused next to "Cold chain" with "Nordfrost", even another manager's."""
    AllianceFactory(owner=other_manager, name="Cold chain", partner="Nordfrost")
    client.force_login(manager)
    response = client.post(reverse("alliance-create"), {**FORM, "name": "COLD CHAIN", "partner": "nordfrost"})
    assert response.context["form"].non_field_errors() == [ALLIANCE_EXISTS]
    assert list(Alliance.objects.values_list("name", "partner")) == [("Cold chain", "Nordfrost")]


def test_an_alliance_may_change_the_capitals_of_its_own_name(client, manager):
    """Editing "Cold chain" to "Cold Chain" is not a clash with itself: it is saved."""
    alliance = AllianceFactory(owner=manager, name="Cold chain", partner="Nordfrost")
    client.force_login(manager)
    client.post(reverse("alliance-edit", args=[alliance.pk]), {**FORM, "name": "Cold Chain"})
    alliance.refresh_from_db()
    assert (alliance.name, alliance.partner) == ("Cold Chain", "Nordfrost")


def test_business_unit_and_region_take_the_spelling_already_in_use(client, manager, other_manager):
    """Typing " consumer " and "emea " where "Consumer" and "EMEA" are in use saves "Consumer" and "EMEA"."""
    AllianceFactory(owner=other_manager, business_unit="Consumer", region="EMEA")
    client.force_login(manager)
    client.post(reverse("alliance-create"), {**FORM, "business_unit": " consumer ", "region": "emea "})
    assert Alliance.objects.get(name=FORM["name"]).business_unit == "Consumer"
    assert Alliance.objects.get(name=FORM["name"]).region == "EMEA"


def test_a_new_business_unit_and_region_are_saved_as_typed_without_stray_spaces(client, manager):
    """A label nobody uses yet keeps its capitals; spaces around and doubled inside are dropped."""
    AllianceFactory(owner=manager, business_unit="Consumer", region="EMEA")
    client.force_login(manager)
    client.post(reverse("alliance-create"), {**FORM, "business_unit": "  Food   service ", "region": "Nordics"})
    saved = Alliance.objects.get(name=FORM["name"])
    assert (saved.business_unit, saved.region) == ("Food service", "Nordics")


def test_the_only_alliance_of_a_unit_may_change_its_capitals(client, manager):
    """When no other alliance uses "consumer", editing it to "Consumer" saves "Consumer"."""
    alliance = AllianceFactory(owner=manager, business_unit="consumer", region="EMEA")
    client.force_login(manager)
    client.post(reverse("alliance-edit", args=[alliance.pk]), FORM)
    alliance.refresh_from_db()
    assert alliance.business_unit == "Consumer"


def test_form_suggests_the_business_units_and_regions_in_use(client, manager, other_manager):
    """The form offers each business unit and region of the manager's alliances once, in the portfolio's spelling."""
    AllianceFactory(owner=other_manager, business_unit="Consumer", region="EMEA")
    AllianceFactory(owner=other_manager, business_unit="Consumer", region="APAC")
    AllianceFactory(owner=manager, business_unit="consumer", region="EMEA")
    AllianceFactory(owner=manager, business_unit="Industrial", region="emea")
    client.force_login(manager)
    response = client.get(reverse("alliance-create"))
    assert response.context["form"].suggestions == {
        "business-unit-suggestions": ["Consumer", "Industrial"],
        "region-suggestions": ["EMEA"],
    }
    assert 'list="business-unit-suggestions"' in response.text
    assert 'list="region-suggestions"' in response.text
    assert (
        '<datalist id="business-unit-suggestions"><option value="Consumer"></option>'
        '<option value="Industrial"></option></datalist>'
    ) in response.text
    assert '<datalist id="region-suggestions"><option value="EMEA"></option></datalist>' in response.text


def test_labels_only_others_use_are_not_suggested_but_typed_take_their_spelling(client, manager, other_manager):
    """Others' labels are not suggested; typed in other capitals, they are still saved in the portfolio's spelling."""
    AllianceFactory(owner=other_manager, business_unit="Consumer", region="APAC")
    client.force_login(manager)
    assert client.get(reverse("alliance-create")).context["form"].suggestions == {
        "business-unit-suggestions": [],
        "region-suggestions": [],
    }
    client.post(reverse("alliance-create"), {**FORM, "business_unit": " consumer ", "region": "apac"})
    assert Alliance.objects.filter(owner=manager).values_list("business_unit", "region").get() == ("Consumer", "APAC")


def test_an_executive_would_be_offered_every_label_in_use(executive, manager, other_manager):
    """Suggestions follow what the user may see: for an executive, every alliance's labels."""
    AllianceFactory(owner=other_manager, business_unit="Consumer", region="APAC")
    AllianceFactory(owner=manager, business_unit="Industrial", region="EMEA")
    form = AllianceForm(today=dt.date(2025, 1, 1), suggested_from=access.alliances_visible_to(executive))
    assert form.suggestions == {
        "business-unit-suggestions": ["Consumer", "Industrial"],
        "region-suggestions": ["APAC", "EMEA"],
    }


def test_start_date_after_today_is_refused(client, manager):
    """An alliance starting tomorrow is refused with the start-date message and nothing is saved."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.force_login(manager)
    response = client.post(reverse("alliance-create"), {**FORM, "start_date": tomorrow.isoformat()})
    assert response.context["form"].errors == {"start_date": [START_IN_FUTURE]}
    assert str(START_IN_FUTURE) in response.text
    assert not Alliance.objects.exists()


def test_start_date_of_today_is_accepted(client, manager):
    """An alliance starting today is saved with today's date."""
    today = timezone.localdate()
    client.force_login(manager)
    client.post(reverse("alliance-create"), {**FORM, "start_date": today.isoformat()})
    assert Alliance.objects.get().start_date == today


def test_form_holds_the_start_date_to_the_day_it_is_given(manager):
    """With today 1 Jan 2025, 2 Jan is refused and 1 Jan accepted; the date picker stops at 1 Jan."""
    today = dt.date(2025, 1, 1)
    late = AllianceForm(
        {**FORM, "start_date": "2025-01-02"},
        instance=Alliance(owner=manager),
        today=today,
        suggested_from=Alliance.objects,
    )
    assert late.errors == {"start_date": [START_IN_FUTURE]}
    on_time = AllianceForm(
        {**FORM, "start_date": "2025-01-01"},
        instance=Alliance(owner=manager),
        today=today,
        suggested_from=Alliance.objects,
    )
    assert on_time.errors == {}
    assert 'max="2025-01-01"' in str(on_time["start_date"])


def test_failed_edit_keeps_the_saved_name_in_the_heading(client, manager):
    """When an edit is refused, the breadcrumb still names the alliance as saved and nothing changes."""
    alliance = AllianceFactory(owner=manager, name="Cold chain")
    client.force_login(manager)
    response = client.post(reverse("alliance-edit", args=[alliance.pk]), {**FORM, "name": ""})
    assert response.context["alliance_name"] == "Cold chain"
    assert response.context["form"].errors == {"name": [REQUIRED]}
    alliance.refresh_from_db()
    assert alliance.name == "Cold chain"


# An alliance's page


def test_alliance_page_lists_drafts_first_then_submissions_newest_first(client, manager):
    """The rounds show the draft in progress, then each submission with its date and stage, newest first."""
    alliance = AllianceFactory(owner=manager)
    submitted_assessment(alliance, answers_at(1), on("2025-03-31"))
    submitted_assessment(alliance, answers_at(2), on("2025-06-30"))
    draft = AssessmentFactory(alliance=alliance)
    client.force_login(manager)
    response = client.get(alliance.get_absolute_url())
    assert [(row.draft == draft, row.result.stage if row.result else None) for row in response.context["rounds"]] == [
        (True, None),
        (False, 2),
        (False, 1),
    ]
    text = response.text[response.text.index('id="assessments-heading"') :]
    assert text.index("In progress") < text.index("30 Jun 2025") < text.index("31 Mar 2025")
    assert '<span class="badge text-bg-primary">Stage II · Strategic</span>' in text
    assert '<span class="badge text-bg-warning">Stage I · Opportunistic</span>' in text


def test_alliance_page_charts_come_from_the_stored_results(client, manager):
    """The charts and tables read each assessment's stored result, never a new scoring of its answers."""
    alliance = AllianceFactory(owner=manager)
    assessment = submitted_assessment(alliance, answers_at(2), on("2025-06-30"))
    assessment.result["stages"][1]["evidence"] = 12.3
    assessment.save(update_fields=["result"])
    client.force_login(manager)
    response = client.get(alliance.get_absolute_url())
    assert response.context["stage_figure"]["data"][2]["y"] == [12.3]
    assert response.context["stage_table"].rows[2] == ("Stage II · Strategic", ("12",))
    assert 'id="stage-figure-data"' in response.text
    assert 'id="principle-figure-data"' in response.text
    assert "plotly/plotly.min.js" in response.text


def test_alliance_page_without_submissions_says_so_and_loads_no_plotly(client, manager):
    """Before any submission the page says the charts come later and does not load plotly.js."""
    alliance = AllianceFactory(owner=manager)
    client.force_login(manager)
    response = client.get(alliance.get_absolute_url())
    assert "Not assessed yet." in response.text
    assert "The charts appear once an assessment has been submitted." in response.text
    assert "plotly" not in response.text


def test_executive_sees_an_alliances_history(client, manager, executive):
    """Executives read the same history and charts as the owner."""
    alliance = AllianceFactory(owner=manager)
    submitted_assessment(alliance, answers_at(3), on("2025-06-30"))
    client.force_login(executive)
    response = client.get(alliance.get_absolute_url())
    assert '<span class="badge text-bg-success">Stage III · Foundation of a Value Network</span>' in response.text
    assert response.context["principle_table"].columns == ("30 Jun 2025",)


@pytest.mark.parametrize("count", [1, 8])
def test_alliance_page_takes_the_same_queries_however_long_its_history(
    client, manager, count, django_assert_max_num_queries
):
    """One assessment or eight quarters of them, the page costs the same few queries."""
    alliance = AllianceFactory(owner=manager)
    for quarter in range(count):
        submitted_assessment(alliance, answers_at(2), on("2024-03-31") + dt.timedelta(days=91 * quarter))
    AssessmentFactory(alliance=alliance)
    client.force_login(manager)
    # session, user, the user's groups, the alliance, its assessments, its rounds, its actions
    with django_assert_max_num_queries(7):
        response = client.get(alliance.get_absolute_url())
    assert len(response.context["stage_table"].columns) == count


def test_start_date_after_the_first_assessment_is_refused(client, manager, published):
    """First assessed on 31 Mar 2025 (second on 30 Jun): 1 Apr is refused with that day named, 31 Mar is saved."""
    alliance = AllianceFactory(owner=manager, start_date=dt.date(2024, 1, 1))
    submitted_assessment(alliance, answers_at(2), on("2025-06-30"))
    submitted_assessment(alliance, answers_at(2), on("2025-03-31"))
    client.force_login(manager)
    url = reverse("alliance-edit", args=[alliance.pk])
    response = client.post(url, {**FORM, "start_date": "2025-04-01"})
    message = START_AFTER_FIRST_ASSESSMENT.format(day="31 March 2025")
    assert response.context["form"].errors == {"start_date": [message]}
    assert message.replace("'", "&#x27;") in response.text
    alliance.refresh_from_db()
    assert alliance.start_date == dt.date(2024, 1, 1)
    client.post(url, {**FORM, "start_date": "2025-03-31"})
    alliance.refresh_from_db()
    assert alliance.start_date == dt.date(2025, 3, 31)


def test_alliance_page_lists_surveys_and_never_their_responses(client, manager, executive):
    """A closed survey links to its result, an open one says it is open until its deadline and stops a
    self-assessment starting; no response, draft or handed in, is listed, to the owner or an executive."""
    alliance = AllianceFactory(owner=manager)
    closed = closed_survey(alliance)
    opened = survey(alliance, opened_at=SURVEY_CLOSED, deadline=timezone.now() + dt.timedelta(days=14))
    respond(opened, "ours", answers_at(2), handed_in=False)
    for user in (manager, executive):
        client.force_login(user)
        response = client.get(alliance.get_absolute_url())
        rows = response.context["rounds"]
        assert [(row.round, row.state, row.draft) for row in rows] == [(opened, "open", None), (closed, "closed", None)]
        assert reverse("round-result", args=[closed.pk]) in response.text
        assert "In progress" not in response.text
        assert ('id="survey-open"' in response.text) == (user == manager)
        assert reverse("assessment-start", args=[alliance.pk]) not in response.text


def test_a_manager_who_answered_on_a_side_too_small_for_them_is_not_shown_its_verdict(client, manager, executive):
    """Three on our side, the manager one of them: the alliance page shows them no stage, chart or badge of that
    survey (it would tell them about the two others' answers); an executive who did not answer sees it."""
    alliance = AllianceFactory(owner=manager)
    held = closed_survey(alliance, manager_answers=True)
    client.force_login(manager)
    response = client.get(alliance.get_absolute_url())
    assert [row.hidden for row in response.context["rounds"]] == [True]
    assert (response.context["latest_hidden"], response.context.get("stage_figure")) == (True, None)
    assert "Survey result not shown to you" in response.text and "Stage I" not in response.text
    assert reverse("round-result", args=[held.pk]) in response.text
    client.force_login(executive)
    response = client.get(alliance.get_absolute_url())
    assert [row.hidden for row in response.context["rounds"]] == [False]
    assert "Stage I · Opportunistic" in response.text
