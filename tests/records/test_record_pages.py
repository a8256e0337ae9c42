"""The records' pages: the interpreter records on their portal, the contact
person validates or contests from the Validation tab, a coordinator settles."""

from relais.bookings.models import Booking
from relais.records.models import ServiceRecord
from relais.records.services import contest_record, save_record, submit_record
from tests.bookings.helpers import MONDAY, at
from tests.conftest import client_for, in_language, page_text

RECORD = {"outcome": "performed", "arrived_at": "09:55", "started_at": "10:00", "ended_at": "11:05"}


def test_the_interpreter_records_from_the_portal(service, ilham, time_machine):
    time_machine.move_to(at(MONDAY, "12:00"))
    client = client_for(ilham.user)
    portal = page_text(client.get("/interpreters/me/"))
    assert f"/records/{service.pk}/" in portal
    response = client.post(f"/records/{service.pk}/", RECORD | {"submit": "1"})
    assert response["Location"] == "/interpreters/me/"
    record = ServiceRecord.objects.get()
    assert (record.status, record.ended_at) == (ServiceRecord.Status.SUBMITTED, at(MONDAY, "11:05"))
    assert f"/records/{service.pk}/" not in page_text(client.get("/interpreters/me/"))


def test_nonsense_times_are_refused_on_the_page(service, ilham, time_machine):
    time_machine.move_to(at(MONDAY, "12:00"))
    response = client_for(ilham.user).post(
        f"/records/{service.pk}/", RECORD | {"ended_at": "09:00", "submit": "1"}
    )
    assert response.status_code == 200
    assert in_language("fr", "The end must come after the start.") in page_text(response)
    assert not ServiceRecord.objects.exists()


def test_a_draft_is_kept_until_submitted(service, ilham, time_machine):
    time_machine.move_to(at(MONDAY, "12:00"))
    client_for(ilham.user).post(f"/records/{service.pk}/", RECORD | {"save": "1"})
    assert ServiceRecord.objects.get().status == ServiceRecord.Status.DRAFT
    assert Booking.objects.get(pk=service.pk).status == Booking.Status.CONFIRMED


def submitted(service, ilham):
    record = save_record(
        booking=service,
        by=ilham.user,
        values={
            "outcome": "performed",
            "started_at": at(MONDAY, "10:00"),
            "ended_at": at(MONDAY, "11:05"),
        },
        now=at(MONDAY, "12:00"),
    )
    return submit_record(record=record, by=ilham.user, now=at(MONDAY, "12:00"))


def test_the_contact_person_validates_from_the_tab(service, ilham, requester_a, time_machine):
    record = submitted(service, ilham)
    time_machine.move_to(at(MONDAY, "14:00"))
    client = client_for(requester_a)
    page = page_text(client.get("/records/validation/"))
    assert "10:00\N{EN DASH}11:05" in page
    assert in_language("fr", "Validation") in page  # the tab
    response = client.post(f"/records/record/{record.pk}/validate/")
    assert response["Location"] == "/records/validation/"
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.VALIDATED
    # Validating twice: a clear message, nothing changed.
    page = page_text(client.post(f"/records/record/{record.pk}/validate/", follow=True))
    assert in_language("fr", "This record is already validated.") in page


def test_contest_needs_a_reason(service, ilham, requester_a):
    record = submitted(service, ilham)
    response = client_for(requester_a).post(f"/records/record/{record.pk}/contest/", {})
    assert in_language("fr", "Say what is wrong with the record.") in page_text(response)
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.SUBMITTED


def test_a_coordinator_settles_from_the_contests_page(service, ilham, requester_a, coordinator):
    record = submitted(service, ilham)
    contest_record(record=record, by=requester_a, reason="Fin à 10:50", proposed={})
    client = client_for(coordinator)
    page = page_text(client.get("/records/contests/"))
    assert "Fin à 10:50" in page
    client.post(
        f"/records/record/{record.pk}/resolve/",
        {"decision": "other", "ended_at": "10:50", "comment": "Vérifié avec l'interprète"},
    )
    record.refresh_from_db()
    assert (record.status, record.ended_at) == (
        ServiceRecord.Status.VALIDATED,
        at(MONDAY, "10:50"),
    )


def test_nobody_else_answers_or_records(service, ilham, requester_b, interpreter, requester_a):
    record = submitted(service, ilham)
    for user in (requester_b, interpreter):
        client = client_for(user)
        assert client.post(f"/records/record/{record.pk}/validate/").status_code == 404
        assert client.get(f"/records/record/{record.pk}/contest/").status_code == 404
    assert client_for(requester_a).get(f"/records/{service.pk}/").status_code == 404
    assert client_for(requester_a).get("/records/contests/").status_code == 404
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.SUBMITTED
