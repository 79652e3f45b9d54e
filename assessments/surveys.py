"""Running a survey round: open it, invite people, remind them, extend the deadline, revoke a link, close it.

The manager's round page calls these; each is a transaction, with the clock passed in. The mails
go through the task queue (invitation_mail.py). A survey past its deadline closes by itself: a
deferred task at the deadline, and `close_if_due` on every page that shows the round.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from . import invitation_mail
from .closing import close_round
from .models import Alliance, Assessment, Questionnaire, Respondent, Round
from .models.rounds import address_key, person_key
from .refusals import NoPublishedQuestionnaire, SurveyRefused

ROUND_OPEN_ALREADY = _("This alliance already has an open round: close it before opening a survey.")
DEADLINE_PASSED = _("The deadline must lie in the future.")
DEADLINE_NOT_LATER = _("The new deadline must be later than the present one.")
ALREADY_INVITED = _("Already invited to this round: {addresses}.")
ROUND_CLOSED = _("This round is closed: nothing was changed.")
NO_PUBLISHED_QUESTIONNAIRE = _("There is no published questionnaire to ask yet; an administrator needs to publish one.")


@dataclass(frozen=True)
class Person:
    """Someone to invite: a name, an e-mail address and a side; their account, when known already
    (else the one with that address, if exactly one has it)."""

    name: str
    email: str
    side: str
    user: object = None


def open_survey(
    *, alliance: Alliance, opened_by, deadline: dt.datetime, people: Sequence[Person], now: dt.datetime
) -> Round:
    """Open a survey of the alliance on the published questionnaire, invite `people` and mail them their links."""
    if deadline <= now:
        raise SurveyRefused(DEADLINE_PASSED)
    questionnaire = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()
    if questionnaire is None:
        raise NoPublishedQuestionnaire(NO_PUBLISHED_QUESTIONNAIRE)
    with transaction.atomic():
        if Round.objects.open().filter(alliance=alliance).exists():
            raise SurveyRefused(ROUND_OPEN_ALREADY)
        survey = Round.objects.create(
            alliance=alliance,
            questionnaire=questionnaire,
            kind=Round.Kind.SURVEY,
            opened_by=opened_by,
            opened_at=now,
            deadline=deadline,
        )
        invite(survey=survey, people=people, now=now)
        _close_at_deadline(survey)
    return survey


def invite(*, survey: Round, people: Sequence[Person], now: dt.datetime) -> list[Respondent]:
    """Add people to an open survey and mail each their personal link; an address invited already refuses all."""
    _refuse_if_closed(survey)
    known = {email.lower() for email in survey.respondents.values_list("email", flat=True)}
    again = sorted({p.email for p in people if p.email and p.email.lower() in known})
    if again:
        raise SurveyRefused(ALREADY_INVITED.format(addresses=", ".join(again)), {"addresses": again})
    accounts = _accounts_by_address(p.email for p in people)
    with transaction.atomic():
        invited = Respondent.objects.bulk_create(
            [
                Respondent(
                    round=survey,
                    name=p.name,
                    email=p.email,
                    side=p.side,
                    user=user,
                    person_key=person_key(user_id=user.pk if user else None, email=p.email),
                    address_key=address_key(p.email),
                    invited_at=now,
                )
                for p in people
                for user in [p.user or accounts.get(p.email.lower())]
            ]
        )
        for respondent in invited:
            invitation_mail.send(respondent, kind=invitation_mail.INVITATION, now=now)
    return invited


def _accounts_by_address(addresses: Iterable[str]) -> dict:
    """The active account each address belongs to, where exactly one account has it (in any capitals)."""
    wanted = {a.lower() for a in addresses}
    users = get_user_model().objects.filter(is_active=True).annotate(address=Lower("email"))
    found = list(users.filter(address__in=wanted))
    counts = Counter(u.address for u in found)
    return {u.address: u for u in found if counts[u.address] == 1}


def remind(*, survey: Round, now: dt.datetime) -> int:
    """Mail a reminder to every invitee who has not handed in and was not reminded today; how many."""
    _refuse_if_closed(survey)
    today = timezone.localdate(now)
    due = list(not_handed_in(survey.respondents.all()).exclude(last_reminded_on=today))
    with transaction.atomic():
        Respondent.objects.filter(pk__in=[r.pk for r in due]).update(last_reminded_on=today)
        for respondent in due:
            invitation_mail.send(respondent, kind=invitation_mail.REMINDER, now=now)
    return len(due)


def not_handed_in(respondents):
    """The invitees among `respondents` still asked: not revoked, no answers handed in, address not erased."""
    handed_in = Assessment.objects.filter(invitee__isnull=False).exclude(status=Assessment.Status.DRAFT)
    return respondents.filter(revoked_at__isnull=True).exclude(email="").exclude(pk__in=handed_in.values("invitee_id"))


def remind_before_deadlines(*, now: dt.datetime) -> int:
    """The daily job: remind, once a day, everyone who has not handed in to a survey closing within
    REMINDER_DAYS_BEFORE_DEADLINE days. How many were reminded."""
    soon = now + dt.timedelta(days=settings.REMINDER_DAYS_BEFORE_DEADLINE)
    surveys = Round.objects.open().filter(kind=Round.Kind.SURVEY, deadline__gt=now, deadline__lte=soon)
    return sum(remind(survey=survey, now=now) for survey in surveys)


def extend_deadline(*, survey: Round, deadline: dt.datetime, now: dt.datetime) -> Round:
    """Move an open survey's deadline later; the links sent keep working (the deadline is not in them)."""
    _refuse_if_closed(survey)
    if deadline <= now:
        raise SurveyRefused(DEADLINE_PASSED)
    if deadline <= survey.deadline:
        raise SurveyRefused(DEADLINE_NOT_LATER)
    Round.objects.filter(pk=survey.pk).update(deadline=deadline)
    survey.deadline = deadline
    _close_at_deadline(survey)
    return survey


