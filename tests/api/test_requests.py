"""Sending, reading, changing and cancelling requests through the API."""

import uuid

from relais.bookings.models import Booking, BookingEvent
from tests.api.conftest import request_body


def test_a_request_sent_through_the_api_holds_an_interpreter(
    api_a, org_a, code_a, manager_a, arabic_interpreter
):
    response = api_a.post("/requests", request_body(org_a, code_a))

    assert response.status_code == 201, response.content
    data = response.json()
    booking = Booking.objects.get(pk=data["id"])
    assert booking.status == Booking.Status.RECEIVED
    assert booking.organisation == org_a and booking.created_by == manager_a
    assert booking.contact == manager_a
    assert booking.assignments.filter(released_at=None, interpreter=arabic_interpreter).exists()
    assert data["status"] == "received" and data["language"] == "ar"
    assert data["internal_reference"] == "DOS-42"
    assert data["start"].startswith("2030-06-03T08:00:00")
    assert booking.events.get().action == BookingEvent.Action.SUBMITTED


def test_nobody_free_fails_by_default_and_saves_nothing(api_a, org_a, code_a, arabic):
    response = api_a.post("/requests", request_body(org_a, code_a))

    assert response.status_code == 409
    assert response.json()["code"] == "no_interpreter_free"
    assert not Booking.objects.exists()


def test_nobody_free_can_wait_on_the_waiting_list(api_a, org_a, code_a, arabic):
    response = api_a.post("/requests", request_body(org_a, code_a, if_unavailable="waitlist"))

    assert response.status_code == 201
    assert Booking.objects.get().status == Booking.Status.WAITLISTED
    assert response.json()["status"] == "waitlisted"


def test_the_rules_of_the_wizard_apply_with_messages_per_field(api_a, org_a, code_a, arabic):
    body = request_body(
        org_a, code_a, start="2030-06-01T10:00:00+02:00", onsite_contact_name="", language="zz"
    )
    response = api_a.post("/requests", body, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "invalid"
    assert set(error["fields"]) >= {"start", "onsite_contact_name", "language"}
    assert "jours ouvrables" in error["fields"]["start"][0]
    assert not Booking.objects.exists()


def test_another_institutions_code_place_or_contact_is_refused(
    api_a, org_a, org_b, code_a, code_b, requester_b, arabic
):
    from relais.organisations.models import Place

    place_b = Place.objects.create(
        organisation=org_b, name="B", street="Rue Haute 1", postcode="1000", commune="Bruxelles"
    )
    body = request_body(
        org_a, code_a, billing_code=code_b.pk, place=place_b.pk, contact=requester_b.pk
    )
    response = api_a.post("/requests", body)

    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"billing_code", "place", "contact"}
    assert not Booking.objects.exists()


