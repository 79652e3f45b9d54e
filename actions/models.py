"""An alliance's action plan: what is to be done about a result, by whom and when, and the reminders sent."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Alliance, Assessment

# Due between today and this many days ahead is "due soon".
DUE_SOON_DAYS = 7


class ActionQuerySet(models.QuerySet):
    def still_open(self):
        """The actions someone still has to do: open or in progress."""
        return self.filter(status__in=Action.OPEN_STATUSES)

    def open_first(self):
        """Open and in-progress actions first, soonest due first; then done and dropped, latest change first."""
        still_open = models.Case(models.When(status__in=Action.OPEN_STATUSES, then=0), default=1)
        return self.order_by(still_open, "due_date", "-updated_at", "pk")


class Action(models.Model):
    """One step an alliance's manager plans, aimed at statements (and their principle) of a result."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class Source(models.TextChoices):
        GAP = "gap", _("a gap")
        WARNING_SIGN = "warning_sign", _("a warning sign")
        AT_RISK = "at_risk", _("a strength at risk")
        STATEMENT = "statement", _("a statement")
        BY_HAND = "by_hand", _("by hand")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    alliance = models.ForeignKey(Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("what is to be done"), max_length=300)
    statement_codes = models.JSONField(
        _("statements"), default=list, blank=True, help_text=_("The codes of the statements the action targets.")
    )
    principle = models.PositiveSmallIntegerField(_("principle"), null=True, blank=True)
    source = models.CharField(_("made from"), max_length=20, choices=Source.choices, default=Source.BY_HAND)
    source_assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("made from the result of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_owned",
    )
    # Someone outside the app (on the partner's side, say): a name, and an address if reminders should reach them.
    owner_name = models.CharField(_("outside owner"), max_length=200, blank=True)
    owner_email = models.EmailField(_("outside owner's e-mail"), blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["alliance", "status", "due_date"], name="action_alliance_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False, owner_name="", owner_email="")
                | (Q(owner_user__isnull=True) & ~Q(owner_name="")),
                name="action_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "dropped"]), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False) | (~Q(status="done") & Q(done_at__isnull=True)),
                name="action_done_at_iff_done",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.alliance.get_absolute_url()}#action-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_date < today

    @property
    def owner_label(self) -> str:
        """Who does it, as people read it: the user's full name (or user name), or the outside person's name."""
        if self.owner_user_id is None:
            return self.owner_name
        return self.owner_user.get_full_name() or self.owner_user.username

    @property
    def reminder_address(self) -> str:
        """Where its reminders go: the owning user's e-mail, or the outside owner's; empty when none is known."""
        return (self.owner_user.email if self.owner_user_id else self.owner_email).strip().lower()


class ActionReminder(models.Model):
    """A reminder sent about one action in one state, to one address: never the same one twice.

    A new due date is a new deadline, so it is part of what was reminded.
    """

    class State(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reminders")
    recipient = models.EmailField(_("recipient"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    due_date = models.DateField(_("due date"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "recipient", "state", "due_date"],
                name="one_action_reminder_per_state",
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.action_id} {self.state}"


class OverdueReminder(models.Model):
    """A reminder to a manager that an alliance fell Overdue, once per lapse.

    A lapse is named by the latest submitted assessment it follows (0: never assessed), so a new
    assessment ends it and the next lapse is reminded again.
    """

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="overdue_reminders"
    )
    recipient = models.EmailField(_("recipient"))
    since_assessment = models.PositiveBigIntegerField(_("after the assessment"), default=0)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("overdue reminder")
        verbose_name_plural = _("overdue reminders")
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "recipient", "since_assessment"],
                name="one_overdue_reminder_per_lapse",
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.alliance_id} overdue"
