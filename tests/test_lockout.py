"""Sign-in lockout: a user name at one address, an address across user names, behind a proxy, unlocking."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin import helpers
from django.urls import reverse

from tests.factories import ManagerFactory, UserFactory
from tests.test_deploy_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed sign-ins from your address. For your security, signing in is paused for 15 minutes."
PROXY_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def sign_in(client, username, password="test-password", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def fail(client, username, times, **headers):
    for _ in range(times):
        sign_in(client, username, password="wrong", **headers)


@pytest.fixture
def limits(settings):
    """A pair is locked at 3 failures, an address at 5."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 5
    return settings


def test_pair_is_locked_after_the_failure_limit_even_with_the_right_password(client, limits):
    """After 3 wrong passwords for a user from one address, the right one is refused with the lockout page (429)."""
    ManagerFactory(username="amira")
    fail(client, "amira", 2)
    response = sign_in(client, "amira", password="wrong")
    assert response.status_code == 429
    response = sign_in(client, "amira")
    assert response.status_code == 429
    assert PAUSED in response.text
    assert "Try again after " in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_when_to_try_again(client, limits):
    """The lockout page names the time the pause ends: one cool-off (15 minutes) after the latest attempt."""
    ManagerFactory(username="amira")
    fail(client, "amira", 3)
    response = sign_in(client, "amira", password="wrong")
    attempt = AccessAttempt.objects.get(username="amira")
    end = (attempt.attempt_time + limits.AXES_COOLOFF_TIME).strftime("%H:%M")
    expected = f"Try again after {end} (UTC). Every further attempt before then starts the pause again."
    assert expected in " ".join(response.text.split())


def test_failures_below_the_limit_still_let_the_user_in(client, limits):
    """Two wrong passwords, then the right one: the user is signed in."""
    ManagerFactory(username="amira")
    fail(client, "amira", 2)
    assert sign_in(client, "amira").url == reverse("home")


def test_another_user_at_the_same_address_signs_in_until_the_address_cap(client, limits):
    """A locked pair does not lock others at its address, until the address's failures reach its own cap."""
    ManagerFactory(username="ben")
    fail(client, "amira", 3)
    fail(client, "carla", 1)  # 4 failures from this address: under the cap of 5
    assert sign_in(client, "ben").url == reverse("home")
    client.logout()
    fail(client, "dora", 1)  # 5: the address is locked, whatever the user name
    response = sign_in(client, "ben")
    assert response.status_code == 429
    assert PAUSED in response.text


def test_another_address_is_not_locked(client, limits):
    """The same user name from another address still signs in."""
    ManagerFactory(username="amira")
    fail(client, "amira", 3, REMOTE_ADDR="198.51.100.1")
    assert sign_in(client, "amira", REMOTE_ADDR="198.51.100.2").url == reverse("home")


def test_behind_the_proxy_each_client_address_is_locked_apart(client, limits):
    """Behind the TLS proxy, the address the proxy appended to X-Forwarded-For is the client: one is locked, not all."""
    limits.AXES_IPWARE_META_PRECEDENCE_ORDER = PROXY_ORDER
    ManagerFactory(username="amira")
    # The attacker sends his own X-Forwarded-For to look like someone new each time; the proxy appends his real address.
    for n in range(3):
        sign_in(
            client, "amira", password="wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9"
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert sign_in(client, "amira", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert sign_in(client, "amira", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10").url == reverse("home")


def test_without_the_proxy_the_forwarded_header_is_ignored(client, limits):
    """Not behind a proxy, X-Forwarded-For is the client's own words: the connection's address is counted."""
    fail(client, "amira", 3, REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_behind_tls_proxy_reads_the_forwarded_header():
    """BEHIND_TLS_PROXY=on makes the lockout read X-Forwarded-For first, then the connection's address."""
    code = (
        "from django.conf import settings as s; print(s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_ORDER)"
    )
    done = manage("shell", "--no-imports", "-c", code, **PRODUCTION, BEHIND_TLS_PROXY="on")
    assert done.stdout == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') right-most\n", done.stderr


def unlock(client, action, attempts):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [a.pk for a in attempts]},
        follow=True,
    )
    client.logout()
    return response


def test_admin_unlocks_a_user_name_at_its_address(client, limits):
    """The admin's "unlock" action on a locked attempt lets that user sign in again at once; others stay locked."""
    ManagerFactory(username="amira")
    fail(client, "amira", 3)
    fail(client, "amira", 3, REMOTE_ADDR="198.51.100.1")
    response = unlock(client, "unlock_pairs", AccessAttempt.objects.filter(ip_address="127.0.0.1"))
    assert "Unlocked 1 user name at its address." in response.text
    assert sign_in(client, "amira").url == reverse("home")
    client.logout()
    assert sign_in(client, "amira", REMOTE_ADDR="198.51.100.1").status_code == 429


def test_admin_unlocks_an_address_for_every_user_name(client, limits):
    """Unlocking an address forgets every failure from it, so an address at its cap is open again."""
    ManagerFactory(username="ben")
    fail(client, "amira", 3)
    fail(client, "carla", 2)
    response = unlock(client, "unlock_addresses", AccessAttempt.objects.filter(username="amira"))
    assert "Unlocked 1 address." in response.text
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "ben").url == reverse("home")


def test_admin_lists_failed_sign_ins(client, limits):
    """The admin's list of failed sign-ins shows the user name, the address and the failures."""
    fail(client, "amira", 2)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "amira" in response.text
    assert "127.0.0.1" in response.text
