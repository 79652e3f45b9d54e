"""The dashboard drawn again on the queue after every change, for the views people look at.

A change (a round closing, an alliance edited, an action done…) makes every kept figure stale, and the parts of
the page drawn from them. The first executive to open the dashboard afterwards would wait for both: instead,
once the change commits, a task draws each view looked at lately (the last VIEWS_KEPT whose figures had to be
worked out, while one was in the last day) as its request would, keeping its figures, the filters' labels and
the page's parts where the next request finds them. A request that comes before the task has run works them
out itself, as before.

One task waits at a time: changes while it waits are all covered by what it draws when it runs. The daily run
queues one too, so that the views are drawn for the new day before the first request of the morning.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .. import access
from . import page
from .cached import KEPT_SECONDS

VIEWS_KEY = "dashboard:views"
VIEWS_KEPT = 20
PENDING_KEY = "dashboard:refresh:pending"
# A task that never ran (no worker) lets the next change enqueue another after this long.
PENDING_SECONDS = 10 * 60


def remembered_views() -> list[tuple[int, str, str]]:
    """The views looked at lately, oldest first: (user id, the address's parameters, language)."""
    return cache.get(VIEWS_KEY, [])


def remember_view(*, user, query: str) -> None:
    """`user` had the figures of this view (`query`, the address's parameters) worked out: draw it again after
    each change."""
    view = (user.pk, query, translation.get_language())
    views = remembered_views()
    if views[-1:] == [view]:
        cache.touch(VIEWS_KEY, timeout=KEPT_SECONDS)  # kept a day from now, as a write would
    else:
        views = [seen for seen in views if seen != view]
        cache.set(VIEWS_KEY, [*views[-(VIEWS_KEPT - 1) :], view], timeout=KEPT_SECONDS)


def schedule() -> None:
    """Draw the views again on the queue when the change commits, unless a task for it already waits."""

    def enqueue() -> None:
        if cache.add(PENDING_KEY, True, timeout=PENDING_SECONDS):
            refresh_dashboard.enqueue()

    transaction.on_commit(enqueue)


def draw_for_the_new_day(*, now) -> int:
    """The daily job: with the day, what the dashboard shows moved on (Overdue, "assessed recently"), so each view
    looked at lately is drawn again on the queue, for the new day. How many views."""
    schedule()
    return len(remembered_views())


@task()
def refresh_dashboard() -> None:
    """The task: the views looked at lately, drawn as they stand now (the worker's clock, at the edge)."""
    cache.delete(PENDING_KEY)
    draw_views(remembered_views(), today=timezone.localdate(), now=timezone.now())


def draw_views(views, *, today, now) -> None:
    """Draw each view as its request would on `today` at `now`, for what it keeps, the one looked at last first;
    the page itself is thrown away. A view whose user is gone, inactive or no longer sees the dashboard is left
    out."""
    users = get_user_model().objects.in_bulk({user_id for user_id, *_ in views})
    for user_id, query, language in reversed(views):
        user = users.get(user_id)
        if user is None or not user.is_active or not access.is_executive(user):
            continue
        request = HttpRequest()
        request.method = "GET"
        request.path = request.path_info = reverse("dashboard")
        request.GET = QueryDict(query)
        request.user = user
        with translation.override(language):
            context = page.page_context(user=user, query=request.GET, today=today, now=now)
            render_to_string(page.TEMPLATE, context, request=request)
