"""Actions et tâches, the portal's home page: what each role sees there, and
what it never sees; the time left to validate; the empty states; a bounded
number of queries whatever the number of rows.

The clock stands on Monday 3 June 2030 (tests/bookings/helpers.py): the
requests are built directly in the state each test needs, the records and
confirmations through the services where their dates matter.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import translation

from relais.bookings.models import Assignment, Booking
from relais.bookings.services import confirm_booking, submit_booking
from relais.interpreters.models import InterpreterProfile
from relais.organisations.models import Membership
from relais.records.models import ServiceRecord
from relais.records.services import contest_record, save_record, submit_record
from tests.bookings.helpers import MONDAY, at, draft, make_interpreter
from tests.conftest import client_for, in_language, make_user, page_text

Status = Booking.Status
TUESDAY, WEDNESDAY = "2030-06-04", "2030-06-05"
# How many rows each list gets in the query-bound tests: more than a list shows.
MANY = 30
# Four for any page (session, user, the tabs, the bell), then each part's own:
# a member's institutions, one aggregate of counts, four lists, records and
# drafts (a list and a count each); the desk's aggregate, contests, records
# not written, two lists; an interpreter's profile, three reads of the
# assignments, the services to record (and the check for a membership).
MEMBER_QUERIES = 4 + 10
COORDINATOR_QUERIES = 4 + 5
INTERPRETER_QUERIES = 4 + 6


def booking(org, code, requester, language, day, wall_time, status, **fields) -> Booking:
    """A request as its lifecycle left it, written directly (no rule checked)."""
    return Booking.objects.create(
        **vars_of(draft(org, code, requester, language, start=at(day, wall_time), **fields)),
        status=status,
        submitted_at=at("2030-05-20", "09:00") if status != Status.DRAFT else None,
    )


def vars_of(unsaved: Booking) -> dict:
    return {
        field.attname: getattr(unsaved, field.attname)
        for field in Booking._meta.concrete_fields
        if field.attname not in {"id", "status", "submitted_at"}
    }


def assign(booking_: Booking, profile, kind=Assignment.Kind.CONFIRMED) -> Assignment:
    return Assignment.objects.create(
        booking=booking_, interpreter=profile, kind=kind, start=booking_.start, end=booking_.end
    )


def detail(booking_: Booking) -> str:
    return f'href="/requests/{booking_.pk}/"'


def words(page: str) -> str:
    """The page's text without its tags, as read aloud."""
    return re.sub(r"<[^>]+>", "", page)


def home(user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return page_text(response)


@pytest.fixture
def monday_morning(time_machine):
    time_machine.move_to(at(MONDAY, "08:00"), tick=False)


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)


# --- anybody -------------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(db):
    response = client_for(None).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_home_page_is_the_first_tab_and_the_current_one(requester_a):
    page = home(requester_a)
    assert '<a class="nav-link active" href="/"' in page.replace("\n", "").replace("  ", "")
    assert f'<h1 class="h3 mb-1">{in_language("fr", "Actions and tasks")}</h1>' in page


def test_someone_of_no_institution_is_told_what_to_do(db):
    page = home(make_user("nobody@example.org"))
    assert (
        in_language(
            "fr",
            "Your account belongs to no institution yet. Ask a manager of your institution to "
            "invite you, or write to the operations team at %(email)s.",
            email=settings.SERVICE_CONTACT_EMAIL,
        )
        in page
    )


# --- institution members ------------------------------------------------------------------


def test_a_member_sees_the_days_the_next_and_the_cancelled_requests(
    org_a, code_a, requester_a, arabic, monday_morning
):
    today = booking(org_a, code_a, requester_a, arabic, MONDAY, "10:00", Status.CONFIRMED)
    tomorrow = booking(org_a, code_a, requester_a, arabic, TUESDAY, "14:00", Status.RECEIVED)
    called_off = booking(org_a, code_a, requester_a, arabic, WEDNESDAY, "09:00", Status.CANCELLED)
    past = booking(org_a, code_a, requester_a, arabic, "2030-05-27", "10:00", Status.VALIDATED)

    page = home(requester_a)

    for shown in (today, tomorrow, called_off):
        assert detail(shown) in page
    assert detail(past) not in page
    # Dates in French, Brussels time; each list says what its requests are.
    assert "10:00\N{EN DASH}11:00" in page
    assert "mar 4 juin, 14:00\N{EN DASH}15:00 · Arabe" in words(page)
    assert in_language("fr", "Confirmed") in page
    assert in_language("fr", "Received") in page
    assert "Lundi 3 juin 2030" in page
    for link in ("?period=upcoming", "?status=cancelled"):
        assert f'href="/stats/requests/{link}"' in page
    assert 'href="/requests/new/"' in page
    assert 'href="/training/"' in page


