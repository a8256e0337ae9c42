"""A year of past requests for the demo: what the overview tabs count and chart.

``load_demo`` calls ``load_history``, which plans the year in memory from a
seeded generator (the same year at every load, counted back from the day it
is loaded) and writes it in bulk: requests, assignments, history entries and
service records, as the services would have left them step by step. The
services themselves refuse to book in the past, and going through them one
request at a time would turn a second into a minute.

The planner keeps the rules the services keep: services on open days within
opening hours; an interpreter who speaks the language, accepts the type of
service and the commune, within their weekly hours and daily maximum, never
twice at once; one active assignment per request; one history entry per
transition, in order, all before today. No email goes out for the past.
"""

import random
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from django.conf import settings
from django.utils import timezone

from relais.accounts.models import User
from relais.bookings.models import AT_A_PLACE, Assignment, Booking, BookingEvent, PhoneCaller
from relais.bookings.services import late_cancellation_deadline
from relais.interpreters.models import InterpreterProfile, Language, Modality
from relais.matching.alternatives import default_opening
from relais.matching.engine import BRUSSELS
from relais.matching.queries import REMOTE, commune_of
from relais.matching.travel import MAX_TRAVEL_MINUTES
from relais.organisations import demo
from relais.organisations.models import BillingCode, Organisation, Place
from relais.records.models import ServiceRecord

Status = Booking.Status
Action = BookingEvent.Action
# Two services of one interpreter lie at least the longest travel in Brussels
# apart: no travel margin is ever needed (the services only count neighbours
# closer than that), and none can reach the next service.
GAP = timedelta(minutes=MAX_TRAVEL_MINUTES)
DESK_OPENS, DESK_CLOSES = time(9), time(17)
DAY_STARTS, DAY_ENDS = time(7, 30), time(19)
LATEST_END = time(19)
# Start hours, each listed as often as it is asked: mornings and early afternoons.
HOURS = (8, 9, 9, 9, 10, 10, 10, 10, 11, 11, 13, 13, 14, 14, 14, 15, 15, 16, 17)
QUARTERS = (0, 0, 0, 15, 30, 30, 45)
PERMANENCE_STARTS = (time(9), time(9, 30), time(13), time(13, 30), time(14))
# Now and then the institution names a second language that would do.
ALTERNATIVES = {"prs": "fa", "ps": "prs", "ar-MA": "ar", "uk": "ru", "ku": "tr", "am": "ti"}
MINIMUM_MINUTES = {Modality.PERMANENCE: 120}
# Dates tried for a request before it counts as unmet demand.
ATTEMPTS = 30


def demo_booking(
    spec,
    organisation: Organisation,
    contact: User,
    languages: dict[str, Language],
    start: datetime,
    *,
    billing_code: BillingCode | None = None,
    place: Place | None = None,
) -> Booking:
    """A demo request (anything with a reference, modality, billing code,
    language and minutes) as its form would leave it: a place and its desk for
    work at a place (the official address unless another is given), a meeting
    link for video, a number for the phone."""
    at_a_place = spec.modality in AT_A_PLACE
    if at_a_place and place is None:
        place = organisation.official_place
    return Booking(
        organisation=organisation,
        billing_code=billing_code or BillingCode.objects.get(code=spec.billing_code),
        created_by=contact,
        contact=contact,
        modality=spec.modality,
        language=languages[spec.language],
        start=start,
        duration_minutes=spec.minutes,
        place=place if at_a_place else None,
        onsite_contact_name="Accueil" if at_a_place else "",
        onsite_contact_phone="02 555 01 01" if at_a_place else "",
        video_link=f"{demo.VIDEO_LINK}{spec.reference.lower()}"
        if spec.modality == Modality.VIDEO
        else "",
        phone_number="02 555 02 02" if spec.modality == Modality.PHONE else "",
        phone_who_calls=PhoneCaller.INTERPRETER if spec.modality == Modality.PHONE else "",
        internal_reference=spec.reference,
    )


def history_exists() -> bool:
    return Booking.objects.filter(internal_reference__startswith=demo.HISTORY_PREFIX).exists()


