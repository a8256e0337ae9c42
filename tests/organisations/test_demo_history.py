"""The demo's year of history (`load_demo`): what the overview tabs count and
chart, made of requests that keep every rule of the real ones."""

from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import User
from relais.bookings.models import AT_A_PLACE, Assignment, Booking, BookingEvent
from relais.bookings.services import late_cancellation_deadline
from relais.bookings.tasks import rematch_waitlist
from relais.interpreters.models import Modality
from relais.matching.alternatives import default_opening
from relais.matching.engine import BRUSSELS
from relais.matching.queries import commune_of
from relais.notifications.models import Notification, OutboxEmail
from relais.organisations import demo
from relais.records.models import ServiceRecord
from tests.invoicing.helpers import erase_invoices

Status = Booking.Status
Action = BookingEvent.Action
TIMELINE_ENTRY = '<li class="border-start border-3 ps-3 pb-3">'
RARE = {"ti", "ps", "vi", "tzm", "rom", "hy", "ka", "am", "so"}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (about two seconds) and rolled back
    after it; each test runs in its own savepoint within."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", force=True, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded, db):
    return None


def history():
    return Booking.objects.filter(internal_reference__startswith=demo.HISTORY_PREFIX)


def active_assignments():
    return Assignment.objects.filter(released_at__isnull=True).select_related(
        "booking__place", "booking__language", "interpreter"
    )


def test_a_few_hundred_requests_over_the_last_twelve_months(demo_db):
    today = timezone.localdate()
    requests = list(history())

    assert 400 <= len(requests) <= 700
    days = [booking.start.astimezone(BRUSSELS).date() for booking in requests]
    assert today - timedelta(days=366) <= min(days) <= today - timedelta(days=330)
    assert today - timedelta(days=14) <= max(days) < today
    months = Counter((day.year, day.month) for day in days)
    for back in range(1, 12):  # every full month of the last year says something
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        assert months[year, month + 1] >= 20, (year, month + 1)
    # Spread over the institutions, their codes, contacts and places.
    assert {booking.organisation.enterprise_number for booking in requests} == set(
        demo.HISTORY_ORGANISATIONS
    )
    assert {booking.billing_code.code for booking in requests} == {
        code.code for code in demo.BILLING_CODES
    }
    assert len({booking.contact_id for booking in requests}) >= 12
    assert len({booking.place_id for booking in requests if booking.place_id}) >= 10


def test_languages_and_types_look_like_a_brussels_service(demo_db):
    requests = history()
    languages = Counter(requests.values_list("language__code", flat=True))
    types = Counter(requests.values_list("modality", flat=True))

    assert languages.most_common(1)[0][0] == "ar"
    top = {code for code, _ in languages.most_common(8)}
    assert {"ar", "prs", "ti", "ru"} <= top
    assert len(languages) >= 20
    assert set(types) == {choice.value for choice in Modality}
    assert types[Modality.ON_SITE] == max(types.values())
    durations = set(requests.values_list("duration_minutes", flat=True))
    assert {15, 30, 60, 90, 120} <= durations


def test_every_outcome_is_there(demo_db):
    statuses = Counter(history().values_list("status", flat=True))
    assert set(statuses) == {
        Status.INVOICED,  # up to last month
        Status.VALIDATED,  # this month's, billed next month
        Status.CANCELLED,
        Status.UNFILLED,
        Status.DECLINED,
    }
    total = sum(statuses.values())
    assert statuses[Status.VALIDATED] + statuses[Status.INVOICED] > total * 0.6
    # Late cancellations are billed: the invoiced ones were cancelled too.
    late = history().filter(late_cancellation=True).count()
    cancelled = (
        statuses[Status.CANCELLED]
        + history().filter(status=Status.INVOICED, late_cancellation=True).count()
    )
    assert total * 0.05 < cancelled < total * 0.2
    assert total * 0.05 < statuses[Status.UNFILLED] < total * 0.25
    assert 5 <= late < cancelled

    records = ServiceRecord.objects.filter(booking__in=history())
    assert set(records.values_list("status", flat=True)) == {ServiceRecord.Status.VALIDATED}
    assert records.filter(validated_by=None).count() >= 20  # validated automatically
    assert records.exclude(contest_reason="").exclude(resolution_comment="").count() >= 3
    assert records.filter(outcome=ServiceRecord.Outcome.NOT_PERFORMED).exists()

    # With the demo's requests to come and its records in progress, every status a
    # request can have after its submission.
    everything = set(Booking.objects.values_list("status", flat=True))
    assert everything == set(Status.values) - {Status.DRAFT}


