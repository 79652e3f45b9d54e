"""The criteria (stages, patterns, principles, questionnaires) and what managers record."""

import datetime as dt
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import quarters, roles, scale, scoring, sections, spellings, stored_results

# What a person reads when a form (ours or the admin's) breaks a constraint: Django's default names the constraint.
STAGE_NUMBER_OFF = "A stage number is 1, 2 or 3."
PRINCIPLE_NUMBER_OFF = "A principle number is 1 to 10."
WEIGHT_NOT_POSITIVE = "The weight must be greater than 0."
ITEM_EVIDENCE_FOR_NOTHING = "Choose the pattern or the principle this statement is evidence for."
COMMITMENT_NEEDS_PRINCIPLE = "A commitment belongs to a principle: choose the principle too."
ALLIANCE_EXISTS = "An alliance with this name and partner organisation already exists (whatever the capitals)."
DRAFT_EXISTS = "This person already has a draft assessment of this alliance: finish or delete that one first."
RESULT_IFF_SUBMITTED = "A submitted assessment has its stage, result and submission time; a draft has none of them."


class Stage(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    symptomatic = models.BooleanField(
        default=False, help_text="Agreeing with this stage's statements is evidence of an opportunistic alliance."
    )
    summary = models.TextField(blank=True)
    overview = models.JSONField(default=list, blank=True, help_text="The stage's overview points, one per entry.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3),
                name="stage_number_1_to_3",
                violation_error_message=STAGE_NUMBER_OFF,
            )
        ]

    def __str__(self):
        return f"Stage {self.roman}: {self.name}"

    @property
    def roman(self) -> str:
        return scoring.ROMAN_NUMERALS[self.number]


class Pattern(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="patterns")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    description = models.JSONField(default=list, blank=True, help_text="The pattern's points, one per entry.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage__number", "number"]
        constraints = [models.UniqueConstraint(fields=["stage", "number"], name="pattern_number_unique_in_stage")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return f"S{self.stage.number}-P{self.number}"


class Principle(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    statement = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
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
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["principle__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "number"], name="commitment_number_unique_in_principle")
        ]

    def __str__(self):
        return f"{self.principle.number}.{self.number} {self.text}"


THRESHOLD_FIELDS = ("stage_two_threshold", "stage_three_threshold", "symptom_ceiling", "min_coverage")
# What makes a version the version a result was scored against. Title and status may still change.
FROZEN_QUESTIONNAIRE_FIELDS = ("version", *THRESHOLD_FIELDS)
FROZEN_VERSION = (
    "This questionnaire version is in use by an assessment, so its items, version number and thresholds "
    "cannot change. Make a new draft from it instead."
)


class FrozenVersion(Exception):
    """A change to a questionnaire version that an assessment already uses."""

    def __init__(self):
        super().__init__(FROZEN_VERSION)


class QuestionnaireQuerySet(models.QuerySet):
    def in_use(self):
        """Versions some assessment (draft or submitted) was begun on: frozen from then on."""
        return self.filter(Exists(Assessment.objects.filter(questionnaire=OuterRef("pk"))))

    def update(self, **kwargs):
        if kwargs.keys().isdisjoint(FROZEN_QUESTIONNAIRE_FIELDS):
            return super().update(**kwargs)
        with while_unused(set(self.values_list("pk", flat=True))):
            return super().update(**kwargs)


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The scoring thresholds travel with the version, so a result can always say what it was held to.
    stage_two_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Stage II evidence (0-100) an alliance needs to count as Strategic.",
    )
    stage_three_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Stage III evidence (0-100) needed, on top of Stage II, for a Value Network.",
    )
    symptom_ceiling = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Stage I symptom evidence at or above this keeps an alliance at Stage I.",
    )
    min_coverage = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent of a stage's statements that need a real answer before its evidence counts.",
    )

    objects = QuestionnaireQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
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
                )
                for i in items
            ),
            thresholds=self.thresholds,
        )

    def sectioned_items(self) -> "SectionedItems":
        """This version's items (one query) and the sections a manager answers them in."""
        # Ordered on the item's own columns: the default ordering would join the questionnaire.
        items = list(self.items.select_related("pattern__stage", "principle").order_by("order", "code"))
        return SectionedItems(items)


