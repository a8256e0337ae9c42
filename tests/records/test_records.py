"""The digital service slip: the interpreter records, the institution validates
or contests within the delay, the sweep validates the rest exactly once, a
coordinator settles contests."""

from datetime import timedelta
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relais.bookings.models import Booking, BookingEvent
from relais.bookings.services import cancel_booking, confirm_booking, submit_booking
from relais.notifications.models import OutboxEmail
from relais.records.models import ServiceRecord
from relais.records.services import (
    contest_record,
    correct_record,
    resolve_contest,
    save_record,
    submit_record,
    validate_record,
)
from relais.records.tasks import missing_records, remind_missing, validate_due
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter
from tests.conftest import client_for, in_language, page_text
from tests.threads import results, run_together

AFTER = at(MONDAY, "11:30")
PERFORMED = {
    "outcome": "performed",
    "arrived_at": at(MONDAY, "09:50"),
    "started_at": at(MONDAY, "10:05"),
    "ended_at": at(MONDAY, "11:10"),
}
Action = BookingEvent.Action


def submitted(service, ilham, now=AFTER):
    record = save_record(booking=service, by=ilham.user, values=PERFORMED, now=now)
    return submit_record(record=record, by=ilham.user, now=now)


def test_the_interpreter_records_and_submits(service, ilham, requester_a):
    record = submitted(service, ilham)
    assert record.status == ServiceRecord.Status.SUBMITTED
    assert record.validation_due_at == AFTER + timedelta(hours=48)
    service.refresh_from_db()
    assert service.status == Booking.Status.PERFORMED
    assert record.billable_minutes == 80  # from arrival, waiting included
    email = OutboxEmail.objects.get(template="record_to_validate")
    assert email.to == requester_a.email
    assert "/records/validation/" in email.body_text


def test_a_draft_can_be_rewritten_until_submitted(service, ilham):
    save_record(booking=service, by=ilham.user, values=PERFORMED, now=AFTER)
    record = save_record(
        booking=service, by=ilham.user, values={"ended_at": at(MONDAY, "11:20")}, now=AFTER
    )
    assert record.ended_at == at(MONDAY, "11:20")
    submit_record(record=record, by=ilham.user, now=AFTER)
    with pytest.raises(ValidationError):
        save_record(booking=service, by=ilham.user, values=PERFORMED, now=AFTER)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ended_at": at(MONDAY, "10:00")}, "ended_at"),  # before the start
        ({"arrived_at": at(MONDAY, "10:30")}, "arrived_at"),  # after the start
        ({"started_at": at("2030-06-02", "23:00")}, "started_at"),  # another day
        ({"services_count": 3}, "services_count"),  # not a standing shift
        ({"outcome": "not_performed"}, "not_performed_reason"),
    ],
)
def test_times_must_make_sense(service, ilham, values, field):
    with pytest.raises(ValidationError) as refused:
        save_record(booking=service, by=ilham.user, values=PERFORMED | values, now=AFTER)
    assert field in refused.value.error_dict
    assert not ServiceRecord.objects.exists()


def test_a_negative_count_is_refused(service, ilham):
    Booking.objects.filter(pk=service.pk).update(modality="permanence")
    service.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        save_record(
            booking=service, by=ilham.user, values=PERFORMED | {"services_count": -2}, now=AFTER
        )
    assert "services_count" in refused.value.error_dict


def test_not_performed_with_a_reason(service, ilham):
    record = save_record(
        booking=service,
        by=ilham.user,
        values={"outcome": "not_performed", "not_performed_reason": "beneficiary_absent"},
        now=AFTER,
    )
    assert (record.started_at, record.billable_minutes) == (None, 60)


def test_only_the_interpreter_of_the_service_records_it(service, requester_a, arabic):
    other = make_interpreter("other@example.org", arabic)
    for intruder in (other.user, requester_a):
        with pytest.raises(PermissionDenied):
            save_record(booking=service, by=intruder, values=PERFORMED, now=AFTER)


