"""The Content-Security-Policy in the browser: inline script is blocked, and the test fixture sees every violation."""

import pytest

from tests.browser.conftest import watch_security_policy

pytestmark = pytest.mark.django_db(transaction=True)

INLINE = (
    "<!doctype html><title>Inline</title><p id=p>untouched</p>"
    "<script>document.getElementById('p').textContent = 'ran'</script>"
)


@pytest.fixture
def watched(chromium, live_server):
    """A page of its own, watched as the `page` fixture watches, whose violations the test reads."""
    context = chromium.new_context(base_url=live_server.url)
    violations = watch_security_policy(context)
    yield context.new_page(), violations
    context.close()


def test_inline_script_is_blocked_and_reported(watched, live_server):
    """A page served with the site's policy and an inline script: the script does not run and the violation is seen."""
    page, violations = watched
    policy = page.request.get(f"{live_server.url}/accounts/login/").headers["content-security-policy"]
    page.route(
        "**/inline-test/",
        lambda route: route.fulfill(body=INLINE, content_type="text/html", headers={"Content-Security-Policy": policy}),
    )
    page.goto("/inline-test/")
    assert page.locator("#p").text_content() == "untouched"
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in violations), violations


def test_the_sign_in_page_has_no_violation(watched):
    """The sign-in page, with its styles, scripts and images, violates nothing."""
    page, violations = watched
    page.goto("/accounts/login/")
    page.wait_for_load_state("load")
    assert violations == []
