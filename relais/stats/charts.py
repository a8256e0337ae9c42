"""The statistics page's tables and charts, built once from ``Figures``.

Each table is what a chart draws, so every chart has its data table on the
page (for screen readers, and for anyone who wants the numbers) and the same
table becomes a sheet of the Excel export.
"""

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from relais.lib.xlsx import Column, Sheet, xlsx_response

from .figures import Figures, Tally

# Colours with at least 3:1 contrast on white (WCAG 1.4.11, graphics).
COLOURS = ["#0d6efd", "#b35c00", "#198754", "#6f42c1", "#c2185b", "#0b7285", "#5c636a"]
FULFILLED, UNFILLED, CANCELLED, LATE = "#198754", "#b02a37", "#5c636a", "#b35c00"
# Bar charts of languages and billing codes show the largest this many.
TOP = 12


@dataclass
class Table:
    key: str
    title: str
    sheet: str  # the Excel sheet's name: 31 characters at most
    columns: list[Column]
    rows: list[list]
    charts: list[dict] = field(default_factory=list)
    footer: list | None = None

    @property
    def typed_rows(self) -> list[list[tuple]]:
        """Each row's cells with the kind of their column, for the page to format."""
        kinds = [column.kind for column in self.columns]
        return [list(zip(row, kinds, strict=True)) for row in self.rows]

    @property
    def typed_footer(self) -> list[tuple] | None:
        kinds = [column.kind for column in self.columns]
        return list(zip(self.footer, kinds, strict=True)) if self.footer else None


def _tally_columns(first: str) -> list[Column]:
    return [
        Column(first, width=24),
        Column(_("Requests"), "number"),
        Column(_("Hours of interpreting"), "decimal"),
        Column(_("Fulfilled"), "number"),
        Column(pgettext("requests", "Unfilled"), "number"),
        Column(_("On the waiting list"), "number"),
        Column(_("Cancelled in time"), "number"),
        Column(_("Cancelled late"), "number"),
        Column(_("Fulfilment rate"), "percent"),
        Column(_("Average lead time (days)"), "decimal"),
    ]


def _tally_row(tally: Tally, label: str | None = None) -> list:
    return [
        label if label is not None else tally.label,
        tally.requests,
        tally.hours,
        tally.fulfilled,
        tally.unfilled,
        tally.waiting,
        tally.cancelled,
        tally.late_cancelled,
        tally.fulfilment,
        tally.lead_days,
    ]


def month_label(month) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def tables(figures: Figures, *, coordinator: bool) -> list[Table]:
    months = [month_label(m) for m in figures.months]
    total = _tally_row(figures.total, _("Total"))
    by_month = Table(
        "months",
        _("Requests and hours per month"),
        _("Per month"),
        _tally_columns(_("Month")),
        [_tally_row(t, label) for t, label in zip(figures.by_month, months, strict=True)],
        footer=total,
    )
    by_month.charts.append(
        {
            "type": "bar",
            "data": {
                "labels": months,
                "datasets": [
                    {
                        "label": _("Requests"),
                        "data": [t.requests for t in figures.by_month],
                        "backgroundColor": COLOURS[0],
                        "yAxisID": "y",
                    },
                    {
                        "label": _("Hours of interpreting"),
                        "data": [t.hours for t in figures.by_month],
                        "type": "line",
                        "borderColor": COLOURS[1],
                        "backgroundColor": COLOURS[1],
                        "yAxisID": "hours",
                    },
                ],
            },
            "options": {
                "scales": {
                    "y": {"beginAtZero": True},
                    "hours": {
                        "beginAtZero": True,
                        "position": "right",
                        "grid": {"drawOnChartArea": False},
                    },
                }
            },
        }
    )
    by_month.charts.append(
        {
            "type": "bar",
            "data": {
                "labels": months,
                "datasets": [
                    {
                        "label": _("Fulfilled"),
                        "data": [t.fulfilled for t in figures.by_month],
                        "backgroundColor": FULFILLED,
                    },
                    {
                        "label": pgettext("requests", "Unfilled"),
                        "data": [t.unfilled for t in figures.by_month],
                        "backgroundColor": UNFILLED,
                    },
                    {
                        "label": _("Cancelled in time"),
                        "data": [t.cancelled for t in figures.by_month],
                        "backgroundColor": CANCELLED,
                    },
                    {
                        "label": _("Cancelled late"),
                        "data": [t.late_cancelled for t in figures.by_month],
                        "backgroundColor": LATE,
                    },
                ],
            },
            "options": {
                "scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True}}
            },
        }
    )
    result = [by_month]
    for key, title, sheet, first, tallies in (
        (
            "languages",
            _("Requests per language"),
            _("Per language"),
            _("Language"),
            figures.by_language,
        ),
        (
            "types",
            _("Requests per type of service"),
            _("Per type of service"),
            _("Type of service"),
            figures.by_type,
        ),
        (
            "codes",
            _("Requests per billing code"),
            _("Per billing code"),
            _("Billing code"),
            figures.by_billing_code,
        ),
    ):
        table = Table(
            key,
            title,
            sheet,
            _tally_columns(first),
            [_tally_row(t) for t in tallies],
            footer=total,
        )
        shown = tallies[:TOP]
        table.charts.append(
            {
                # Horizontal bars: the chart grows with the number of rows.
                "height": f"{max(8, 2 * len(shown) + 4)}rem",
                "type": "bar",
                "data": {
                    "labels": [t.label for t in shown],
                    "datasets": [
                        {
                            "label": _("Fulfilled"),
                            "data": [t.fulfilled for t in shown],
                            "backgroundColor": FULFILLED,
                        },
                        {
                            "label": _("Other requests"),
                            "data": [t.requests - t.fulfilled for t in shown],
                            "backgroundColor": CANCELLED,
                        },
                    ],
                },
                "options": {
                    "indexAxis": "y",
                    "scales": {"x": {"stacked": True, "beginAtZero": True}, "y": {"stacked": True}},
                },
            }
        )
        result.append(table)
    if coordinator:
        unmet = Table(
            "unmet",
            _("Unmet demand per language"),
            _("Unmet demand"),
            [Column(_("Language"), width=24)]
            + [Column(label, "number") for label in months]
            + [Column(_("Total"), "number")],
            [[language, *counts, total] for language, counts, total in figures.unmet],
        )
        unmet.charts.append(
            {
                "type": "bar",
                "data": {
                    "labels": months,
                    "datasets": [
                        {
                            "label": language,
                            "data": counts,
                            "backgroundColor": COLOURS[index % len(COLOURS)],
                        }
                        for index, (language, counts, _total) in enumerate(figures.unmet[:6])
                    ],
                },
                "options": {
                    "scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True}}
                },
            }
        )
        result.append(unmet)
    return result


def statistics_charts(figures: Figures, coordinator: bool) -> list[Table]:
    """The tables, each chart with the id of the script element holding its data."""
    result = tables(figures, coordinator=coordinator)
    for table in result:
        table.charts = [
            {"id": f"chart-{table.key}-{index}", "config": config}
            for index, config in enumerate(table.charts)
        ]
    return result


def statistics_xlsx(figures: Figures, *, coordinator: bool):
    sheets = []
    for table in tables(figures, coordinator=coordinator):
        rows = table.rows + ([table.footer] if table.footer else [])
        sheets.append(Sheet(table.sheet, table.columns, rows))
    name = _("statistics")
    return xlsx_response(sheets, f"{name}-{timezone.localdate():%Y-%m-%d}.xlsx")
