"""Actions and results for the action plan's tests, made through the real services."""

import datetime as dt
import io

import openpyxl
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from actions import planning, reminders
from actions.models import Action, ActionReminder
from jobs.models import Job

from .factories import AllianceFactory, ManagerFactory, answers_at, submitted_assessment
from .tasks import run_ready_tasks

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


def make_action(alliance, *, due_date=TODAY, now=NOW, by=None, **fields):
    """An open action of the alliance, owned by its manager unless an owner is given."""
    if "owner_user" not in fields and "owner_name" not in fields:
        fields["owner_user"] = alliance.owner
    return planning.create_action(
        alliance=alliance,
        by=by or alliance.owner,
        now=now,
        title=fields.pop("title", "Agree a joint plan"),
        due_date=due_date,
        **fields,
    )


def assessed(alliance, *, at, stage=2, principles=None, **answers):
    """A submitted assessment of the alliance at `at`, placing it at `stage`, with some answers overridden."""
    return submitted_assessment(alliance, answers_at(stage, principles) | answers, at)


def visit_action_pages(client, *, manager, executive, admin_user, get, post, texts):
    """Every page, message and mail of the action plan, for tests/test_translations.py (`get`, `post` keep the text)."""
    alliance = AllianceFactory(owner=manager, name="Plans")
    before = assessed(alliance, at=NOW - dt.timedelta(days=100), principles={7: 2})
    gap = next(gap for gap in before.stored_result.gaps if gap.principle == 7)
    new = reverse("action-new", args=[alliance.pk])
    client.force_login(manager)
    get(reverse("assessment-result", args=[before.pk]))
    from_gap = f"{new}?assessment={before.pk}&code={gap.code}"
    get(from_gap)
    get(f"{new}?assessment={before.pk}&code=S9-P9-99", follow=True)
    stranger = ManagerFactory(username="stranger")
    for owner in ({"owner_user": stranger.pk}, {}, {"owner_user": manager.pk, "owner_name": "Jo"}):
        post(new, {"title": "Plan", "due_date": "2026-12-20", "status": "open", **owner})
    post(from_gap, {"title": "Raise it", "owner_user": manager.pk, "due_date": "2026-11-20", "status": "open"})
    action = Action.objects.get(title="Raise it")
    edit = reverse("action-edit", args=[action.pk])
    get(edit)
    done = {"title": "Raise it", "owner_user": manager.pk, "due_date": "2026-11-20", "status": "done"}
    post(edit, done)
    same = next(other.code for other in before.stored_result.gaps if other.code != gap.code)
    for title, codes in (("Mixed", [gap.code, "S2-P1-01", "S9-P9-99"]), ("Same", [same]), ("Gone", ["S9-P9-99"])):
        done_one = make_action(alliance, title=title, statement_codes=codes)
        planning.change_action(action=done_one, by=manager, now=NOW, owner_user=manager, status="done")
    for title in ("Soon", "Late"):
        make_action(alliance, title=title, due_date=TODAY + dt.timedelta(days=2 if title == "Soon" else -2))
    make_action(alliance, title="Partner's", owner_name="Ines", owner_email="ines@partner.example")
    get_user_model().objects.filter(pk=manager.pk).update(email="manager@example.com")
    ManagerFactory(username="lapsed-only", email="lapsed@example.com")
    AllianceFactory(owner=get_user_model().objects.get(username="lapsed-only"), name="Lapsed")
    mail.outbox.clear()
    reminders.send_reminders(now=NOW)
    run_ready_tasks()
    texts.extend(f"{m.subject}\n{m.body}" for m in mail.outbox)
    Job.objects.filter(task_name="send_digest").delete()  # the visit's later pages count the jobs of its own

    client.force_login(executive)
    get(reverse("dashboard"))  # done actions, none followed by a result yet
    client.force_login(manager)
    after = assessed(alliance, at=NOW + dt.timedelta(hours=1), principles={7: 2}, **{gap.code: 5, "S2-P1-01": None})
    get(reverse("assessment-result", args=[after.pk]))
    get(alliance.get_absolute_url())
    client.force_login(executive)
    get(reverse("dashboard"))
    get(reverse("dashboard"), data={"unit": "No such unit"})
    get(reverse("dashboard-actions-export", args=["csv"]))
    workbook = b"".join(client.get(reverse("dashboard-actions-export", args=["xlsx"])).streaming_content)
    texts.append(" ".join(openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames))

    client.force_login(admin_user)
    for name in ("action", "actionreminder", "overduereminder"):
        get(reverse(f"admin:actions_{name}_changelist"))
    get(reverse("admin:actions_action_change", args=[action.pk]))
    get(reverse("admin:actions_action_history", args=[action.pk]))
    get(reverse("admin:actions_actionreminder_change", args=[ActionReminder.objects.first().pk]))
