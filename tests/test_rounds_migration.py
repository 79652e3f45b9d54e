"""Migration 0016 makes every stored assessment a self-assessment round, and no page reads differently for it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from assessments.models import Alliance, Assessment, Questionnaire, Round

from .answering import answers_by_stage, record_answers
from .factories import AllianceFactory, AssessmentFactory, ManagerFactory
from .historical_results import SHAPES, historical_results

# Migrating back and forth needs real transactions. Not a serialized rollback: after another transactional test's
# flush the content types are made again in another order than migrating made them, and restoring them would clash;
# the criteria are there either way (migrating loads them, and so does the flush's post_migrate).
pytestmark = pytest.mark.django_db(transaction=True)

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
FIRST = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)
BEFORE_ROUNDS = [("assessments", "0015_rounds")]


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def latest():
    return [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] == "assessments"]


def rendered(client, url: str) -> str:
    """A page's HTML without the per-request CSRF token of the sign-out form."""
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', response.text)


def every_page(client) -> dict[str, str]:
    """The result page of every submitted assessment and the page of every alliance (its history and drafts)."""
    submitted = Assessment.objects.filter(status="submitted").values_list("pk", flat=True)
    urls = [reverse("assessment-result", args=[pk]) for pk in submitted]
    urls += [alliance.get_absolute_url() for alliance in Alliance.objects.all()]
    return {url: rendered(client, url) for url in urls}


def test_stored_assessments_become_rounds_and_read_the_same(client, monkeypatch):
    """Every historical result and a draft read identically after their rounds are taken away and made again;
    each submitted one is a closed self-assessment, the owner's draft an open one, a former owner's a closed one."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    owner, former = ManagerFactory(username="owner"), ManagerFactory(username="former")
    published = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    for shape in SHAPES:
        alliance = AllianceFactory(owner=owner, name=f"Alliance {shape}", partner="Partner")
        for week, (_, result) in enumerate(historical_results(shape)):
            at = FIRST + dt.timedelta(weeks=week)
            AssessmentFactory(
                alliance=alliance, status="submitted", stage=result["stage"], result=result, submitted_at=at
            )
    alliance = Alliance.objects.first()
    left = Round.objects.create_self(
        alliance=alliance, questionnaire=published, opened_by=former, opened_at=NOW, closed_at=NOW
    )
    formers_draft = AssessmentFactory(alliance=alliance, respondent=former, round=left)
    owners_draft = AssessmentFactory(alliance=alliance)
    record_answers(assessment=owners_draft, answers=answers_by_stage(published, 1, 4, 2))
    client.force_login(owner)
    before = every_page(client)

    migrate(BEFORE_ROUNDS)
    migrate(latest())

    assert every_page(client) == before
    rounds = {a.pk: a.round for a in Assessment.objects.select_related("round")}
    assert all(r.kind == "self" for r in rounds.values())
    assert len({r.pk for r in rounds.values()}) == len(rounds)
    for assessment in Assessment.objects.filter(status="submitted"):
        assert rounds[assessment.pk].closed_at == assessment.submitted_at
        assert rounds[assessment.pk].opened_by_id == owner.pk
    assert rounds[owners_draft.pk].closed_at is None
    formers_draft.refresh_from_db()
    assert rounds[formers_draft.pk].closed_at == formers_draft.updated_at
    assert Round.objects.open().count() == 1
