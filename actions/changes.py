"""Who changed what on an action, and when: its history (django-simple-history) as lines people read."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .models import Action

# The fields a change lists, in this order; the others (timestamps, where it was made from) are not news.
TRACKED = ("title", "status", "due_date", "owner_user", "owner_name", "owner_email", "notes")


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    by: str
    created: bool
    fields: tuple[tuple[str, str, str], ...]  # (field's name, before, after), in words


def histories(actions: list[Action]) -> dict[int, list[Change]]:
    """Each action's changes, newest first, by action id: one query for them all."""
    records = (
        Action.history.filter(id__in=[a.pk for a in actions])
        .select_related("history_user", "owner_user")
        .order_by("id", "history_date", "history_id")
    )
    by_action = defaultdict(list)
    for record in records:
        by_action[record.id].append(record)
    return {pk: list(reversed(_changes(records))) for pk, records in by_action.items()}


def _changes(records) -> list[Change]:
    changes, before = [], None
    for record in records:
        who = _name(record.history_user) if record.history_user else ""
        if before is None:
            changes.append(Change(record.history_date, who, True, ()))
        else:
            fields = tuple(
                (str(Action._meta.get_field(name).verbose_name), _shown(before, name), _shown(record, name))
                for name in TRACKED
                if getattr(before, _attname(name)) != getattr(record, _attname(name))
            )
            if fields:
                changes.append(Change(record.history_date, who, False, fields))
        before = record
    return changes


def _attname(name: str) -> str:
    return Action._meta.get_field(name).attname


def _shown(record, name: str) -> str:
    if name == "status":
        return str(Action.Status(record.status).label)
    if name == "owner_user":
        return _name(record.owner_user) if record.owner_user_id else ""
    if name == "due_date":
        return record.due_date.isoformat()
    return getattr(record, name)


def _name(user) -> str:
    return user.get_full_name() or user.username