def test_unmet_demand_concentrates_on_the_rarer_languages(demo_db):
    asked = Counter(history().values_list("language__code", flat=True))
    unmet = Counter(
        history().filter(status=Status.UNFILLED).values_list("language__code", flat=True)
    )

    assert {code for code, _ in unmet.most_common(3)} <= RARE
    assert unmet["ti"] / asked["ti"] > 0.15
    assert unmet["ar"] / asked["ar"] < 0.05
    assert sum(unmet[code] for code in RARE) > sum(unmet.values()) * 0.7


def test_the_coming_weeks_have_a_queue_and_a_waiting_list(demo_db):
    now = timezone.now()
    upcoming = Booking.objects.filter(start__gt=now)
    assert upcoming.filter(status=Status.RECEIVED).count() >= 5
    waiting = upcoming.filter(status=Status.WAITLISTED)
    assert waiting.count() >= 5
    assert upcoming.filter(start__gt=now + timedelta(days=14)).exists()

    # Nobody is free for them: the waiting list's sweep leaves them waiting.
    rematch_waitlist(now=now)
    assert Booking.objects.filter(status=Status.WAITLISTED).count() == waiting.count()


def test_every_history_request_keeps_the_rules_of_a_real_one(demo_db):
    opening = default_opening()
    for booking in history().select_related("place", "billing_code"):
        # The model's own validation: code, place and contact of the institution,
        # a place and its desk for on-site work, a link for video, a number for the phone.
        booking.full_clean()
        assert opening.allows(booking.start, booking.end), booking.internal_reference
        assert booking.contact.memberships.filter(
            organisation=booking.organisation, is_active=True
        ).exists()
        lead = (
            booking.start.astimezone(BRUSSELS).date()
            - booking.submitted_at.astimezone(BRUSSELS).date()
        ).days
        assert 1 <= lead <= 30
        assert opening.is_open_on(booking.submitted_at.astimezone(BRUSSELS).date())


def test_no_interpreter_is_ever_double_booked(demo_db):
    """Checked on the rows of every active assignment of the demo (history, past
    records, requests to come); on PostgreSQL, the exclusion constraint says so too."""
    by_interpreter = defaultdict(list)
    for assignment in active_assignments():
        by_interpreter[assignment.interpreter_id].append(assignment)
    assert len(by_interpreter) >= 25
    for assignments in by_interpreter.values():
        assignments.sort(key=lambda a: a.start)
        for first, second in pairwise(assignments):
            first_until = first.end + timedelta(minutes=first.travel_after_minutes)
            second_from = second.start - timedelta(minutes=second.travel_before_minutes)
            assert first_until <= second_from, (first.booking, second.booking)
    counts = Counter(
        Assignment.objects.filter(released_at__isnull=True).values_list("booking", flat=True)
    )
    assert max(counts.values()) == 1

    if connection.vendor == "postgresql":
        taken = active_assignments().filter(booking__in=history()).first()
        other = history().exclude(assignments__interpreter=taken.interpreter).first()
        with pytest.raises(IntegrityError), transaction.atomic():
            Assignment.objects.create(
                booking=other, interpreter=taken.interpreter, start=taken.start, end=taken.end
            )


