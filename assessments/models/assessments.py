"""Assessments of an alliance, their answers, and the principle scores copied out of each result."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import scale, stored_results
from .alliances import Alliance
from .criteria import Item, Questionnaire

DRAFT_EXISTS = _("This person already has a draft assessment of this alliance: finish or delete that one first.")
RESULT_IFF_SUBMITTED = "A submitted assessment has its stage, result and submission time; a draft has none of them."


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Submitted assessments of the alliances a user can see, and the user's own drafts of them."""
        if not user.is_authenticated:
            return self.none()
        alliances = Alliance.objects.visible_to(user)
        return self.filter(alliance__in=alliances).filter(Q(status="submitted") | Q(respondent=user))

    def answerable_by(self, user):
        """Assessments the user may answer: their own, of an alliance they still own (drafts or not)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(respondent=user, alliance__owner=user)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="assessments"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="assessments"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="assessments"
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
        indexes = [models.Index(fields=["alliance", "status", "-submitted_at"], name="assessment_latest")]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "respondent"],
                condition=Q(status="draft"),
                name="one_draft_per_alliance_respondent",
                violation_error_message=DRAFT_EXISTS,
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", submitted_at__isnull=True, stage__isnull=True, result__isnull=True)
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
    def from_result(cls, assessment_id: int, result: dict) -> list["AssessmentPrincipleScore"]:
        """The rows a stored result holds, unsaved."""
        return [
            cls(assessment_id=assessment_id, principle=s.principle, score=s.score, holds_back=s.holds_back)
            for s in stored_results.principle_standings(result)
        ]
