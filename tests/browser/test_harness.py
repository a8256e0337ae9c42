"""The harness itself: a violation or a page left unaudited fails the test."""

import pytest

from .conftest import AUDIT, AccessibilityViolation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROKEN = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=">
<input type="text" id="nameless">
</main></body></html>"""


def test_a_violation_fails_with_rule_impact_and_elements(open_page):
    page = open_page("fr")
    page.route("**/broken/", lambda route: route.fulfill(content_type="text/html", body=BROKEN))
    expected_before = AUDIT.violations
    with pytest.raises(AccessibilityViolation) as failure:
        page.goto("/broken/")
    AUDIT.violations = expected_before  # the session's tally counts the portal's pages only
    message = str(failure.value)
    assert "/broken/" in message
    assert "- image-alt [critical]" in message
    assert "- label [critical]" in message
    assert "    #nameless" in message


def test_a_page_loaded_without_an_audit_fails_the_test(open_page):
    page = open_page("fr")
    page.page.goto(page.absolute("/accounts/login/"))  # behind the harness's back
    with pytest.raises(AssertionError, match="never audited by axe-core"):
        page.finish()
    page.check_axe()  # audited after all: the fixture's own check passes
