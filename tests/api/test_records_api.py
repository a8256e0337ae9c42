"""Service records through the API: the institution's records awaiting
validation, validate, contest; another institution's are a 404, and a record
answered already is a 409."""

from datetime import timedelta

import pytest

from relais.bookings.models import Booking
from relais.records.models import ServiceRecord
from relais.records.services import save_record, submit_record
from tests.api.conftest import ApiClient
from tests.bookings.helpers import MONDAY
from tests.invoicing.helpers import confirmed

Status = ServiceRecord.Status


def submitted(org, code, requester, language, interpreter, coordinator, *, hour="10:00"):
    """A service performed for an hour and submitted by its interpreter."""
    booking = confirmed(org, code, requester, language, coordinator, day=MONDAY, hour=hour)
    end = booking.start + timedelta(minutes=60)
    values = {"outcome": "performed", "started_at": booking.start, "ended_at": end}
    later = end + timedelta(minutes=5)
    record = save_record(booking=booking, by=interpreter.user, values=values, now=later)
    return submit_record(record=record, by=interpreter.user, now=later)


@pytest.fixture
def record_a(org_a, code_a, requester_a, arabic, arabic_interpreter, coordinator):
    return submitted(org_a, code_a, requester_a, arabic, arabic_interpreter, coordinator)


@pytest.fixture
def record_b(org_b, code_b, requester_b, arabic, arabic_interpreter, coordinator):
    return submitted(
        org_b, code_b, requester_b, arabic, arabic_interpreter, coordinator, hour="15:00"
    )


def test_it_lists_the_records_awaiting_the_institution(api_a, record_a, record_b):
    response = api_a.get("/records")
    assert response.status_code == 200
    (row,) = response.json()
    assert (row["id"], row["request_id"], row["status"]) == (
        record_a.pk,
        record_a.booking_id,
        "submitted",
    )
    assert row["started_at"] == record_a.started_at.isoformat().replace("+00:00", "Z")
    assert row["validation_due_at"] is not None


def test_it_validates_a_record(api_a, record_a, manager_a):
    response = api_a.post(f"/records/{record_a.pk}/validate")
    assert response.status_code == 200
    assert response.json()["status"] == "validated"
    record_a.refresh_from_db()
    assert (record_a.status, record_a.validated_by) == (Status.VALIDATED, manager_a)
    assert record_a.booking.status == Booking.Status.VALIDATED
    assert api_a.get("/records").json() == []


def test_a_second_answer_is_a_conflict(api_a, record_a):
    api_a.post(f"/records/{record_a.pk}/validate")
    for action, body in [("validate", None), ("contest", {"reason": "Trop long"})]:
        response = api_a.post(f"/records/{record_a.pk}/{action}", body)
        assert response.status_code == 409
        assert response.json()["code"] == "validated"


def test_it_contests_a_record_with_a_proposal(api_a, record_a, manager_a):
    start = record_a.started_at
    response = api_a.post(
        f"/records/{record_a.pk}/contest",
        {
            "reason": "L'interprète est parti à 10h30.",
            "proposed_started_at": start.isoformat(),
            "proposed_ended_at": (start + timedelta(minutes=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.json()["status"] == "contested"
    record_a.refresh_from_db()
    assert (record_a.status, record_a.contested_by) == (Status.CONTESTED, manager_a)
    assert record_a.contest_reason == "L'interprète est parti à 10h30."
    assert record_a.proposed_ended_at == start + timedelta(minutes=30)


def test_a_contest_needs_a_reason_and_a_sensible_proposal(api_a, record_a):
    start = record_a.started_at
    for body in [
        {},
        {"reason": ""},
        {"reason": "   "},
        {"reason": "x", "unknown": 1},
        {"reason": "x", "proposed_started_at": "yesterday"},
        {
            "reason": "x",
            "proposed_started_at": start.isoformat(),
            "proposed_ended_at": (start - timedelta(minutes=1)).isoformat(),
        },
    ]:
        response = api_a.post(f"/records/{record_a.pk}/contest", body)
        assert response.status_code == 422, body
        assert response.json()["fields"]
    record_a.refresh_from_db()
    assert record_a.status == Status.SUBMITTED


def test_another_institutions_record_is_not_found(api_a, api_b, record_a, record_b):
    for api, record in [(api_a, record_b), (api_b, record_a)]:
        for action, body in [("validate", None), ("contest", {"reason": "Non"})]:
            response = api.post(f"/records/{record.pk}/{action}", body)
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"
    for record in (record_a, record_b):
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED
    assert [row["id"] for row in api_b.get("/records").json()] == [record_b.pk]


def test_a_record_of_the_creators_other_institution_is_not_found(
    org_a, org_b, manager_a, record_b, api_a
):
    """The token acts for its institution, whatever else its creator belongs to."""
    from relais.organisations.models import Membership

    Membership.objects.create(user=manager_a, organisation=org_b)
    assert api_a.get("/records").json() == []
    assert api_a.post(f"/records/{record_b.pk}/validate").status_code == 404


def test_an_unknown_or_silly_id_is_not_found_or_refused(api_a, record_a):
    assert api_a.post(f"/records/{record_a.pk + 1000}/validate").status_code == 404
    assert api_a.post("/records/0/validate").status_code == 422
    assert api_a.post("/records/abc/validate").status_code == 422


def test_it_needs_a_token():
    anonymous = ApiClient(None)
    assert anonymous.get("/records").status_code == 401
    assert anonymous.post("/records/1/validate").status_code == 401
