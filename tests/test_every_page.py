"""The axe test's page list covers every URL pattern: a new page fails here until it is listed."""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from tests.every_page import (
    EDITOR,
    NO_ROLE,
    NOT_PAGES,
    POST_EXEMPT,
    POSTED,
    admin_model_posts,
    every_page,
    unlisted_patterns,
    unposted_patterns,
    url_patterns,
)

# The site's URLs with two pages more, as a branch adding the link holders' pages would have them.
urlpatterns = [
    path("", include("alliance_maturity.urls")),
    path("r/<str:token>/", lambda request, token: HttpResponse(), name="round-answer"),
    path("r/<str:token>/hand-in/", require_POST(lambda request, token: HttpResponse()), name="round-hand-in"),
]


def test_every_url_pattern_is_a_listed_page_or_listed_as_no_page():
    """Each URL pattern the resolver knows, the admin's included, is on the axe test's list; the list names no other."""
    routes = {route for route, _name in url_patterns()}
    assert unlisted_patterns() == []
    assert sorted((every_page().keys() | NOT_PAGES.keys() | POSTED.keys()) - routes) == []


def test_every_url_pattern_says_what_a_post_to_it_draws():
    """Each URL pattern is a state reached by a POST in the axe test, or says why a POST draws no page of its own."""
    routes = {route for route, _name in url_patterns()}
    assert unposted_patterns() == []
    assert sorted((POSTED.keys() | POST_EXEMPT.keys() | admin_model_posts().keys()) - routes) == []
    assert sorted(POSTED.keys() & (POST_EXEMPT.keys() | NOT_PAGES.keys())) == []  # one word each


def test_the_403_page_is_visited_for_a_managers_page_and_an_admin_only_page():
    """A user with no role asks for a manager's page, a criteria editor for an admin-only page: both meet the 403."""
    refused = {(route, visit.role) for route, visits in every_page().items() for visit in visits if visit.status == 403}
    assert {("alliances/new/", NO_ROLE), ("admin/auth/user/", EDITOR)} <= refused


@pytest.mark.urls("tests.test_every_page")
def test_a_new_url_pattern_fails_with_what_to_do():
    """A page added to the URLs and not to the list is named, with where to list it and what a POST to it draws."""
    assert unlisted_patterns() == [
        f"URL pattern {route!r} (name {name!r}) is not in tests/every_page.py: add it to PAGES with the "
        "roles that open it (the axe test then visits it at 1280 and 390 px), or to NOT_PAGES with why it is no page."
        for route, name in (("r/<str:token>/", "round-answer"), ("r/<str:token>/hand-in/", "round-hand-in"))
    ]
    assert unposted_patterns() == [
        f"URL pattern {route!r} (name {name!r}) does not say what a POST to it draws, in tests/every_page.py: "
        "add the page it draws to POSTED (the axe test then reaches it in the browser), or the pattern to "
        "POST_EXEMPT with why it draws none of its own."
        for route, name in (("r/<str:token>/", "round-answer"), ("r/<str:token>/hand-in/", "round-hand-in"))
    ]
