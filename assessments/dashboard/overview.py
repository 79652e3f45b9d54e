"""Everything the dashboard page shows, built from one selection in a fixed number of queries."""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.urls import reverse

from ..charts import portfolio as charts
from ..charts import rounds as round_charts
from ..models import Principle, Stage
from . import figures, principles, sides, table
from .cached import KEPT_SECONDS, figures_key, portfolio_figures
from .filters import Filters, Moment
from .portfolio import portfolio


@dataclass(frozen=True)
class PrincipleHold:
    number: int
    name: str
    alliances: int


@dataclass(frozen=True)
class Dashboard:
    moment: Moment
    stage_names: dict[int, str]
    principle_names: dict[int, str]
    headline: figures.Headline
    units: list[figures.UnitStages]
    weakest: list[principles.HeatmapRow]
    weakest_links: list[str]
    holding_back: list[PrincipleHold]
    timeline: figures.Timeline
    held: dict[int, int]
    # Where the figures are kept: the page keeps what it draws of them there too (dashboard.html), for as long.
    figures_key: str
    page: Page
    page_numbers: list
    headers: list[table.Header]
    sides_apart: list[sides.SidesApart]
    kept_seconds: int = KEPT_SECONDS

    @cached_property
    def rows(self) -> list[table.Row]:
        """The table's page of rows, read only when the page draws them (not when it finds them kept)."""
        return table.page_rows(self.page, self.moment)

    @cached_property
    def charts(self) -> dict[str, dict]:
        """The charts' figures, worked out only when the page draws them (not when it finds them kept)."""
        return {
            "stages": charts.stage_distribution(self.units, self.stage_names),
            "heatmap": charts.principle_heatmap(self.weakest, self.principle_names, self.weakest_links),
            "timeline": charts.maturity_timeline(self.timeline.quarters, self.timeline.overall, self.timeline.by_unit),
            "holding_back": charts.principles_holding_back(self.held, self.principle_names),
            "sides_apart": round_charts.sides_apart_chart(sides.directions(self.sides_apart)),
        }

    @property
    def has_timeline(self) -> bool:
        return any(mean is not None for mean in self.timeline.overall)

    @property
    def has_holding_back(self) -> bool:
        return any(hold.alliances for hold in self.holding_back)

    @property
    def heatmap_rows(self) -> list[tuple[principles.HeatmapRow, str]]:
        return list(zip(self.weakest, self.weakest_links, strict=True))


def build_dashboard(
    *, user, filters: Filters, moment: Moment, sort: table.Sort, page_number, when_worked_out=lambda: None
) -> Dashboard:
    """The figures, charts and one page of the table for the alliances `user` may see that match;
    `when_worked_out` is called if the figures were not kept and had to be worked out."""
    alliances = portfolio(user, filters, moment)
    stage_names = dict(Stage.objects.values_list("number", "name"))
    principle_names = dict(Principle.objects.values_list("number", "name"))
    key = figures_key(user=user, filters=filters, moment=moment)
    shown = portfolio_figures(
        key=key, user=user, filters=filters, moment=moment, alliances=alliances, when_worked_out=when_worked_out
    )
    units, weakest, held, timeline = shown.units, shown.weakest, shown.held, shown.timeline
    links = [reverse("alliance-detail", args=[row.alliance_id]) for row in weakest]
    holding_back = sorted(
        (PrincipleHold(n, name, held.get(n, 0)) for n, name in principle_names.items()),
        key=lambda hold: (-hold.alliances, hold.number),
    )
    page = table.page(alliances, sort, page_number)
    apart = shown.sides_apart
    return Dashboard(
        moment=moment,
        stage_names=stage_names,
        principle_names=principle_names,
        headline=shown.headline,
        units=units,
        weakest=weakest,
        weakest_links=links,
        holding_back=holding_back,
        timeline=timeline,
        held=held,
        figures_key=key,
        page=page,
        page_numbers=list(page.paginator.get_elided_page_range(page.number)),
        headers=table.headers(sort),
        sides_apart=apart,
    )