def test_the_day_is_brusselss_day(org_a, code_a, requester_a, arabic, time_machine):
    time_machine.move_to(at(MONDAY, "20:00"), tick=False)
    # 23:30 in Brussels is still Monday; 00:30 is Tuesday, though both are Monday in UTC.
    late = booking(org_a, code_a, requester_a, arabic, MONDAY, "23:30", Status.RECEIVED)
    after_midnight = booking(org_a, code_a, requester_a, arabic, TUESDAY, "00:30", Status.RECEIVED)
    assert after_midnight.start.date() == late.start.date()

    page = home(requester_a)

    today, coming_up = page.split('id="upcoming-title"')
    assert detail(late) in today.split('id="today-title"')[1]
    assert detail(after_midnight) in coming_up


def test_a_member_never_sees_another_institutions_requests(
    org_a, org_b, code_a, code_b, requester_a, requester_b, arabic, ilham, monday_morning
):
    theirs = [
        booking(org_a, code_a, requester_a, arabic, MONDAY, "10:00", Status.CONFIRMED),
        booking(org_a, code_a, requester_a, arabic, TUESDAY, "10:00", Status.WAITLISTED),
        booking(org_a, code_a, requester_a, arabic, WEDNESDAY, "10:00", Status.CANCELLED),
        booking(org_a, code_a, requester_a, arabic, TUESDAY, "12:00", Status.DRAFT),
    ]
    performed = booking(org_a, code_a, requester_a, arabic, "2030-05-31", "10:00", Status.PERFORMED)
    record = ServiceRecord.objects.create(
        booking=performed,
        interpreter=ilham,
        outcome=ServiceRecord.Outcome.PERFORMED,
        started_at=performed.start,
        ended_at=performed.end,
        status=ServiceRecord.Status.SUBMITTED,
        submitted_at=at(MONDAY, "07:00"),
        validation_due_at=at(WEDNESDAY, "07:00"),
    )

    page = home(requester_b)

    for hidden in theirs:
        assert f"/requests/{hidden.pk}/" not in page
        assert f"/requests/new/{hidden.pk}/" not in page
    assert f"#record-{record.pk}-title" not in page
    assert org_a.name not in page
    assert in_language("nl", "Nothing today.") in page  # in B's member's language
    # A's own requester sees them all.
    page = home(requester_a)
    assert f"#record-{record.pk}-title" in page
    assert f'href="/requests/new/{theirs[3].pk}/"' in page


def test_a_draft_is_only_its_authors(org_a, code_a, requester_a, manager_a, arabic, monday_morning):
    mine = booking(org_a, code_a, requester_a, arabic, TUESDAY, "12:00", Status.DRAFT)
    assert f'href="/requests/new/{mine.pk}/"' in home(requester_a)
    assert f"/requests/new/{mine.pk}/" not in home(manager_a)


def test_records_to_validate_show_the_time_left(
    org_a, code_a, requester_a, arabic, ilham, coordinator, time_machine
):
    service = confirm_booking(
        booking=submit_booking(booking=draft(org_a, code_a, requester_a, arabic), by=requester_a),
        by=coordinator,
    )
    record = save_record(
        booking=service,
        by=ilham.user,
        values={"outcome": "performed", "started_at": service.start, "ended_at": service.end},
        now=at(MONDAY, "12:00"),
    )
    submit_record(record=record, by=ilham.user, now=at(MONDAY, "12:00"))
    # Submitted at noon on Monday, validated automatically 48 hours later.
    time_machine.move_to(at(TUESDAY, "05:00"), tick=False)

    page = home(requester_a)

    left = in_language("fr", "%(hours)d h", hours=31)
    assert in_language("fr", "validated automatically in %(left)s", left=left) in page
    assert f'href="/records/validation/#record-{record.pk}-title"' in page

    time_machine.move_to(at(WEDNESDAY, "11:35"), tick=False)
    left = in_language("fr", "%(minutes)d min", minutes=25)
    assert in_language("fr", "validated automatically in %(left)s", left=left) in home(requester_a)

    time_machine.move_to(at(WEDNESDAY, "12:01"), tick=False)
    page = home(requester_a)
    assert in_language("fr", "The time is up: it is being validated automatically.") in page


