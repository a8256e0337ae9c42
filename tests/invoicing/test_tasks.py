"""The monthly run: on the first of the month, the previous month is
invoiced, once, whatever the number of runs."""

from datetime import date, datetime

from relais.bookings.models import Booking
from relais.invoicing.models import Invoice
from relais.invoicing.tasks import invoice_previous_month, monthly_invoice_run, previous_month
from tests.bookings.helpers import at
from tests.invoicing.helpers import all_tariffs, validated


def test_the_previous_month():
    assert previous_month(date(2030, 7, 1)) == (date(2030, 6, 1), date(2030, 6, 30))
    assert previous_month(date(2031, 1, 1)) == (date(2030, 12, 1), date(2030, 12, 31))
    assert previous_month(date(2032, 3, 1)) == (date(2032, 2, 1), date(2032, 2, 29))


def test_the_job_invoices_the_previous_month_once(
    org_a, code_a, requester_a, arabic, ilham, coordinator
):
    all_tariffs()
    june = validated(org_a, code_a, requester_a, arabic, ilham, coordinator)
    july = validated(org_a, code_a, requester_a, arabic, ilham, coordinator, day="2030-07-01")
    # Just after midnight in Brussels, still 30 June in UTC.
    result = invoice_previous_month(now=at("2030-07-01", "00:30"))
    (invoice,) = result.invoices
    assert (invoice.period_start, invoice.period_end) == (date(2030, 6, 1), date(2030, 6, 30))
    assert invoice.issued_by is None
    assert invoice_previous_month(now=at("2030-07-01", "06:00")).invoices == []
    june.refresh_from_db()
    july.refresh_from_db()
    assert (june.status, july.status) == (Booking.Status.INVOICED, Booking.Status.VALIDATED)
    assert Invoice.objects.count() == 1


def test_the_job_is_scheduled_on_the_first_day_early_in_the_morning():
    validate = monthly_invoice_run.task_class().validate_datetime
    assert validate(datetime(2030, 7, 1, 4, 30))
    assert not validate(datetime(2030, 7, 2, 4, 30))
    assert not validate(datetime(2030, 7, 1, 12, 0))
