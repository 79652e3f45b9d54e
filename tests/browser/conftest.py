"""Browser tests: Playwright drives Debian's Chromium against the live test server on 127.0.0.1."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


# Chromium reports what the Content-Security-Policy blocks on the console; the page's own event
# (securitypolicyviolation) is logged there too, so that a blocked style or frame is seen as well.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watch_security_policy(context) -> list[str]:
    """The Content-Security-Policy violations of every page of the context, as they happen (empty is good)."""
    violations = []
    context.add_init_script(REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            violations.append(f"{message.page.url if message.page else ''}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


@pytest.fixture
def page(chromium, live_server):
    """A page on the live server; the test fails if any page of its context violates the Content-Security-Policy."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    violations = watch_security_policy(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def new_page(chromium, live_server):
    """Make pages in browser contexts of their own (scripts off, a phone's screen …), watched as `page` is."""
    contexts = []

    def new_page(**options):
        context = chromium.new_context(base_url=live_server.url, **options)
        contexts.append((context, watch_security_policy(context)))
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield new_page
    violations = []
    for context, found in contexts:
        context.close()
        violations += found
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def sign_in(page):
    """Sign a user in through the real login form."""

    def sign_in(user, password="test-password"):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return sign_in


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot in test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, one line each (empty is good)."""
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
