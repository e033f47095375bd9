"""The Content-Security-Policy in a real browser: the fixtures report what it refuses, and the app needs nothing
refused (the other browser tests fail on any violation; these show the detector can see one)."""

import pytest

from . import helpers

pytestmark = pytest.mark.browser


def test_the_listener_reports_an_inline_style_the_policy_refuses(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(helpers.CSP_LISTENER)
    seen = []
    context.on("console", lambda message: seen.append(message.text))
    try:
        page = context.new_page()
        response = page.goto("/accounts/login/")
        assert "style-src 'self'" in response.headers["content-security-policy"]
        # What a template with style="" or an inline <style> would do: refused and reported.
        page.evaluate(
            "() => { const s = document.createElement('style'); s.textContent = 'b{}'; document.head.append(s); }"
        )
        page.wait_for_timeout(200)
    finally:
        context.close()
    assert any(text.startswith(helpers.CSP_MARK) and "style-src" in text for text in seen), seen


def test_login_page_runs_htmx_without_violations(page):
    page.goto("/accounts/login/")
    # htmx loaded and configured from the meta tag: no indicator <style> of its own.
    assert page.evaluate("() => window.htmx && htmx.config.includeIndicatorStyles") is False