COMMITMENT_OF_ANOTHER_PRINCIPLE = "This commitment belongs to another principle; pick one of the item's principle."


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

    Starting an assessment locks its version's row too (services.start_assessment), so on
    PostgreSQL an edit and a start wait for each other rather than race: either the edit
    commits first and the assessment uses the edited version, or the start does and the edit is
    refused. SQLite lets one transaction write at a time, and fails the later one instead.
    """
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().filter(pk__in=questionnaire_ids).order_by("pk")
        list(locked.values_list("pk", flat=True))
        if Assessment.objects.filter(questionnaire_id__in=questionnaire_ids).exists():
            raise FrozenVersion
        yield


class Item(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=20)
    statement = models.TextField()
    help_text = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    order = models.PositiveIntegerField(default=0)
    pattern = models.ForeignKey(Pattern, on_delete=models.PROTECT, null=True, blank=True, related_name="items")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, null=True, blank=True, related_name="items")
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        help_text="The principle's commitment this statement is about, if one.",
    )

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
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

    def as_statement(self) -> sections.Statement:
        """What sectioning reads (needs pattern__stage and principle selected)."""
        if self.pattern:
            return sections.Statement(self.code, self.pattern.short_name, self.pattern.stage.number, self.pattern.code)
        return sections.Statement(self.code, self.principle.name, principle=self.principle.number)


class SectionedItems:
    """A questionnaire's items cut into sections (see sections.py), with lookups by code and slug."""

    def __init__(self, items: list["Item"]):
        self.items = {item.code: item for item in items}
        self.sections = sections.plan_sections(item.as_statement() for item in items)
        self._by_slug = {section.slug: section for section in self.sections}

    def __iter__(self):
        return iter(self.sections)

    def get(self, slug: str) -> sections.Section | None:
        return self._by_slug.get(slug)

    def first(self) -> sections.Section | None:
        return self.sections[0] if self.sections else None

    def neighbours(self, section: sections.Section) -> tuple[sections.Section | None, sections.Section | None]:
        index = self.sections.index(section)
        previous = self.sections[index - 1] if index > 0 else None
        following = self.sections[index + 1] if index + 1 < len(self.sections) else None
        return previous, following

    def items_of(self, section: sections.Section) -> list["Item"]:
        return [self.items[code] for code in section.codes]

    def section_of(self, code: str) -> sections.Section:
        return next(section for section in self.sections if code in section.codes)

    def stage_of(self) -> dict[str, int]:
        """Item code to stage number, for the pattern items."""
        return {code: item.pattern.stage.number for code, item in self.items.items() if item.pattern}


_FROZEN_SECTIONS: dict[tuple, SectionedItems] = {}
FROZEN_SECTIONS_KEPT = 16


def _criteria_changed_at() -> tuple:
    """When a stage, a pattern and a principle last changed, in any process (one query over their history).

    Items of a version in use never change, but the names that title its sections can.
    """

    def latest(model):
        return Subquery(model.history.order_by("-history_date").values("history_date")[:1])

    stamps = Stage.objects.order_by().values_list(latest(Stage), latest(Pattern), latest(Principle))[:1]
    return tuple(stamps[0]) if stamps else ()


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
        SUPPLY = "supply", "Supply"
        OUTSOURCING = "outsourcing", "Outsourcing"
        RND = "rnd", "R&D"
        LOGISTICS = "logistics", "Logistics"
        MARKETING = "marketing", "Marketing"
        SALES = "sales", "Sales"
        SERVICE = "service", "Service"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    partner = models.CharField("partner organisation", max_length=200)
    business_unit = models.CharField(max_length=100)
    alliance_type = models.CharField(max_length=20, choices=Type.choices)
    region = models.CharField(max_length=100)
    start_date = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="alliances",
        help_text="The alliance manager responsible.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AllianceQuerySet.as_manager()

    class Meta:
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
        first = self.assessments.filter(status=Assessment.Status.SUBMITTED).aggregate(first=Min("submitted_at"))
        return timezone.localdate(first["first"]) if first["first"] else None

    def editable_by(self, user) -> bool:
        """Only the manager who owns an alliance changes or assesses it; executives and admins read it."""
        return self.owner_id == user.pk and roles.is_manager(user)


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
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="assessments")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Stored at submission and never recomputed: criteria may change, a past verdict may not.
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    # Where the respondent was, so coming back days later opens that page again.
    last_section = models.SlugField(max_length=60, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
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

    def sectioned_items(self) -> "SectionedItems":
        """The sections of this assessment's questionnaire version.

        A version with an assessment is frozen (FrozenVersion), so its sections are kept per
        process: the pages a manager opens again and again skip the items query and the cut.
        A change to the names that title sections, made by any process, makes a new key.
        """
        # created_at is in the key so that a version recreated under a reused id is not mistaken.
        key = (self.questionnaire_id, self.questionnaire.created_at, *_criteria_changed_at())
        if key not in _FROZEN_SECTIONS:
            if len(_FROZEN_SECTIONS) >= FROZEN_SECTIONS_KEPT:
                _FROZEN_SECTIONS.clear()
            _FROZEN_SECTIONS[key] = self.questionnaire.sectioned_items()
        return _FROZEN_SECTIONS[key]


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=scale.CHOICES, help_text=f"Empty means “{scale.DONT_KNOW_LABEL}”."
    )
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="principle_scores")
    principle = models.PositiveSmallIntegerField(help_text="The principle's number, 1-10.")
    score = models.FloatField(null=True, blank=True, help_text="0-100; empty when no statement was answered.")
    holds_back = models.BooleanField(
        default=False, help_text="One of the result's gaps to the next stage belongs to this principle."
    )

    class Meta:
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
