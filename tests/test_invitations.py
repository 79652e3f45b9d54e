"""Personal links' tokens: bound to one invitee and round, ended by revoking or closing, never by the deadline."""

import datetime as dt

import pytest

from assessments.invitations import LinkState, invitation_tokens, respondent_pk, uid_of
from assessments.models import Respondent, Round

from .factories import AllianceFactory

NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def survey(published, manager):
    alliance = AllianceFactory(owner=manager)
    return Round.objects.create(
        alliance=alliance,
        questionnaire=published,
        kind=Round.Kind.SURVEY,
        opened_by=manager,
        opened_at=NOW,
        deadline=NOW + dt.timedelta(days=14),
    )


def invitee(survey, name="Ana", side="partner"):
    return Respondent.objects.create(
        round=survey, name=name, email=f"{name.lower()}@partner.example", side=side, invited_at=NOW
    )


def test_a_fresh_token_opens_its_invitees_questionnaire(survey):
    """A token made now checks as valid for its invitee, later too."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW)
    assert invitation_tokens.check_token(ana, token, now=NOW) is LinkState.VALID
    assert invitation_tokens.check_token(ana, token, now=NOW + dt.timedelta(days=30)) is LinkState.VALID


def test_a_token_is_made_of_its_moment_and_a_hash_and_is_not_stored(survey):
    """The token is `<base-36 seconds>-<32 hex digits>`, and no field of the invitee holds it."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW)
    made, digest = token.split("-")
    assert len(digest) == 32 and int(digest, 16) >= 0
    assert token not in str(Respondent.objects.filter(pk=ana.pk).values().get())


def test_another_invitees_token_is_broken(survey):
    """A token made for one invitee does not open another's questionnaire, in the same round or another."""
    ana, ben = invitee(survey, "Ana"), invitee(survey, "Ben")
    assert invitation_tokens.check_token(ben, invitation_tokens.make_token(ana, now=NOW), now=NOW) is LinkState.BROKEN


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),
        lambda t: t[:10],
        lambda t: "",
        lambda t: "zzzzzzzzzzzzzzzzzz-" + t.split("-")[1],
        lambda t: t.split("-")[0],
        lambda t: "not-a-token",
    ],
    ids=["changed digit", "cut short", "empty", "moment off the scale", "no hash", "made up"],
)
def test_a_tampered_token_is_broken(survey, tamper):
    """Any change to a token makes it broken."""
    ana = invitee(survey)
    assert invitation_tokens.check_token(ana, tamper(invitation_tokens.make_token(ana, now=NOW)), now=NOW) is (
        LinkState.BROKEN
    )


def test_a_token_from_the_future_is_broken(survey):
    """A token that says it was made later than now is refused."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW + dt.timedelta(hours=1))
    assert invitation_tokens.check_token(ana, token, now=NOW) is LinkState.BROKEN


def test_revoking_ends_every_link_of_the_invitee(survey):
    """Once revoked, a token made before says revoked."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW)
    ana.revoked_at = NOW + dt.timedelta(days=1)
    ana.save()
    assert invitation_tokens.check_token(ana, token, now=NOW + dt.timedelta(days=2)) is LinkState.REVOKED


def test_a_token_made_after_revoking_opens_nothing(survey):
    """A token made for a revoked invitee (from their state then) is refused as broken."""
    ana = invitee(survey)
    ana.revoked_at = NOW
    ana.save()
    token = invitation_tokens.make_token(ana, now=NOW + dt.timedelta(minutes=1))
    assert invitation_tokens.check_token(ana, token, now=NOW + dt.timedelta(minutes=2)) is LinkState.BROKEN


def test_closing_the_round_ends_every_link(survey):
    """Once the round is closed, a token made before says closed."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW)
    survey.closed_at = NOW + dt.timedelta(days=3)
    survey.save()
    ana.refresh_from_db()
    assert invitation_tokens.check_token(ana, token, now=NOW + dt.timedelta(days=4)) is LinkState.CLOSED


def test_extending_the_deadline_keeps_the_links(survey):
    """The deadline is not part of the token: moving it leaves the token valid."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW)
    survey.deadline += dt.timedelta(days=7)
    survey.save()
    ana.refresh_from_db()
    assert invitation_tokens.check_token(ana, token, now=NOW) is LinkState.VALID


def test_a_changed_secret_key_breaks_the_links(survey, settings):
    """The hash is keyed with SECRET_KEY."""
    ana = invitee(survey)
    token = invitation_tokens.make_token(ana, now=NOW)
    settings.SECRET_KEY = "another-key"
    assert invitation_tokens.check_token(ana, token, now=NOW) is LinkState.BROKEN


def test_the_uid_names_the_invitee_and_nonsense_names_none(survey):
    """uid_of and respondent_pk are inverse; a uid that is not base64 of a number names no one."""
    ana = invitee(survey)
    assert respondent_pk(uid_of(ana)) == ana.pk
    assert [respondent_pk(uid) for uid in ("", "!!", "YWJj")] == [None, None, None]
