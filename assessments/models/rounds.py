"""Rounds: each measurement of an alliance, and the people invited to answer in one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..combining import PRIVACY_MINIMUM
from .alliances import Alliance
from .criteria import Questionnaire

ONE_OPEN_ROUND = _("This alliance already has an open round: close it first.")
SURVEY_NEEDS_DEADLINE = _("A survey has a deadline; a self-assessment has none.")
PRIVACY_MINIMUM_TOO_LOW = _("A side's figures are shown from 3 respondents at the least.")
ONE_INVITATION_PER_ADDRESS = _("This address is already invited to this round.")
PERSON_KEY_REQUIRED = _("Every respondent has a person key.")
PERSON_KEY_SALT = "assessments.respondent.person_key"


def person_key(*, user_id: int | None, email: str) -> str:
    """Who a respondent is, across rounds, without saying it: a keyed hash (SECRET_KEY) of their account when
    they have one, else of their address in any capitals; it outlives the address and the person's erasure, so
    a later round can tell who joined or left a side since an earlier one (closing.py)."""
    return address_key(email) if user_id is None else _keyed(f"user:{user_id}")


def address_key(email: str) -> str:
    """A respondent's address as a keyed hash, in any capitals (their person key too when they have no account):
    kept beside the person key, so someone invited by address in one round and with an account in another is
    still one person; blank for no address."""
    return _keyed(f"email:{email.strip().casefold()}") if email.strip() else ""


def _keyed(person: str) -> str:
    return salted_hmac(PERSON_KEY_SALT, person, algorithm="sha256").hexdigest()


class Side(models.TextChoices):
    """The two sides of an alliance a survey asks."""

    OURS = "ours", _("our side")
    PARTNER = "partner", _("partner side")


class RoundQuerySet(models.QuerySet):
    def open(self):
        """Rounds not closed yet: at most one per alliance (`one_open_round_per_alliance`)."""
        return self.filter(closed_at__isnull=True)

    def create_self(self, *, alliance, questionnaire, opened_by, opened_at, closed_at=None) -> "Round":
        """A self-assessment round: the owner alone, no deadline; closed at once for an assessment submitted already."""
        return self.create(
            alliance=alliance,
            questionnaire=questionnaire,
            kind=Round.Kind.SELF,
            opened_by=opened_by,
            opened_at=opened_at,
            closed_at=closed_at,
        )


class Round(models.Model):
    """One measurement of an alliance, pinned to one questionnaire version.

    A self-assessment is the owner's one attributed assessment; a survey asks invited people on
    both sides, and its result (codes and figures, `combining.RoundResult`) is stored when it closes.
    """

    class Kind(models.TextChoices):
        SELF = "self", _("self-assessment")
        SURVEY = "survey", _("survey")

    alliance = models.ForeignKey(Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="rounds")
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"))
    deadline = models.DateTimeField(verbose_name=_("deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True)
    privacy_minimum = models.PositiveSmallIntegerField(
        verbose_name=_("privacy minimum"),
        default=PRIVACY_MINIMUM,
        help_text=_("A side's figures are shown only when at least this many others on it responded."),
    )
    # A closed survey's combined result: codes and figures, never a person's answers. Empty for a self-assessment
    # (its assessment holds the result) and for a survey where no side reached the privacy minimum.
    result = models.JSONField(verbose_name=_("result"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(closed_at__isnull=True),
                name="one_open_round_per_alliance",
                violation_error_message=ONE_OPEN_ROUND,
            ),
            models.CheckConstraint(
                condition=Q(kind="self", deadline__isnull=True) | Q(kind="survey", deadline__isnull=False),
                name="round_deadline_iff_survey",
                violation_error_message=SURVEY_NEEDS_DEADLINE,
            ),
            models.CheckConstraint(
                condition=Q(privacy_minimum__gte=PRIVACY_MINIMUM),
                name="round_privacy_minimum_at_least_3",
                violation_error_message=PRIVACY_MINIMUM_TOO_LOW,
            ),
        ]

    def __str__(self):
        return f"{self.alliance.name}, {self.get_kind_display()} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_survey(self) -> bool:
        return self.kind == self.Kind.SURVEY


class Respondent(models.Model):
    """A person invited to answer in a survey round: with or without an account, on one side."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="respondents")
    name = models.CharField(verbose_name=_("name"), max_length=200)
    # Blank once erased: the combined result stays, the address goes.
    email = models.EmailField(verbose_name=_("e-mail address"), blank=True)
    side = models.CharField(verbose_name=_("side"), max_length=10, choices=Side.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    invited_at = models.DateTimeField(verbose_name=_("invited at"))
    opened_at = models.DateTimeField(verbose_name=_("first opened at"), null=True, blank=True)
    revoked_at = models.DateTimeField(verbose_name=_("link revoked at"), null=True, blank=True)
    last_reminded_on = models.DateField(verbose_name=_("last reminded on"), null=True, blank=True)
    erased_at = models.DateTimeField(verbose_name=_("address erased at"), null=True, blank=True)
    # Kept after the address and the person are erased: the rule across rounds compares sides by it (closing.py).
    person_key = models.CharField(verbose_name=_("person key"), max_length=64, editable=False)
    address_key = models.CharField(verbose_name=_("address key"), max_length=64, blank=True, editable=False)
    # Set when the round closes: this person's answers were handed in, the link not revoked, so they counted.
    answers_counted = models.BooleanField(verbose_name=_("answers counted"), default=False, editable=False)
    # The latest invitation or reminder mail, as the task queue follows it: whether it could be delivered.
    mail_job = models.ForeignKey(
        "jobs.Job", verbose_name=_("latest mail"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["round", "side", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "email"],
                condition=~Q(email=""),
                name="one_invitation_per_address_in_round",
                violation_error_message=ONE_INVITATION_PER_ADDRESS,
            ),
            models.CheckConstraint(
                condition=~Q(person_key=""),
                name="respondent_has_person_key",
                violation_error_message=PERSON_KEY_REQUIRED,
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_side_display()})"

    def save(self, *args, **kwargs):
        if not self.person_key:
            self.person_key = person_key(user_id=self.user_id, email=self.email)
            self.address_key = address_key(self.email)
        super().save(*args, **kwargs)
