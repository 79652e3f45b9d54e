"""The axe test's page list covers every URL pattern: a new page fails here until it is listed."""

import pytest
from django.http import HttpResponse
from django.urls import include, path

from tests.every_page import NOT_PAGES, every_page, unlisted_patterns, url_patterns

# The site's URLs with one page more, as a branch adding the link holders' pages would have them.
urlpatterns = [
    path("", include("alliance_maturity.urls")),
    path("r/<str:token>/", lambda request, token: HttpResponse(), name="round-answer"),
]


def test_every_url_pattern_is_a_listed_page_or_listed_as_no_page():
    """Each URL pattern the resolver knows, the admin's included, is on the axe test's list; the list names no other."""
    routes = {route for route, _name in url_patterns()}
    assert unlisted_patterns() == []
    assert sorted((every_page().keys() | NOT_PAGES.keys()) - routes) == []


@pytest.mark.urls("tests.test_every_page")
def test_a_new_url_pattern_fails_with_what_to_do():
    """A page added to the URLs and not to the list is named, with where to list it."""
    assert unlisted_patterns() == [
        "URL pattern 'r/<str:token>/' (name 'round-answer') is not in tests/every_page.py: add it to PAGES with the "
        "roles that open it (the axe test then visits it at 1280 and 390 px), or to NOT_PAGES with why it is no page."
    ]
