"""Signing in through the browser."""

import pytest

from tests.browser.conftest import screenshot
from tests.factories import ManagerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_signs_in_and_reaches_the_app(page, sign_in):
    """A manager who signs in with the right password lands in the app, signed in."""
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    sign_in(manager)
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_text("Amira Haddad").is_visible()
    screenshot(page, "signed-in")


def test_wrong_password_is_refused_with_a_message(page, sign_in):
    """A wrong password keeps the user on the sign-in page with Django's message."""
    sign_in(ManagerFactory(username="amira"), password="wrong")
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert page.get_by_text("Please enter a correct username and password").is_visible()


def test_too_many_wrong_passwords_pause_signing_in_with_a_message(page, sign_in, settings):
    """After the failure limit, the sign-in page says signing in is paused and until when."""
    settings.AXES_FAILURE_LIMIT = 3
    manager = ManagerFactory(username="amira")
    for _ in range(3):
        sign_in(manager, password="wrong")
    assert page.get_by_role("heading", name="Sign-in paused").is_visible()
    assert page.get_by_role("alert").is_visible()
    assert "signing in is paused for 15 minutes" in page.get_by_role("alert").text_content()
    assert page.get_by_text("If you cannot wait, ask an administrator to unlock your sign-in.").is_visible()
    screenshot(page, "sign-in-paused")
