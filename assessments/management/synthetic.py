"""Synthetic portfolios for the dashboard and admin benchmarks: thousands of alliances, built in bulk.

Each assessment reuses one of a few dozen answer sets scored for real (so stored results
and principle scores are what submission would write) and is inserted with bulk_create (its
standing periods are cut by AssessmentQuerySet.bulk_create); the principle scores, ten per
assessment, go straight into their table (COPY on PostgreSQL).
"""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from .. import demo, roles, scoring
from ..models import Alliance, Answer, Assessment, AssessmentPrincipleScore, Questionnaire, Round, StandingPeriod
from ..quarters import quarter_ends

UNITS = ("Consumer", "Industrial", "Healthcare", "Energy", "Digital")
REGIONS = ("EMEA", "Americas", "APAC", "Nordics")
TYPES = tuple(Alliance.Type.values)
OWNERS = 25
TEMPLATES = 40
BATCH = 250  # alliances written per round: about 17,000 answers
BATCH_WITHOUT_ANSWERS = 2000


class Portfolio:
    """Grows a synthetic portfolio to a given size; every alliance has `per_alliance` quarterly assessments."""

    def __init__(self, *, today: dt.date, per_alliance: int = 10, seed: int = 4):
        self.rng = random.Random(seed)
        self.today = today
        self.per_alliance = per_alliance
        self.questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
        self.items = dict(self.questionnaire.items.values_list("code", "pk"))
        self.ends = quarter_ends(today, per_alliance)
        self.templates = self._templates()
        # Each template's principle scores as their table holds them: (principle, score, holds back).
        self.scores = {
            id(scored): [
                (row.principle, row.score, row.holds_back) for row in AssessmentPrincipleScore.from_result(0, scored)
            ]
            for _, scored, _ in self.templates
        }
        self.owners = self._owners()
        self.size = Alliance.objects.filter(name__startswith="Synthetic ").count()

    def grow_to(
        self,
        size: int,
        progress: Callable[[int], None] = lambda done: None,
        *,
        answers: bool = True,
        latest_only: bool = False,
    ) -> None:
        """Add alliances (with their assessments and, unless `answers` is off, answers) until there are `size`.

        Without answers the portfolio holds only what the dashboard reads (alliances, rounds, submitted
        assessments with their stage, principle scores and standing periods; each stored result is its stage
        alone, which no dashboard figure opens): a tenth of the rows, for portfolios of 100,000. With
        `latest_only`, only each alliance's latest result has its answers and its whole stored result: what the
        dashboard's exports read.
        """
        while self.size < size:
            count = min(BATCH if answers and not latest_only else BATCH_WITHOUT_ANSWERS, size - self.size)
            self._add(count, answers=answers, latest_only=latest_only)
            self.size += count
            progress(self.size)

    def _add(self, count: int, *, answers: bool, latest_only: bool) -> None:
        alliances = Alliance.objects.bulk_create(
            [
                Alliance(
                    name=f"Synthetic {n:05d}",
                    partner=f"Partner {n:05d}",
                    business_unit=UNITS[n % len(UNITS)],
                    alliance_type=TYPES[n % len(TYPES)],
                    region=REGIONS[n // 7 % len(REGIONS)],
                    start_date=self.ends[0] - dt.timedelta(days=300),
                    owner=self.owners[n % len(self.owners)],
                )
                for n in range(self.size, self.size + count)
            ]
        )
        planned = []  # (alliance, submitted at, template, whether it has its answers and whole result)
        for alliance in alliances:
            level = self.rng.randrange(len(self.templates) // 2)
            skip = 3 if self.rng.random() < 0.05 else 0  # some alliances are overdue
            shown = self.ends[: len(self.ends) - skip]
            for n, end in enumerate(shown):
                level = min(max(level + self.rng.choice((-1, 0, 0, 1, 1)), 0), len(self.templates) - 1)
                submitted = dt.datetime.combine(end - dt.timedelta(days=self.rng.randrange(5, 40)), dt.time(9), dt.UTC)
                whole = answers and (not latest_only or n == len(shown) - 1)
                planned.append((alliance, submitted, self.templates[level], whole))
        rounds = Round.objects.bulk_create(
            [
                Round(
                    alliance=alliance,
                    questionnaire=self.questionnaire,
                    kind=Round.Kind.SELF,
                    opened_by_id=alliance.owner_id,
                    opened_at=submitted,
                    closed_at=submitted,
                )
                for alliance, submitted, _, _ in planned
            ]
        )
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    alliance=alliance,
                    round=made,
                    questionnaire=self.questionnaire,
                    respondent_id=alliance.owner_id,
                    status=Assessment.Status.SUBMITTED,
                    submitted_at=submitted,
                    stage=scored.stage,
                    result=stored if whole else {"stage": scored.stage},
                )
                for made, (alliance, submitted, (_, scored, stored), whole) in zip(rounds, planned, strict=True)
            ]
        )
        now = timezone.now()
        _insert(
            Answer,
            ("assessment_id", "item_id", "value", "comment", "shared", "revision", "updated_at"),
            (
                (assessment.pk, self.items[code], value, "", False, 0, now)
                for assessment, (_, _, (given, _, _), whole) in zip(assessments, planned, strict=True)
                if whole
                for code, value in given.items()
            ),
        )
        _insert(
            AssessmentPrincipleScore,
            ("assessment_id", "principle", "score", "holds_back"),
            (
                (assessment.pk, *score)
                for assessment, (_, _, (_, scored, _), _) in zip(assessments, planned, strict=True)
                for score in self.scores[id(scored)]
            ),
        )
        # Written straight into their table, the scores reach the standing periods as the app's writes do.
        StandingPeriod.objects.rewrite(alliance.pk for alliance in alliances)

    def _templates(self) -> list[tuple[dict, scoring.Result, dict]]:
        """Answer sets from opportunistic to value network, each with its real result, and as stored."""
        criteria = self.questionnaire.scoring_criteria()
        leanings = [p.code for p in criteria.patterns if p.stage == 1]
        templates = []
        while len(templates) < TEMPLATES:
            level = len(templates) / TEMPLATES
            answers = demo.demo_answers(criteria, level, self.rng.choice(leanings), self.rng)
            result = scoring.score(criteria, answers)
            if not result.too_thin:
                templates.append((answers, result, result.to_dict()))
        return templates

    def _owners(self) -> list:
        group = Group.objects.get_or_create(name=roles.MANAGERS)[0]
        owners = []
        for n in range(OWNERS):
            owner, _ = get_user_model().objects.get_or_create(
                username=f"synthetic-manager-{n:02d}", defaults={"first_name": "Manager", "last_name": f"{n:02d}"}
            )
            owner.groups.add(group)
            owners.append(owner)
        return owners


def _insert(model, columns: tuple[str, ...], rows) -> None:
    """Rows straight into a model's table, without a model instance each: COPY on PostgreSQL."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)
