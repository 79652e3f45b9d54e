"""What is kept of the people a survey asked: their addresses only for a while, and nothing of one person on request.

A closed round's combined result (its stored figures and its combined assessment) never depends on
these rows, so erasing a person or an address changes no result page.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction

from .models import Assessment, Respondent


def erase_old_addresses(*, now: dt.datetime) -> int:
    """A daily job: blank the addresses of the respondents of rounds closed RESPONDENT_EMAIL_KEEP_DAYS ago or more."""
    cutoff = now - dt.timedelta(days=settings.RESPONDENT_EMAIL_KEEP_DAYS)
    due = Respondent.objects.filter(round__closed_at__lte=cutoff).exclude(email="")
    return due.update(email="", erased_at=now)


@transaction.atomic
def erase_respondent(respondent: Respondent, *, now: dt.datetime) -> None:
    """Erase one person: their name, address and account link, and their answers and comments. Their round still
    counts them among those invited and, once closed, keeps its combined result."""
    Assessment.objects.filter(invitee=respondent).delete()
    respondent.name, respondent.email, respondent.user, respondent.erased_at = "", "", None, now
    respondent.save(update_fields=["name", "email", "user", "erased_at"])
