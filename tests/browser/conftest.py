"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live
server, and axe-core audits every page a test loads.

One Chromium per test session (per xdist worker), with a fresh temporary profile
that Playwright creates and deletes; a new browser context (cookies, storage,
locale) per page a test opens.

A test opens pages with the `open_page` fixture and moves through the portal
with the `AuditedPage` helpers: `goto`, `click_and_wait`, `submit`, `reload`.
Each of them runs axe-core (WCAG 2.0 and 2.1, levels A and AA) on the page it
lands on and fails the test on any violation, with the rule, impact and
elements. Every document loaded is also counted from the browser's own `load`
events: a page reached any other way and never audited fails the test at
teardown, and so do a script error or a missing stylesheet, script or image.
"""

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Response, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# the tests (fixtures, assertions on the database) are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
})"""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
# Browser locales: the Accept-Language header a Brussels visitor's browser sends.
LOCALES = {"fr": "fr-BE", "nl": "nl-BE", "en": "en-GB"}
DESKTOP = {"width": 1280, "height": 800}


@dataclass
class AxeAudit:
    """What axe-core saw in this session (one per xdist worker)."""

    pages: int = 0
    violations: int = 0  # elements, over all rules


AUDIT = AxeAudit()


class AccessibilityViolation(AssertionError):
    pass


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} accessibility violation(s) on {url}"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").strip().splitlines()
            for detail in summary[1:3]:
                lines.append(f"        {detail.strip()}")
    return "\n".join(lines)


class AuditedPage:
    """A Playwright page whose every navigation ends with an axe-core audit.

    Anything not wrapped here (locators, keyboard, evaluate…) is the page's own.
    """

    def __init__(self, page: Page, base_url: str, language: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.language = language
        self.loaded: list[str] = []  # one entry per document, from the browser's load events
        self.audited: dict[str, str] = {}  # document id -> URL
        self.problems: list[str] = []
        page.on("load", self._on_load)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def __getattr__(self, name):
        return getattr(self.page, name)

    # --- navigation ------------------------------------------------------------

    def absolute(self, path: str) -> str:
        return path if re.match(r"https?://", path) else f"{self.base_url}{path}"

    def goto(self, path: str, *, status: int | None = 200) -> Response:
        response = self.page.goto(self.absolute(path), wait_until="load")
        assert response is not None
        if status is not None:
            assert response.status == status, f"{path}: HTTP {response.status}, not {status}"
        self.check_axe()
        return response

    def reload(self) -> Response | None:
        response = self.page.reload(wait_until="load")
        self.check_axe()
        return response

    def click_and_wait(self, target: Locator) -> Response | None:
        """Click a link or a submit button and audit the page it leads to."""
        with self.page.expect_navigation(wait_until="load") as navigation:
            target.click()
        self.check_axe()
        return navigation.value

    def submit(self, name: str) -> Response | None:
        """Click the submit button labelled `name` (as a screen reader would find it)."""
        return self.click_and_wait(self.page.get_by_role("button", name=name, exact=True))

    # --- checks -------------------------------------------------------------------

    def check_axe(self, *, again: bool = False) -> None:
        """Audit the current document with axe-core; fail on any WCAG A/AA violation.

        A document is audited once, unless `again` (after opening a menu, say).
        """
        page = self.page
        document = page.evaluate("String(performance.timeOrigin)")
        if document in self.audited and not again:
            return
        if not page.evaluate("typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(AXE_RUN, AXE_TAGS)
        # Filed under the URL the document was loaded at: htmx may have pushed another since.
        self.audited.setdefault(document, page.url)
        AUDIT.pages += 1
        violations = result["violations"]
        if violations:
            AUDIT.violations += sum(len(v["nodes"]) for v in violations)
            raise AccessibilityViolation(describe_violations(page.url, violations))

    def finish(self) -> None:
        """Every document loaded was audited, no script failed, no asset was missing."""
        if self.page.is_closed():
            return
        self.page.evaluate("0")  # let pending browser events reach the listeners
        missing = Counter(self.loaded) - Counter(self.audited.values())
        assert not missing, (
            "pages loaded but never audited by axe-core (navigate with goto/click_and_wait/"
            f"submit, or call check_axe): {sorted(missing.elements())}"
        )
        assert not self.problems, "\n".join(self.problems)

    # --- event listeners ------------------------------------------------------------

    def _on_load(self, page: Page) -> None:
        if page.url != "about:blank":
            self.loaded.append(page.url)

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def _on_request_failed(self, request) -> None:
        if request.resource_type != "document":
            self.problems.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        # Playwright gives each launch a new temporary profile (user-data dir).
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server, settings):
    """Open a page in a new browser context: `open_page("nl")`, `open_page("fr", width=360)`.

    Each call is a separate visitor (own cookies). The links in emails point at
    the live server.
    """
    settings.SITE_URL = live_server.url
    opened: list[AuditedPage] = []

    def open_(
        language: str = "fr", *, width: int = DESKTOP["width"], height: int = DESKTOP["height"]
    ):
        context = browser.new_context(
            base_url=live_server.url,
            locale=LOCALES[language],
            timezone_id="Europe/Brussels",
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(10_000)
        page = AuditedPage(context.new_page(), live_server.url, language)
        opened.append(page)
        return page

    yield open_
    try:
        for page in opened:
            page.finish()
    finally:
        for page in opened:
            page.context.close()


def pytest_sessionfinish(session, exitstatus):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: report to the controller
        workeroutput["axe_pages"] = AUDIT.pages
        workeroutput["axe_violations"] = AUDIT.violations
