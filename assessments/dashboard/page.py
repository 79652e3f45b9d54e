"""What the dashboard's page is drawn from, for a request or for the queue's refresh (`refresh.py`), which draws
it to keep its parts before anyone asks."""

from collections.abc import Callable

from django.http import QueryDict

from . import export_jobs
from .filters import FilterForm
from .overview import build_dashboard
from .table import Sort

TEMPLATE = "dashboard/dashboard.html"


def page_context(*, user, query: QueryDict, today, now, when_worked_out: Callable[[], None] = lambda: None) -> dict:
    """The page's context for `user` asking with `query` (the address's parameters) on `today` at `now`;
    `when_worked_out` is called if the figures were not kept and had to be worked out."""
    form = FilterForm(query, user=user, today=today)
    filters, moment = form.selection()
    sort = Sort.parse(query.get("sort"))
    board = build_dashboard(
        user=user,
        filters=filters,
        moment=moment,
        sort=sort,
        page_number=query.get("page"),
        when_worked_out=when_worked_out,
    )
    # The sizes past which a download is prepared in the background, as the table's help says.
    at_once = {"table": export_jobs.TABLE_AT_ONCE_ALLIANCES, "answers": export_jobs.CSV_AT_ONCE_ROWS}
    return {
        "form": form,
        "board": board,
        "sort": sort,
        "exports": export_jobs.exports_of(user, now=now),
        "at_once": at_once,
    }