def test_each_interpreter_works_within_their_languages_types_hours_and_communes(demo_db):
    minutes = Counter()
    for assignment in active_assignments().filter(booking__in=history()):
        booking, profile = assignment.booking, assignment.interpreter
        assert booking.language.code in {
            spoken.language.code for spoken in profile.languages.select_related("language")
        }
        assert booking.modality in profile.modalities
        if booking.modality in AT_A_PLACE:
            commune = commune_of(booking.modality, booking.place.postcode, booking.place.commune)
            assert commune in profile.communes_served
        start = booking.start.astimezone(BRUSSELS)
        end = booking.end.astimezone(BRUSSELS)
        assert profile.windows.filter(
            weekday=start.weekday(), start_time__lte=start.time(), end_time__gte=end.time()
        ).exists(), booking.internal_reference
        minutes[profile, start.date()] += booking.duration_minutes
    for (profile, _day), total in minutes.items():
        assert total <= profile.max_minutes_per_day


def test_each_request_has_the_timeline_of_its_life(demo_db):
    now = timezone.now()
    events = defaultdict(list)
    for event in BookingEvent.objects.filter(booking__in=history()).order_by("at", "pk"):
        events[event.booking_id].append(event)
    records = {record.booking_id: record for record in ServiceRecord.objects.all()}
    active = {a.booking_id: a for a in Assignment.objects.filter(released_at__isnull=True)}
    actions = Counter()
    for booking in history():
        timeline = events[booking.pk]
        actions.update(event.action for event in timeline)
        first, last = timeline[0], timeline[-1]
        assert first.action in {Action.SUBMITTED, Action.WAITLISTED}
        assert (first.from_status, first.at, first.actor) == (
            Status.DRAFT,
            booking.submitted_at,
            booking.contact,
        )
        for before, after in pairwise(timeline):
            assert after.from_status == before.to_status, booking.internal_reference
        assert last.to_status == booking.status
        assert last.at < now
        if booking.status == Status.INVOICED:
            # Invoiced by a run of a later month, after its validation.
            assert (last.action, last.actor) == (Action.INVOICED, None)
            assert last.at.astimezone(BRUSSELS).month != booking.start.astimezone(BRUSSELS).month
            last = timeline[-2]
        status = last.to_status  # before it was invoiced
        if status == Status.VALIDATED:
            record, assignment = records[booking.pk], active[booking.pk]
            assert assignment.kind == Assignment.Kind.CONFIRMED
            assert record.interpreter_id == assignment.interpreter_id
            assert (last.action, last.at, last.actor) == (
                Action.VALIDATED,
                record.validated_at,
                record.validated_by,
            )
            assert booking.start < record.submitted_at < record.validated_at
            if record.validated_by is None:
                assert record.validated_at >= record.validation_due_at
            if record.outcome == ServiceRecord.Outcome.PERFORMED:
                assert record.started_at < record.ended_at
                assert abs(record.ended_at - booking.end) <= timedelta(hours=3)
                assert (record.services_count is not None) == (
                    booking.modality == Modality.PERMANENCE
                )
            else:
                assert record.not_performed_reason
        else:
            assert booking.pk not in records and booking.pk not in active
        if status == Status.CANCELLED:
            deadline = late_cancellation_deadline(booking.start)
            if booking.late_cancellation:
                assert last.from_status == Status.CONFIRMED and deadline < last.at < booking.start
            else:
                assert last.from_status == Status.RECEIVED or last.at <= deadline
    # The history a real service writes, each kind of entry at least once.
    assert set(actions) >= {
        Action.SUBMITTED, Action.WAITLISTED, Action.CONFIRMED, Action.RECORDED,
        Action.VALIDATED, Action.CONTESTED, Action.RESOLVED, Action.CANCELLED,
        Action.DECLINED, Action.UNFILLED, Action.WITHDRAWN, Action.HELD, Action.AVAILABLE,
        Action.CHANGED,
    }  # fmt: skip


