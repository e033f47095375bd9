"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live_server.

Fixtures: `browser` (one chromium for the session), `new_context(**options)` (a fresh browser profile: cookies,
storage; several make several people), `page` (a page in a new context), `login(page, email, password)`,
`assert_no_axe_violations(page)`.

No chromium → these tests are skipped with a loud notice, or fail when KOKYBE_REQUIRE_BROWSER=1 (CI sets it),
so CI can never pass without them. `make test` installs chromium first when it can.
"""

import contextlib
import os
from pathlib import Path

import pytest

from . import helpers

REQUIRED = os.environ.get("KOKYBE_REQUIRE_BROWSER", "").strip() not in ("", "0")
HERE = Path(__file__).parent
ARTIFACTS = HERE / "artifacts"


def _why_no_browser():
    if not os.access(helpers.CHROMIUM, os.X_OK):
        return f"{helpers.CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing: pip install -r requirements-dev.txt"
    return None


NO_BROWSER = _why_no_browser()


def _notice():
    return f"BROWSER TESTS DID NOT RUN: {NO_BROWSER}. Set KOKYBE_REQUIRE_BROWSER=1 to make this a failure."


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if NO_BROWSER and not REQUIRED and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=_notice()))


def pytest_terminal_summary(terminalreporter):
    if NO_BROWSER and terminalreporter.stats.get("skipped"):
        terminalreporter.write_sep("!", _notice(), red=True, bold=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a MEDIA_URL it can live with.

    MEDIA_URL is None on purpose (uploads are served only by permission-checked views), but Django's live server
    builds a media-file handler from it and then fails on every request; a path nothing links to keeps it inert.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    with override_settings(MEDIA_URL="/__uploads-are-not-served-here__/"):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if NO_BROWSER:
        if REQUIRED:
            pytest.fail(f"KOKYBE_REQUIRE_BROWSER is set but {NO_BROWSER}", pytrace=False)
        pytest.skip(_notice())
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, so Django would refuse the ORM calls the tests
    # and the database fixtures make; nothing here runs concurrently with them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    # Playwright gives each launch a fresh temporary profile (user-data dir) of its own.
    chromium = playwright.chromium.launch(executable_path=helpers.CHROMIUM, args=helpers.CHROMIUM_ARGS, headless=True)
    restore = _settle_after_actions()
    yield chromium
    restore()
    chromium.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _settle_after_actions():
    """Make a click, tap or key press that leads to another page return only once that page has loaded.

    Playwright's own click returns as soon as the navigation it started has committed, before the new page's document
    is parsed, so a check that does not wait (`count()`, `is_visible()`) may read a half-built page — on a loaded CI
    machine it did. A person looks at the page once it is there; so does every test, without a wait of its own. An
    action that stays on the page returns at once (its document is loaded already); one that closed it has no page to
    wait for."""
    from playwright.sync_api import Error, Locator

    originals = {name: getattr(Locator, name) for name in ("click", "dblclick", "tap", "press")}

    def settled(action):
        def run(self, *args, **kwargs):
            result = action(self, *args, **kwargs)
            with contextlib.suppress(Error):  # the page closed or navigated away meanwhile
                self.page.wait_for_load_state("load")
            return result

        return run

    for name, action in originals.items():
        setattr(Locator, name, settled(action))

    def restore():
        for name, action in originals.items():
            setattr(Locator, name, action)

    return restore


@pytest.fixture
def new_context(browser, live_server, transactional_db, request):
    """Make a fresh browser context (a separate person). Defaults: Lithuanian browser, desktop viewport."""
    contexts, errors, violations = [], [], []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "lt-LT")
        options.setdefault("timezone_id", "Europe/Vilnius")
        options.setdefault("viewport", helpers.DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.on("weberror", lambda error: errors.append(f"{error.page.url if error.page else '?'}: {error.error}"))
        # Every page runs under the app's Content-Security-Policy; anything it refuses fails the test.
        context.add_init_script(helpers.CSP_LISTENER)
        context.on("console", lambda message: _csp_violation(message, violations))
        contexts.append(context)
        return context

    yield make
    if getattr(request.node, "browser_failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                shot = ARTIFACTS / f"{request.node.name}-{i}-{j}.png"
                try:
                    page.screenshot(path=str(shot), full_page=True)
                    print(f"screenshot of {page.url}: {shot}")
                except Exception as exc:  # a crashed page must not hide the test's own failure
                    print(f"no screenshot of context {i} page {j}: {exc}")
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors in the pages:\n" + "\n".join(errors)
    assert not violations, "Content-Security-Policy violations in the pages:\n" + "\n".join(violations)


def _csp_violation(message, violations):
    if message.type == "error" and message.text.startswith(helpers.CSP_MARK):
        violations.append(f"{message.page.url if message.page else '?'}: {message.text}")


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def login():
    return helpers.login


@pytest.fixture
def assert_no_axe_violations():
    return helpers.assert_no_axe_violations
