"""Migration 0011 moves every stored result to schema 2, and no page reads differently for it."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from assessments import results
from assessments.models import Alliance, Assessment

from .factories import AllianceFactory, ManagerFactory, self_round
from .historical_results import SHAPES, historical_results

pytestmark = pytest.mark.django_db

schema_2 = importlib.import_module("assessments.migrations.0011_result_schema_2")
NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
FIRST = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)


def migrate_forward():
    schema_2.rewrite(schema_2.upgrade, from_schema_2=False)(apps, None)


def migrate_backward():
    schema_2.rewrite(schema_2.downgrade, from_schema_2=True)(apps, None)


@pytest.fixture
def owner(db):
    return ManagerFactory(username="owner", first_name="Ada", last_name="Owner")


@pytest.fixture
def stored(published, owner) -> list[Assessment]:
    """Every historical result, a week apart, one alliance per shape: each result page has a previous one."""
    rows = []
    for shape in SHAPES:
        alliance = AllianceFactory(owner=owner, name=f"Alliance {shape}", partner="Partner")
        for week, (_, result) in enumerate(historical_results(shape)):
            rows.append(
                Assessment(
                    alliance=alliance,
                    questionnaire=published,
                    respondent=owner,
                    status=Assessment.Status.SUBMITTED,
                    stage=result["stage"],
                    result=result,
                    submitted_at=FIRST + dt.timedelta(weeks=week),
                )
            )
    for row in rows:
        row.round = self_round(row)
    return Assessment.objects.bulk_create(rows)


def rendered(client, url: str) -> str:
    """A page's HTML without the per-request CSRF token of the sign-out form."""
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', response.text)


def every_page(client) -> dict[str, str]:
    """The result page of every stored result and the page of every alliance (its history), by address."""
    urls = [reverse("assessment-result", args=[pk]) for pk in Assessment.objects.values_list("pk", flat=True)]
    urls += [alliance.get_absolute_url() for alliance in Alliance.objects.all()]
    return {url: rendered(client, url) for url in urls}


def test_every_page_reads_the_same_after_the_migration(client, stored, owner, monkeypatch):
    """Result and alliance pages of every historical result are identical before and after, at a fixed clock."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(owner)
    before = every_page(client)
    assert len(before) == len(historical_results()) + len(SHAPES)

    migrate_forward()

    after = every_page(client)
    assert after == before
    schemas = {a.result["schema"] for a in Assessment.objects.all()}
    codes = {reason["code"] for a in Assessment.objects.all() for reason in a.result["reasons"]}
    assert (schemas, results.AS_STORED in codes) == ({2}, False)


def test_each_migrated_reason_composes_the_sentence_stored_before(stored):
    """Row by row, the sentences composed from the migrated codes are the sentences that were stored."""
    sentences = {a.pk: a.result["reasons"] for a in Assessment.objects.all()}
    migrate_forward()
    for assessment in Assessment.objects.all():
        assert assessment.result["schema"] == 2
        assert schema_2.reasons.sentences(assessment.stored_result) == sentences[assessment.pk]


def test_a_result_whose_sentences_do_not_follow_from_its_figures_keeps_them(stored):
    """A reason edited by hand stays word for word (as stored), so its page does not change either."""
    edited = stored[0]
    Assessment.objects.filter(pk=edited.pk).update(result=edited.result | {"reasons": ["As it was decided."]})
    migrate_forward()
    edited.refresh_from_db()
    assert edited.result["reasons"] == [{"code": "as_stored", "text": "As it was decided."}]
    assert edited.result["schema"] == 2


def test_migrating_back_writes_the_sentences_out_again(stored):
    """Backwards, every result is schema 1 again: the later shape exactly as it was, the first with defaults."""
    before = {a.pk: a.result for a in Assessment.objects.all()}
    migrate_forward()
    migrate_backward()
    for assessment in Assessment.objects.all():
        was = before[assessment.pk]
        if "blocked_by" in was["stages"][0]:
            assert assessment.result == was
        else:
            upgraded = results.upgrade(was)
            assert assessment.result == {k: v for k, v in upgraded.items() if k != "schema"} | {
                "reasons": was["reasons"]
            }