def revoke(*, respondent: Respondent, now: dt.datetime) -> Respondent:
    """End an invitee's link: every token made for it stops working, and their answers are left out."""
    _refuse_if_closed(respondent.round)
    if respondent.revoked_at is None:
        Respondent.objects.filter(pk=respondent.pk, revoked_at__isnull=True).update(revoked_at=now)
        respondent.revoked_at = now
    return respondent


def close_survey(*, survey: Round, now: dt.datetime) -> Round:
    """Close a survey with its combined result (closing.close_round), and tell the authors of drafts left out."""
    with transaction.atomic():
        closed = close_round(survey, now=now)
        for respondent in Respondent.objects.filter(pk__in=closed.left_out).exclude(email=""):
            invitation_mail.send(respondent, kind=invitation_mail.LEFT_OUT, now=now)
    survey.closed_at, survey.result = closed.round.closed_at, closed.round.result
    return survey


def close_if_due(survey: Round, *, now: dt.datetime) -> Round:
    """Close a survey whose deadline has passed, as at its deadline; the round as it stands now, updated in place."""
    if survey.kind == Round.Kind.SURVEY and survey.closed_at is None and survey.deadline <= now:
        close_survey(survey=survey, now=survey.deadline)  # close_round locks the round and closes it once
    return survey


def close_due_surveys(*, now: dt.datetime) -> int:
    """The daily job, should a deferred task have been lost: close every survey past its deadline. How many."""
    due = list(Round.objects.open().filter(kind=Round.Kind.SURVEY, deadline__lte=now))
    for survey in due:
        close_if_due(survey, now=now)
    return len(due)


@task()
def close_when_due(*, round_id: int) -> None:
    """The deferred task at a survey's deadline: close it, unless it closed already or its deadline moved on."""
    survey = Round.objects.filter(pk=round_id).first()
    if survey is not None:
        close_if_due(survey, now=timezone.now())  # the worker's clock, at the edge


def _close_at_deadline(survey: Round) -> None:
    close_when_due.using(run_after=survey.deadline).enqueue(round_id=survey.pk)


def _refuse_if_closed(survey: Round) -> None:
    if survey.closed_at is not None:
        raise SurveyRefused(ROUND_CLOSED)


def response_of(respondent: Respondent) -> Assessment:
    """The invitee's response: the one begun, or a new draft on the round's questionnaire."""
    survey = respondent.round
    response, _ = Assessment.objects.get_or_create(
        invitee=respondent,
        defaults={
            "alliance_id": survey.alliance_id,
            "questionnaire_id": survey.questionnaire_id,
            "round": survey,
            "respondent": respondent.user,
        },
    )
    return response
