"""All requests and the statistics, in a real browser, French and Dutch, axe on every page.

A member of institution A sorts and filters every request of the institution,
downloads the filtered rows as an Excel file and opens it; the statistics draw
their charts with the numbers in tables beside them; a coordinator sees the
whole service and the unmet demand per language.
"""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from relais.bookings.models import Booking
from relais.interpreters.models import Modality
from tests.stats.conftest import make_request

from .helpers import LANGUAGES, log_in, nt, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(org_a, org_b, code_a, code_b, requester_a, requester_b, arabic, tigrinya):
    """Three months of A's requests in 2030 and one of B's."""
    S = Booking.Status
    rows = [
        ("2030-01-07", arabic, S.VALIDATED, Modality.VIDEO, "DOS-1"),
        ("2030-01-09", tigrinya, S.UNFILLED, Modality.ON_SITE, "DOS-2"),
        ("2030-02-05", tigrinya, S.WAITLISTED, Modality.VIDEO, "DOS-3"),
        ("2030-02-06", arabic, S.CANCELLED, Modality.PHONE, "DOS-4"),
        ("2030-03-05", arabic, S.PERFORMED, Modality.VIDEO, "DOS-5"),
    ]
    made = []
    for day, language, status, modality, reference in rows:
        extra = {"place": org_a.official_place} if modality == Modality.ON_SITE else {}
        made.append(
            make_request(
                org_a,
                code_a,
                requester_a,
                language,
                day,
                status=status,
                modality=modality,
                internal_reference=reference,
                **extra,
            )
        )
    make_request(org_b, code_b, requester_b, arabic, "2030-01-08", internal_reference="B-SECRET")
    return made


def table_references(page, *, coordinator: bool = False) -> list[str]:
    """The internal references of the table's rows, top to bottom (coordinators have
    an interpreter column after the status)."""
    column = "td:nth-last-child(3)" if coordinator else "td:nth-last-child(2)"
    return page.locator(f".requests-table tbody tr {column}").all_inner_texts()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_sorts_filters_and_exports_every_request(
    open_page, history, requester_a, language
):
    requester_a.language = language
    requester_a.save()
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto("/")
    page.click_and_wait(page.get_by_role("link", name=t(language, "All requests"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(language, "All requests"))
    expect(page.locator("#results-title")).to_have_text(
        nt(language, "%(counter)s request", "%(counter)s requests", 5, counter=5)
    )
    # Newest first; B's request never appears.
    assert table_references(page) == ["DOS-5", "DOS-4", "DOS-3", "DOS-2", "DOS-1"]
    expect(page.get_by_text("B-SECRET")).to_have_count(0)

    # Sort by language (ascending), then the other way.
    header = page.get_by_role("link", name=t(language, "Language"), exact=True)
    page.click_and_wait(header)
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text(t(language, "Language"))
    first_language = page.locator(".requests-table tbody tr td:nth-child(5)").first.inner_text()
    assert first_language in {"Arabe", "Arabisch"}
    page.click_and_wait(page.get_by_role("link", name=t(language, "Language")))
    expect(page.locator("th[aria-sort=descending]")).to_contain_text(t(language, "Language"))

    # Filter on video requests: the sort stays, the URL says both.
    page.get_by_label(t(language, "Type of service")).select_option("video")
    page.submit(t(language, "Apply the filters"))
    assert "type=video" in page.url and "sort=-language" in page.url
    assert sorted(table_references(page)) == ["DOS-1", "DOS-3", "DOS-5"]

    # The export holds exactly those rows.
    with page.expect_download() as download:
        page.get_by_role("link", name=t(language, "Export to Excel")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    # The file Chromium saved has no extension, which openpyxl insists on: read its bytes.
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.values)
    assert rows[0][0] == t(language, "Number")
    assert sorted(row[10] for row in rows[1:]) == ["DOS-1", "DOS-3", "DOS-5"]
    assert datetime(2030, 1, 7, 10, 0) in [row[1] for row in rows[1:]]

    # A bad date in the address: a message, no rows, no error page.
    page.goto("/stats/requests/?date_from=2030-02-31")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator(".requests-table tbody tr")).to_have_count(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statistics_draw_charts_with_their_tables(open_page, history, requester_a, language):
    requester_a.language = language
    requester_a.save()
    page = open_page(language)
    log_in(page, requester_a.email)
    page.goto("/stats/?month_from=2030-01&month_to=2030-03")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Information and statistics")
    )
    # Chart.js drew every chart.
    charts = page.locator("canvas[data-chart]")
    assert charts.count() == 5
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(canvas => window.Chart.getChart(canvas) !== undefined)"
    )
    assert drawn
    # The figures of the language chart, as a table.
    section = page.locator("#languages")
    section.get_by_text(t(language, "The figures as a table")).click()
    table = section.locator("table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tfoot")).to_contain_text("5")
    expect(page.get_by_text(t(language, "Unmet demand per language"))).to_have_count(0)
    page.check_axe(again=True)


def test_a_coordinator_sees_unmet_demand_and_filters_an_institution(
    open_page, history, coordinator, org_a
):
    page = open_page("fr")
    log_in(page, coordinator.email)
    page.goto("/stats/?month_from=2030-01&month_to=2030-03")
    unmet = page.locator("#unmet")
    expect(unmet.get_by_role("heading")).to_have_text("Demande non couverte par langue")
    unmet.get_by_text("Les chiffres sous forme de tableau").click()
    expect(unmet.locator("tbody tr").first).to_contain_text("Tigrigna")
    page.get_by_label("Institution").select_option(str(org_a.pk))
    page.submit("Afficher")
    expect(page.locator(".stats-summary")).to_contain_text("5")
    page.click_and_wait(page.get_by_role("link", name="Toutes les demandes"))
    page.get_by_label("Institution").select_option(str(org_a.pk))
    page.get_by_label("Statut").select_option("unfilled")
    page.submit("Appliquer les filtres")
    assert table_references(page, coordinator=True) == ["DOS-2"]
