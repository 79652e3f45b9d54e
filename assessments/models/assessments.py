"""Assessments of an alliance, their answers, and the principle scores copied out of each result."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import portfolio_generation, results, scale, scoring
from ..periods import LATEST_FIRST
from .alliances import Alliance
from .criteria import Item, Questionnaire
from .standings import StandingPeriod

DRAFT_EXISTS = _("This person already has a draft assessment of this alliance: finish or delete that one first.")
RESULT_IFF_SUBMITTED = _("A submitted assessment has its stage, result and submission time; a draft has none of them.")

# A bulk write of these changes which result is an alliance's latest, as a save does.
STANDING_FIELDS = frozenset({"status", "submitted_at", "stage", "alliance", "alliance_id"})


class AssessmentQuerySet(models.QuerySet):
    """Bulk writes keep the alliances' standing periods as saves and deletes do (through the signals in apps.py)."""

    def update(self, **kwargs):
        if kwargs.keys().isdisjoint(STANDING_FIELDS):
            return super().update(**kwargs)
        with transaction.atomic():
            before = dict(self.values_list("pk", "alliance_id"))
            updated = super().update(**kwargs)
            after = Assessment.objects.filter(pk__in=before).values_list("alliance_id", flat=True)
            StandingPeriod.objects.rewrite({*before.values(), *after})
            portfolio_generation.bump_generation()  # no signal is sent: the dashboard's figures are stale
            return updated

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic():
            made = super().bulk_create(objs, *args, **kwargs)
            submitted = [a.alliance_id for a in made if a.status == Assessment.Status.SUBMITTED]
            StandingPeriod.objects.rewrite(submitted)
            if submitted:
                portfolio_generation.bump_generation()  # no signal is sent: the dashboard's figures are stale
            return made

    def latest_first(self):
        """Submitted assessments in the one order "latest" means, which the `assessment_latest` index gives unsorted."""
        return self.filter(status=Assessment.Status.SUBMITTED).order_by(*LATEST_FIRST)

    def preceding(self, assessment: "Assessment"):
        """The submitted assessments of the same alliance that came before this one, latest first."""
        at = assessment.submitted_at
        earlier = Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=assessment.pk)
        return self.latest_first().filter(earlier, alliance=assessment.alliance_id)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # One person's answers handed in to a survey round: no result of its own, only the round's combined one.
        RESPONDED = "responded", _("Responded")
        SUBMITTED = "submitted", _("Submitted")

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="assessments"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="assessments"
    )
    # A self-assessment round holds its one assessment; a survey one response per invitee and, once closed,
    # the combined result (no respondent, no invitee) that every page reading submitted assessments reads.
    round = models.ForeignKey("Round", verbose_name=_("round"), on_delete=models.CASCADE, related_name="assessments")
    # Who answered: a user for a self-assessment (and a colleague answering signed in); empty for a survey's
    # combined result and for an invitee answering through a personal link without an account.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    invitee = models.ForeignKey(
        "Respondent",
        verbose_name=_("invitee"),
        on_delete=models.CASCADE,
        related_name="assessments",
        null=True,
        blank=True,
    )
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"), null=True, blank=True)
    # Stored at submission and never recomputed: criteria may change, a past verdict may not.
    stage = models.PositiveSmallIntegerField(verbose_name=_("stage"), null=True, blank=True)
    result = models.JSONField(verbose_name=_("result"), null=True, blank=True)
    # Where the respondent was, so coming back days later opens that page again.
    last_section = models.SlugField(verbose_name=_("last section"), max_length=60, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-submitted_at", "-created_at"]
        # Every "latest" lookup (LATEST_FIRST) reads this index in order, with no sort.
        indexes = [models.Index(fields=["alliance", "status", "-submitted_at", "-id"], name="assessment_latest")]
        constraints = [
            # One open round per alliance, so still one draft per person and alliance at a time; per round,
            # so a draft left out of a closed round does not stop its author in the next one.
            models.UniqueConstraint(
                fields=["round", "respondent"],
                condition=Q(status="draft"),
                name="one_draft_per_round_respondent",
                violation_error_message=DRAFT_EXISTS,
            ),
            models.UniqueConstraint(fields=["invitee"], name="one_response_per_invitee"),
            # A self-assessment's submitted assessment, or a closed survey's combined one: never two.
            models.UniqueConstraint(fields=["round"], condition=Q(status="submitted"), name="one_result_per_round"),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", submitted_at__isnull=True, stage__isnull=True, result__isnull=True)
                    | Q(status="responded", submitted_at__isnull=False, stage__isnull=True, result__isnull=True)
                    | Q(
                        status="submitted", submitted_at__isnull=False, stage__gte=1, stage__lte=3, result__isnull=False
                    )
                ),
                name="assessment_result_iff_submitted",
                violation_error_message=RESULT_IFF_SUBMITTED,
            ),
        ]

    def __str__(self):
        return f"{self.alliance.name}, {self.get_status_display().lower()} {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @cached_property
    def stored_result(self) -> scoring.Result | None:
        """The result stored at submission, read into scoring's dataclasses; None for a draft."""
        return None if self.result is None else results.read(self.result)


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        verbose_name=_("value"),
        null=True,
        blank=True,
        choices=scale.CHOICES,
        help_text=format_lazy(_("Empty means “{label}”."), label=scale.DONT_KNOW_LABEL),
    )
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    # A survey respondent's choice: their comment may appear, unattributed, on the round's result (when
    # their side reaches the privacy minimum). Without it, no one but its author reads it.
    shared = models.BooleanField(verbose_name=_("share this comment anonymously"), default=False)
    # A closed survey's combined assessment only: each side shown to the portfolio, by its combined value of this
    # statement ({"ours": 4, "partner": None}; a side withheld, or not asked the statement, is absent). What the
    # answers export writes for a survey, one row per side; None for a person's answer.
    side_values = models.JSONField(verbose_name=_("values by side"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(
        verbose_name=_("revision"),
        default=0,
        help_text=_("Counts the saves that changed this answer; a save based on an older one is refused."),
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(value__gte=scale.STRONGLY_DISAGREE, value__lte=scale.STRONGLY_AGREE),
                name="answer_value_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.item.code}: {scale.label(self.value)}"


class AssessmentPrincipleScoreQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Written after their result (and its standing period): copied onto the period too."""
        with transaction.atomic(savepoint=False):
            made = super().bulk_create(objs, *args, **kwargs)
            StandingPeriod.objects.score(made)
            return made


class AssessmentPrincipleScore(models.Model):
    """One principle's score in a submitted assessment, copied out of its stored result.

    The dashboard aggregates these in SQL (medians, the heatmap, what holds alliances back)
    instead of opening every result's JSON. Written once at submission, like the result.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="principle_scores"
    )
    principle = models.PositiveSmallIntegerField(
        verbose_name=_("principle"), help_text=_("The principle's number, 1-10.")
    )
    score = models.FloatField(
        verbose_name=_("score"), null=True, blank=True, help_text=_("0-100; empty when no statement was answered.")
    )
    holds_back = models.BooleanField(
        verbose_name=_("holds back"),
        default=False,
        help_text=_("One of the result's gaps to the next stage belongs to this principle."),
    )

    objects = AssessmentPrincipleScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment principle score")
        verbose_name_plural = _("assessment principle scores")
        ordering = ["assessment", "principle"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "principle"], name="one_score_per_assessment_principle"),
            models.CheckConstraint(
                condition=Q(principle__gte=1, principle__lte=10), name="principle_score_principle_1_to_10"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="principle_score_0_to_100"
            ),
        ]

    def __str__(self):
        return f"{self.assessment_id} principle {self.principle}: {self.score}"

    @classmethod
    def from_result(cls, assessment_id: int, result: scoring.Result) -> list["AssessmentPrincipleScore"]:
        """The rows a result holds, unsaved."""
        return [
            cls(assessment_id=assessment_id, principle=s.principle, score=s.score, holds_back=s.holds_back)
            for s in results.principle_standings(result)
        ]