def test_the_waiting_list_and_the_drafts_wait_for_the_member(
    org_a, code_a, requester_a, arabic, monday_morning
):
    waiting = booking(org_a, code_a, requester_a, arabic, WEDNESDAY, "10:00", Status.WAITLISTED)
    unfinished = booking(org_a, code_a, requester_a, arabic, WEDNESDAY, "14:00", Status.DRAFT)

    page = home(requester_a)

    waitlist = page.split('id="waitlist-title"')[1].split("</section>")[0]
    assert detail(waiting) in waitlist
    drafts = page.split('id="drafts-title"')[1].split("</section>")[0]
    assert f'href="/requests/new/{unfinished.pk}/"' in drafts
    assert in_language("fr", "changed %(when)s ago", when="0\xa0minute") in drafts


def test_empty_sections_say_so(requester_a, monday_morning):
    page = home(requester_a)
    for empty in (
        "Nothing today.",
        "Nothing planned yet.",
        "No cancelled request.",
        "Nothing to validate.",
        "No request on the waiting list.",
        "No draft to finish.",
    ):
        assert in_language("fr", empty) in page
    # Neither the desk's queues nor an interpreter's day.
    assert in_language("fr", "Requests to check") not in page
    assert in_language("fr", "Services to record") not in page


def test_a_member_page_runs_a_bounded_number_of_queries(
    org_a, code_a, requester_a, arabic, ilham, monday_morning, django_assert_max_num_queries
):
    client = client_for(requester_a)
    client.get("/")  # the session's first writes
    rows = []
    for index in range(MANY):
        hour = f"{8 + index % 12:02d}:00"
        rows += [
            booking(org_a, code_a, requester_a, arabic, MONDAY, hour, Status.CONFIRMED),
            booking(org_a, code_a, requester_a, arabic, WEDNESDAY, hour, Status.RECEIVED),
            booking(org_a, code_a, requester_a, arabic, "2030-06-06", hour, Status.CANCELLED),
            booking(org_a, code_a, requester_a, arabic, "2030-06-07", hour, Status.WAITLISTED),
            booking(org_a, code_a, requester_a, arabic, "2030-06-10", hour, Status.DRAFT),
        ]
        performed = booking(
            org_a, code_a, requester_a, arabic, "2030-05-31", hour, Status.PERFORMED
        )
        ServiceRecord.objects.create(
            booking=performed,
            interpreter=ilham,
            outcome=ServiceRecord.Outcome.PERFORMED,
            started_at=performed.start,
            ended_at=performed.end,
            status=ServiceRecord.Status.SUBMITTED,
            submitted_at=at(MONDAY, "07:00"),
            validation_due_at=at(WEDNESDAY, "07:00") + timedelta(minutes=index),
        )

    with django_assert_max_num_queries(MEMBER_QUERIES):
        page = page_text(client.get("/"))

    # Each list shows its first rows and leads to the rest.
    assert page.count('class="list-group-item px-0 to-validate"') == 10
    assert f'<span class="badge rounded-pill text-bg-primary">{MANY}</span>' in page
    assert 'href="/stats/requests/?status=waitlisted"' in page
    assert 'href="/records/validation/"' in page


# --- coordinators ----------------------------------------------------------------------------


