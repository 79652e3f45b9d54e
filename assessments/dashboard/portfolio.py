"""The alliances an executive is looking at, each with where it stood at the chosen moment."""

from django.db.models import QuerySet

from .. import access
from .filters import NOT_ASSESSED, Filters, Moment


def portfolio(user, filters: Filters, moment: Moment) -> QuerySet:
    """The alliances `user` may see that match the filters, with their standing at the moment.

    The portfolio on a day holds the alliances started by then: looking back, those that came
    later are left out; today, one whose start date is still ahead is not counted yet.
    """
    alliances = filters.apply(access.alliances_visible_to(user)).filter(start_date__lte=moment.day)
    alliances = alliances.with_standing(moment.cutoff)
    if filters.stage == NOT_ASSESSED:
        alliances = alliances.filter(latest_stage__isnull=True)
    elif filters.stage is not None:
        alliances = alliances.filter(latest_stage=filters.stage)
    return alliances
