"""Two rounds of the same people: closing withholds a side whose people differ from an earlier shown round's by
more than none and fewer than the privacy minimum, so no one's answers can be worked out by difference."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments import closing, round_results
from assessments.combining import OURS, PARTNER
from assessments.models import Assessment, Respondent
from assessments.respondents import erase_respondent
from assessments.withholding import PORTFOLIO_READER_AMONG_FEW, TOO_CLOSE_TO_EARLIER_ROUND

from .factories import AllianceFactory, ExecutiveFactory, answers_at, respond, survey

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
JUNE = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
SEPTEMBER = dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)
OURS_ABC = ["a@ours.example", "b@ours.example", "c@ours.example"]
PQR = ["p@partner.example", "q@partner.example", "r@partner.example"]
S, T, U = "s@partner.example", "t@partner.example", "u@partner.example"


def opened(alliance, when, ours, partner, users=None, deadline=None):
    """A survey of `alliance` opened `when`, our side and the partner's people (by address) handed in."""
    users = users or {}
    held = survey(alliance, opened_at=when, deadline=deadline)
    for email in ours:
        respond(held, OURS, answers_at(2), email=email, user=users.get(email))
    for email in partner:
        respond(held, PARTNER, answers_at(1, dict.fromkeys(range(1, 11), 3)), email=email, user=users.get(email))
    return held


def closed(alliance, when, ours, partner, users=None):
    """The same, closed two weeks later; the round as stored."""
    held = opened(alliance, when, ours, partner, users)
    closing.close_round(held, now=when + dt.timedelta(days=14))
    held.refresh_from_db()
    return held


def partner_side(held) -> dict:
    return held.result["sides"][1]


def test_one_person_joining_the_partner_side_withholds_it_in_the_next_round(published):
    """p, q, r in March, p, q, r, s in June: the partner's side is kept as a side below the minimum (its count only),
    with why as a code and figures; the verdict and the combined assessment are our side's alone."""
    alliance = AllianceFactory()
    march = closed(alliance, MARCH, OURS_ABC, PQR)
    june = closed(alliance, JUNE, OURS_ABC, [*PQR, S])

    assert partner_side(june) == {
        "side": PARTNER,
        "respondents": 4,
        "qualifies": False,
        "combined": {},
        "band": None,
        "result": None,
        "withheld": {
            "code": TOO_CLOSE_TO_EARLIER_ROUND,
            "earlier_round": march.pk,
            "earlier_closed_at": "2026-03-15T09:00:00+00:00",
            "difference": 1,
        },
    }
    result = round_results.read(june.result)
    assert (result.stage, result.scope, result.sides_differ, result.disagreements) == (2, "one_side", None, ())
    combined = Assessment.objects.get(round=june, status=Assessment.Status.SUBMITTED)
    assert combined.stage == 2
    assert {tuple(v) for v in combined.answers.values_list("side_values", flat=True)} == {(OURS,)}
    assert partner_side(march)["qualifies"] is True


def test_one_person_leaving_withholds_the_side(published):
    """p, q, r, s in March, p, q, r in June: one left."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, [*PQR, S])
    june = closed(alliance, JUNE, OURS_ABC, PQR)
    assert partner_side(june)["withheld"]["difference"] == 1


def test_the_same_people_again_are_shown_whatever_the_capitals_of_their_addresses(published):
    """The same six people in June (addresses typed in capitals this time): both sides shown, the verdict theirs."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = closed(alliance, JUNE, [e.upper() for e in OURS_ABC], [f" {e.title()} " for e in PQR])
    assert [s["qualifies"] for s in june.result["sides"]] == [True, True]
    assert june.result["stage"] == 1


