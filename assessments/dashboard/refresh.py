"""The dashboard's figures worked out again on the queue after every change, for the views people look at.

A change (a round closing, an alliance edited, an action done…) makes every kept figure stale. The first
executive to open the dashboard afterwards would wait for them to be worked out: instead, once the change
commits, a task works out the figures of the views worked out lately (`cached.remembered_views`), so that
the next request finds them kept. A view's page still draws what
it shows from them; a request that comes before the task has run works them out itself, as before.

One task waits at a time: changes while it waits are all covered by the figures it works out when it runs.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import cached
from .filters import Moment, portfolio_labels
from .portfolio import portfolio

PENDING_KEY = "dashboard:refresh:pending"
# A task that never ran (no worker) lets the next change enqueue another after this long.
PENDING_SECONDS = 10 * 60


def schedule() -> None:
    """Work the figures out again on the queue when the change commits, unless a task for it already waits."""

    def enqueue() -> None:
        if cache.add(PENDING_KEY, True, timeout=PENDING_SECONDS):
            refresh_figures.enqueue()

    transaction.on_commit(enqueue)


@task()
def refresh_figures() -> None:
    """The task: the figures of the views worked out lately, as they stand now (the worker's day, at the edge)."""
    cache.delete(PENDING_KEY)
    work_out_views(cached.remembered_views(), today=timezone.localdate())


def work_out_views(views, *, today) -> None:
    """Each view's figures kept where the dashboard finds them, unless they are there already (views looking at
    today, for `today`), and the labels its filters offer. A view whose user is gone or inactive is left out."""
    users = get_user_model().objects.in_bulk({user_id for user_id, *_ in views})
    for user_id, filters, moment, language in views:
        user = users.get(user_id)
        if user is None or not user.is_active:
            continue
        moment = moment or Moment(today)
        portfolio_labels(user)  # what the filters offer, kept for the portfolio's generation too
        with translation.override(language):
            key = cached.figures_key(user=user, filters=filters, moment=moment)
            if cache.get(key) is not None:
                continue
            cached.worked_out(
                key=key,
                user=user,
                filters=filters,
                moment=moment,
                alliances=portfolio(user, filters, moment),
            )
