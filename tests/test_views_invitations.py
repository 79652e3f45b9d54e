"""A personal link: its cookie and redirect, the invitee's questionnaire through it, and every way it is refused."""

import datetime as dt
import io
import json
import logging
import runpy
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pythonjsonlogger.json import JsonFormatter

from alliance_maturity.json_logs import MaskLinkTokens
from assessments import access, surveys
from assessments.invitations import LinkState, invitation_tokens, uid_of
from assessments.models import Answer, Assessment, Item, Respondent
from assessments.questionnaire import sections_of
from assessments.views.invitations import NOTHING_SAVED, REFUSED
from assessments.views.questionnaire import HANDED_IN

from .factories import AllianceFactory
from .tasks import run_ready_tasks


@pytest.fixture
def survey(published, manager):
    alliance = AllianceFactory(owner=manager, name="Northwind supply", partner="Contoso")
    people = [
        surveys.Person("Ana Silva", "ana@partner.example", "partner"),
        surveys.Person("Ben Okafor", "ben@partner.example", "partner"),
        surveys.Person("Cleo Park", "cleo@ours.example", "ours"),
    ]
    now = timezone.now()
    return surveys.open_survey(
        alliance=alliance, opened_by=manager, deadline=now + dt.timedelta(days=14), people=people, now=now
    )


def invitee(survey, email="ana@partner.example"):
    return Respondent.objects.select_related("round").get(round=survey, email=email)


def link_of(respondent):
    return reverse(
        "invitation-link", args=[uid_of(respondent), invitation_tokens.make_token(respondent, now=timezone.now())]
    )


def refused_page(response, state):
    said = (escape(str(REFUSED[state])), escape(str(NOTHING_SAVED)))
    return response.status_code == 403 and all(sentence in response.text for sentence in said)


def test_the_link_sets_its_cookie_notes_the_visit_and_redirects_without_the_token(client, survey):
    """The first visit leaves an HttpOnly, SameSite=Lax cookie for the invitee's pages, and redirects to /r/<uid>/."""
    ana = invitee(survey)
    url = link_of(ana)
    response = client.get(url)
    uid = uid_of(ana)
    assert (response.status_code, response["Location"]) == (302, f"/r/{uid}/")
    assert response["Referrer-Policy"] == "same-origin"
    cookie = response.cookies[access.INVITATION_COOKIE]
    assert (cookie["path"], cookie["httponly"], cookie["samesite"], cookie["secure"]) == (f"/r/{uid}/", True, "Lax", "")
    assert url.split("/")[3] not in response["Location"]
    ana.refresh_from_db()
    assert ana.opened_at is not None


def test_the_cookie_is_secure_under_https(client, survey):
    """Over HTTPS the cookie is sent only over HTTPS."""
    response = client.get(link_of(invitee(survey)), secure=True)
    assert response.cookies[access.INVITATION_COOKIE]["secure"] is True


def test_the_first_page_says_whose_alliance_who_sees_what_and_until_when(client, survey, settings):
    """The invitee's first page names both organisations, the privacy rule and the deadline, with no navigation."""
    settings.ORGANISATION_NAME = "Fabrikam"
    page = client.get(link_of(invitee(survey)), follow=True)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "An alliance between Fabrikam and Contoso. You answer on the partner side." in text
    assert "a side's combined figures are shown only when at least 3 people on it other than the reader" in text
    assert f"Until {timezone.localtime(survey.deadline):%-d %B %Y, %H:%M}." in text
    assert reverse("alliance-list") not in page.text and "Sign out" not in page.text


def test_the_link_holder_answers_saves_and_hands_in_with_dont_knows(client, survey):
    """Through the link: begin, autosave an answer with a shared comment, hand in with everything else unanswered."""
    ana = invitee(survey)
    uid = uid_of(ana)
    client.get(link_of(ana))
    first = client.post(reverse("invitation-start", args=[uid]))
    response = Assessment.objects.get(invitee=ana)
    slug = sections_of(response).first().slug
    assert first["Location"] == reverse("invitation-section", args=[uid, slug])
    page = client.get(first["Location"])
    assert page.status_code == 200 and "Share this comment anonymously" in page.text
    saved = client.post(
        reverse("invitation-answer", args=[uid]),
        {"item": "S1-P1-01", "value": "dk", "comment": "Hard to say", "shared": "on", "revision": 0},
    )
    assert saved.json()["saved"] is True
    answer = Answer.objects.get(assessment=response)
    assert (answer.value, answer.comment, answer.shared) == (None, "Hard to say", True)
    handed_in = client.post(reverse("invitation-submit", args=[uid]), follow=True)
    assert handed_in.redirect_chain[-1][0] == reverse("invitation-start", args=[uid])
    assert escape(str(HANDED_IN)) in handed_in.text
    response.refresh_from_db()
    assert (response.status, response.respondent_id) == (Assessment.Status.RESPONDED, None)


def test_the_partner_side_is_not_asked_statements_for_our_side_only(client, survey):
    """A partner invitee's sections leave out the statements asked of our side only; ours keep them."""
    item = Item.objects.filter(questionnaire=survey.questionnaire).order_by("order").first()
    Item.objects.filter(pk=item.pk).update(audience="ours")
    partner = surveys.response_of(invitee(survey))
    ours = surveys.response_of(invitee(survey, "cleo@ours.example"))
    assert item.code not in sections_of(Assessment.objects.select_related("invitee").get(pk=partner.pk)).items
    assert item.code in sections_of(Assessment.objects.select_related("invitee").get(pk=ours.pk)).items


