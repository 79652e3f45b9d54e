"""The daily reminders: one digest per address, of the actions due soon or overdue and the alliances fallen Overdue.

`send_reminders(now=…)` is one of the daily jobs (jobs/daily.py). Each reminder (an action in a
state, due soon then overdue; an alliance's lapse into Overdue) goes to an address once: what was
sent is logged per recipient, and only what is new is sent. An action reminded of nothing yet when
it is already overdue gets the overdue reminder alone, so a missed day sends what is due, not a
flood. Each digest is a task on the queue, retried when the mail server fails.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template import loader
from django.utils import timezone

from assessments.models import Alliance
from jobs.retrying import retried_task

from .models import DUE_SOON_DAYS, Action, ActionReminder, OverdueReminder

DIGEST_TEMPLATE = "actions/reminder_email.txt"
SUBJECT_TEMPLATE = "actions/reminder_subject.txt"


@dataclass
class Digest:
    """What one address is told today."""

    name: str = ""
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    alliances: list[Alliance] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


def send_reminders(*, now) -> int:
    """Queue today's digests (one per address with something new) and log what they remind; how many were queued."""
    today = timezone.localdate(now)
    digests, action_log, overdue_log = collect(today)
    with transaction.atomic():
        ActionReminder.objects.bulk_create(action_log)
        OverdueReminder.objects.bulk_create(overdue_log)
        for address, digest in sorted(digests.items()):
            subject, body = render(digest, today)
            send_digest.enqueue_job(now=now, to=address, mail_subject=subject, body=body)
    return len(digests)


def collect(today: dt.date) -> tuple[dict[str, Digest], list[ActionReminder], list[OverdueReminder]]:
    """The digests due today by address, and the log rows of what they remind (unsaved)."""
    digests: dict[str, Digest] = defaultdict(Digest)
    action_log = []
    due = (
        Action.objects.still_open()
        .filter(due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner_user", "alliance")
        .order_by("due_date", "pk")
    )
    sent = set(
        ActionReminder.objects.filter(
            action__status__in=Action.OPEN_STATUSES, action__due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        ).values_list("action_id", "recipient", "state", "due_date")
    )
    for action in due:
        address = action.reminder_address
        state = ActionReminder.State.OVERDUE if action.is_overdue(today) else ActionReminder.State.DUE_SOON
        if not address or (action.pk, address, state, action.due_date) in sent:
            continue
        digest = digests[address]
        digest.name = digest.name or action.owner_label
        (digest.overdue if state == ActionReminder.State.OVERDUE else digest.due_soon).append(action)
        action_log.append(
            ActionReminder(action=action, recipient=address, state=state, due_date=action.due_date, sent_on=today)
        )
    overdue_log = []
    reminded = set(OverdueReminder.objects.values_list("alliance_id", "recipient", "since_assessment"))
    alliances = (
        Alliance.objects.with_standing()
        .annotate(latest=F("latest_id"))
        .exclude(owner__email="")
        .select_related("owner")
        .order_by("name", "pk")
    )
    for alliance in alliances:
        address = alliance.owner.email.strip().lower()
        lapse = alliance.latest or 0
        if not alliance.is_overdue(today) or (alliance.pk, address, lapse) in reminded:
            continue
        digest = digests[address]
        digest.name = digest.name or alliance.owner.get_full_name() or alliance.owner.username
        digest.alliances.append(alliance)
        overdue_log.append(OverdueReminder(alliance=alliance, recipient=address, since_assessment=lapse, sent_on=today))
    return dict(digests), action_log, overdue_log


def render(digest: Digest, today: dt.date) -> tuple[str, str]:
    """The digest's subject and plain-text body."""
    context = {"digest": digest, "today": today, "site": settings.SITE_URL.rstrip("/"), "days": DUE_SOON_DAYS}
    subject = "".join(loader.render_to_string(SUBJECT_TEMPLATE, context).splitlines())
    return subject, loader.render_to_string(DIGEST_TEMPLATE, context)


@retried_task()
def send_digest(_job, *, to, mail_subject, body):
    """Send one digest; a failure raises, to be retried. (`subject` would name the job: the mail's is its own.)"""
    EmailMessage(mail_subject, body, None, [to]).send()
