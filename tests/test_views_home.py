"""Where each role lands after signing in."""

import pytest
from django.urls import reverse

from tests.factories import CriteriaEditorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    """The home page asks an anonymous visitor to sign in first."""
    response = client.get(reverse("home"))
    assert response.url == f"{reverse('login')}?next=/"


def test_manager_lands_on_their_alliances(client, manager):
    """A manager's home is "My alliances"."""
    client.force_login(manager)
    assert client.get(reverse("home")).url == reverse("alliance-list")


def test_executive_lands_on_the_dashboard(client, executive):
    """An executive's home is the portfolio dashboard."""
    client.force_login(executive)
    assert client.get(reverse("home")).url == reverse("dashboard")


def test_admins_land_where_executives_do(client):
    """An admin (superuser, in no group) lands where executives land."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("home")).url == reverse("dashboard")


def test_criteria_editors_land_in_the_admin(client):
    """Staff who only edit the criteria land in the admin, not on alliances they may not see."""
    client.force_login(CriteriaEditorFactory())
    assert client.get(reverse("home")).url == reverse("admin:index")


def test_user_without_a_role_is_told_whom_to_ask(client):
    """A user in no group gets a page saying an administrator must give them a role."""
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Your account has no role yet" in response.text


def test_nav_links_by_role(client, manager, executive):
    """Managers see "My alliances" in the navigation; executives see "Alliances"; both reach the same list."""
    link = f'href="{reverse("alliance-list")}">'
    client.force_login(manager)
    assert f"{link}My alliances</a>" in client.get(reverse("alliance-list")).text
    client.force_login(executive)
    assert f"{link}Alliances</a>" in client.get(reverse("alliance-list")).text