def test_no_record_for_a_cancelled_request_or_before_the_service(service, ilham, requester_a):
    with pytest.raises(ValidationError):
        save_record(booking=service, by=ilham.user, values=PERFORMED, now=at(MONDAY, "09:00"))
    cancel_booking(booking=service, by=requester_a, reason="Reporté", now=at("2030-05-27", "09:00"))
    with pytest.raises(ValidationError) as refused:
        save_record(booking=service, by=ilham.user, values=PERFORMED, now=AFTER)
    assert refused.value.messages == [
        in_language("fr", "This request was cancelled: there is nothing to record.")
    ]


def test_the_institution_validates_once(service, ilham, requester_a, manager_a):
    record = submitted(service, ilham)
    validate_record(record=record, by=requester_a, now=AFTER)
    service.refresh_from_db()
    assert service.status == Booking.Status.VALIDATED
    event = service.history.last()
    assert (event.action, event.actor) == (Action.VALIDATED, requester_a)
    for again in (
        lambda: validate_record(record=record, by=manager_a, now=AFTER),
        lambda: contest_record(record=record, by=manager_a, reason="x", proposed={}, now=AFTER),
    ):
        with pytest.raises(ValidationError) as refused:
            again()
        assert refused.value.messages == [in_language("fr", "This record is already validated.")]


def test_another_institution_cannot_answer(service, ilham, requester_b):
    record = submitted(service, ilham)
    with pytest.raises(PermissionDenied):
        validate_record(record=record, by=requester_b, now=AFTER)
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.SUBMITTED


def test_a_contest_then_the_coordinator_settles_it(service, ilham, requester_a, coordinator):
    record = submitted(service, ilham)
    contest_record(
        record=record,
        by=requester_a,
        reason="Arrivée à 10:15",
        proposed={"started_at": at(MONDAY, "10:15"), "ended_at": at(MONDAY, "11:10")},
        now=AFTER,
    )
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.CONTESTED
    assert OutboxEmail.objects.filter(template="record_contested_team").exists()
    # A contested record is not validated by the sweep.
    assert validate_due(now=AFTER + timedelta(days=3)) == 0
    resolve_contest(
        record=record, by=coordinator, decision="accept", comment="Correction acceptée", now=AFTER
    )
    record.refresh_from_db()
    assert (record.status, record.started_at) == (
        ServiceRecord.Status.VALIDATED,
        at(MONDAY, "10:15"),
    )
    assert [e.action for e in service.history][-3:] == [
        Action.CONTESTED,
        Action.RESOLVED,
        Action.VALIDATED,
    ]
    assert OutboxEmail.objects.filter(template="contest_resolved").count() == 2


def test_only_coordinators_settle_and_with_a_comment(service, ilham, requester_a, coordinator):
    record = submitted(service, ilham)
    contest_record(record=record, by=requester_a, reason="Trop long", proposed={}, now=AFTER)
    with pytest.raises(PermissionDenied):
        resolve_contest(record=record, by=requester_a, decision="keep", comment="x")
    with pytest.raises(ValidationError):
        resolve_contest(record=record, by=coordinator, decision="keep", comment=" ")
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.CONTESTED


def test_48_hours_without_answer_validate_it_automatically(service, ilham):
    record = submitted(service, ilham)
    assert validate_due(now=AFTER + timedelta(hours=47, minutes=59)) == 0
    assert validate_due(now=AFTER + timedelta(hours=48)) == 1
    assert validate_due(now=AFTER + timedelta(hours=49)) == 0
    record.refresh_from_db()
    assert (record.status, record.validated_by) == (ServiceRecord.Status.VALIDATED, None)
    event = service.history.last()
    assert (event.action, event.actor) == (Action.VALIDATED, None)


