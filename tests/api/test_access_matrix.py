"""The API access matrix: a token of institution A never reads or changes
anything of B. Each of B's ids answers exactly as an id that does not exist."""

import pytest

from relais.bookings.models import Booking, BookingEvent
from relais.bookings.services import submit_booking
from relais.organisations.models import Place
from tests.api.conftest import request_body
from tests.bookings.helpers import draft, make_interpreter

MISSING = 987654


@pytest.fixture
def booking_b(org_b, code_b, requester_b, arabic):
    make_interpreter("b.interpreter@example.org", arabic)
    Place.objects.create(
        organisation=org_b,
        name="Consultations",
        street="Rue Haute 322",
        postcode="1000",
        commune="Bruxelles",
        is_official=False,
    )
    booking = draft(org_b, code_b, requester_b, arabic, place=org_b.places.order_by("pk").first())
    return submit_booking(booking=booking, by=requester_b)


def _snapshot():
    return (
        list(Booking.objects.order_by("pk").values()),
        BookingEvent.objects.count(),
    )


CHANGE = {"duration_minutes": 90}
CANCEL = {"reason": "Test"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/requests/{id}", None),
        ("patch", "/requests/{id}", CHANGE),
        ("post", "/requests/{id}/cancel", CANCEL),
    ],
)
def test_bs_request_is_404_exactly_as_a_missing_one(api_a, booking_b, method, path, body):
    before = _snapshot()
    send = getattr(api_a, method)
    args = (body,) if body is not None else ()

    theirs = send(path.format(id=booking_b.pk), *args)
    missing = send(path.format(id=MISSING), *args)

    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert _snapshot() == before


def test_the_list_never_shows_bs_requests(api_a, booking_b):
    everything = api_a.get("/requests").json()
    by_number = api_a.get("/requests", {"q": str(booking_b.pk)}).json()

    assert everything["count"] == 0 and by_number["count"] == 0


def test_bs_codes_places_and_contacts_are_not_filters_of_a(api_a, booking_b):
    for name, value in [
        ("billing_code", booking_b.billing_code_id),
        ("place", booking_b.place_id),
        ("contact", booking_b.contact_id),
    ]:
        response = api_a.get("/requests", {name: value})
        assert response.status_code == 422, name
        assert name in response.json()["fields"]


def test_a_request_of_a_cannot_use_bs_code_place_or_contact(
    api_a, org_a, code_a, booking_b, arabic
):
    before = _snapshot()
    body = request_body(
        org_a,
        code_a,
        billing_code=booking_b.billing_code_id,
        place=booking_b.place_id,
        contact=booking_b.contact_id,
    )

    for path in ("/requests", "/availability"):
        response = api_a.post(path, body)
        assert response.status_code == 422
        assert set(response.json()["fields"]) == {"billing_code", "place", "contact"}
    assert _snapshot() == before


def test_as_request_cannot_be_moved_to_bs_place(api_a, org_a, code_a, booking_b, arabic):
    make_interpreter("a.interpreter@example.org", arabic)
    mine = api_a.post("/requests", request_body(org_a, code_a)).json()["id"]
    before = _snapshot()

    response = api_a.patch(f"/requests/{mine}", {"place": booking_b.place_id})

    assert response.status_code == 422 and "place" in response.json()["fields"]
    assert _snapshot() == before


def test_a_draft_of_a_is_not_visible_either(api_a, org_a, code_a, manager_a, arabic):
    from tests.bookings.helpers import saved_draft

    own_draft = saved_draft(org_a, code_a, manager_a, arabic)

    assert api_a.get(f"/requests/{own_draft.pk}").status_code == 404


def test_the_same_idempotency_key_of_another_token_is_another_request(
    api_a, api_b, org_a, org_b, code_a, code_b, arabic
):
    make_interpreter("a.interpreter@example.org", arabic)
    key = "shared-key"
    a = api_a.post("/requests", request_body(org_a, code_a), HTTP_IDEMPOTENCY_KEY=key)
    b = api_b.post(
        "/requests",
        request_body(org_a, code_a, if_unavailable="waitlist"),
        HTTP_IDEMPOTENCY_KEY=key,
    )

    assert a.status_code == 201
    # B's token replays nothing of A's: A's code and place are simply not B's.
    assert b.status_code == 422
    assert Booking.objects.count() == 1
