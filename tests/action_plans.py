"""Actions and results for the action plan's tests, made through the real services."""

import datetime as dt

from actions import planning

from .factories import answers_at, submitted_assessment

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
