"""Business units and regions keep one spelling each, whichever form saves them."""

import importlib

import pytest
from django.apps import apps

from assessments.models import Alliance

from .factories import AllianceFactory

pytestmark = pytest.mark.django_db


def test_full_clean_stores_the_spelling_in_use(manager, other_manager):
    """Any ModelForm (the admin's too) runs full_clean, which turns " consumer " into the "Consumer" in use."""
    AllianceFactory(owner=other_manager, business_unit="Consumer", region="EMEA")
    alliance = AllianceFactory.build(owner=manager, business_unit=" consumer ", region="emea")
    alliance.full_clean()
    assert (alliance.business_unit, alliance.region) == ("Consumer", "EMEA")


def test_label_counts_count_each_spelling(manager):
    """label_counts gives every spelling in use with its number of alliances."""
    for unit in ("Consumer", "Consumer", "consumer", "Industrial"):
        AllianceFactory(owner=manager, business_unit=unit)
    assert Alliance.objects.label_counts("business_unit") == {"Consumer": 2, "consumer": 1, "Industrial": 1}


def test_migration_gives_every_label_its_most_used_spelling(manager):
    """The data migration rewrites "consumer" and " Consumer" to the more used "Consumer", and leaves the rest."""
    for unit, region in [
        ("Consumer", "EMEA"),
        ("Consumer", "APAC"),
        ("consumer", "emea"),
        (" Consumer", "EMEA "),
        ("Industrial", "Americas"),
    ]:
        AllianceFactory(owner=manager, business_unit=unit, region=region)
    migration = importlib.import_module("assessments.migrations.0008_alliance_labels_one_spelling")
    migration.use_one_spelling(apps, None)
    assert sorted(Alliance.objects.values_list("business_unit", "region")) == [
        ("Consumer", "APAC"),
        ("Consumer", "EMEA"),
        ("Consumer", "EMEA"),
        ("Consumer", "EMEA"),
        ("Industrial", "Americas"),
    ]