def test_a_coordinator_sees_the_queues_with_their_counts(
    org_a,
    org_b,
    code_a,
    code_b,
    requester_a,
    requester_b,
    arabic,
    ilham,
    coordinator,
    monday_morning,
):
    received = [
        booking(org_a, code_a, requester_a, arabic, TUESDAY, "10:00", Status.RECEIVED),
        booking(org_b, code_b, requester_b, arabic, "2030-06-20", "10:00", Status.RECEIVED),
    ]
    waiting = booking(org_b, code_b, requester_b, arabic, WEDNESDAY, "15:00", Status.WAITLISTED)
    later = booking(org_a, code_a, requester_a, arabic, "2030-06-20", "15:00", Status.WAITLISTED)
    unrecorded = booking(
        org_a, code_a, requester_a, arabic, "2030-05-31", "10:00", Status.CONFIRMED
    )
    assign(unrecorded, ilham)
    disputed = booking(org_a, code_a, requester_a, arabic, "2030-05-30", "10:00", Status.PERFORMED)
    record = ServiceRecord.objects.create(
        booking=disputed,
        interpreter=ilham,
        outcome=ServiceRecord.Outcome.PERFORMED,
        started_at=disputed.start,
        ended_at=disputed.end,
        status=ServiceRecord.Status.SUBMITTED,
        submitted_at=at("2030-05-30", "12:00"),
        validation_due_at=at(MONDAY, "12:00"),
    )
    contest_record(
        record=record,
        by=requester_a,
        reason="Arrivée à 10:20",
        proposed={},
        now=at(MONDAY, "07:00"),
    )

    page = home(coordinator)

    tiles = page.split('class="row row-cols-2')[1].split("</ul>")[0]
    for count, label, link in (
        (2, "To check", "/requests/queue/"),
        (2, "On the waiting list", "/requests/queue/#waitlist-title"),
        (1, "Contested records", "/records/contests/"),
        (1, "Services not recorded yet", "/records/contests/#missing-title"),
    ):
        tile = tiles.split(f'href="{link}"')[1].split("</li>")[0]
        assert f">{count}</span>" in tile
        assert in_language("fr", label) in tile
    # Without an interpreter in the next three days: Tuesday's and Wednesday's, soonest first.
    soon = page.split('id="unfilled-title"')[1].split("</section>")[0]
    assert soon.index(detail(received[0])) < soon.index(detail(waiting))
    assert detail(received[1]) not in soon
    assert detail(later) not in soon
    # Both institutions; the oldest requests to check and the services not recorded.
    assert org_a.name in page and org_b.name in page
    assert detail(received[1]) in page.split('id="oldest-title"')[1]
    assert detail(unrecorded) in page.split('id="missing-title"')[1]
    assert 'href="/training/"' in page
    assert 'href="/requests/new/"' not in page
    # Not a member's lists.
    assert in_language("fr", "Drafts to finish") not in page


def test_a_coordinators_empty_queues_say_so(coordinator, monday_morning):
    page = home(coordinator)
    with translation.override("fr"):
        every = translation.ngettext(
            "Every request of the next %(days)s day has an interpreter.",
            "Every request of the next %(days)s days has an interpreter.",
            3,
        ) % {"days": 3}
    assert every in page
    for empty in ("No request to check.", "Every service is recorded."):
        assert in_language("fr", empty) in page


def test_a_coordinator_page_runs_a_bounded_number_of_queries(
    org_a,
    code_a,
    requester_a,
    arabic,
    ilham,
    coordinator,
    monday_morning,
    django_assert_max_num_queries,
):
    client = client_for(coordinator)
    client.get("/")
    for index in range(MANY):
        hour = f"{8 + index % 12:02d}:00"
        day = f"2030-06-{4 + index // 12:02d}"
        booking(org_a, code_a, requester_a, arabic, day, hour, Status.RECEIVED)
        booking(org_a, code_a, requester_a, arabic, day, hour, Status.WAITLISTED)
        past = booking(
            org_a, code_a, requester_a, arabic, f"2030-05-{1 + index:02d}", hour, Status.CONFIRMED
        )
        assign(past, ilham)

    with django_assert_max_num_queries(COORDINATOR_QUERIES):
        page = page_text(client.get("/"))

    assert f">{MANY}</span>" in page
    oldest = page.split('id="oldest-title"')[1].split("</section>")[0]
    assert oldest.count('href="/requests/') == 5 + 1  # the five oldest, and the queue


