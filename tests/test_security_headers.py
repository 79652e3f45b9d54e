"""Pages carry the Content-Security-Policy, Permissions-Policy and Referrer-Policy; no template has inline script."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    directives = (d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";"))
    return dict(directives)


@pytest.fixture
def pages(client, manager):
    """The sign-in page for anyone, a manager's page, and an admin page."""
    responses = [client.get(reverse("login"))]
    client.force_login(manager)
    responses.append(client.get(reverse("alliance-list")))
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    responses.append(client.get(reverse("admin:assessments_questionnaire_changelist")))
    return responses


def test_pages_allow_scripts_only_from_the_site(pages):
    """The Content-Security-Policy allows scripts, styles, images and forms from the site only, no inline script."""
    assert [policy(r) for r in pages] == [POLICY] * 3


def test_pages_refuse_powerful_browser_features(pages):
    """The Permissions-Policy turns off camera, microphone, location and the like."""
    expected = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
    )
    assert [r.headers["Permissions-Policy"] for r in pages] == [expected] * 3


def test_pages_send_the_referrer_only_to_the_site(pages):
    """The Referrer-Policy keeps page addresses (which hold ids) inside the site."""
    assert [r.headers["Referrer-Policy"] for r in pages] == ["same-origin"] * 3


def test_no_template_has_inline_script():
    """Every <script> in our templates loads a file, and no element has an on… event attribute (the CSP blocks both)."""
    inline = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        inline += [f"{template.name}: {tag}" for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)]
        inline += [f"{template.name}: {attr}" for attr in re.findall(r"\son[a-z]+\s*=", text)]
    assert inline == []
