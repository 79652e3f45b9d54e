"""The operations that change an alliance's action plan: make an action, change it. Views call these.

Each records who did it and when (the clock is passed in) in the action's history.
"""

from django.db import transaction

from assessments import access

from .models import Action
from .refusals import OWNER_CANNOT_SEE, OWNER_MISSING, TWO_OWNERS, ActionRefused

# What a manager may change on an action, besides its owner.
EDITABLE = ("title", "due_date", "status", "notes")


def check_owner(*, alliance, owner_user, owner_name: str, owner_email: str) -> None:
    """Refuse an owner who cannot see the alliance, no owner, or two at once."""
    if owner_user is not None and (owner_name or owner_email):
        raise ActionRefused(TWO_OWNERS, {"field": "owner_name"})
    if owner_user is None and not owner_name:
        raise ActionRefused(OWNER_MISSING, {"field": "owner_user"})
    if owner_user is not None and not access.may_own_action(owner_user, alliance):
        raise ActionRefused(OWNER_CANNOT_SEE, {"field": "owner_user", "user": owner_user.pk})


@transaction.atomic
def create_action(
    *,
    alliance,
    by,
    now,
    title: str,
    due_date,
    owner_user=None,
    owner_name: str = "",
    owner_email: str = "",
    statement_codes=(),
    principle=None,
    source=Action.Source.BY_HAND,
    source_assessment=None,
    notes: str = "",
    status=Action.Status.OPEN,
) -> Action:
    """A new action of the alliance, owned by a user who can see it or by a named outside person."""
    check_owner(alliance=alliance, owner_user=owner_user, owner_name=owner_name, owner_email=owner_email)
    action = Action(
        alliance=alliance,
        title=title,
        statement_codes=list(statement_codes),
        principle=principle,
        source=source,
        source_assessment=source_assessment,
        owner_user=owner_user,
        owner_name=owner_name,
        owner_email=owner_email,
        due_date=due_date,
        status=status,
        notes=notes,
        done_at=now if status == Action.Status.DONE else None,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    _save_with_history(action, by=by, now=now)
    return action


@transaction.atomic
def change_action(*, action: Action, by, now, owner_user=None, owner_name: str = "", owner_email: str = "", **changes):
    """Change an action's owner and any of EDITABLE; becoming done records when, leaving done forgets it."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    check_owner(alliance=action.alliance, owner_user=owner_user, owner_name=owner_name, owner_email=owner_email)
    was_done = action.status == Action.Status.DONE
    action.owner_user, action.owner_name, action.owner_email = owner_user, owner_name, owner_email
    for field, value in changes.items():
        setattr(action, field, value)
    if action.status == Action.Status.DONE and not was_done:
        action.done_at = now
    elif action.status != Action.Status.DONE:
        action.done_at = None
    action.updated_at = now
    _save_with_history(action, by=by, now=now)
    return action


def _save_with_history(action: Action, *, by, now) -> None:
    # simple_history reads these two from the instance: who made the change, and when (our clock, not its own).
    action._history_user = by
    action._history_date = now
    action.full_clean(exclude=["alliance", "created_by", "source_assessment", "owner_user"])
    action.save()
