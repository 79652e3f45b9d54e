"""A closed survey's result page: each side and the verdict, only as far as the viewer may see them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments import combining
from assessments.models import Respondent

from .factories import AllianceFactory, ExecutiveFactory, ManagerFactory, closed_survey, survey

pytestmark = pytest.mark.django_db

OPENED = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
OURS, PARTNER = combining.OURS, combining.PARTNER


def closed(*, owner=None, **shape):
    """A closed survey of an alliance (factories.closed_survey: ours at Stage II, the partner's at Stage I)."""
    return closed_survey(AllianceFactory(owner=owner or ManagerFactory(username="owner")), **shape)


def page_of(client, held):
    response = client.get(reverse("round-result", args=[held.pk]))
    assert response.status_code == 200
    return response.context["page"], response.text


def test_the_owner_sees_both_sides_the_verdict_and_the_disagreements(client):
    """Both sides of three: Stage I overall, each side's stage, the verdict sentence, the radar with both sides."""
    held = closed()
    client.force_login(held.alliance.owner)

    page, html = page_of(client, held)

    assert page.stage == 1
    assert [(s.side, s.shown, s.stage, s.respondents, s.invited) for s in page.sides] == [
        (OURS, True, 2, 3, 3),
        (PARTNER, True, 1, 3, 4),
    ]
    assert page.sides[1].response_rate == 75
    assert page.verdict_sentence.startswith("Our side sees Stage II; the partner's people see Stage I: Stage II")
    assert escape(page.verdict_sentence) in html
    assert [t["name"] for t in page.radar["data"]] == ["Our side", "The partner's people"]
    assert page.radar_table.columns == ("Our side", "The partner's people", "Both sides support")
    assert page.disagreements and all(row.gap > 0 for row in page.disagreements)
    assert 'id="disagreements"' in html


def test_a_manager_who_answered_counts_as_one_of_our_side(client):
    """With three on our side, one of them the manager: the manager is shown neither our side nor the overall
    figures (two others), only the partner's side; an executive who did not answer sees everything."""
    held = closed(manager_answers=True)
    client.force_login(held.alliance.owner)

    page, html = page_of(client, held)

    assert [(s.side, s.qualifies, s.shown) for s in page.sides] == [(OURS, True, False), (PARTNER, True, True)]
    assert (page.stage, page.verdict_sentence, page.disagreements) == (None, None, ())
    assert "Not shown to you" in html
    assert [t["name"] for t in page.radar["data"]] == ["The partner's people"]

    client.force_login(ExecutiveFactory())
    assert page_of(client, held)[0].stage == 1


def test_a_side_below_the_minimum_shows_only_how_many_responded(client):
    """Two of the partner's people: the page says 2 responded and shows nothing of that side; ours alone places it."""
    held = closed(partner=2)
    client.force_login(held.alliance.owner)

    page, html = page_of(client, held)

    partner = page.sides[1]
    assert (partner.respondents, partner.shown, partner.stage, partner.reasons) == (2, False, None, ())
    assert "Fewer than 3 people responded on this side, so nothing of it is shown." in html
    assert page.scope_sentence == "This round measures one side only: too few people responded on the other."
    assert (page.stage, page.disagreements) == (2, ())


def test_only_comments_shared_anonymously_show(client, published):
    """A shared comment shows without its author; an unshared one never does."""
    codes = list(published.items.order_by("order").values_list("code", flat=True)[:2])
    held = closed(comments={codes[0]: ("Shared thought", True), codes[1]: ("Private thought", False)})
    client.force_login(held.alliance.owner)

    page, html = page_of(client, held)

    assert [(g.side_name, g.comments) for g in page.comments] == [("Our side", ("Shared thought",))]
    assert "Private thought" not in html
    assert "Respondent 1" not in html


def test_bands_show_for_sides_of_five(client):
    """Our side of five gets its agreement band; the partner's three do not."""
    held = closed(ours=5)
    client.force_login(held.alliance.owner)

    page, _ = page_of(client, held)

    assert [s.band for s in page.sides] == ["agree", None]


def test_the_page_takes_the_same_queries_for_ten_or_forty_respondents(client, django_assert_num_queries):
    """The page's queries do not grow with the respondents."""
    small, large = closed(), closed(ours=20, partner=20, owner=ManagerFactory(username="big"))
    client.force_login(small.alliance.owner)
    with django_assert_num_queries(8) as counted:
        page_of(client, small)
    client.force_login(large.alliance.owner)
    with django_assert_num_queries(len(counted)):
        page_of(client, large)
    assert Respondent.objects.filter(round=large).count() == 41


def test_another_managers_survey_is_not_found_and_an_open_one_sends_to_the_alliance(client, other_manager):
    """Another manager gets a 404; an open survey's result sends its owner to the alliance, told why."""
    held = closed()
    client.force_login(other_manager)
    assert client.get(reverse("round-result", args=[held.pk])).status_code == 404

    open_one = survey(
        AllianceFactory(owner=other_manager), opened_at=OPENED, deadline=timezone.now() + dt.timedelta(days=14)
    )
    response = client.get(reverse("round-result", args=[open_one.pk]), follow=True)
    assert response.redirect_chain[-1][0] == open_one.alliance.get_absolute_url()
    assert "This survey is still open: its result appears once it is closed." in response.text


def test_the_combined_assessments_result_page_sends_to_the_round(client):
    """The assessment closing wrote opens as the round's result, never as a single person's."""
    held = closed()
    client.force_login(held.alliance.owner)
    combined = held.assessments.get(status="submitted")

    response = client.get(reverse("assessment-result", args=[combined.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("round-result", args=[held.pk])


def test_the_radar_names_the_principles_in_lines_with_their_text_escaped(client):
    """Each principle's label breaks into lines with <br>, its words escaped but not the breaks."""
    held = closed()
    client.force_login(held.alliance.owner)
    theta = page_of(client, held)[0].radar["data"][0]["theta"]
    assert theta[0] == "1. Clear<br>Responsibilities and<br>Expectations"
    assert "&lt;br&gt;" not in "".join(theta)
