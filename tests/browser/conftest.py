"""Playwright against a live server, driving Debian's Chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EDITOR_PASSWORD = "calm-teal-hips-42"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright, pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
        # make meanwhile are still plain synchronous ones.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Console errors and CSP violations seen by a page, collected as they happen."""

    def __init__(self, page):
        self.page = page
        self.console_errors = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def csp_violations(self):
        return self.page.evaluate("window.__cspViolations")


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the initial content from education/content/ loaded."""
    call_command("load_content", verbosity=0)
    return live_server


@pytest.fixture
def editor_login(site, monkeypatch):
    """An editor's username and password (the Editors group's permissions)."""
    monkeypatch.setenv("EDITOR_PASSWORD", EDITOR_PASSWORD)
    call_command("create_editor", "maria", "--no-input", verbosity=0)
    return "maria", EDITOR_PASSWORD


def sign_in(page, site, username, password):
    page.goto(f"{site.url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site content")).to_be_visible()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


def axe_violations(axe, page, context=None):
    """WCAG 2.2 AA violations on the page, or only within `context` (an axe include list)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    results = axe.run(page, context=context, options=options)
    return [
        f"{violation['id']}: {violation['help']} at {[n['target'] for n in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, caret="initial")