def test_the_same_idempotency_key_replays_the_first_answer(
    api_a, org_a, code_a, arabic_interpreter
):
    key = str(uuid.uuid4())
    body = request_body(org_a, code_a)
    first = api_a.post("/requests", body, HTTP_IDEMPOTENCY_KEY=key)
    again = api_a.post("/requests", body, HTTP_IDEMPOTENCY_KEY=key)

    assert first.status_code == again.status_code == 201, again.content
    assert first.json() == again.json()
    assert Booking.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_a_conflict(
    api_a, org_a, code_a, arabic_interpreter
):
    key = str(uuid.uuid4())
    api_a.post("/requests", request_body(org_a, code_a), HTTP_IDEMPOTENCY_KEY=key)
    response = api_a.post(
        "/requests", request_body(org_a, code_a, duration_minutes=90), HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert Booking.objects.count() == 1
    assert Booking.objects.get().duration_minutes == 60


def _sent(api, organisation, code, **overrides) -> int:
    response = api.post("/requests", request_body(organisation, code, **overrides))
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_read_one_request(api_a, org_a, code_a, arabic_interpreter):
    pk = _sent(api_a, org_a, code_a)

    response = api_a.get(f"/requests/{pk}")

    assert response.status_code == 200
    assert response.json()["id"] == pk
    assert response.json()["url"].endswith(f"/requests/{pk}/")


def test_change_a_request_keeps_the_interpreter_when_still_free(
    api_a, org_a, code_a, arabic_interpreter
):
    pk = _sent(api_a, org_a, code_a)

    response = api_a.patch(f"/requests/{pk}", {"duration_minutes": 90})

    assert response.status_code == 200, response.content
    booking = Booking.objects.get(pk=pk)
    assert booking.duration_minutes == 90
    assert booking.assignments.filter(released_at=None, interpreter=arabic_interpreter).exists()
    assert booking.events.latest("at").action == BookingEvent.Action.CHANGED


def test_a_change_to_nothing_or_to_a_bad_value_changes_nothing(
    api_a, org_a, code_a, arabic_interpreter
):
    pk = _sent(api_a, org_a, code_a)

    empty = api_a.patch(f"/requests/{pk}", {})
    sunday = api_a.patch(f"/requests/{pk}", {"start": "2030-06-02T10:00:00+02:00"})

    assert empty.status_code == 422
    assert sunday.status_code == 422 and "start" in sunday.json()["fields"]
    assert Booking.objects.get(pk=pk).start.isoformat().startswith("2030-06-03T08:00")


def test_cancel_a_request(api_a, org_a, code_a, arabic_interpreter, sent_emails):
    pk = _sent(api_a, org_a, code_a)

    response = api_a.post(f"/requests/{pk}/cancel", {"reason": "The appointment moved."})
    again = api_a.post(f"/requests/{pk}/cancel", {"reason": "Twice."})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    booking = Booking.objects.get(pk=pk)
    assert booking.status == Booking.Status.CANCELLED
    assert not booking.assignments.filter(released_at=None).exists()
    assert again.status_code == 409 and again.json()["code"] == "cancelled"


def test_cancel_needs_a_reason(api_a, org_a, code_a, arabic_interpreter):
    pk = _sent(api_a, org_a, code_a)

    response = api_a.post(f"/requests/{pk}/cancel", {"reason": ""})

    assert response.status_code == 422 and "reason" in response.json()["fields"]
    assert Booking.objects.get(pk=pk).status == Booking.Status.RECEIVED


def test_list_with_the_filters_of_all_requests(api_a, org_a, code_a, arabic_interpreter, tigrinya):
    first = _sent(api_a, org_a, code_a, internal_reference="DOS-1")
    second = _sent(
        api_a, org_a, code_a, internal_reference="DOS-2", language="ti", if_unavailable="waitlist"
    )

    everything = api_a.get("/requests").json()
    waiting = api_a.get("/requests", {"status": "waitlisted"}).json()
    tigrinya_only = api_a.get("/requests", {"language": "ti"}).json()
    by_reference = api_a.get("/requests", {"q": "DOS-1"}).json()
    by_number = api_a.get("/requests", {"q": f"#{second}", "sort": "number"}).json()

    assert everything["count"] == 2 and everything["pages"] == 1
    assert [row["id"] for row in waiting["results"]] == [second]
    assert [row["id"] for row in tigrinya_only["results"]] == [second]
    assert [row["id"] for row in by_reference["results"]] == [first]
    assert [row["id"] for row in by_number["results"]] == [second]


def test_list_refuses_bad_filters(api_a):
    bad_sort = api_a.get("/requests", {"sort": "password"})
    bad_dates = api_a.get("/requests", {"date_from": "2030-02-01", "date_to": "2030-01-01"})
    bad_status = api_a.get("/requests", {"status": "nope"})

    assert bad_sort.status_code == 422 and "sort" in bad_sort.json()["fields"]
    assert bad_dates.status_code == 422 and "date_to" in bad_dates.json()["fields"]
    assert bad_status.status_code == 422 and "status" in bad_status.json()["fields"]
