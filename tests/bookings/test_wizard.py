"""The request wizard ("Nouvelle demande") through its pages: a draft saved at
each step, the availability analysis and its alternatives, the summary and
the confirmation, for the four types of service."""

from datetime import date

from relais.bookings.models import Assignment, Booking, BookingSeries
from relais.interpreters.models import Modality
from relais.interpreters.services import add_absence
from relais.organisations.models import Place
from tests.bookings.helpers import MONDAY, at, make_interpreter
from tests.bookings.wizard_helpers import STEP_DATA, fill_all, post_step, start
from tests.conftest import client_for, in_language, page_text


def test_a_member_starts_a_request_by_its_type(requester_a, code_a):
    client = client_for(requester_a)
    page = page_text(client.get("/requests/new/"))
    for label in ("On-site visit", "Video conference", "Standing shift", "Phone booking"):
        assert in_language("fr", label) in page
    booking = start(client, Modality.VIDEO)
    assert (booking.modality, booking.organisation, booking.created_by) == (
        Modality.VIDEO,
        requester_a.memberships.get().organisation,
        requester_a,
    )


def test_only_members_of_an_institution_request_interpreters(interpreter, coordinator, db):
    assert client_for(interpreter).get("/requests/new/").status_code == 404
    assert client_for(coordinator).get("/requests/new/").status_code == 404
    assert client_for(None).get("/requests/new/").status_code == 302


def test_the_only_billing_code_and_the_requester_are_proposed(requester_a, code_a):
    client = client_for(requester_a)
    booking = start(client)
    page = page_text(client.get(f"/requests/new/{booking.pk}/who/"))
    assert f'<option value="{code_a.pk}" selected>' in page
    assert f'<option value="{requester_a.pk}" selected>' in page


def test_each_step_saves_the_draft_to_come_back_to(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client)
    post_step(client, booking, "who", {"billing_code": code_a.pk, "contact": requester_a.pk})
    response = post_step(client, booking, "language", {"language": arabic.pk})
    assert response["Location"] == f"/requests/new/{booking.pk}/when/"
    booking.refresh_from_db()
    assert (booking.billing_code, booking.contact, booking.language) == (
        code_a,
        requester_a,
        arabic,
    )
    # Later, from "Nouvelle demande": the draft is listed and resumes where it stopped.
    listing = page_text(client.get("/requests/new/"))
    assert f"/requests/new/{booking.pk}/" in listing
    resumed = client.get(f"/requests/new/{booking.pk}/")
    assert resumed["Location"] == f"/requests/new/{booking.pk}/when/"


def test_drafts_are_their_authors_own(requester_a, manager_a, requester_b, code_a):
    booking = start(client_for(requester_a))
    for other in (manager_a, requester_b):
        client = client_for(other)
        assert client.get(f"/requests/new/{booking.pk}/who/").status_code == 404
        assert client.post(f"/requests/new/{booking.pk}/discard/").status_code == 404
        assert f"/requests/new/{booking.pk}/" not in page_text(client.get("/requests/new/"))


def test_an_on_site_request_from_start_to_acknowledgement(
    requester_a, code_a, arabic, ilham, sent_emails
):
    client = client_for(requester_a)
    booking = start(client)
    response = fill_all(client, booking, arabic)
    assert response["Location"] == f"/requests/new/{booking.pk}/analysis/"
    analysis = page_text(client.get(response["Location"]))
    assert in_language("fr", "An interpreter is available for your request.") in analysis
    assert "ilham" not in analysis.lower()  # no names before confirmation
    summary = page_text(client.get(f"/requests/new/{booking.pk}/summary/"))
    assert "Accueil, Mme Dupont" in summary
    assert "CPAS-SG-01" in summary
    confirmed = client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    assert confirmed["Location"] == f"/requests/{booking.pk}/"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RECEIVED
    assert booking.assignments.get().kind == Assignment.Kind.HOLD
    (email,) = sent_emails()
    assert email.to == [requester_a.email]
    assert email.attachments[0][0].endswith(".ics")
    assert "Accueil, Mme Dupont" in email.body


