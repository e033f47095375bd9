"""Helpers for browser tests: launching Debian's chromium, logging in, and axe-core checks.

The conftest wraps them as fixtures; they are plain functions so a test can also import them.
"""

import os
import re
import time
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("KOKYBE_CHROMIUM", "/usr/bin/chromium")
# Without the networking switches chromium keeps calling Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

AXE_JS = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
# WCAG 2.1 A and AA: the level EN 301 549 (and so Lithuanian public-sector accessibility law) asks for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def path_of(page):
    return urlparse(page.url).path


def login(page, email, password):
    """Sign in through the real login form; fails with the page's own error text if the login is refused."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if path_of(page).startswith("/accounts/login/"):
        raise AssertionError(f"login as {email} failed: {page.locator('main').inner_text()}")
    return page


def switch_language(page, code):
    """Use the footer's language form, as a person would; returns after the page has reloaded."""
    page.locator("#language-select").select_option(code)
    with page.expect_navigation():
        page.locator("form.language-form button[type=submit]").click()
    return page


CSP_MARK = "CSP violation:"
# Added to every page before its own scripts (conftest.new_context): reports what the Content-Security-Policy refused.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP_MARK ${e.effectiveDirective} refused ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
    + (e.sample ? ` (${e.sample})` : ""));
});
""".replace("CSP_MARK", CSP_MARK)


def axe_violations(page, tags=AXE_TAGS):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Not an injected <script>: the app's Content-Security-Policy refuses inline scripts (and the test would
        # report its own injection as a violation); evaluating the source through the DevTools protocol is not refused.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations;
        }""",
        tags,
    )


def _target(node):
    return " ".join(t if isinstance(t, str) else " >> ".join(map(str, t)) for t in node.get("target", []))


def format_violations(url, violations, max_nodes=8):
    lines = [f"axe-core: {len(violations)} accessibility violation(s) on {url}"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact') or '?'}]: {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"][:max_nodes]:
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"    at {_target(node)}: {summary}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    … and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, tags=AXE_TAGS):
    violations = axe_violations(page, tags)
    if violations:
        raise AssertionError(format_violations(page.url, violations))


def wait_until(page, condition, timeout=15_000):
    """Wait until the JavaScript expression `condition` is true in the page.

    Not page.wait_for_function: it compiles its string inside the page, which the app's Content-Security-Policy
    refuses (no 'unsafe-eval'); page.evaluate runs through the DevTools protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(f"() => Boolean({condition})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        page.wait_for_timeout(50)
