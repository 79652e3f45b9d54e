import pytest
from django.core.cache import cache

from assessments.models import Questionnaire

from .factories import ExecutiveFactory, ManagerFactory


@pytest.fixture
def published(db):
    """The published default questionnaire (v1), loaded on migrate."""
    return Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)


@pytest.fixture
def manager(db):
    return ManagerFactory(username="manager")


@pytest.fixture
def other_manager(db):
    return ManagerFactory(username="other-manager")


@pytest.fixture
def executive(db):
    return ExecutiveFactory(username="executive")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counts and cached sections do not leak between tests."""
    cache.clear()