def test_a_double_clicked_confirm_creates_one_request(requester_a, code_a, arabic, ilham):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    first = client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    second = client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    assert first["Location"] == second["Location"] == f"/requests/{booking.pk}/"
    assert Booking.objects.exclude(status=Booking.Status.DRAFT).count() == 1
    assert Assignment.objects.count() == 1


def test_a_video_request_takes_the_link_or_a_promise_of_it(requester_a, code_a, arabic, ilham):
    client = client_for(requester_a)
    booking = start(client, Modality.VIDEO)
    fill_all(client, booking, arabic)
    response = post_step(client, booking, "details", {"video_link": ""})
    assert response.status_code == 200
    assert in_language("fr", "Give the meeting link, or tick that it will be sent later.") in (
        page_text(response)
    )
    assert post_step(client, booking, "details", {"video_link_later": "on"}).status_code == 302
    booking.refresh_from_db()
    assert (booking.video_link, booking.video_link_later) == ("", True)


def test_a_phone_request_says_who_calls_whom(requester_a, code_a, arabic, ilham):
    client = client_for(requester_a)
    booking = start(client, Modality.PHONE)
    fill_all(client, booking, arabic)
    response = post_step(client, booking, "details", {"phone_number": "+32 470 12 34 56"})
    assert in_language("fr", "Say who calls whom.") in page_text(response)
    response = post_step(
        client, booking, "details", {"phone_number": "call me", "phone_who_calls": "institution"}
    )
    assert in_language(
        "fr", "Enter a phone number: digits, spaces and + / . - only, at least 8 digits."
    ) in page_text(response)
    booking.refresh_from_db()
    assert booking.phone_number == "+32 470 12 34 56"  # the last good answer stays
    client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RECEIVED


def test_a_new_place_is_added_inline(requester_a, code_a, arabic, ilham):
    client = client_for(requester_a)
    booking = start(client)
    new_place = {
        "place": "new",
        "new-name": "Maison de quartier",
        "new-street": "Rue de la Victoire 96",
        "new-postcode": "1060",
    }
    fill_all(client, booking, arabic, details=new_place)
    booking.refresh_from_db()
    assert booking.place.name == "Maison de quartier"
    assert booking.place.commune == "Saint-Gilles"
    assert booking.place.organisation == booking.organisation


