"""The interpreter's private calendar feed: their confirmed assignments as
.ics at a secret address, revocable."""

from icalendar import Calendar

from relais.bookings.services import confirm_booking, submit_booking
from tests.bookings.helpers import draft, make_interpreter
from tests.conftest import client_for, page_text


def test_the_feed_lists_the_confirmed_assignments_and_can_be_revoked(
    org_a, code_a, requester_a, arabic, coordinator
):
    ilham = make_interpreter("ilham@example.org", arabic)
    booking = confirm_booking(
        booking=submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a),
        by=coordinator,
    )
    client = client_for(ilham.user)
    assert "/interpreters/calendar/" not in page_text(client.get("/interpreters/me/"))
    client.post("/interpreters/me/calendar/new/")
    ilham.refresh_from_db()
    address = f"/interpreters/calendar/{ilham.calendar_token}.ics"
    assert address in page_text(client.get("/interpreters/me/"))

    feed = client_for(None).get(address)  # a calendar app: no login
    assert feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [f"booking-{booking.pk}@relais"]
    assert str(events[0]["status"]) == "CONFIRMED"

    client.post("/interpreters/me/calendar/new/")
    assert client_for(None).get(address).status_code == 404


def test_a_wrong_address_is_not_found(db):
    assert client_for(None).get("/interpreters/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client_for(None).get("/interpreters/calendar/short.ics").status_code == 404