def test_every_kind_of_demo_request_page_renders(demo_db, client):
    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    sample = []
    for status in Status.values:
        sample += list(Booking.objects.filter(status=status).order_by("pk")[:3])
    sample += list(history().filter(late_cancellation=True)[:2])
    sample += list(history().filter(events__action=Action.WITHDRAWN)[:2])
    sample += list(history().filter(record__validated_by=None)[:2])
    sample += list(history().filter(record__contest_reason__gt="")[:2])
    assert len(sample) >= 25

    client.force_login(coordinator)
    for booking in sample:
        response = client.get(reverse("bookings:detail", args=[booking.pk]))
        assert response.status_code == 200, booking.internal_reference
        # The timeline shows every entry of the history.
        assert response.content.decode().count(TIMELINE_ENTRY) == booking.events.count()

    # The contact person sees their own, with the operations team unnamed.
    contested = history().filter(record__contest_reason__gt="").select_related("record").first()
    client.force_login(contested.contact)
    response = client.get(reverse("bookings:detail", args=[contested.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(TIMELINE_ENTRY) == contested.events.count() >= 5
    assert coordinator.get_full_name() not in page
    assert contested.record.interpreter.user.get_full_name() not in page


def test_loading_again_adds_nothing_and_queues_no_email(demo_db):
    models = (Booking, Assignment, BookingEvent, ServiceRecord, OutboxEmail, Notification)
    counts = {model: model.objects.count() for model in models}

    out = StringIO()
    call_command("load_demo", force=True, stdout=out)

    assert {model: model.objects.count() for model in models} == counts
    assert "(0 records created now)" in out.getvalue()


def fingerprint() -> list[tuple]:
    return list(
        history()
        .order_by("internal_reference")
        .values_list(
            "internal_reference",
            "status",
            "start",
            "submitted_at",
            "language__code",
            "modality",
            "organisation__enterprise_number",
        )
    ) + list(
        Assignment.objects.filter(booking__in=history(), released_at__isnull=True)
        .order_by("booking__internal_reference")
        .values_list("booking__internal_reference", "interpreter__user__email")
    )


def test_the_year_is_the_same_at_every_load_and_comes_back_whole(demo_db):
    before = fingerprint()
    emails = (OutboxEmail.objects.count(), Notification.objects.count())
    erase_invoices()
    ServiceRecord.objects.filter(booking__in=history()).delete()
    history().delete()

    call_command("load_demo", force=True, verbosity=0)

    assert fingerprint() == before
    assert (OutboxEmail.objects.count(), Notification.objects.count()) == emails


def test_last_month_is_invoiced_and_the_institution_finds_its_invoice(demo_db, client):
    from relais.invoicing.models import Invoice

    today = timezone.localdate()
    last_month_end = today.replace(day=1) - timedelta(days=1)
    last_month = Invoice.objects.filter(period_end=last_month_end)
    billed = (
        history()
        .filter(status=Status.INVOICED, start__date__gte=last_month_end.replace(day=1))
        .filter(start__date__lte=last_month_end)
        .values_list("billing_code__payer", flat=True)
        .distinct()
    )
    assert set(last_month.values_list("payer", flat=True)) == set(billed)
    assert last_month.count() >= 3
    for invoice in last_month:
        assert invoice.total_excl_vat == sum(line.amount for line in invoice.lines.all())
        assert invoice.total_excl_vat > 0
    # Older months are paid, as a running service's would be; nothing is billed twice.
    assert Invoice.objects.filter(paid_at__isnull=False).count() > last_month.count()
    lines = Invoice.objects.values_list("lines__booking", "lines__kind")
    assert len(lines) == len(set(lines))
    requester = User.objects.get(email=demo.PEOPLE[0].email)
    client.force_login(requester)
    page = client.get(reverse("invoicing:list")).content.decode()
    mine = last_month.filter(payer__memberships__user=requester)
    assert mine.exists() and all(invoice.number in page for invoice in mine)
