"""The 403, 404 and 500 pages look like the rest of the site, say what happened and lead home."""

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.factories import AllianceFactory

HOME_LINK = f'<a class="btn btn-primary" href="{reverse("home")}">Go to the start page</a>'
NAVBAR = '<a class="navbar-brand" href="/">Alliance Maturity</a>'


def styled_page(response, status: int, heading: str) -> str:
    """The page's text, once it is checked to be our error page for `status`, with navigation and a way home."""
    assert response.status_code == status
    assert [t.name for t in response.templates][:3] == [f"{status}.html", "_error.html", "base.html"]
    assert f'<h1 class="h4">{heading}</h1>' in response.text
    assert HOME_LINK in response.text
    assert NAVBAR in response.text
    return response.text


@pytest.mark.django_db
def test_another_managers_alliance_is_the_styled_404(client, manager, other_manager):
    """A manager opening another manager's alliance gets our 404 page, with the navigation and a link home."""
    theirs = AllianceFactory(owner=other_manager, name="Their alliance")
    client.force_login(manager)
    text = styled_page(client.get(reverse("alliance-detail", args=[theirs.pk])), 404, "Page not found")
    assert "The link may be mistyped or out of date." in text
    assert "My alliances" in text
    assert "Their alliance" not in text


@pytest.mark.django_db
def test_dashboard_is_the_styled_403_for_a_manager(client, manager):
    """A manager opening the executives' dashboard gets our 403 page, with the navigation and a link home."""
    client.force_login(manager)
    text = styled_page(client.get(reverse("dashboard")), 403, "This page is not open to you")
    assert "ask an administrator to check your role" in text


def test_500_page_renders_without_request_or_database():
    """The 500 page renders from an empty context and never touches the database (this test has none)."""
    html = loader.get_template("500.html").render()
    assert '<h1 class="h4">Something went wrong on our side</h1>' in html
    assert HOME_LINK in html
    assert NAVBAR in html
    assert "Sign out" not in html


def test_server_error_handler_answers_with_the_styled_page():
    """Django's 500 handler, as DEBUG-off production calls it, answers 500 with our page."""
    response = defaults.server_error(RequestFactory().get("/alliances/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