def test_the_delay_counts_real_hours_across_the_clock_change(
    org_a, code_a, requester_a, arabic, ilham, coordinator, time_machine
):
    """Submitted on Friday 25 October 2030 at 15:00 (summer time): 48 hours later
    is Sunday 27 October at 14:00 winter time, as the clocks went back that night.
    The clock itself moves: the services and the sweep read the time as in production."""
    time_machine.move_to(at("2030-10-01", "09:00"), tick=False)
    friday = submit_booking(
        booking=draft(org_a, code_a, requester_a, arabic, start=at("2030-10-25", "13:00")),
        by=requester_a,
    )
    confirm_booking(booking=friday, by=coordinator)
    time_machine.move_to(at("2030-10-25", "15:00"), tick=False)
    values = PERFORMED | {
        "arrived_at": None,
        "started_at": at("2030-10-25", "13:00"),
        "ended_at": at("2030-10-25", "14:00"),
    }
    record = submit_record(
        record=save_record(booking=friday, by=ilham.user, values=values), by=ilham.user
    )
    assert record.validation_due_at == at("2030-10-27", "14:00")
    time_machine.move_to(at("2030-10-27", "13:59"), tick=False)
    assert validate_due() == 0
    time_machine.move_to(at("2030-10-27", "14:00"), tick=False)
    assert validate_due() == 1
    record.refresh_from_db()
    assert record.validated_at == at("2030-10-27", "14:00")


@pytest.mark.django_db(transaction=True)
def test_two_workers_validate_once(org_a, code_a, requester_a, arabic, coordinator):
    ilham = make_interpreter("ilham@example.org", arabic)
    service = confirm_booking(
        booking=submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a),
        by=coordinator,
    )
    submitted(service, ilham)
    later = AFTER + timedelta(days=3)
    outcomes = run_together(partial(validate_due, now=later), partial(validate_due, now=later))
    assert sorted(results(outcomes)) == [0, 1]
    assert service.events.filter(action=Action.VALIDATED).count() == 1


def test_interpreters_are_reminded_of_missing_records_once(service, ilham):
    assert remind_missing(now=at(MONDAY, "20:00")) == 0  # not 24 hours yet
    assert missing_records(now=at(MONDAY, "20:00")) == [service]
    assert remind_missing(now=at("2030-06-04", "11:00")) == 1
    assert remind_missing(now=at("2030-06-04", "12:00")) == 0
    assert OutboxEmail.objects.get(template="record_missing").to == ilham.user.email
    submitted(service, ilham, now=at("2030-06-04", "12:00"))
    assert missing_records(now=at("2030-06-04", "12:00")) == []


def test_only_a_coordinator_corrects_a_validated_record_with_a_reason(
    service, ilham, requester_a, coordinator
):
    record = submitted(service, ilham)
    validate_record(record=record, by=requester_a, now=AFTER)
    with pytest.raises(ValidationError):
        save_record(booking=service, by=ilham.user, values=PERFORMED, now=AFTER)
    with pytest.raises(PermissionDenied):
        correct_record(record=record, by=requester_a, values={}, reason="x")
    with pytest.raises(ValidationError):
        correct_record(
            record=record, by=coordinator, values={"ended_at": at(MONDAY, "11:00")}, reason=" "
        )
    correct_record(
        record=record,
        by=coordinator,
        values={"ended_at": at(MONDAY, "11:00")},
        reason="Heure de fin vérifiée",
        now=AFTER + timedelta(hours=1),
    )
    record.refresh_from_db()
    assert record.ended_at == at(MONDAY, "11:00")
    event = service.history.last()
    assert (event.action, event.reason) == (Action.RECORD_CORRECTED, "Heure de fin vérifiée")


def test_an_invoiced_record_is_corrected_by_a_credit_note_only(
    service, ilham, requester_a, coordinator
):
    record = submitted(service, ilham)
    validate_record(record=record, by=requester_a, now=AFTER)
    # Invoiced meanwhile (the invoice run changes the request's status only).
    Booking.objects.filter(pk=service.pk).update(status=Booking.Status.INVOICED)
    with pytest.raises(ValidationError, match="pas encore facturé"):
        correct_record(
            record=record, by=coordinator, values={"ended_at": at(MONDAY, "11:00")}, reason="x"
        )
    record.refresh_from_db()
    assert record.ended_at != at(MONDAY, "11:00")


def test_validated_services_and_late_cancellations_are_to_invoice(
    service, ilham, requester_a, coordinator
):
    record = submitted(service, ilham)
    validate_record(record=record, by=requester_a, now=AFTER)
    page = page_text(client_for(coordinator).get("/records/to-invoice/"))
    assert "CPAS-SG-01" in page
    assert ">80<" in page  # billable minutes, from the arrival at 09:50 to 11:10
    assert client_for(requester_a).get("/records/to-invoice/").status_code == 404
