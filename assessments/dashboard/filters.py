"""What an executive asked to see, read from the URL: filters and the moment to look at."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, portfolio_generation, quarters
from ..models import Alliance, Stage, StandingPeriod

NOT_ASSESSED = "none"  # the stage filter's value for alliances without a submitted assessment
# The labels the filters offer, of an old generation, are never read again; they go after a day.
KEPT_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Moment:
    """The day the portfolio is shown as it stood: today, or the end of a past quarter (`past`)."""

    day: dt.date
    past: bool = False

    @property
    def cutoff(self) -> dt.datetime | None:
        """Assessments submitted before this count; None when looking at today (all of them count)."""
        return _start_of(self.day + dt.timedelta(days=1)) if self.past else None

    @property
    def quarter(self) -> str:
        return quarters.quarter_label(self.day)

    @property
    def recent_since(self) -> dt.datetime:
        """Assessed since this is "assessed in the last two quarters" (this quarter and the one before)."""
        return _start_of(quarters.previous_quarter_start(self.day))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Filters:
    """Which alliances to include; None means any."""

    business_unit: str | None = None
    alliance_type: str | None = None
    region: str | None = None
    stage: int | str | None = None  # 1-3, or NOT_ASSESSED
    owner: int | None = None

    def apply(self, alliances):
        """Narrow alliances by everything but the stage (which depends on the moment)."""
        given = {
            "business_unit": self.business_unit,
            "alliance_type": self.alliance_type,
            "region": self.region,
            "owner_id": self.owner,
        }
        return alliances.filter(**{field: value for field, value in given.items() if value is not None})


class FilterForm(forms.Form):
    """The dashboard's filters as URL parameters; choices come from the alliances the user may see."""

    unit = forms.ChoiceField(label=_("Business unit"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *Alliance.Type.choices])
    region = forms.ChoiceField(label=_("Region"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    as_of = forms.ChoiceField(label=_("As of"), required=False)

    def __init__(self, data, *, user, today: dt.date):
        super().__init__(data)
        self.today = today
        labels = portfolio_labels(user)
        self.fields["unit"].choices = _all(_("All business units"), [(unit, unit) for unit in labels.units])
        self.fields["region"].choices = _all(_("All regions"), [(region, region) for region in labels.regions])
        owners = get_user_model().objects.filter(pk__in=labels.owners).order_by("first_name", "username")
        self.fields["owner"].choices = _all(_("All owners"), [(str(u.pk), owner_name(u)) for u in owners])
        self.fields["stage"].choices = _all(
            _("All stages"),
            [(str(s.number), f"{s.roman} {s.name}") for s in Stage.objects.all()] + [(NOT_ASSESSED, _("Not assessed"))],
        )
        self.fields["as_of"].choices = [("", _("Today"))] + [
            (end.isoformat(), _("End of %(quarter)s") % {"quarter": quarters.quarter_label(end)})
            for end in self._past_quarter_ends(labels.first_submitted)
        ]

    def _past_quarter_ends(self, first: dt.datetime | None) -> list[dt.date]:
        """Every quarter end since the first submitted assessment, newest first."""
        if first is None:
            return []
        first_end = quarters.quarter_end(timezone.localdate(first))
        ends, end = [], quarters.quarter_start(self.today) - dt.timedelta(days=1)
        while end >= first_end:
            ends.append(end)
            end = quarters.quarter_start(end) - dt.timedelta(days=1)
        return ends

    def selection(self) -> tuple[Filters, Moment]:
        """The valid filters (an invalid one is reported by the form and ignored) and the moment."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
        stage = data.get("stage")
        filters = Filters(
            business_unit=data.get("unit"),
            alliance_type=data.get("type"),
            region=data.get("region"),
            stage=int(stage) if stage and stage != NOT_ASSESSED else stage,
            owner=int(data["owner"]) if "owner" in data else None,
        )
        as_of = data.get("as_of")
        moment = Moment(dt.date.fromisoformat(as_of), past=True) if as_of else Moment(self.today)
        return filters, moment

    def chosen(self) -> list[str]:
        """The labels of the valid filters chosen (the moment aside), in the form's order; after selection()."""
        data = getattr(self, "cleaned_data", {})
        labels = []
        for name, field in self.fields.items():
            value = data.get(name)
            if value and name != "as_of":
                label = dict(field.choices)[value]
                labels.append(f"stage {label}" if name == "stage" and value != NOT_ASSESSED else label)
        return labels


@dataclass(frozen=True)
class PortfolioLabels:
    """What the filters offer, read from the alliances someone may see."""

    units: list[str]  # in alphabetical order
    regions: list[str]
    owners: list[int]  # the owners' user ids (their names are read each time: a user's edit changes no alliance)
    first_submitted: dt.datetime | None  # the first submitted assessment's submission


def portfolio_labels(user) -> PortfolioLabels:
    """The labels of the alliances `user` may see, from the shared cache while the portfolio's generation holds
    (every alliance's change and every submission bumps it)."""
    key = f"dashboard:labels:{portfolio_generation.current_generation()}:{access.visibility_key(user)}"
    found = cache.get(key)
    if found is None:
        alliances = access.alliances_visible_to(user)
        found = PortfolioLabels(
            units=_distinct(alliances, "business_unit"),
            regions=_distinct(alliances, "region"),
            owners=_distinct(alliances, "owner_id"),
            # Every submitted assessment has its standing period, from its submission: the first is found walking
            # the index `standing_period_first` (the first period of a visible alliance), not by reading them all.
            first_submitted=StandingPeriod.objects.filter(alliance__in=alliances)
            .order_by("valid_from")
            .values_list("valid_from", flat=True)
            .first(),
        )
        cache.set(key, found, timeout=KEPT_SECONDS)
    return found


def _distinct(alliances, field: str) -> list:
    return list(alliances.order_by(field).values_list(field, flat=True).distinct())


def _all(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


def owner_name(user) -> str:
    return user.get_full_name() or user.username


def canonical_query(query) -> str | None:
    """The address's query without its empty parameters ("Apply filters" sends every select, chosen or
    not), or None when it has none: the dashboard redirects there, so every view has one short address."""
    kept = query.copy()
    for key, values in query.lists():
        kept.setlist(key, [value for value in values if value])
        if not kept.getlist(key):
            del kept[key]
    return None if list(kept.lists()) == list(query.lists()) else kept.urlencode()
