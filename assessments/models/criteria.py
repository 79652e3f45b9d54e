"""The criteria: stages, patterns, principles and their commitments, and the questionnaire versions."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import scoring
from ..criteria_generation import bump_generation
from ..refusals import FrozenVersion
from ..stage_labels import stage_label

# What a person reads when a form (ours or the admin's) breaks a constraint: Django's default names the constraint.
STAGE_NUMBER_OFF = _("A stage number is 1, 2 or 3.")
PRINCIPLE_NUMBER_OFF = _("A principle number is 1 to 10.")
WEIGHT_NOT_POSITIVE = _("The weight must be greater than 0.")
ITEM_EVIDENCE_FOR_NOTHING = _("Choose the pattern or the principle this statement is evidence for.")
COMMITMENT_NEEDS_PRINCIPLE = _("A commitment belongs to a principle: choose the principle too.")


class SectionTitlesQuerySet(models.QuerySet):
    """Stages, patterns and principles title the questionnaire's sections: bulk writes mark the cached ones stale.

    A save or a delete does the same through the signals connected in apps.py.
    """

    def update(self, **kwargs):
        bump_generation()
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        bump_generation()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        bump_generation()
        return super().bulk_update(objs, *args, **kwargs)


class Stage(models.Model):
    number = models.PositiveSmallIntegerField(verbose_name=_("number"), unique=True)
    name = models.CharField(verbose_name=_("name"), max_length=100)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    symptomatic = models.BooleanField(
        verbose_name=_("symptomatic"),
        default=False,
        help_text=_("Agreeing with this stage's statements is evidence of an opportunistic alliance."),
    )
    summary = models.TextField(verbose_name=_("summary"), blank=True)
    overview = models.JSONField(
        verbose_name=_("overview"), default=list, blank=True, help_text=_("The stage's overview points, one per entry.")
    )

    objects = SectionTitlesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3),
                name="stage_number_1_to_3",
                violation_error_message=STAGE_NUMBER_OFF,
            )
        ]

    def __str__(self):
        return f"{stage_label(self.number)}: {self.name}"

    @property
    def roman(self) -> str:
        return scoring.ROMAN_NUMERALS[self.number]


class Pattern(models.Model):
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="patterns")
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    name = models.CharField(verbose_name=_("name"), max_length=200)
    short_name = models.CharField(verbose_name=_("short name"), max_length=60)
    description = models.JSONField(
        verbose_name=_("description"), default=list, blank=True, help_text=_("The pattern's points, one per entry.")
    )
    # Respondents never read a pattern's name: it would tell them which way to answer.
    topic = models.CharField(
        verbose_name=_("topic"),
        max_length=100,
        blank=True,
        help_text=_(
            "What its statements ask about, in words that name no stage or pattern (e.g. “How the alliance "
            "is run”): the title of its questionnaire pages when the statements carry no section of their own."
        ),
    )

    objects = SectionTitlesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pattern")
        verbose_name_plural = _("patterns")
        ordering = ["stage__number", "number"]
        constraints = [models.UniqueConstraint(fields=["stage", "number"], name="pattern_number_unique_in_stage")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return scoring.pattern_code(self.stage.number, self.number)


class Principle(models.Model):
    number = models.PositiveSmallIntegerField(verbose_name=_("number"), unique=True)
    name = models.CharField(verbose_name=_("name"), max_length=200)
    statement = models.TextField(verbose_name=_("statement"), blank=True)

    objects = SectionTitlesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=10),
                name="principle_number_1_to_10",
                violation_error_message=PRINCIPLE_NUMBER_OFF,
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Commitment(models.Model):
    principle = models.ForeignKey(
        Principle, verbose_name=_("principle"), on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    text = models.TextField(verbose_name=_("text"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["principle__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "number"], name="commitment_number_unique_in_principle")
        ]

    def __str__(self):
        return f"{self.principle.number}.{self.number} {self.text}"


THRESHOLD_FIELDS = ("stage_two_threshold", "stage_three_threshold", "symptom_ceiling", "min_coverage")
# What makes a version the version a result was scored against. Title and status may still change.
FROZEN_QUESTIONNAIRE_FIELDS = ("version", "rules", *THRESHOLD_FIELDS)
FROZEN_VERSION = _(
    "This questionnaire version is in use by an assessment, so its items, version number and thresholds "
    "cannot change. Make a new draft from it instead."
)


class QuestionnaireQuerySet(models.QuerySet):
    def in_use(self):
        """Versions some assessment (draft or submitted) was begun on: frozen from then on."""
        from .assessments import Assessment

        return self.filter(Exists(Assessment.objects.filter(questionnaire=OuterRef("pk"))))

    def update(self, **kwargs):
        if kwargs.keys().isdisjoint(FROZEN_QUESTIONNAIRE_FIELDS):
            return super().update(**kwargs)
        with while_unused(set(self.values_list("pk", flat=True))):
            return super().update(**kwargs)


def threshold_field(verbose_name, default: float, help_text) -> models.DecimalField:
    """One of a version's scoring thresholds: a figure from 0 to 100, to one decimal."""
    return models.DecimalField(
        verbose_name=verbose_name,
        max_digits=4,
        decimal_places=1,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=help_text,
    )


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    version = models.PositiveIntegerField(verbose_name=_("version"), unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(verbose_name=_("published at"), null=True, blank=True)
    rules = models.PositiveSmallIntegerField(
        verbose_name=_("scoring rules"),
        choices=[(1, _("version 1")), (2, _("version 2"))],
        default=1,
        help_text=_("Which scoring rules place an alliance: version 2 judges each pattern on its own."),
    )
    # The scoring thresholds travel with the version, so a result can always say what it was held to.
    stage_two_threshold = threshold_field(
        _("stage two threshold"),
        scoring.DEFAULT_THRESHOLDS.stage_two,
        _("Stage II evidence (0-100) an alliance needs to count as Strategic."),
    )
    stage_three_threshold = threshold_field(
        _("stage three threshold"),
        scoring.DEFAULT_THRESHOLDS.stage_three,
        _("Stage III evidence (0-100) needed, on top of Stage II, for a Value Network."),
    )
    symptom_ceiling = threshold_field(
        _("symptom ceiling"),
        scoring.DEFAULT_THRESHOLDS.symptom_ceiling,
        _("Stage I symptom evidence at or above this keeps an alliance at Stage I."),
    )
    min_coverage = threshold_field(
        _("min coverage"),
        scoring.DEFAULT_THRESHOLDS.min_coverage,
        _("Percent of a stage's statements that need a real answer before its evidence counts."),
    )

    objects = QuestionnaireQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="published"), name="one_published_questionnaire"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "retired"]), name="questionnaire_status_valid"
            ),
            *(
                models.CheckConstraint(condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 100}), name=f"{name}_0_to_100")
                for name in THRESHOLD_FIELDS
            ),
            models.CheckConstraint(condition=Q(rules__in=[1, 2]), name="questionnaire_rules_1_or_2"),
        ]

    def __str__(self):
        return f"v{self.version} {self.title} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        if not (self.pk and self._frozen_fields_changed()):
            return super().save(*args, **kwargs)
        with while_unused({self.pk}):
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Assessment.questionnaire is PROTECT already; saying why is kinder than a ProtectedError.
        with while_unused({self.pk}):
            return super().delete(*args, **kwargs)

    def is_in_use(self) -> bool:
        return self.pk is not None and self.assessments.exists()

    def _frozen_fields_changed(self) -> bool:
        stored = type(self).objects.filter(pk=self.pk).values(*FROZEN_QUESTIONNAIRE_FIELDS).first()
        return stored is not None and any(stored[f] != getattr(self, f) for f in FROZEN_QUESTIONNAIRE_FIELDS)

    @property
    def thresholds(self) -> scoring.Thresholds:
        return scoring.Thresholds(
            stage_two=float(self.stage_two_threshold),
            stage_three=float(self.stage_three_threshold),
            symptom_ceiling=float(self.symptom_ceiling),
            min_coverage=float(self.min_coverage),
        )

    def scoring_criteria(self) -> scoring.Criteria:
        """This version as the plain data the scoring service reads (four queries)."""
        items = self.items.select_related("pattern__stage", "principle", "commitment")
        return scoring.Criteria(
            stages=tuple(scoring.Stage(s.number, s.name, s.symptomatic) for s in Stage.objects.all()),
            patterns=tuple(
                scoring.Pattern(p.code, p.stage.number, p.name, p.short_name)
                for p in Pattern.objects.select_related("stage")
            ),
            principles=tuple(
                scoring.Principle(p.number, p.name, tuple(c.text for c in p.commitments.all()))
                for p in Principle.objects.prefetch_related("commitments")
            ),
            items=tuple(
                scoring.Item(
                    code=i.code,
                    statement=i.statement,
                    pattern=i.pattern.code if i.pattern else None,
                    principle=i.principle.number if i.principle else None,
                    commitment=i.commitment.number if i.commitment else None,
                    weight=float(i.weight),
                    contradicts=tuple(i.contradicts),
                    ours_only=i.audience == Audience.OURS,
                )
                for i in items
            ),
            thresholds=self.thresholds,
            rules=self.rules,
        )


