"""The alliances an executive is looking at, each with where it stood at the chosen moment."""

from django.db.models import OuterRef, QuerySet, Subquery

from ..models import Alliance, Assessment
from .filters import NOT_ASSESSED, Filters, Moment


def submitted_by(moment: Moment) -> QuerySet:
    """Submitted assessments that count at this moment, newest first.

    Ordered by the submission time alone, which the (alliance, status, -submitted_at) index
    gives without sorting: a tie-break on the id made every "latest" lookup sort.
    """
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    if moment.cutoff is not None:
        submitted = submitted.filter(submitted_at__lt=moment.cutoff)
    return submitted.order_by("-submitted_at")


def with_standing(alliances: QuerySet, moment: Moment) -> QuerySet:
    """Annotate each alliance's latest assessment at the moment, its stage, its date and the stage before.

    Correlated subqueries on the (alliance, status, -submitted_at) index: one lookup per
    alliance inside the same SQL statement, on SQLite and PostgreSQL alike.
    """
    latest = submitted_by(moment).filter(alliance=OuterRef("pk"))
    # latest_id is an alias: only the principle figures select it, so the other queries skip it.
    return alliances.alias(latest_id=Subquery(latest.values("pk")[:1])).annotate(
        stage_now=Subquery(latest.values("stage")[:1]),
        stage_before=Subquery(latest.values("stage")[1:2]),
        last_assessed=Subquery(latest.values("submitted_at")[:1]),
    )


def portfolio(user, filters: Filters, moment: Moment) -> QuerySet:
    """The alliances `user` may see that match the filters, with their standing at the moment.

    The portfolio on a day holds the alliances started by then: looking back, those that came
    later are left out; today, one whose start date is still ahead is not counted yet.
    """
    alliances = filters.apply(Alliance.objects.visible_to(user)).filter(start_date__lte=moment.day)
    alliances = with_standing(alliances, moment)
    if filters.stage == NOT_ASSESSED:
        alliances = alliances.filter(stage_now__isnull=True)
    elif filters.stage is not None:
        alliances = alliances.filter(stage_now=filters.stage)
    return alliances
