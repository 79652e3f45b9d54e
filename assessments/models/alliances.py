"""The alliances a company runs, each with its owner and its labels."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import quarters, roles, spellings

ALLIANCE_EXISTS = _("An alliance with this name and partner organisation already exists (whatever the capitals).")


class AllianceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Executives and admins see every alliance; a manager sees only the ones they own."""
        if roles.is_executive(user):
            return self.all()
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def label_counts(self, field: str) -> dict[str, int]:
        """Each value of a free-text label (business unit, region) in use, with how many alliances use it."""
        return dict(self.order_by().values_list(field).annotate(n=Count("pk")))

    def with_latest_assessment(self):
        """Each alliance's latest submitted stage and date, and whether a draft is under way, in the same query."""
        from .assessments import Assessment

        submitted = Assessment.objects.filter(alliance=OuterRef("pk"), status=Assessment.Status.SUBMITTED).order_by(
            "-submitted_at", "-pk"
        )
        return self.annotate(
            latest_stage=Subquery(submitted.values("stage")[:1]),
            last_assessed_at=Subquery(submitted.values("submitted_at")[:1]),
            in_progress=Exists(Assessment.objects.filter(alliance=OuterRef("pk"), status=Assessment.Status.DRAFT)),
        )


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
    def overdue(self) -> bool:
        """Not assessed in the last two quarters, though started before them (needs with_latest_assessment)."""
        return quarters.is_overdue(self.start_date, quarters.local_day(self.last_assessed_at), timezone.localdate())

    def first_assessed_on(self) -> dt.date | None:
        """The local day of this alliance's first submitted assessment, if any (one query)."""
        from .assessments import Assessment

        first = self.assessments.filter(status=Assessment.Status.SUBMITTED).aggregate(first=Min("submitted_at"))
        return timezone.localdate(first["first"]) if first["first"] else None

    def editable_by(self, user) -> bool:
        """Only the manager who owns an alliance changes or assesses it; executives and admins read it."""
        return self.owner_id == user.pk and roles.is_manager(user)