def load_history(users, organisations, languages, changes: Counter, *, now=None) -> None:
    """The year of history, once: all of it when none of it exists, else nothing.

    One block rather than request by request: each request was planned around
    the others (who was free when), so a missing one can't come back alone.
    Delete them all (their references start with ``demo.HISTORY_PREFIX``) to
    have the year reloaded, counted back from that day.
    """
    if history_exists():
        return
    planner = Planner(users, organisations, languages, now=now or timezone.now())
    for number in range(demo.HISTORY_REQUESTS):
        planner.plan(number)
    changes["created"] += planner.write()


@dataclass
class Request:
    """One planned request: what ``demo_booking`` reads, and where."""

    reference: str
    organisation: Organisation
    contact: User
    billing_code: BillingCode
    modality: str
    language: str
    minutes: int
    place: Place | None
    commune: str | None


@dataclass
class Calendar:
    """An interpreter as the planner sees them: what they accept, when they
    work, and what they already do."""

    profile: InterpreterProfile
    modalities: set[str]
    communes: frozenset[str]
    windows: dict[int, list[tuple[time, time]]]
    max_minutes: int
    busy: dict[date, list[tuple[datetime, datetime]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    day_minutes: Counter = field(default_factory=Counter)
    minutes: int = 0

    def is_free(self, request: Request, start: datetime, end: datetime) -> bool:
        local_start, local_end = start.astimezone(BRUSSELS), end.astimezone(BRUSSELS)
        day = local_start.date()
        if request.modality not in self.modalities:
            return False
        if request.modality not in REMOTE and request.commune not in self.communes:
            return False
        if not any(
            opens <= local_start.time() and local_end.time() <= closes
            for opens, closes in self.windows.get(day.weekday(), ())
        ):
            return False
        if self.day_minutes[day] + request.minutes > self.max_minutes:
            return False
        return all(end + GAP <= taken or until + GAP <= start for taken, until in self.busy[day])

    def take(self, start: datetime, end: datetime, minutes: int) -> None:
        day = start.astimezone(BRUSSELS).date()
        self.busy[day].append((start, end))
        self.day_minutes[day] += minutes
        self.minutes += minutes


@dataclass
class Institution:
    organisation: Organisation
    contacts: list[User]
    codes: dict[str, BillingCode]
    places: list[Place]  # the official address first


class Planner:
    def __init__(self, users, organisations, languages, *, now: datetime):
        self.rng = random.Random(demo.HISTORY_SEED)
        self.now = now
        self.languages = languages
        self.coordinator = users[demo.COORDINATOR.email]
        self.opening = default_opening()
        today = timezone.localdate(now)
        first = today - timedelta(days=demo.HISTORY_DAYS)
        last = today - timedelta(days=demo.HISTORY_QUIET_DAYS)
        self.days = [
            day
            for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
            if self.opening.is_open_on(day)
        ]
        self.day_weights = list(accumulate(_season(day, first, last) for day in self.days))
        self.institutions = _institutions(organisations)
        self.speakers = _calendars(since=first - timedelta(days=1), until=now + timedelta(days=1))
        self.bookings: list[Booking] = []
        self.assignments: list[Assignment] = []
        self.events: list[BookingEvent] = []
        self.records: list[ServiceRecord] = []

    # -- Drawing ----------------------------------------------------------------

    def weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def minutes_between(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, max(low, high)))

    def draw_day(self, position: float) -> int:
        """The open day at ``position`` (0-1) of the year, as busy as its season."""
        return bisect_left(self.day_weights, position * self.day_weights[-1])

    def draw_start(self, request: Request, day: int) -> datetime:
        day = self.days[min(max(day, 0), len(self.days) - 1)]
        if request.modality == Modality.PERMANENCE:
            at = self.rng.choice(PERMANENCE_STARTS)
        else:
            at = time(self.rng.choice(HOURS), self.rng.choice(QUARTERS))
        start = datetime.combine(day, at, BRUSSELS)
        latest = datetime.combine(day, LATEST_END, BRUSSELS) - timedelta(minutes=request.minutes)
        return min(start, latest).astimezone(UTC)

    def fate(self, language: str) -> str:
        """What becomes of a request: decided first, then played out."""
        unfilled = demo.HISTORY_UNFILLED.get(language, demo.HISTORY_UNFILLED_ELSEWHERE)
        if self.rng.random() < unfilled:
            return "unfilled"
        draw = self.rng.random()
        for fate, share in (
            ("declined", demo.HISTORY_DECLINED),
            ("cancelled", demo.HISTORY_CANCELLED),
            ("withdrawn", demo.HISTORY_WITHDRAWN),
            ("from_waitlist", demo.HISTORY_FROM_WAITLIST),
            ("changed", demo.HISTORY_CHANGED),
        ):
            if draw < share:
                return fate
            draw -= share
        return "performed"

    def covered(self, language: str, modality: str, place: Place) -> bool:
        commune = commune_of(modality, place.postcode, place.commune)
        return any(
            modality in calendar.modalities and commune in calendar.communes
            for calendar in self.speakers.get(language, ())
        )

    def pick(self, request: Request, start: datetime, end: datetime, *, not_=None):
        """The free speaker who worked least so far (the engine's fairness), give or take."""
        free = [
            calendar
            for calendar in self.speakers.get(request.language, ())
            if calendar is not not_ and calendar.is_free(request, start, end)
        ]
        if not free:
            return None
        return min(free, key=lambda calendar: calendar.minutes + self.rng.random() * 240)

    def submitted_at(self, start: datetime) -> datetime:
        """Some days before the service, during an institution's working day."""
        lead = self.weighted(demo.HISTORY_LEAD_DAYS)
        day = start.astimezone(BRUSSELS).date() - timedelta(days=lead)
        # Off a closed day, towards the middle of the 1-30 days.
        step = timedelta(days=1 if lead > 15 else -1)
        while not self.opening.is_open_on(day):
            day += step
        at = datetime.combine(day, time(8), BRUSSELS) + self.minutes_between(0, 9 * 60 + 30)
        return at.astimezone(UTC)

    def working_time(
        self, after: datetime, *, opens=time(8), closes=time(18), low=10, high=150
    ) -> datetime:
        """When somebody at work acts on what arrived at ``after``: a little
        later, within their working hours on an open day."""
        local = (after + self.minutes_between(low, high)).astimezone(BRUSSELS)
        while True:
            day = local.date()
            if self.opening.is_open_on(day) and local.time() < closes:
                if local.time() < opens:
                    local = datetime.combine(day, opens, BRUSSELS) + self.minutes_between(0, 90)
                return local.astimezone(UTC)
            local = datetime.combine(
                day + timedelta(days=1), opens, BRUSSELS
            ) + self.minutes_between(0, 90)

    def desk_time(self, after: datetime, before: datetime) -> datetime:
        """When the operations desk acts on what arrived at ``after``: within a
        few of its working hours; at once when the service comes sooner."""
        moment = self.working_time(after, opens=DESK_OPENS, closes=DESK_CLOSES)
        if moment > before - timedelta(minutes=30):
            moment = after + self.minutes_between(5, 20)  # urgent: handled at once
        return moment

    def daytime_between(self, low: datetime, high: datetime) -> datetime:
        """A moment between two instants, in the daytime if the span has some:
        people cancel, withdraw or change a request while awake."""
        span = max(high - low, timedelta(0))
        for _attempt in range(12):
            moment = low + span * self.rng.random()
            if DAY_STARTS <= moment.astimezone(BRUSSELS).time() <= DAY_ENDS:
                break
        return moment

    # -- Planning ---------------------------------------------------------------

    def plan(self, number: int) -> None:
        """The ``number``-th request of the year: spread in order over the
        year's open days, so that each month gets its season's share and the
        references roughly follow the calendar."""
        rng = self.rng
        reference = f"{demo.HISTORY_PREFIX}{number + 1:04d}"
        day = self.draw_day((number + rng.random()) / demo.HISTORY_REQUESTS)
        enterprise = self.weighted(demo.HISTORY_ORGANISATIONS)
        institution = self.institutions.get(enterprise)
        if institution is None:
            return  # somebody removed it, or all its members or codes
        modality = self.weighted(demo.HISTORY_MODALITIES[enterprise])
        code = demo.PERMANENCE_CODES.get(enterprise) if modality == Modality.PERMANENCE else None
        if code not in institution.codes:
            weights = {
                code: weight
                for code, weight in demo.HISTORY_CODES.get(enterprise, {}).items()
                if code in institution.codes
            } or dict.fromkeys(institution.codes, 1)
            code = self.weighted(weights)
        language = self.weighted(demo.HISTORY_LANGUAGES)
        place = None
        if modality in AT_A_PLACE:
            # Standing shifts are held at the institution's own desks, not its
            # head office; and the demo's few interpreters each cover a few
            # communes, so a place somebody covers for the language, if any.
            places = institution.places[1:] if modality == Modality.PERMANENCE else []
            places = [
                place for place in places or institution.places
                if self.covered(language, modality, place)
            ] or places or institution.places  # fmt: skip
            place = rng.choice(places)
        request = Request(
            reference=reference,
            organisation=institution.organisation,
            contact=rng.choice(institution.contacts),
            billing_code=institution.codes[code],
            modality=modality,
            language=language,
            minutes=rng.choice(demo.HISTORY_DURATIONS[modality]),
            place=place,
            commune=commune_of(modality, place.postcode, place.commune) if place else None,
        )
        fate = self.fate(language)
        for attempt in range(ATTEMPTS):
            if attempt == ATTEMPTS // 3 and request.place is not None:
                # Another of the institution's places, nearer to somebody free...
                request.place = rng.choice(places)
                request.commune = commune_of(
                    modality, request.place.postcode, request.place.commune
                )
            if attempt == 2 * ATTEMPTS // 3 and modality == Modality.ON_SITE:
                # ... or by video, as the engine proposes when nobody can come.
                request.modality, request.place, request.commune = Modality.VIDEO, None, None
            # Not free that day: another one, within two weeks or so.
            start = self.draw_start(request, day + (rng.randint(-8, 8) if attempt else 0))
            end = start + timedelta(minutes=request.minutes)
            if fate == "unfilled":
                first = None
                break
            first = self.pick(request, start, end)
            if first is not None:
                break
        else:
            fate = "unfilled"  # nobody speaks it who was free: unmet demand all the same
        second = None
        if fate == "withdrawn":
            second = self.pick(request, start, end, not_=first)
            if second is None:
                fate = "performed"
        for calendar in (first, second):
            if calendar is not None:
                calendar.take(start, end, request.minutes)
        Story(self, request, start).play(fate, first, second)

    # -- Writing ----------------------------------------------------------------

    def write(self) -> int:
        """Everything in bulk, parents first (their ids come back); returns the rows written."""
        Booking.objects.bulk_create(self.bookings, batch_size=500)
        Assignment.objects.bulk_create(self.assignments, batch_size=500)
        BookingEvent.objects.bulk_create(self.events, batch_size=500)
        ServiceRecord.objects.bulk_create(self.records, batch_size=500)
        return len(self.bookings) + len(self.assignments) + len(self.events) + len(self.records)


class Story:
    """One request's life, from its submission to its outcome: the request,
    its assignments, its history and its record, with the clock of each step."""

    def __init__(self, planner: Planner, request: Request, start: datetime):
        self.planner = planner
        self.rng = planner.rng
        self.request = request
        self.contact = request.contact
        self.coordinator = planner.coordinator
        booking = demo_booking(
            request,
            request.organisation,
            request.contact,
            planner.languages,
            start,
            billing_code=request.billing_code,
            place=request.place,
        )
        alternative = ALTERNATIVES.get(request.language)
        if alternative in planner.languages and self.rng.random() < 0.15:
            booking.alt_language = planner.languages[alternative]
        if booking.modality == Modality.PERMANENCE:
            booking.expected_people = self.rng.randint(3, 10)
        booking.submitted_at = planner.submitted_at(start)
        booking.created_at = booking.submitted_at - self.minutes_between(3, 20)
        self.booking = booking
        planner.bookings.append(booking)

    def minutes_between(self, low: int, high: int) -> timedelta:
        return self.planner.minutes_between(low, high)

    def event(self, action, at, by, from_status, to_status, interpreter=None, **values):
        self.planner.events.append(
            BookingEvent(
                booking=self.booking,
                at=at,
                actor=by,
                action=action,
                from_status=from_status,
                to_status=to_status,
                interpreter=interpreter.profile if interpreter else None,
                **values,
            )
        )

    def assign(self, calendar: Calendar, *, at, by, kind=Assignment.Kind.CONFIRMED, minutes=None):
        booking = self.booking
        end = booking.start + timedelta(minutes=minutes or booking.duration_minutes)
        assignment = Assignment(
            booking=booking,
            interpreter=calendar.profile,
            kind=kind,
            start=booking.start,
            end=end,
            created_at=at,
            created_by=by,
        )
        self.planner.assignments.append(assignment)
        return assignment

    def text(self, texts: dict[str, tuple[str, ...]], person: User) -> str:
        return self.rng.choice(texts.get(person.language) or texts["fr"])

    # -- The stories ------------------------------------------------------------

    def play(self, fate: str, first: Calendar | None, second: Calendar | None) -> None:
        booking = self.booking
        start, submitted = booking.start, booking.submitted_at
        if fate == "unfilled":
            self.waitlisted()
            booking.status = Status.UNFILLED
            # The waiting list's sweep closes it once its time has come.
            self.event(
                Action.UNFILLED, start + self.minutes_between(0, 5), None,
                Status.WAITLISTED, Status.UNFILLED,
            )  # fmt: skip
            return
        if fate == "from_waitlist":
            self.waitlisted()
            # Some capacity freed up within three days, or half-way to the service.
            half_way = min((start - submitted) / 2, timedelta(days=3))
            available = self.planner.daytime_between(
                submitted + timedelta(hours=1), submitted + half_way
            )
            self.assign(first, at=available, by=None)
            self.event(Action.AVAILABLE, available, None, Status.WAITLISTED, Status.RECEIVED, first)
            self.confirmed(first, after=available)
            self.performed(first)
            return
        hold = self.submitted(first)
        if fate == "declined":
            declined = self.planner.desk_time(submitted, start)
            hold.released_at = declined
            booking.status = Status.DECLINED
            self.event(
                Action.DECLINED, declined, self.coordinator, Status.RECEIVED, Status.DECLINED,
                reason=self.rng.choice(demo.HISTORY_DECLINE_REASONS),
            )  # fmt: skip
            return
        confirmed = self.planner.desk_time(submitted, start)
        if fate == "cancelled":
            self.cancelled(hold, confirmed, first)
            return
        hold.kind = Assignment.Kind.CONFIRMED
        self.event(
            Action.CONFIRMED, confirmed, self.coordinator, Status.RECEIVED, Status.CONFIRMED, first
        )
        self.confirmed_at = confirmed
        performer = first
        if fate == "withdrawn" and start - confirmed > timedelta(hours=5):
            performer = self.withdrawn(hold, confirmed, first, second)
        elif fate == "changed":
            self.changed(hold, confirmed, first)
        self.performed(performer)

    def waitlisted(self) -> None:
        """Nobody free when asked: the institution chose the waiting list."""
        self.event(
            Action.WAITLISTED, self.booking.submitted_at, self.contact, Status.DRAFT,
            Status.WAITLISTED,
        )  # fmt: skip

    def submitted(self, calendar: Calendar) -> Assignment:
        """Submitted, with a hold on the best free interpreter."""
        at = self.booking.submitted_at
        self.event(Action.SUBMITTED, at, self.contact, Status.DRAFT, Status.RECEIVED, calendar)
        return self.assign(calendar, at=at, by=self.contact, kind=Assignment.Kind.HOLD)

    def confirmed(self, calendar: Calendar, *, after: datetime) -> None:
        at = self.planner.desk_time(after, self.booking.start)
        self.event(
            Action.CONFIRMED, at, self.coordinator, Status.RECEIVED, Status.CONFIRMED, calendar
        )
        self.confirmed_at = at

    def cancelled(self, hold: Assignment, confirmed: datetime, calendar: Calendar) -> None:
        """Cancelled by the contact person: in time, or late and billable."""
        booking = self.booking
        start, submitted = booking.start, booking.submitted_at
        deadline = late_cancellation_deadline(start, opening=self.planner.opening)
        late_from = max(deadline, confirmed) + timedelta(minutes=5)
        latest = start - timedelta(minutes=20)
        late = self.rng.random() < demo.HISTORY_LATE and late_from < latest
        if late or confirmed + timedelta(minutes=30) < deadline - timedelta(minutes=30):
            hold.kind = Assignment.Kind.CONFIRMED
            self.event(
                Action.CONFIRMED, confirmed, self.coordinator, Status.RECEIVED, Status.CONFIRMED,
                calendar,
            )  # fmt: skip
            if late:
                window = (late_from, latest)
            else:
                window = (confirmed + timedelta(minutes=30), deadline - timedelta(minutes=30))
            from_status = Status.CONFIRMED
        else:
            # Too close to the deadline to be confirmed first: withdrawn while received.
            window = (submitted + timedelta(minutes=10), min(confirmed, latest))
            from_status = Status.RECEIVED
        at = self.planner.daytime_between(*window)
        hold.released_at = at
        booking.status = Status.CANCELLED
        booking.late_cancellation = late
        reasons = demo.HISTORY_LATE_REASONS if late else demo.HISTORY_CANCEL_REASONS
        self.event(
            Action.CANCELLED, at, self.contact, from_status, Status.CANCELLED,
            reason=self.text(reasons, self.contact),
        )  # fmt: skip

    def withdrawn(
        self, first_hold: Assignment, confirmed: datetime, first: Calendar, second: Calendar
    ) -> Calendar:
        """The interpreter withdrew; the next one was held, then confirmed."""
        start = self.booking.start
        at = self.planner.daytime_between(
            confirmed + timedelta(minutes=30), start - timedelta(hours=4)
        )
        first_hold.released_at = at
        user = first.profile.user
        self.event(
            Action.WITHDRAWN, at, user, Status.CONFIRMED, Status.RECEIVED, first,
            reason=self.text(demo.HISTORY_WITHDRAW_REASONS, user),
        )  # fmt: skip
        self.event(Action.HELD, at, None, Status.RECEIVED, Status.RECEIVED, second)
        self.assign(second, at=at, by=None)
        self.confirmed(second, after=at)
        return second

    def changed(self, hold: Assignment, confirmed: datetime, calendar: Calendar) -> None:
        """The institution asked for half an hour more; the interpreter was still free.
        The assignment was released and written again for the new duration, as
        ``change_booking`` does."""
        booking = self.booking
        after = booking.duration_minutes
        before = after - 30
        latest = booking.start - timedelta(hours=3)
        if before < MINIMUM_MINUTES.get(booking.modality, 15) or latest <= confirmed:
            return
        at = self.planner.daytime_between(confirmed + timedelta(minutes=10), latest)
        hold.end = booking.start + timedelta(minutes=before)
        hold.released_at = at
        self.assign(calendar, at=at, by=self.contact)
        self.event(
            Action.CHANGED, at, self.contact, Status.CONFIRMED, Status.CONFIRMED, calendar,
            changes={"duration_minutes": [before, after]},
        )  # fmt: skip

    def performed(self, calendar: Calendar) -> None:
        """The service took place (or the person did not come); the interpreter
        recorded it; the institution validated it, contested it, or let the
        delay validate it."""
        booking, rng = self.booking, self.rng
        start, end = booking.start, booking.end
        # The reminder sweep's pass: the day before, or at once when confirmed later.
        booking.reminded_at = max(start - settings.REMINDER_LEAD, self.confirmed_at)
        booking.reminded_at += self.minutes_between(0, 10)
        interpreter = calendar.profile.user
        record = ServiceRecord(booking=booking, interpreter=calendar.profile)
        at_a_place = booking.modality in AT_A_PLACE
        if rng.random() < demo.HISTORY_NOT_PERFORMED:
            record.outcome = ServiceRecord.Outcome.NOT_PERFORMED
            record.not_performed_reason = ServiceRecord.Reason.BENEFICIARY_ABSENT
            record.arrived_at = start - self.minutes_between(5, 15) if at_a_place else None
            record.comments = demo.HISTORY_NOT_PERFORMED_COMMENT.get(
                interpreter.language, demo.HISTORY_NOT_PERFORMED_COMMENT["fr"]
            )
        else:
            record.outcome = ServiceRecord.Outcome.PERFORMED
            record.arrived_at = start - self.minutes_between(5, 20) if at_a_place else None
            record.started_at = start + self.minutes_between(0, 10)
            early_or_late = timedelta(minutes=rng.choice((-10, -5, 0, 0, 0, 5, 10, 15)))
            shortest = timedelta(minutes=max(10, booking.duration_minutes // 2))
            record.ended_at = max(end + early_or_late, record.started_at + shortest)
            if booking.modality == Modality.PERMANENCE:
                record.services_count = rng.randint(2, 9)
        sent = end + timedelta(minutes=rng.choice((15, 30, 45, 60, 120, 240, 1080, 1260)))
        record.status = ServiceRecord.Status.VALIDATED
        record.submitted_at = sent
        record.validation_due_at = sent + settings.VALIDATION_DELAY
        self.event(Action.RECORDED, sent, interpreter, Status.CONFIRMED, Status.PERFORMED, calendar)
        # The contact person answers within their working hours, unless the
        # delay runs out first (a weekend, say): then the sweep validates it.
        due = record.validation_due_at
        answered = self.planner.working_time(sent, low=30, high=24 * 60)
        draw = rng.random()
        if answered >= due or demo.HISTORY_CONTESTED <= draw < (
            demo.HISTORY_CONTESTED + demo.HISTORY_AUTOMATIC
        ):
            record.validated_at = due + self.minutes_between(0, 5)
            record.validated_by = None
        elif draw < demo.HISTORY_CONTESTED and record.outcome == ServiceRecord.Outcome.PERFORMED:
            # The interpreter wrote a later end than the institution saw: it
            # proposes the booked end, which the operations team accepts.
            record.contest_reason = self.text(demo.HISTORY_CONTEST_REASONS, self.contact)
            record.contested_by = self.contact
            record.proposed_ended_at = end
            self.event(
                Action.CONTESTED, answered, self.contact, Status.PERFORMED, Status.PERFORMED,
                reason=record.contest_reason,
            )  # fmt: skip
            resolved = self.planner.desk_time(answered, answered + timedelta(days=7))
            record.ended_at = record.proposed_ended_at
            record.resolution_comment = demo.HISTORY_RESOLUTION
            self.event(
                Action.RESOLVED, resolved, self.coordinator, Status.PERFORMED, Status.PERFORMED,
                reason=demo.HISTORY_RESOLUTION,
            )  # fmt: skip
            record.validated_at, record.validated_by = resolved, self.coordinator
        else:
            record.validated_at, record.validated_by = answered, self.contact
        self.event(
            Action.VALIDATED, record.validated_at, record.validated_by, Status.PERFORMED,
            Status.VALIDATED,
        )  # fmt: skip
        booking.status = Status.VALIDATED
        self.planner.records.append(record)


def _season(day: date, first: date, last: date) -> float:
    """How busy a day is: a service that grows over the year, quieter in the
    summer holidays and between Christmas and New Year."""
    weight = 0.75 + 0.5 * (day - first).days / max(1, (last - first).days)
    if day.month in (7, 8):
        weight *= 0.6
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 3):
        weight *= 0.4
    return weight


def _institutions(organisations: dict[str, Organisation]) -> dict[str, Institution]:
    """The demo institutions that can still book: active members, codes and places."""
    found = {}
    codes = BillingCode.objects.filter(is_active=True).prefetch_related("organisations")
    for number in demo.HISTORY_ORGANISATIONS:
        organisation = organisations.get(number)
        if organisation is None:
            continue
        contacts = list(
            User.objects.filter(
                memberships__organisation=organisation, memberships__is_active=True, is_active=True
            ).order_by("email")
        )
        usable = {
            code.code: code
            for code in codes
            if any(o.pk == organisation.pk for o in code.organisations.all())
        }
        places = list(organisation.places.filter(is_active=True).order_by("-is_official", "pk"))
        if contacts and usable and places:
            found[number] = Institution(organisation, contacts, usable, places)
    return found


def _calendars(*, since: date, until: datetime) -> dict[str, list[Calendar]]:
    """The active interpreters by language code, each with what they already do in the period."""
    profiles = (
        InterpreterProfile.objects.filter(user__is_active=True)
        .select_related("user")
        .prefetch_related("languages__language", "windows")
        .order_by("pk")
    )
    calendars: dict[int, Calendar] = {}
    speakers: dict[str, list[Calendar]] = defaultdict(list)
    for profile in profiles:
        windows: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for window in profile.windows.all():
            windows[window.weekday].append((window.start_time, window.end_time))
        calendar = Calendar(
            profile=profile,
            modalities=set(profile.modalities),
            communes=frozenset(profile.communes_served),
            windows=windows,
            max_minutes=profile.max_minutes_per_day,
        )
        calendars[profile.pk] = calendar
        for spoken in profile.languages.all():
            speakers[spoken.language.code].append(calendar)
    taken = Assignment.objects.filter(
        released_at__isnull=True,
        start__gte=datetime.combine(since, time(), BRUSSELS),
        start__lt=until,
    ).values_list("interpreter", "start", "end", "travel_before_minutes", "travel_after_minutes")
    for interpreter, start, end, before, after in taken:
        if interpreter in calendars:
            calendars[interpreter].take(
                start - timedelta(minutes=before),
                end + timedelta(minutes=after),
                int((end - start) / timedelta(minutes=1)),
            )
    return speakers
