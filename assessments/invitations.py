"""Personal links: a token bound to one invitee of one round, in the spirit of contrib.auth's password reset.

The token is a keyed hash (an HMAC with SECRET_KEY) over the invitee, the round, the moment the
token was made and the state that must end the link: the invitee's `revoked_at` and the round's
`closed_at`. Revoking the link or closing the round changes that state, and every token made
before stops matching. Nothing of it is stored: a token is checked by making it again. The
deadline is not hashed in but read from the database, so extending it keeps the links already sent.

The clock is passed in (`now`), as everywhere: a token says when it was made, and one from the
future is refused.
"""

import datetime as dt
import enum

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, int_to_base36, urlsafe_base64_decode, urlsafe_base64_encode

from .models import Respondent

EPOCH = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)


class LinkState(enum.Enum):
    """What a personal link is worth now."""

    VALID = "valid"
    BROKEN = "broken"  # tampered with, cut short, made up, or another invitee's
    REVOKED = "revoked"
    CLOSED = "closed"
    MISSING = "missing"  # a page of the link asked for without the link's cookie
    FOREIGN = "foreign"  # a page of one invitee's link asked for with another invitee's cookie


class InvitationTokenGenerator:
    """Make and check the token of an invitee's personal link."""

    key_salt = "assessments.invitations.InvitationTokenGenerator"

    def make_token(self, respondent: Respondent, *, now: dt.datetime) -> str:
        """A token for this invitee as they stand now: `<moment made, base 36>-<hash>`."""
        return self._token(respondent, self._seconds(now), respondent.revoked_at, respondent.round.closed_at)

    def check_token(self, respondent: Respondent, token: str, *, now: dt.datetime) -> LinkState:
        """Whether the token opens this invitee's questionnaire now, and if not, why.

        Links are only ever made while the invitee and the round are open, so a genuine token matches the hash
        of that state; once the link is revoked or the round closed it says which. Any other token is BROKEN,
        whatever the invitee's state, so a made-up link learns nothing.
        """
        made = self._made_at(token)
        if made is None or made > self._seconds(now):
            return LinkState.BROKEN
        if not constant_time_compare(self._token(respondent, made, None, None), token):
            return LinkState.BROKEN
        if respondent.revoked_at is not None:
            return LinkState.REVOKED
        if respondent.round.closed_at is not None:
            return LinkState.CLOSED
        return LinkState.VALID

    def _token(self, respondent, made: int, revoked_at, closed_at) -> str:
        state = f"{respondent.pk}:{respondent.round_id}:{made}:{_moment(revoked_at)}:{_moment(closed_at)}"
        digest = salted_hmac(self.key_salt, state, secret=settings.SECRET_KEY, algorithm="sha256").hexdigest()
        return f"{int_to_base36(made)}-{digest[::2]}"

    @staticmethod
    def _made_at(token: str) -> int | None:
        made, dash, digest = (token or "").partition("-")
        if not dash or not digest or len(made) > 13:
            return None
        try:
            return base36_to_int(made)
        except ValueError:
            return None

    @staticmethod
    def _seconds(now: dt.datetime) -> int:
        return int((now - EPOCH).total_seconds())


def _moment(value: dt.datetime | None) -> str:
    return "" if value is None else value.replace(microsecond=0, tzinfo=None).isoformat()


invitation_tokens = InvitationTokenGenerator()


def uid_of(respondent: Respondent) -> str:
    """The invitee's part of a link: their id, base64 as in password-reset links."""
    return urlsafe_base64_encode(force_bytes(respondent.pk))


def respondent_pk(uid: str) -> int | None:
    """The invitee id a link's first part names, or None when it names none."""
    try:
        return int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None
