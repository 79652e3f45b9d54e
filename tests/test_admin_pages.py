"""Every model of the domain is in the admin, with working list, search, filter and edit pages."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from assessments import models
from assessments.forms import START_IN_FUTURE

from .admin_forms import form_data
from .factories import AllianceFactory, submitted_assessment

pytestmark = pytest.mark.django_db
DOMAIN_MODELS = [
    models.Stage,
    models.Pattern,
    models.Principle,
    models.Questionnaire,
    models.Item,
    models.Alliance,
    models.Assessment,
]


def test_every_domain_model_is_registered():
    """Stages, patterns, principles, questionnaires, items, alliances and assessments are in the admin."""
    assert all(admin.site.is_registered(model) for model in DOMAIN_MODELS)


@pytest.fixture
def one_of_each(published):
    """A submitted assessment, so every model has at least one row."""
    answers = dict.fromkeys(published.items.values_list("code", flat=True), 4)
    submitted_assessment(AllianceFactory(name="Joint alliance"), answers, dt.datetime(2026, 6, 30, tzinfo=dt.UTC))


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m.__name__)
def test_list_search_and_edit_pages_open(admin_client, one_of_each, model):
    """The list (searched) and the edit page of each model open for an admin."""
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "alliance"}).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_patterns_show_under_their_stage_and_items_under_their_questionnaire(admin_client, published):
    """The stage page lists its patterns inline; the questionnaire page lists its items inline."""
    stage = models.Stage.objects.get(number=2)
    page = admin_client.get(reverse("admin:assessments_stage_change", args=[stage.pk])).content.decode()
    assert all(p.name in page for p in stage.patterns.all())
    page = admin_client.get(reverse("admin:assessments_questionnaire_change", args=[published.pk])).content.decode()
    assert all(code in page for code in published.items.values_list("code", flat=True))


def test_admin_pages_link_our_favicon(admin_client):
    """The admin's pages name the app's SVG icon too, so browsers do not ask for a missing favicon.ico."""
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html


def test_admin_alliance_form_refuses_a_start_after_today(admin_client):
    """The admin keeps the app's rule: tomorrow is refused with the app's message, today is saved."""
    alliance = AllianceFactory(name="Dated", start_date=dt.date(2024, 1, 1))
    url = reverse("admin:assessments_alliance_change", args=[alliance.pk])
    today = timezone.localdate()
    response = admin_client.post(url, form_data(admin_client.get(url), start_date=today + dt.timedelta(days=1)))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"start_date": [START_IN_FUTURE]}
    alliance.refresh_from_db()
    assert alliance.start_date == dt.date(2024, 1, 1)
    response = admin_client.post(url, form_data(admin_client.get(url), start_date=today))
    assert response.status_code == 302
    alliance.refresh_from_db()
    assert alliance.start_date == today
