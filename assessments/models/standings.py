"""Each alliance's standing as periods: which of its results was its latest when, the stage before it, and the
result's principle scores (the dashboard's principle figures read them here, with no search for the latest).

Written in the transaction that changes them, by every path: a submission, a round's combined result, a
result deleted (with its round, say), a bulk write of assessments (their QuerySet's `update` and
`bulk_create`); an alliance deleted takes its periods with it. Where an alliance stands at a moment
(`Alliance.objects.with_standing`) and the dashboard's history read these rows, one lookup per alliance
and moment instead of a search through its results. The cut itself is pure: periods.py.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import periods, portfolio_generation
from .alliances import Alliance


def held_at(cutoff: dt.datetime | None, prefix: str = "") -> Q:
    """The periods holding at a moment: each alliance's latest of the results submitted before `cutoff` (of all
    of them when None). `prefix` reaches the periods through a relation (`standing_periods__`)."""
    current = Q(**{f"{prefix}valid_to__isnull": True})
    if cutoff is None:
        return current
    return Q(**{f"{prefix}valid_from__lt": cutoff}) & (current | Q(**{f"{prefix}valid_to__gte": cutoff}))


# What the stage history reads of a period, as `periods.Span` has it after the result's id.
SPAN_FIELDS = ("assessment_id", "stage", "valid_from", "valid_to")


class StandingPeriodQuerySet(models.QuerySet):
    def holding_at(self, cutoff: dt.datetime | None):
        """The period of each alliance that holds at the moment (none for an alliance not assessed by then)."""
        return self.filter(held_at(cutoff))

    def rewrite(self, alliance_ids: Iterable[int]) -> None:
        """Cut these alliances' submitted results into periods again, in place of the ones written before, and
        say from when on they changed (`portfolio_generation.standing_changed`)."""
        from .assessments import Assessment, AssessmentPrincipleScore

        ids = sorted(set(alliance_ids))
        if not ids:
            return
        with transaction.atomic(savepoint=False):
            # One writer of an alliance at a time: the next reads the results the one before committed.
            list(Alliance.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
            written = StandingPeriod.objects.filter(alliance_id__in=ids)
            before = {pk: tuple(span) for pk, *span in written.values_list(*SPAN_FIELDS)}
            written.delete()
            results = (
                Assessment.objects.filter(alliance_id__in=ids)
                .latest_first()
                .values_list("pk", "alliance_id", "stage", "submitted_at")
            )
            scores = defaultdict(list)
            for assessment_id, *score in AssessmentPrincipleScore.objects.filter(
                assessment__alliance_id__in=ids, assessment__status=Assessment.Status.SUBMITTED
            ).values_list("assessment_id", "principle", "score", "holds_back"):
                scores[assessment_id].append(score)
            cut = list(periods.cut(results))
            StandingPeriod.objects.bulk_create(
                StandingPeriod(**vars(period), **periods.score_fields(scores[period.assessment_id])) for period in cut
            )
            after = {period.assessment_id: (period.stage, period.valid_from, period.valid_to) for period in cut}
            portfolio_generation.standing_changed(periods.earliest_change(before, after))

    def score(self, principle_scores: Iterable) -> None:
        """Copy results' principle scores (`AssessmentPrincipleScore` rows, written after the result) onto their
        periods, one statement per result."""
        by_result = defaultdict(list)
        for row in principle_scores:
            by_result[row.assessment_id].append((row.principle, row.score, row.holds_back))
        for assessment_id, scores in by_result.items():
            StandingPeriod.objects.filter(assessment_id=assessment_id).update(**periods.score_fields(scores))


class StandingPeriod(models.Model):
    """While one result was its alliance's latest: from its submission until the next one's (open while it is)."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="standing_periods"
    )
    assessment = models.OneToOneField(
        "Assessment", verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="standing_period"
    )
    stage = models.PositiveSmallIntegerField(verbose_name=_("stage"))
    stage_before = models.PositiveSmallIntegerField(verbose_name=_("stage before"), null=True, blank=True)
    valid_from = models.DateTimeField(verbose_name=_("valid from"))
    valid_to = models.DateTimeField(verbose_name=_("valid to"), null=True, blank=True)
    # The result's principle scores (0-100, empty when no statement was answered), as AssessmentPrincipleScore has
    # them, and which principles hold it back (bit n - 1 for principle n).
    score_1 = models.FloatField(verbose_name=_("principle 1 score"), null=True, blank=True)
    score_2 = models.FloatField(verbose_name=_("principle 2 score"), null=True, blank=True)
    score_3 = models.FloatField(verbose_name=_("principle 3 score"), null=True, blank=True)
    score_4 = models.FloatField(verbose_name=_("principle 4 score"), null=True, blank=True)
    score_5 = models.FloatField(verbose_name=_("principle 5 score"), null=True, blank=True)
    score_6 = models.FloatField(verbose_name=_("principle 6 score"), null=True, blank=True)
    score_7 = models.FloatField(verbose_name=_("principle 7 score"), null=True, blank=True)
    score_8 = models.FloatField(verbose_name=_("principle 8 score"), null=True, blank=True)
    score_9 = models.FloatField(verbose_name=_("principle 9 score"), null=True, blank=True)
    score_10 = models.FloatField(verbose_name=_("principle 10 score"), null=True, blank=True)
    holding_back = models.PositiveSmallIntegerField(verbose_name=_("principles holding back"), default=0)
    # The mean of the known scores, as periods.mean_score adds them up (empty when none is known): the dashboard's
    # weakest alliances are the first current periods in the order of the index below, with no sort of them all.
    mean_score = models.FloatField(verbose_name=_("mean principle score"), null=True, blank=True)

    objects = StandingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("standing period")
        verbose_name_plural = _("standing periods")
        ordering = ["alliance_id", "valid_from", "assessment_id"]
        indexes = [
            models.Index(fields=["alliance", "valid_from", "valid_to"], name="standing_period_as_of"),
            # The first submission in a portfolio (the dashboard's first quarter to look back to), found walking it.
            models.Index(fields=["valid_from"], name="standing_period_first"),
            models.Index(
                fields=["mean_score", "assessment"],
                condition=Q(valid_to__isnull=True, mean_score__isnull=False),
                name="standing_period_weakest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"], condition=Q(valid_to__isnull=True), name="one_current_standing_per_alliance"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="standing_period_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.alliance_id}: stage {self.stage} from {self.valid_from:%Y-%m-%d %H:%M}"


def assessment_saved(instance, created: bool, **kwargs) -> None:
    """A result saved (or no longer one): its alliance's periods again, and those of the alliance it left."""
    from .assessments import Assessment

    submitted = instance.status == Assessment.Status.SUBMITTED
    # A new row has no period yet; a saved one may have had one, under this alliance or another.
    left = (
        []
        if created
        else StandingPeriod.objects.filter(assessment_id=instance.pk).values_list("alliance_id", flat=True)
    )
    StandingPeriod.objects.rewrite({*left, *([instance.alliance_id] if submitted else [])})


def assessment_deleted(instance, origin=None, **kwargs) -> None:
    """A result deleted: its alliance's periods again, unless the alliance goes too (its periods go with it)."""
    from .assessments import Assessment

    alliance_going = isinstance(origin, Alliance) or getattr(origin, "model", None) is Alliance
    if instance.status == Assessment.Status.SUBMITTED and not alliance_going:
        # Its own period went with it (deleted before this signal): what held from its submission on changed.
        portfolio_generation.standing_changed(instance.submitted_at)
        StandingPeriod.objects.rewrite([instance.alliance_id])
