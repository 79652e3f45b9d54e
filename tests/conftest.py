import pytest

from assessments.models import Questionnaire

from .factories import ExecutiveFactory, ManagerFactory


@pytest.fixture(autouse=True)
def version_one_published(request):
    """Most tests are about version 1, whose results never change: for them the database holds it alone.

    A fresh database publishes version 2 after version 1 (criteria_io.load_defaults_if_empty); it is
    withdrawn here (no assessment uses it yet), so these tests see the database they always saw. Tests
    of version 2 ask for `version_two`.
    """
    names = set(request.fixturenames)
    if not (request.node.get_closest_marker("django_db") or names & {"db", "transactional_db"}):
        return
    request.getfixturevalue("_django_db_helper")
    if "version_two" not in names:
        withdraw_version_two()


def withdraw_version_two():
    second = Questionnaire.objects.filter(version=2, rules=2, assessments=None).first()
    if second is None:
        return
    second.items.all()._raw_delete(second.items.db)
    Questionnaire.objects.filter(pk=second.pk)._raw_delete(second.items.db)
    Questionnaire.objects.filter(version=1).update(status=Questionnaire.Status.PUBLISHED)


@pytest.fixture
def published(db):
    """The published default questionnaire (v1), loaded on migrate."""
    return Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)


@pytest.fixture
def version_two(db):
    """Questionnaire version 2 (neutral sections, scoring rules 2), published after version 1 as on a fresh database."""
    return Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED, version=2)


@pytest.fixture
def manager(db):
    return ManagerFactory(username="manager")


@pytest.fixture
def other_manager(db):
    return ManagerFactory(username="other-manager")


@pytest.fixture
def executive(db):
    return ExecutiveFactory(username="executive")
