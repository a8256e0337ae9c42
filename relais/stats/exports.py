"""Exactly the rows "All requests" shows (same filters, same order), as .xlsx or .csv.

Rows are read with ``values_list(...).iterator()``: plain tuples fetched in
chunks, never model instances or the whole result in memory.
"""

import csv
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.bookings.models import Booking
from relais.interpreters.models import Language, Modality
from relais.lib.xlsx import Column, Sheet, minutes, xlsx_response

CHUNK = 2000


def columns() -> list[Column]:
    return [
        Column(_("Number"), "number"),
        Column(_("Date and time"), "datetime"),
        Column(_("Duration"), "duration"),
        Column(_("Type of service"), width=16),
        Column(_("Language"), width=16),
        Column(_("Alternative language"), width=16),
        Column(_("Institution"), width=28),
        Column(_("Billing code"), width=14),
        Column(_("Contact person"), width=22),
        Column(_("Place of service"), width=24),
        Column(_("Internal reference"), width=18),
        Column(_("Status"), width=16),
        Column(_("Late cancellation"), width=10),
        Column(_("Submitted at"), "datetime"),
    ]


def rows(requests) -> Iterator[tuple]:
    """The export's rows, typed for a spreadsheet: local naive times, durations, labels."""
    name = Language.name_field()
    statuses = dict(Booking.Status.choices)
    types = dict(Modality.choices)
    yes, no = _("yes"), _("no")
    values = requests.values_list(
        "pk",
        "start",
        "duration_minutes",
        "modality",
        f"language__{name}",
        f"alt_language__{name}",
        "organisation__name",
        "billing_code__code",
        "contact__full_name",
        "place__name",
        "internal_reference",
        "status",
        "late_cancellation",
        "submitted_at",
    )
    for (
        pk,
        start,
        duration,
        modality,
        language,
        alt_language,
        organisation,
        code,
        contact,
        place,
        reference,
        status,
        late,
        submitted_at,
    ) in values.iterator(chunk_size=CHUNK):
        yield (
            pk,
            _local(start),
            minutes(duration),
            str(types.get(modality, modality)),
            language or "",
            alt_language or "",
            organisation,
            code or "",
            contact or "",
            place or "",
            reference,
            str(statuses.get(status, status)),
            yes if late else no,
            _local(submitted_at),
        )


def _local(moment):
    # Spreadsheets have no time zones: the Brussels wall clock people booked with.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def filename(extension: str) -> str:
    return f"{_('requests')}-{timezone.localdate():%Y-%m-%d}.{extension}"


def xlsx_export(requests):
    sheet = Sheet(_("Requests"), columns(), rows(requests))
    return xlsx_response([sheet], filename("xlsx"))


class _Echo:
    """csv.writer writes into this and gets the line back, to stream it."""

    def write(self, value):
        return value


def csv_export(requests) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")
    heads = [column.header for column in columns()]

    def lines():
        # A byte order mark, so that Excel reads the file as UTF-8; ";" is the
        # list separator of Belgian spreadsheets.
        yield "\ufeff" + writer.writerow(heads)
        for row in rows(requests):
            yield writer.writerow(_text(value) for value in row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename("csv")}"'
    return response


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "total_seconds"):
        total = int(value.total_seconds()) // 60
        return f"{total // 60}:{total % 60:02d}"
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)
