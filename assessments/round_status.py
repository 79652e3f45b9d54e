"""Where a survey stands, for its manager: each invitee's state and latest mail, and the response per side.

Never anyone's answers: a state says only how far a person has got. Built in a fixed number of
queries, however many people are invited.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from jobs.models import Job

from . import closing, round_wording
from .models import Assessment, Respondent, Round, Side

INVITED, OPENED, IN_PROGRESS, HANDED_IN, REVOKED = "invited", "opened", "in_progress", "handed_in", "revoked"
STATE_LABELS = {
    INVITED: _("invited"),
    OPENED: _("opened"),
    IN_PROGRESS: _("in progress"),
    HANDED_IN: _("submitted"),
    REVOKED: _("link revoked"),
}
SENDING, DELIVERED, UNDELIVERED = "sending", "delivered", "undelivered"
MAIL_LABELS = {
    SENDING: _("mail being sent"),
    DELIVERED: _("mail sent"),
    UNDELIVERED: _("mail could not be delivered"),
}
MAIL_STATES = {
    Job.State.QUEUED: SENDING,
    Job.State.RUNNING: SENDING,
    Job.State.RETRYING: SENDING,
    Job.State.SUCCEEDED: DELIVERED,
    Job.State.FAILED: UNDELIVERED,
}


@dataclass(frozen=True)
class InviteeRow:
    respondent: Respondent
    state: str
    mail: str | None

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def mail_label(self):
        return MAIL_LABELS[self.mail] if self.mail else ""

    @property
    def still_asked(self) -> bool:
        return self.state not in (HANDED_IN, REVOKED)


@dataclass(frozen=True)
class SideResponse:
    """How many of a side's invitees (those not revoked) handed in, and whether that reaches the privacy minimum."""

    side: str
    label: str
    invited: int
    handed_in: int
    qualifies: bool

    @property
    def percent(self) -> int:
        return round(100 * self.handed_in / self.invited) if self.invited else 0


@dataclass(frozen=True)
class RoundStatus:
    round: Round
    rows: list[InviteeRow]
    sides: list[SideResponse]
    # Before closing: the sides closing now would withhold although they reach the minimum, with why in words.
    withheld: Mapping[str, str] = field(default_factory=dict)

    @property
    def no_side_qualifies(self) -> bool:
        """Closing now would give no result: no side has reached the privacy minimum."""
        return not any(side.qualifies for side in self.sides)

    @property
    def no_side_shown(self) -> bool:
        """Closing now would give no result: the sides that reached the minimum, if any, would all be withheld."""
        return not any(side.qualifies and side.side not in self.withheld for side in self.sides)

    @property
    def undelivered(self) -> list[InviteeRow]:
        return [row for row in self.rows if row.mail == UNDELIVERED]


def state_of(respondent: Respondent, response_status: str | None) -> str:
    """How far an invitee has got, from their link and their response's status (None: not begun)."""
    if respondent.revoked_at is not None:
        return REVOKED
    if response_status in (Assessment.Status.RESPONDED, Assessment.Status.SUBMITTED):
        return HANDED_IN
    if response_status == Assessment.Status.DRAFT:
        return IN_PROGRESS
    return OPENED if respondent.opened_at is not None else INVITED


def round_status(survey: Round, *, before_closing: bool = False) -> RoundStatus:
    """The survey's invitees with their states, and each side's response (one query); `before_closing`, also the
    sides closing now would withhold (`closing.sides_withheld`, four queries more at most)."""
    status = Assessment.objects.filter(invitee=OuterRef("pk")).values("status")[:1]
    respondents = survey.respondents.select_related("mail_job", "user").annotate(response_status=Subquery(status))
    rows = [
        InviteeRow(r, state_of(r, r.response_status), MAIL_STATES.get(r.mail_job.state) if r.mail_job else None)
        for r in respondents
    ]
    sides = []
    for side in Side:
        asked = [row for row in rows if row.respondent.side == side and row.state != REVOKED]
        handed_in = sum(1 for row in asked if row.state == HANDED_IN)
        sides.append(SideResponse(side, side.label, len(asked), handed_in, handed_in >= survey.privacy_minimum))
    withheld = closing.sides_withheld(survey) if before_closing else {}
    return RoundStatus(
        survey, rows, sides, {side: round_wording.withheld_sentence(side, why) for side, why in withheld.items()}
    )
