"""Spreadsheets people open in Excel or LibreOffice: typed cells, a frozen and
filterable header row, columns wide enough to read.

openpyxl's write-only mode streams rows to a temporary file as they come, so
memory stays flat whatever the number of rows; the finished file is then
streamed to the browser.
"""

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Number formats by kind of column; text and numbers need none.
FORMATS = {
    "datetime": "yyyy-mm-dd hh:mm",
    "date": "yyyy-mm-dd",
    "duration": "[h]:mm",
    "percent": "0.0%",
    "decimal": "0.0",
    "money": "#,##0.00",
}
WIDTHS = {
    "datetime": 17,
    "date": 12,
    "duration": 9,
    "percent": 9,
    "decimal": 9,
    "number": 9,
    "money": 12,
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    header: str
    kind: str = "text"  # text, number, decimal, money, percent, date, datetime, duration
    width: int | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def write_workbook(sheets: Iterable[Sheet], file) -> None:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        # Excel refuses sheet titles longer than 31 characters or with []:*?/\.
        title = "".join(c for c in sheet.title if c not in "[]:*?/\\")[:31]
        worksheet = workbook.create_sheet(title)
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            width = column.width or WIDTHS.get(column.kind, max(12, len(column.header) + 2))
            worksheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(worksheet, column.header)
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        formats = [FORMATS.get(column.kind) for column in sheet.columns]
        count = 0
        for row in sheet.rows:
            worksheet.append(_cells(worksheet, row, formats))
            count += 1
        last = get_column_letter(len(sheet.columns))
        worksheet.auto_filter.ref = f"A1:{last}{count + 1}"
    if not workbook.worksheets:
        workbook.create_sheet()
    workbook.save(file)


def _cells(worksheet, row: Sequence, formats: Sequence[str | None]) -> list:
    cells = []
    for value, number_format in zip(row, formats, strict=True):
        if number_format is None or value is None or value == "":
            cells.append(value)
            continue
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise ValueError("spreadsheets have no time zones: give local, naive times")
        cell = WriteOnlyCell(worksheet, value)
        cell.number_format = number_format
        cells.append(cell)
    return cells


def xlsx_response(sheets: Iterable[Sheet], filename: str) -> FileResponse:
    """The workbook as a download, written to a temporary file first (bounded memory)."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_workbook(sheets, file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def minutes(value: int | None) -> timedelta | None:
    """A duration in minutes as a cell Excel adds up as time ([h]:mm)."""
    return None if value is None else timedelta(minutes=value)