def test_as_many_joining_as_the_minimum_are_shown(published):
    """s, t and u joined p, q, r: three, the minimum, so the partner's side is shown."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = closed(alliance, JUNE, OURS_ABC, [*PQR, S, T, U])
    assert (partner_side(june)["qualifies"], partner_side(june)["withheld"]) == (True, None)


def test_an_earlier_round_whose_side_was_withheld_does_not_count(published):
    """March's partner side (p an executive among three) was withheld, so June's p, q, r, s is compared with no round
    and shown; September's p, q, r, s, t then is one away from June's and withheld."""
    alliance = AllianceFactory()
    users = {PQR[0]: ExecutiveFactory()}
    march = closed(alliance, MARCH, OURS_ABC, PQR, users)
    june = closed(alliance, JUNE, OURS_ABC, [*PQR, S], users)
    september = closed(alliance, SEPTEMBER, OURS_ABC, [*PQR, S, T], users)
    assert partner_side(march)["withheld"]["code"] == PORTFOLIO_READER_AMONG_FEW
    assert partner_side(june)["qualifies"] is True
    assert partner_side(september)["withheld"]["earlier_round"] == june.pk


def test_an_erased_person_still_counts_by_their_key(published):
    """p is erased after March (name, address, answers gone); in June p, q, r, s, t answer. Compared by key, two
    joined (s, t): withheld. Without p's key the March side would be q, r and June's three away: shown."""
    alliance = AllianceFactory()
    march = closed(alliance, MARCH, OURS_ABC, PQR)
    p = Respondent.objects.get(round=march, email=PQR[0])
    erase_respondent(p, now=MARCH + dt.timedelta(days=20))
    p.refresh_from_db()
    assert (p.email, p.name, p.answers_counted, Assessment.objects.filter(invitee=p).exists()) == ("", "", True, False)

    june = closed(alliance, JUNE, OURS_ABC, [*PQR, S, T])

    assert partner_side(june)["withheld"]["difference"] == 2


def test_a_colleague_with_an_account_is_the_same_person_under_another_address(published, manager):
    """The person key of someone with an account is their account's: invited under two addresses, still one person."""
    alliance = AllianceFactory()
    colleague = {OURS_ABC[0]: manager, "alias@ours.example": manager}
    closed(alliance, MARCH, OURS_ABC, PQR, colleague)
    june = closed(alliance, JUNE, ["alias@ours.example", *OURS_ABC[1:]], PQR, colleague)
    assert [s["qualifies"] for s in june.result["sides"]] == [True, True]


def test_someone_invited_by_address_then_with_an_account_is_the_same_person(published, manager):
    """a answered by address in March, before having an account; in June the same address has one (a's person key
    is now the account's): matched by the address key, nobody joined or left, so both sides are shown."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = closed(alliance, JUNE, OURS_ABC, PQR, {OURS_ABC[0]: manager})
    keys = Respondent.objects.filter(email=OURS_ABC[0]).values_list("person_key", "address_key")
    assert len({person for person, _ in keys}) == 2 and len({address for _, address in keys}) == 1
    assert [s["qualifies"] for s in june.result["sides"]] == [True, True]


def test_the_result_page_says_why_the_side_is_not_shown(client, published):
    """The June page: the partner's side shows its count and the sentence composed from the stored decision."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = closed(alliance, JUNE, OURS_ABC, [*PQR, S])
    client.force_login(alliance.owner)
    html = client.get(reverse("round-result", args=[june.pk])).text
    assert (
        escape(
            "Partner side: not shown. 1 person joined or left since the round closed on 15 March 2026, "
            "so their answers could be worked out by difference."
        )
        in html
    )
    assert escape("This round measures one side only: the other is not shown, as said below.") in html
    assert "4 of 4 invited responded" in html


def test_the_close_page_warns_of_a_side_that_would_be_withheld(client, published):
    """Before closing June: the manager is told the partner's side would not be shown, and why; with the same
    people as in March, no such warning."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = opened(alliance, JUNE, OURS_ABC, [*PQR, S, T], deadline=timezone.now() + dt.timedelta(days=30))
    client.force_login(alliance.owner)
    html = client.get(reverse("round-close", args=[june.pk])).text
    assert 'id="sides-withheld"' in html
    assert (
        escape(
            "Partner side: not shown. 2 people joined or left since the round closed on 15 March 2026, "
            "so their answers could be worked out by difference."
        )
        in html
    )
    assert 'id="no-side-qualifies"' not in html

    Respondent.objects.filter(round=june, email__in=[S, T]).update(revoked_at=JUNE)
    assert 'id="sides-withheld"' not in client.get(reverse("round-close", args=[june.pk])).text


def test_the_close_page_says_when_withholding_leaves_the_round_no_result(client, published):
    """Our side below the minimum and the partner's withheld: closing would give no result, and the page says so."""
    alliance = AllianceFactory()
    closed(alliance, MARCH, OURS_ABC, PQR)
    june = opened(alliance, JUNE, OURS_ABC[:2], [*PQR, S], deadline=timezone.now() + dt.timedelta(days=30))
    client.force_login(alliance.owner)
    html = client.get(reverse("round-close", args=[june.pk])).text
    assert 'id="sides-withheld"' in html and 'id="no-side-qualifies"' not in html
    assert "Closing now gives this round no result: the alliance stays unassessed for this period." in html