def test_a_tampered_link_is_refused_and_leaves_nothing(client, survey):
    """A changed token gets the plain page: no cookie, no visit noted."""
    ana = invitee(survey)
    url = link_of(ana)
    response = client.get(url[:-2] + ("0/" if url[-2] != "0" else "1/"))
    assert refused_page(response, LinkState.BROKEN)
    assert access.INVITATION_COOKIE not in response.cookies
    ana.refresh_from_db()
    assert ana.opened_at is None


def test_a_revoked_link_is_refused(client, survey):
    """Once revoked, the link and the cookie it left open nothing, and nothing posted is saved."""
    ana = invitee(survey)
    uid = uid_of(ana)
    client.get(link_of(ana))
    client.post(reverse("invitation-start", args=[uid]))
    surveys.revoke(respondent=ana, now=timezone.now())
    assert refused_page(client.get(reverse("invitation-start", args=[uid])), LinkState.REVOKED)
    posted = client.post(reverse("invitation-answer", args=[uid]), {"item": "S1-P1-01", "value": "3"})
    assert refused_page(posted, LinkState.REVOKED)
    assert not Answer.objects.exists()


def test_another_invitees_cookie_opens_nothing(client, survey):
    """Ana's cookie does not open Ben's pages, nor save anything in his response."""
    ana, ben = invitee(survey), invitee(survey, "ben@partner.example")
    surveys.response_of(ben)
    client.get(link_of(ana))
    cookie = client.cookies[access.INVITATION_COOKIE]
    cookie["path"] = "/"
    ben_uid = uid_of(ben)
    assert refused_page(client.get(reverse("invitation-start", args=[ben_uid])), LinkState.FOREIGN)
    posted = client.post(reverse("invitation-answer", args=[ben_uid]), {"item": "S1-P1-01", "value": "3"})
    assert refused_page(posted, LinkState.FOREIGN)
    assert not Answer.objects.exists()


def test_a_page_without_the_cookie_asks_for_the_link(client, survey):
    """The invitee's pages, reached without having opened the link, say to open it again."""
    assert refused_page(client.get(reverse("invitation-start", args=[uid_of(invitee(survey))])), LinkState.MISSING)


def test_a_link_after_closing_is_refused(client, survey):
    """Closing the round ends the link: the link and its pages say the survey has closed."""
    ana = invitee(survey)
    url = link_of(ana)
    client.get(url)
    surveys.close_survey(survey=survey, now=timezone.now())
    assert refused_page(client.get(url), LinkState.CLOSED)
    assert refused_page(client.get(reverse("invitation-start", args=[uid_of(ana)])), LinkState.CLOSED)


def test_a_link_past_the_deadline_closes_the_round_and_is_refused(client, survey):
    """Past its deadline, the round closes as the link is opened (at the deadline), and the link is refused."""
    ana = invitee(survey)
    url = link_of(ana)
    deadline = timezone.now() - dt.timedelta(minutes=1)
    type(survey).objects.filter(pk=survey.pk).update(deadline=deadline)
    assert refused_page(client.get(url), LinkState.CLOSED)
    survey.refresh_from_db()
    assert survey.closed_at == deadline


def test_a_link_after_extending_the_deadline_still_works(client, survey):
    """Extending the deadline keeps the links already sent."""
    ana = invitee(survey)
    url = link_of(ana)
    surveys.extend_deadline(survey=survey, deadline=survey.deadline + dt.timedelta(days=7), now=timezone.now())
    assert client.get(url).status_code == 302


@pytest.fixture
def json_log():
    """What the root logger's JSON handler writes, for the length of a test."""
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    written = io.StringIO()
    stream = handler.setStream(written)
    yield written
    handler.setStream(stream)


def test_the_token_reaches_no_log_line(client, survey, json_log):
    """A refused link's warning (django.request, with the request attached) is written with the token masked."""
    ana = invitee(survey)
    url = link_of(ana)
    broken = url[:-2] + ("0/" if url[-2] != "0" else "1/")
    assert client.get(broken).status_code == 403
    [line] = json_log.getvalue().splitlines()
    record = json.loads(line)
    assert record["message"] == f"Forbidden: /r/{uid_of(ana)}/[token]/"
    assert broken.split("/")[3] not in line


def test_gunicorns_access_line_has_the_token_masked():
    """gunicorn's access log goes through the same mask: its request line shows [token] in place of the token."""
    logconfig_dict = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))["logconfig_dict"]
    assert logconfig_dict["handlers"]["stderr"]["filters"] == ["mask_link_tokens"]
    atoms = {"r": "GET /r/MTI/p0x1k2-0123456789abcdef0123456789abcdef/ HTTP/1.1", "s": "302"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, '"%(r)s" %(s)s', (atoms,), None)
    MaskLinkTokens().filter(record)
    assert record.getMessage() == '"GET /r/MTI/[token]/ HTTP/1.1" 302'


def test_the_invitation_mail_carries_a_working_link(client, survey, settings):
    """The queued invitation is sent by the worker, with a link that opens the invitee's questionnaire."""
    settings.SITE_URL = "https://alliances.example"
    run_ready_tasks()
    [message] = [m for m in mail.outbox if m.to == ["ana@partner.example"]]
    assert message.subject == "Your view of the alliance “Northwind supply”"
    link = next(line for line in message.body.splitlines() if line.startswith("https://alliances.example/r/"))
    assert client.get(link.removeprefix("https://alliances.example")).status_code == 302