# --- interpreters -----------------------------------------------------------------------------


def test_an_interpreter_sees_their_day_their_next_assignments_and_what_to_record(
    org_a, code_a, requester_a, arabic, ilham, monday_morning
):
    other = make_interpreter("other@example.org", arabic)
    recorded_later = booking(
        org_a, code_a, requester_a, arabic, "2030-05-31", "10:00", Status.CONFIRMED
    )
    assign(recorded_later, ilham)
    today = booking(org_a, code_a, requester_a, arabic, MONDAY, "10:00", Status.CONFIRMED)
    assign(today, ilham)
    next_week = booking(org_a, code_a, requester_a, arabic, "2030-06-10", "09:00", Status.CONFIRMED)
    assign(next_week, ilham)
    held = booking(org_a, code_a, requester_a, arabic, TUESDAY, "09:00", Status.RECEIVED)
    assign(held, ilham, Assignment.Kind.HOLD)
    theirs = booking(org_a, code_a, requester_a, arabic, MONDAY, "14:00", Status.CONFIRMED)
    assign(theirs, other)
    theirs_to_record = booking(
        org_a, code_a, requester_a, arabic, "2030-05-30", "14:00", Status.CONFIRMED
    )
    assign(theirs_to_record, other)

    page = home(ilham.user)

    assert f'href="/records/{recorded_later.pk}/"' in page
    assert f"/records/{theirs_to_record.pk}/" not in page
    day = page.split('id="my-today-title"')[1].split("</section>")[0]
    assert "10:00\N{EN DASH}11:00" in day
    assert "14:00\N{EN DASH}15:00" not in day
    assert org_a.official_place.name in day
    coming = page.split('id="next-title"')[1].split("</section>")[0]
    assert "lun 10 juin, 09:00\N{EN DASH}10:00" in coming
    assert "mar. 4 juin" not in coming  # a hold is not an assignment yet
    assert 'href="/interpreters/me/#assignments-title"' in page
    # Never a member's lists, nor the desk's, nor a link to an institution's request.
    assert "/requests/" not in page.split("<main")[1]
    assert in_language("fr", "Drafts to finish") not in page


def test_an_interpreter_without_a_profile_yet_sees_empty_lists(interpreter, monday_morning):
    page = home(interpreter)
    for empty in ("Nothing to record.", "No assignment today.", "No upcoming assignment."):
        assert in_language("fr", empty) in page
    # Looking at the home page opens nothing on the interpreter's behalf.
    assert not InterpreterProfile.objects.filter(user=interpreter).exists()


def test_an_interpreter_page_runs_a_bounded_number_of_queries(
    org_a, code_a, requester_a, arabic, ilham, monday_morning, django_assert_max_num_queries
):
    client = client_for(ilham.user)
    client.get("/")
    for index in range(MANY):
        for day in (f"2030-05-{1 + index:02d}", f"2030-06-{4 + index % 26:02d}"):
            hour = f"{8 + index // 26 * 2:02d}:00"
            assign(booking(org_a, code_a, requester_a, arabic, day, hour, Status.CONFIRMED), ilham)
    for hour in ("09:00", "11:00", "13:00"):
        assign(booking(org_a, code_a, requester_a, arabic, MONDAY, hour, Status.CONFIRMED), ilham)

    with django_assert_max_num_queries(INTERPRETER_QUERIES):
        page = page_text(client.get("/"))

    assert page.count('class="list-group-item px-0 assignment-next"') == 10
    assert page.count('class="list-group-item px-0 assignment-today"') == 3
    assert page.count('href="/records/') == MANY


def test_an_interpreter_who_is_also_a_member_sees_both(org_a, code_a, arabic, monday_morning):
    profile = make_interpreter("both@example.org", arabic)
    Membership.objects.create(user=profile.user, organisation=org_a)
    mine = booking(org_a, code_a, profile.user, arabic, TUESDAY, "10:00", Status.RECEIVED)

    page = home(profile.user)

    assert detail(mine) in page
    assert in_language("fr", "Services to record") in page
    assert in_language("fr", "Requests of my institutions") in page
    assert in_language("fr", "My assignments") in page