def test_a_wrong_new_place_adds_nothing(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    places = Place.objects.count()
    response = post_step(
        client,
        booking,
        "details",
        STEP_DATA["details_place"]
        | {"place": "new", "new-name": "X", "new-street": "Rue 1", "new-postcode": "99"},
    )
    assert response.status_code == 200
    assert in_language("fr", "Complete the details of the new place below.") in page_text(response)
    assert Place.objects.count() == places


def test_changing_the_type_clears_what_it_no_longer_needs(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    response = post_step(client, booking, "type", {"modality": Modality.VIDEO})
    booking.refresh_from_db()
    assert (booking.place, booking.onsite_contact_name) == (None, "")
    # The details step is asked again, now for the meeting link.
    assert response["Location"] == f"/requests/new/{booking.pk}/details/"


def test_nobody_free_shows_why_and_the_alternatives(requester_a, code_a, arabic, ilham):
    add_absence(profile=ilham, starts_on=date(2030, 6, 3), ends_on=date(2030, 6, 3))
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    page = page_text(client.get(f"/requests/new/{booking.pk}/analysis/"))
    assert in_language("fr", "No interpreter is free as asked.") in page
    assert in_language("fr", "%(count)d is absent that day", count=1) in page
    assert (
        in_language("fr", "Continue without an interpreter: the request waits on the waiting list")
        in page
    )
    # The summary can't be reached as if somebody were free.
    summary = client.get(f"/requests/new/{booking.pk}/summary/")
    assert summary["Location"] == f"/requests/new/{booking.pk}/analysis/"


def test_picking_a_free_slot_moves_the_request(requester_a, code_a, arabic, ilham):
    add_absence(profile=ilham, starts_on=date(2030, 6, 3), ends_on=date(2030, 6, 3))
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    # The nearest free slot: Tuesday at opening time.
    key = f"slot|{at('2030-06-04', '08:00').isoformat()}|on_site|ar"
    response = client.post(f"/requests/new/{booking.pk}/analysis/", {"choice": key})
    assert response["Location"] == f"/requests/new/{booking.pk}/summary/"
    booking.refresh_from_db()
    assert booking.start == at("2030-06-04", "08:00")
    client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RECEIVED


def test_the_alternative_language_swaps_the_languages(requester_a, code_a, arabic, tigrinya):
    speaker = make_interpreter("tesfay@example.org", tigrinya)
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    post_step(client, booking, "language", {"language": arabic.pk, "alt_language": tigrinya.pk})
    key = f"alt_language|{at(MONDAY, '10:00').isoformat()}|on_site|ti"
    response = client.post(f"/requests/new/{booking.pk}/analysis/", {"choice": key})
    assert response["Location"] == f"/requests/new/{booking.pk}/summary/"
    booking.refresh_from_db()
    assert (booking.language, booking.alt_language) == (tigrinya, arabic)
    client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    assert booking.assignments.get().interpreter == speaker


def test_video_instead_of_on_site(requester_a, code_a, arabic):
    remote = make_interpreter("remote@example.org", arabic)
    remote.accepts_on_site = False
    remote.save()
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    key = f"remote|{at(MONDAY, '10:00').isoformat()}|video|ar"
    response = client.post(f"/requests/new/{booking.pk}/analysis/", {"choice": key})
    assert response["Location"] == f"/requests/new/{booking.pk}/summary/"
    booking.refresh_from_db()
    assert (booking.modality, booking.place, booking.video_link_later) == (
        Modality.VIDEO,
        None,
        True,
    )


def test_continue_without_interpreter_puts_it_on_the_waiting_list(
    requester_a, code_a, arabic, sent_emails
):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    key = f"waitlist|{at(MONDAY, '10:00').isoformat()}|on_site|ar"
    response = client.post(f"/requests/new/{booking.pk}/analysis/", {"choice": key})
    assert response["Location"] == f"/requests/new/{booking.pk}/summary/?mode=waitlist"
    page = page_text(client.get(response["Location"]))
    waiting = (
        "No interpreter is free for now: your request goes on the waiting list, "
        "and we tell you as soon as an interpreter becomes free."
    )
    assert in_language("fr", waiting) in page
    client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "waitlist"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.WAITLISTED
    assert [email.to for email in sent_emails()] == [[requester_a.email]]


def test_a_tampered_alternative_changes_nothing(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    key = f"slot|{at('2030-06-04', '03:00').isoformat()}|on_site|ar"
    response = client.post(f"/requests/new/{booking.pk}/analysis/", {"choice": key})
    assert response.status_code == 200
    assert in_language(
        "fr", "This possibility is no longer offered: choose among those shown now."
    ) in page_text(response)
    booking.refresh_from_db()
    assert booking.start == at(MONDAY, "10:00")


def test_taken_meanwhile_gives_fresh_possibilities(requester_a, manager_a, code_a, arabic, ilham):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    assert client.get(f"/requests/new/{booking.pk}/summary/").status_code == 200
    # Meanwhile a colleague books the only interpreter for the same slot.
    other = client_for(manager_a)
    theirs = start(other)
    fill_all(other, theirs, arabic)
    other.post(f"/requests/new/{theirs.pk}/summary/", {"mode": "hold"})
    response = client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    assert response.status_code == 409
    page = page_text(response)
    assert in_language("fr", "No interpreter is free as asked.") in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DRAFT
    assert not booking.assignments.exists()


def test_a_tampered_mode_sends_nothing(requester_a, code_a, arabic, ilham):
    client = client_for(requester_a)
    booking = start(client)
    fill_all(client, booking, arabic)
    response = client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "free"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DRAFT


def test_the_draft_can_be_deleted(requester_a, code_a):
    client = client_for(requester_a)
    booking = start(client)
    response = client.post(f"/requests/new/{booking.pk}/discard/")
    assert response["Location"] == "/requests/new/"
    assert not Booking.objects.filter(pk=booking.pk).exists()


def test_a_weekly_standing_shift_books_each_occurrence(
    requester_a, code_a, arabic, ilham, sent_emails
):
    # Mondays 3 June - 1 July 2030: Whit Monday (10 June) is closed, and the
    # only interpreter is away on the 17th.
    add_absence(profile=ilham, starts_on=date(2030, 6, 17), ends_on=date(2030, 6, 17))
    client = client_for(requester_a)
    booking = start(client, Modality.PERMANENCE)
    fill_all(
        client,
        booking,
        arabic,
        when={"repeat": "weekly", "repeat_until": "2030-07-01"},
        details={"expected_people": "6"},
    )
    analysis = page_text(client.get(f"/requests/new/{booking.pk}/analysis/"))
    assert analysis.count(in_language("fr", "Interpreter available")) == 3
    assert analysis.count(in_language("fr", "Nobody free: waiting list")) == 1
    assert in_language("fr", "Skipped, the service is closed:") in analysis
    client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    series = BookingSeries.objects.get()
    occurrences = list(series.bookings.order_by("start"))
    assert [b.start for b in occurrences] == [
        at(day, "10:00") for day in ("2030-06-03", "2030-06-17", "2030-06-24", "2030-07-01")
    ]
    assert [b.status for b in occurrences] == ["received", "waitlisted", "received", "received"]
    assert {b.expected_people for b in occurrences} == {6}
    (email,) = sent_emails()
    assert in_language("fr", "Skipped, the service is closed:") in email.body
    calendar = email.attachments[0][1]
    assert calendar.count("BEGIN:VEVENT") == 4


def test_a_daily_series_skips_public_holidays(requester_a, code_a, arabic, ilham):
    # Whit Monday 2030 is 10 June: the daily series of that week has four days.
    client = client_for(requester_a)
    booking = start(client, Modality.PERMANENCE)
    fill_all(
        client,
        booking,
        arabic,
        when={"date": "2030-06-07", "repeat": "daily", "repeat_until": "2030-06-14"},
    )
    client.post(f"/requests/new/{booking.pk}/summary/", {"mode": "hold"})
    days = [b.start.date() for b in BookingSeries.objects.get().bookings.order_by("start")]
    assert date(2030, 6, 10) not in days
    assert len(days) == 5  # Fri 7, Tue 11 - Fri 14


def test_a_series_has_at_most_52_occurrences(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client, Modality.PERMANENCE)
    fill_all(client, booking, arabic)
    response = post_step(
        client,
        booking,
        "when",
        STEP_DATA["when"]
        | {"duration_minutes": "180", "repeat": "weekly", "repeat_until": "2031-12-31"},
    )
    assert response.status_code == 200
    assert in_language(
        "fr", "A series has at most %(max)d occurrences: choose an earlier end date.", max=52
    ) in page_text(response)
    booking.refresh_from_db()
    assert booking.series is None


def test_a_standing_shift_lasts_at_least_two_hours(requester_a, code_a, arabic):
    client = client_for(requester_a)
    booking = start(client, Modality.PERMANENCE)
    fill_all(client, booking, arabic)
    response = post_step(client, booking, "when", STEP_DATA["when"] | {"duration_minutes": "60"})
    assert in_language("fr", "A standing shift lasts at least %(hours)d hours.", hours=2) in (
        page_text(response)
    )
