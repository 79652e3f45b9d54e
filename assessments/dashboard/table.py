"""The alliance table: one row per alliance in the portfolio, sortable by every column."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from .. import quarters
from ..models import Alliance
from .filters import Moment

PER_PAGE = 25
DEFAULT_SORT = "name"
# URL sort key -> what it orders by. Alliances never assessed sort below Stage I, and an
# unknown trend below a fall, on SQLite and PostgreSQL alike.
SORTS = {
    "name": ("name",),
    "partner": ("partner",),
    "unit": ("business_unit",),
    "type": ("alliance_type",),
    "region": ("region",),
    "owner": ("owner__first_name", "owner__last_name", "owner__username"),
    "stage": ("latest_stage",),
    "trend": (F("latest_stage") - F("stage_before"),),
    "assessed": ("last_assessed_at",),
}
LABELS = {
    "name": _("Alliance"),
    "partner": _("Partner"),
    "unit": _("Business unit"),
    "type": _("Type"),
    "region": _("Region"),
    "owner": _("Owner"),
    "stage": _("Latest stage"),
    "trend": _("Trend"),
    "assessed": _("Last assessed"),
}
# The Bootstrap breakpoint from which a column shows (all nine fit from 1200 px). Narrower, the table
# keeps the alliance and its stage: the partner, the last assessment and its flag go under the name,
# the trend under the stage.
SHOWN_FROM = {
    **dict.fromkeys(("partner", "unit", "type", "region", "owner"), "xl"),
    **dict.fromkeys(("trend", "assessed"), "md"),
}


@dataclass(frozen=True)
class Sort:
    key: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def parse(cls, value: str | None) -> "Sort":
        """`stage` or `-stage`; anything unknown sorts by name."""
        value = value or ""
        key = value.removeprefix("-")
        return cls(key, value.startswith("-")) if key in SORTS else cls()

    def __str__(self):
        return f"-{self.key}" if self.descending else self.key

    def toggled(self, key: str) -> "Sort":
        """The sort a column header links to: its own column flips, another starts ascending."""
        return Sort(key, not self.descending if key == self.key else False)

    def order_by(self) -> list:
        fields = [
            _expression(field).desc(nulls_last=True) if self.descending else _expression(field).asc(nulls_first=True)
            for field in SORTS[self.key]
        ]
        return [*fields, "name", "pk"]


def _expression(field):
    return F(field) if isinstance(field, str) else field


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    link: str  # the sort its heading links to
    aria_sort: str | None  # "ascending"/"descending" on the sorted column
    shown_from: str | None  # the breakpoint below which the column is hidden, if any


def headers(sort: Sort) -> list[Header]:
    """The table's column headings, each linking to the sort it gives."""
    return [
        Header(
            key,
            label,
            str(sort.toggled(key)),
            ("descending" if sort.descending else "ascending") if key == sort.key else None,
            SHOWN_FROM.get(key),
        )
        for key, label in LABELS.items()
    ]


@dataclass(frozen=True)
class Row:
    alliance_id: int
    name: str
    partner: str
    business_unit: str
    alliance_type: str
    region: str
    owner: str
    stage: int | None
    trend: int | None  # the change in stage since the assessment before; None without one
    last_assessed: dt.datetime | None
    stale: bool  # overdue: started before the last two quarters and not assessed in them
    new: bool  # started in the last two quarters and not assessed yet


FIELDS = (
    "pk",
    "start_date",
    "name",
    "partner",
    "business_unit",
    "alliance_type",
    "region",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "latest_stage",
    "stage_before",
    "last_assessed_at",
)


def rows(alliances: QuerySet, sort: Sort, moment: Moment) -> Iterator[Row]:
    """Every row, sorted, fetched in chunks (one query)."""
    return _rows(alliances.order_by(*sort.order_by()).values_list(*FIELDS).iterator(chunk_size=2000), moment)


def page(alliances: QuerySet, sort: Sort, number) -> Page:
    """One page of the sorted alliances (the count, one query); a bad page number gives the nearest page. Its rows
    are read by `page_rows`, when they are drawn."""
    return Paginator(alliances.order_by(*sort.order_by()).values_list(*FIELDS), PER_PAGE).get_page(number)


def page_rows(current: Page, moment: Moment) -> list[Row]:
    """The rows of one page (one query)."""
    return list(_rows(current.object_list, moment))


def _rows(values, moment: Moment) -> Iterator[Row]:
    type_labels = {value: str(label) for value, label in Alliance.Type.choices}  # in the request's language
    for pk, started, name, partner, unit, kind, region, first, last, username, stage, before, assessed in values:
        assessed_on = quarters.local_day(assessed)
        yield Row(
            alliance_id=pk,
            name=name,
            partner=partner,
            business_unit=unit,
            alliance_type=type_labels.get(kind, kind),
            region=region,
            owner=f"{first} {last}".strip() or username,
            stage=stage,
            trend=stage - before if stage is not None and before is not None else None,
            last_assessed=assessed,
            stale=quarters.is_overdue(started, assessed_on, moment.day),
            new=quarters.is_new(started, assessed_on, moment.day),
        )
