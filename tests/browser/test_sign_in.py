"""Signing in through the browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import ManagerFactory, UserFactory

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


def test_an_admin_unlocks_a_paused_sign_in(page, sign_in, settings):
    """The admin lists the failed sign-ins; its unlock action lets the person sign in again at once."""
    settings.AXES_FAILURE_LIMIT = 3
    manager = ManagerFactory(username="amira", first_name="Amira", last_name="Haddad")
    for _ in range(3):
        sign_in(manager, password="wrong")
    assert page.get_by_role("heading", name="Sign-in paused").is_visible()

    page.context.clear_cookies()
    sign_in(UserFactory(username="ada", is_staff=True, is_superuser=True))
    page.goto("/admin/axes/accessattempt/")
    page.get_by_role("row", name="amira").get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Unlock the selected user names at their addresses")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Unlocked 1 user name at its address.")).to_be_visible()
    screenshot(page, "admin-sign-ins-unlocked")

    page.get_by_role("button", name="Log out").click()
    sign_in(manager)
    expect(page.get_by_text("Amira Haddad")).to_be_visible()
