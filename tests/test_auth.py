"""Signing in and out and resetting a password, through Django's views and our templates."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import ManagerFactory
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-longer-passphrase"


def test_signing_in_lands_a_manager_on_their_alliances(client):
    """The sign-in form signs a manager in and takes them home, which is their alliances."""
    ManagerFactory(username="amira")
    response = client.post(reverse("login"), {"username": "amira", "password": "test-password"}, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302), (reverse("alliance-list"), 302)]
    assert response.wsgi_request.user.username == "amira"


def test_signing_in_returns_to_the_page_asked_for(client, manager):
    """After being sent to sign in, the user comes back to the page they wanted."""
    wanted = reverse("alliance-create")
    response = client.post(
        f"{reverse('login')}?next={wanted}", {"username": "manager", "password": "test-password", "next": wanted}
    )
    assert response.url == wanted


def test_signing_out_ends_the_session(client, manager):
    """Signing out (a POST) ends the session and shows the sign-in page."""
    client.force_login(manager)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("login", "Sign in"),
        ("password_reset", "Reset your password"),
        ("password_reset_done", "Check your email"),
        ("password_reset_complete", "Password changed"),
    ],
)
def test_account_pages_look_like_the_app(client, name, heading):
    """The sign-in and password pages use the app's layout, not the admin's."""
    response = client.get(reverse(name))
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in response.text
    assert "bootstrap/css/bootstrap.min.css" in response.text
    assert "Django administration" not in response.text


def test_sign_in_page_offers_a_password_reset(client):
    """The sign-in page links to the password reset."""
    assert f'href="{reverse("password_reset")}"' in client.get(reverse("login")).text


def test_password_change_pages_look_like_the_app(client, manager):
    """A signed-in user changes their password on the app's own pages."""
    client.force_login(manager)
    response = client.post(
        reverse("password_change"),
        {"old_password": "test-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert '<h1 class="h3 mb-3">Password changed</h1>' in response.text
    manager.refresh_from_db()
    assert manager.check_password(NEW_PASSWORD)


def test_password_reset_from_email_to_signing_in(client):
    """A reset email carries a link; following it sets a new password the user can sign in with."""
    ManagerFactory(username="amira", email="amira@example.com")
    response = client.post(reverse("password_reset"), {"email": "amira@example.com"})
    assert response.url == reverse("password_reset_done")
    run_ready_tasks()  # the task worker sends the mail
    [email] = mail.outbox
    assert email.subject == "Choose a new password for Alliance Maturity"
    assert email.to == ["amira@example.com"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)

    form_url = client.get(link).url  # Django swaps the token for a session value first
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain == [(reverse("password_reset_complete"), 302)]
    response = client.post(reverse("login"), {"username": "amira", "password": NEW_PASSWORD})
    assert response.url == reverse("home")


def test_password_reset_link_works_once(client):
    """A used reset link says it has expired instead of showing the form again."""
    ManagerFactory(username="amira", email="amira@example.com")
    client.post(reverse("password_reset"), {"email": "amira@example.com"})
    run_ready_tasks()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert "This link has expired or has already been used." in response.text


def test_password_reset_for_an_unknown_address_sends_nothing(client):
    """An address with no account gets the same "check your email" page and no email, revealing nothing."""
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.url == reverse("password_reset_done")
    run_ready_tasks()
    assert mail.outbox == []
