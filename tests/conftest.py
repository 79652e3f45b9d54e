import pytest

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
