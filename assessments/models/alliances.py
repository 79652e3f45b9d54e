"""The alliances a company runs, each with its owner and its labels."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import quarters, spellings

ALLIANCE_EXISTS = _("An alliance with this name and partner organisation already exists (whatever the capitals).")
STANDING_NOT_FETCHED = (
    "This alliance was fetched without its standing: fetch it through Alliance.objects.with_standing(), "
    "which reads every alliance's standing in the same query, instead of one query per alliance."
)


class StandingNotFetched(Exception):
    """An alliance's standing was read, but the query that fetched it did not ask for it."""


@dataclass(frozen=True)
class Standing:
    """Where an alliance stands at a moment: its latest submitted assessment's stage and time, and the stage before."""

    stage: int | None
    assessed_at: dt.datetime | None
    stage_before: int | None

    def is_overdue(self, started: dt.date, today: dt.date) -> bool:
        """Not assessed in the last two quarters before `today`, though started before them."""
        return quarters.is_overdue(started, quarters.local_day(self.assessed_at), today)


class AllianceQuerySet(models.QuerySet):
    def label_counts(self, field: str) -> dict[str, int]:
        """Each value of a free-text label (business unit, region) in use, with how many alliances use it."""
        return dict(self.order_by().values_list(field).annotate(n=Count("pk")))

    def with_standing(self, cutoff: dt.datetime | None = None):
        """Each alliance's standing at a moment: its latest assessment submitted before `cutoff` (any, when None).

        The one definition of "where an alliance stands", for every page: `latest_stage` and
        `last_assessed_at` of that assessment, `stage_before` of the one before it, and its id as
        the alias `latest_id` (select it with `F("latest_id")`), in the same query: each one lookup of
        the alliance's standing period that holds at the moment (models/standings.py, cut by periods.py).
        Subqueries rather than a join, so that a count leaves them out and a page of rows looks up its own.
        """
        from .standings import StandingPeriod

        held = StandingPeriod.objects.holding_at(cutoff).filter(alliance=OuterRef("pk")).order_by()
        return self.alias(latest_id=Subquery(held.values("assessment_id")[:1])).annotate(
            latest_stage=Subquery(held.values("stage")[:1]),
            last_assessed_at=Subquery(held.values("valid_from")[:1]),
            stage_before=Subquery(held.values("stage_before")[:1]),
        )

    def with_draft_under_way(self):
        """Whether each alliance has a self-assessment draft under way in its open round (`in_progress`), in the
        same query. A survey's responses are no draft of the alliance's."""
        from .assessments import Assessment

        drafts = Assessment.objects.filter(
            alliance=OuterRef("pk"),
            status=Assessment.Status.DRAFT,
            round__kind="self",
            round__closed_at__isnull=True,
        )
        return self.annotate(in_progress=Exists(drafts))


# Free text typed by managers that the dashboard groups by.
LABEL_FIELDS = ("business_unit", "region")


class Alliance(models.Model):
    class Type(models.TextChoices):
        SUPPLY = "supply", _("Supply")
        OUTSOURCING = "outsourcing", _("Outsourcing")
        RND = "rnd", _("R&D")
        LOGISTICS = "logistics", _("Logistics")
        MARKETING = "marketing", _("Marketing")
        SALES = "sales", _("Sales")
        SERVICE = "service", _("Service")
        OTHER = "other", _("Other")

    name = models.CharField(verbose_name=_("name"), max_length=200)
    partner = models.CharField(_("partner organisation"), max_length=200)
    business_unit = models.CharField(verbose_name=_("business unit"), max_length=100)
    alliance_type = models.CharField(verbose_name=_("alliance type"), max_length=20, choices=Type.choices)
    region = models.CharField(verbose_name=_("region"), max_length=100)
    start_date = models.DateField(verbose_name=_("start date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="alliances",
        help_text=_("The alliance manager responsible."),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]
        constraints = [
            # Any case: "cold chain / nordfrost" is the alliance "Cold chain / Nordfrost" typed again.
            models.UniqueConstraint(
                Lower("name"),
                Lower("partner"),
                name="alliance_name_unique_per_partner_any_case",
                violation_error_message=ALLIANCE_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(
                    alliance_type__in=[
                        "supply",
                        "outsourcing",
                        "rnd",
                        "logistics",
                        "marketing",
                        "sales",
                        "service",
                        "other",
                    ]
                ),
                name="alliance_type_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.partner})"

    def get_absolute_url(self):
        return reverse("alliance-detail", args=[self.pk])

    def clean(self):
        # Keep the spelling already in use, so the portfolio does not split "consumer" from "Consumer".
        others = Alliance.objects.exclude(pk=self.pk) if self.pk else Alliance.objects.all()
        for field in LABEL_FIELDS:
            setattr(self, field, spellings.spelling_of(getattr(self, field), others.label_counts(field)))

    @property
    def standing(self) -> Standing:
        """Where the alliance stands, as fetched by `with_standing`; fetched without it, this refuses to query."""
        try:
            return Standing(self.latest_stage, self.last_assessed_at, self.stage_before)
        except AttributeError:
            raise StandingNotFetched(STANDING_NOT_FETCHED) from None

    def is_overdue(self, today: dt.date) -> bool:
        """Not assessed in the last two quarters before `today`, though started before them (needs the standing)."""
        return self.standing.is_overdue(self.start_date, today)

    def first_assessed_on(self) -> dt.date | None:
        """The local day of this alliance's first submitted assessment, if any (one query)."""
        from .assessments import Assessment

        first = self.assessments.filter(status=Assessment.Status.SUBMITTED).aggregate(first=Min("submitted_at"))
        return timezone.localdate(first["first"]) if first["first"] else None
