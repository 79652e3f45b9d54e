"""A survey's mails: the invitation, the reminder, and the word to a draft's author that it was left out.

Each is a task on the queue, retried when the mail server fails (jobs/retrying.py); the invitee's
latest mail is their `mail_job`, which the round page reads to say what could not be delivered.
The link's token is made when the mail goes out, so that no secret waits in the queue.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from jobs.retrying import retried_task

from .invitations import invitation_tokens, uid_of
from .models import Respondent

INVITATION, REMINDER, LEFT_OUT = "invitation", "reminder", "left_out"
KINDS = (INVITATION, REMINDER, LEFT_OUT)


def send(respondent: Respondent, *, kind: str, now: dt.datetime):
    """Queue one of the survey's mails to the invitee, and keep it as their latest mail; the Job."""
    job = send_round_mail.enqueue_job(now=now, respondent_id=respondent.pk, kind=kind)
    Respondent.objects.filter(pk=respondent.pk).update(mail_job=job)
    return job


def personal_link(respondent: Respondent, *, now: dt.datetime) -> str:
    """The invitee's personal link, in full: the site's address, their id and a fresh token."""
    path = reverse("invitation-link", args=[uid_of(respondent), invitation_tokens.make_token(respondent, now=now)])
    return settings.SITE_URL.rstrip("/") + path


@retried_task()
def send_round_mail(_job, *, respondent_id, kind):
    """Render and send one of a survey's mails; a failure raises, to be retried. An erased address gets none,
    nor does an invitee whose link was revoked meanwhile."""
    respondent = Respondent.objects.select_related("round__alliance__owner").get(pk=respondent_id)
    if not respondent.email or respondent.revoked_at is not None:
        return
    survey = respondent.round
    context = {
        "respondent": respondent,
        "round": survey,
        "alliance": survey.alliance,
        "organisation": settings.ORGANISATION_NAME,
        "manager": survey.alliance.owner.get_full_name() or survey.alliance.owner.username,
    }
    if kind != LEFT_OUT:
        context["link"] = personal_link(respondent, now=timezone.now())  # the worker's clock, at the edge
    subject = "".join(loader.render_to_string(f"invitations/mail/{kind}_subject.txt", context).splitlines())
    body = loader.render_to_string(f"invitations/mail/{kind}.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [respondent.email]).send()