COMMITMENT_OF_ANOTHER_PRINCIPLE = _("This commitment belongs to another principle; pick one of the item's principle.")


class ItemQuerySet(models.QuerySet):
    """Bulk writes refuse items of a version in use, as Item.save and Item.delete do."""

    def update(self, **kwargs):
        with while_unused(self._versions()):
            return super().update(**kwargs)

    def delete(self):
        with while_unused(self._versions()):
            return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with while_unused({obj.questionnaire_id for obj in objs}):
            return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        with while_unused({obj.questionnaire_id for obj in objs}):
            return super().bulk_update(objs, *args, **kwargs)

    def _versions(self) -> set[int]:
        return set(self.order_by().values_list("questionnaire_id", flat=True).distinct())


@contextmanager
def while_unused(questionnaire_ids: set):
    """Change these questionnaire versions only if no assessment uses them, with their rows locked.

    Starting an assessment locks its version's row too (answering.start_assessment), so on
    PostgreSQL an edit and a start wait for each other rather than race: either the edit
    commits first and the assessment uses the edited version, or the start does and the edit is
    refused. SQLite lets one transaction write at a time, and fails the later one instead.
    """
    from .assessments import Assessment

    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().filter(pk__in=questionnaire_ids).order_by("pk")
        list(locked.values_list("pk", flat=True))
        if Assessment.objects.filter(questionnaire_id__in=questionnaire_ids).exists():
            raise FrozenVersion(FROZEN_VERSION)
        # A version whose assessments were all deleted may change: its cached sections go stale.
        bump_generation()
        yield


