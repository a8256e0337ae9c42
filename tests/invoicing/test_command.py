"""`manage.py invoice_run`: a preview by default, the run with --issue."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from relais.invoicing.models import Invoice
from tests.invoicing.helpers import all_tariffs, validated


def run_command(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("invoice_run", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_preview_then_issue(org_a, code_a, requester_a, arabic, ilham, coordinator, time_machine):
    all_tariffs()
    validated(org_a, code_a, requester_a, arabic, ilham, coordinator)
    time_machine.move_to("2030-07-01 08:00 +02:00")
    out, err = run_command("2030-06")
    assert "CPAS de Saint-Gilles  2 lines  60.00 €" in out
    assert err == ""
    assert Invoice.objects.count() == 0
    out, _ = run_command("2030-06", "--issue")
    assert "2030-00001  CPAS de Saint-Gilles  60.00 €" in out
    assert Invoice.objects.count() == 1


def test_bad_month_or_open_period(db, time_machine):
    time_machine.move_to("2030-06-15 08:00 +02:00")
    with pytest.raises(CommandError):
        run_command("June")
    with pytest.raises(CommandError):
        run_command("2030-06", "--issue")