class Audience(models.TextChoices):
    """Who a statement is asked of in a survey round."""

    BOTH = "both", _("both sides")
    OURS = "ours", _("our side only")


class Item(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(verbose_name=_("code"), max_length=20)
    statement = models.TextField(verbose_name=_("statement"))
    help_text = models.TextField(verbose_name=_("help text"), blank=True)
    weight = models.DecimalField(verbose_name=_("weight"), max_digits=4, decimal_places=2, default=1)
    order = models.PositiveIntegerField(verbose_name=_("order"), default=0)
    pattern = models.ForeignKey(
        Pattern, verbose_name=_("pattern"), on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    principle = models.ForeignKey(
        Principle, verbose_name=_("principle"), on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        help_text=_("The principle's commitment this statement is about, if one."),
    )
    audience = models.CharField(
        verbose_name=_("asked of"),
        max_length=10,
        choices=Audience,
        default=Audience.BOTH,
        help_text=_(
            "Statements about our company's own alliance programme, which the partner's people cannot know,"
            " are asked of our side only."
        ),
    )

    section = models.CharField(
        verbose_name=_("section"),
        max_length=100,
        blank=True,
        help_text=_(
            "The title of the questionnaire page it is asked on, naming no stage or pattern. Items with the "
            "same section, one after another in order, make one page."
        ),
    )
    contradicts = models.JSONField(
        verbose_name=_("contradicts"),
        default=list,
        blank=True,
        help_text=_(
            "For a warning sign: the codes of the practices (in this version) it contradicts. Agreeing with "
            "both makes the answers unreliable to read (scoring rules version 2)."
        ),
    )

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["questionnaire", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="item_code_unique_in_questionnaire"),
            models.CheckConstraint(
                condition=Q(pattern__isnull=False) | Q(principle__isnull=False),
                name="item_has_pattern_or_principle",
                violation_error_message=ITEM_EVIDENCE_FOR_NOTHING,
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="item_weight_positive", violation_error_message=WEIGHT_NOT_POSITIVE
            ),
            models.CheckConstraint(
                condition=Q(commitment__isnull=True) | Q(principle__isnull=False),
                name="item_commitment_needs_principle",
                violation_error_message=COMMITMENT_NEEDS_PRINCIPLE,
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.statement[:60]}"

    def save(self, *args, **kwargs):
        with while_unused({self.questionnaire_id}):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with while_unused({self.questionnaire_id}):
            return super().delete(*args, **kwargs)

    def clean(self):
        if self.commitment_id and self.principle_id and self.commitment.principle_id != self.principle_id:
            raise ValidationError({"commitment": COMMITMENT_OF_ANOTHER_PRINCIPLE})
