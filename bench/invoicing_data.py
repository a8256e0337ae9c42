"""The invoice run's data set (``bench/invoicing.py``): paying institutions and
one closed month of billable services, as the services would have left them.

300 institutions (valid Belgian enterprise numbers, documents in French, Dutch
or English), each with its official place, a requester and a billing code it
pays itself; a tenth of them also book under a code another institution pays
(a public social welfare centre paying for an association). 10,000 billable
requests in October 2026 (22 working days; summer time ends on the 25th),
spread over the institutions Zipf-like (the largest pays for about 4 % of them):

- validated services (97 %): on-site, video, phone and standing shifts (with
  the number of people served), each with its confirmed assignment and its
  validated record (arrival, start and end; 3 % "the person did not come",
  billed the booked duration), and the history entries of their path;
- late cancellations (3 %): cancelled after the free deadline, billable, the
  assignment released.

Assignments lie per interpreter on a grid of three non-overlapping 3-hour
slots a working day, so the PostgreSQL exclusion constraint holds. Demo
tariffs (``relais.invoicing.demo``) price them. Rows go in with
``bulk_create`` into a freshly migrated database of its own; nothing goes
through the booking services (10,000 requests through them would take hours).
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from bench.generate import BRUSSELS, _valid, language_rows, working_days

SEED = 20261001
PAYERS = 300
SERVICES = 10000
INTERPRETERS = 200
LANGUAGES = 40
MONTH = (date(2026, 10, 1), date(2026, 10, 31))
# The run happens on the first working day after the month, in the morning.
RUN_AT = datetime(2026, 11, 2, 8, 0, tzinfo=BRUSSELS)
SLOTS = (time(8, 0), time(11, 15), time(14, 30))
SLOT_MINUTES = 180
LATE_CANCELLED = 0.03
NOT_PERFORMED = 0.03
SECOND_CODE = 0.10  # institutions that also book under a code another one pays
ZIPF = 0.6
MODALITIES = (("on_site", 45), ("video", 25), ("phone", 20), ("permanence", 10))
DURATIONS = {
    "on_site": (45, 60, 60, 90, 90, 120, 150),
    "video": (30, 45, 60, 60, 90),
    "phone": (15, 20, 30, 30, 45, 60),
    "permanence": (120, 150, 180),
}
DOCUMENT_LANGUAGES = (("fr", 60), ("nl", 35), ("en", 5))
COORDINATOR_EMAIL = "coordinator@bench.invalid"
BATCH = 2000


def build(services: int = SERVICES, payers: int = PAYERS, seed: int = SEED) -> dict:
    """Fill the (migrated, empty) default database; returns row counts per table."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from relais.accounts.models import User
    from relais.bookings.models import Assignment, Booking, BookingEvent
    from relais.interpreters.models import InterpreterLanguage, InterpreterProfile, Language
    from relais.invoicing.demo import create_demo_tariffs
    from relais.organisations.communes import BRUSSELS_COMMUNES
    from relais.organisations.models import BillingCode, Membership, Organisation, Place
    from relais.records.models import ServiceRecord

    rng = random.Random(seed)
    unusable = make_password(None)  # nobody logs in
    now = RUN_AT.astimezone(UTC) - timedelta(days=40)
    counts = {}

    def put(model, rows):
        made = model.objects.bulk_create(rows, batch_size=BATCH)
        counts[model._meta.label] = counts.get(model._meta.label, 0) + len(made)
        return made

    def pick(weighted):
        values, weights = zip(*weighted, strict=True)
        return rng.choices(values, weights)[0]

    with transaction.atomic():
        languages = put(
            Language,
            [
                Language(code=code, name_fr=fr, name_nl=nl, name_en=en)
                for code, fr, nl, en in language_rows()[:LANGUAGES]
            ],
        )
        # People: interpreters, one requester per institution, a coordinator.
        # Nobody logs in: no password (hashing is slow by design).
        interpreter_users = put(
            User,
            [
                User(
                    email=f"interpreter{k}@bench.invalid",
                    password=unusable,
                    full_name=f"Interpreter {k}",
                    is_active=True,
                    is_interpreter=True,
                    date_joined=now,
                )
                for k in range(1, INTERPRETERS + 1)
            ],
        )
        requesters = put(
            User,
            [
                User(
                    email=f"requester{k}@bench.invalid",
                    password=unusable,
                    full_name=f"Requester {k}",
                    is_active=True,
                    date_joined=now,
                )
                for k in range(1, payers + 1)
            ],
        )
        coordinator = put(
            User,
            [
                User(
                    email=COORDINATOR_EMAIL,
                    password=unusable,
                    full_name="Coordinator",
                    is_active=True,
                    is_coordinator=True,
                    date_joined=now,
                )
            ],
        )[0]
        communes = list(BRUSSELS_COMMUNES)
        profiles = put(
            InterpreterProfile,
            [
                InterpreterProfile(
                    user=user,
                    accepts_on_site=True,
                    communes_served=[c.fr for c in communes],
                    max_minutes_per_day=600,
                )
                for user in interpreter_users
            ],
        )
        # Each interpreter speaks 1-3 languages, the frequent ones more often.
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(languages))]
        spoken: dict[int, list[Language]] = {}
        rows = []
        for profile in profiles:
            own: list[Language] = []
            while len(own) < rng.choice((1, 2, 2, 3)):
                language = rng.choices(languages, weights)[0]
                if language not in own:
                    own.append(language)
            spoken[profile.pk] = own
            rows += [
                InterpreterLanguage(profile=profile, language=language, level="fluent")
                for language in own
            ]
        put(InterpreterLanguage, rows)

        institutions = put(
            Organisation,
            [
                Organisation(
                    name=f"Institution {k + 1:03d}",
                    enterprise_number=_valid(k),
                    peppol_id=f"0208:{_valid(k)}",
                    invoicing_email=f"billing{k + 1}@bench.invalid",
                    language=pick(DOCUMENT_LANGUAGES),
                    created_at=now,
                )
                for k in range(payers)
            ],
        )
        places = put(
            Place,
            [
                Place(
                    organisation=org,
                    name="Siège",
                    street=f"Rue du Banc {k + 1}",
                    postcode=communes[k % len(communes)].postcodes[0],
                    commune=communes[k % len(communes)].fr,
                    is_official=True,
                )
                for k, org in enumerate(institutions)
            ],
        )
        put(
            Membership,
            [
                Membership(user=user, organisation=org, role="manager", created_at=now)
                for user, org in zip(requesters, institutions, strict=True)
            ],
        )
        codes = put(
            BillingCode,
            [
                BillingCode(code=f"INV-{k + 1:03d}", label=f"Services {k + 1:03d}", payer=org)
                for k, org in enumerate(institutions)
            ],
        )
        # Institutions that also book under a code one of the ten biggest payers pays.
        second = sorted(rng.sample(range(10, payers), round(SECOND_CODE * payers)))
        extra = put(
            BillingCode,
            [
                BillingCode(
                    code=f"INV-{k + 1:03d}-B",
                    label=f"Services {k + 1:03d}, paid by another institution",
                    payer=institutions[rng.randrange(10)],
                )
                for k in second
            ],
        )
        through = BillingCode.organisations.through
        put(
            through,
            [
                through(billingcode=code, organisation=org)
                for code, org in zip(codes, institutions, strict=True)
            ]
            + [
                through(billingcode=code, organisation=institutions[k])
                for code, k in zip(extra, second, strict=True)
            ],
        )
        extra_code = dict(zip(second, extra, strict=True))

        # The slots: (interpreter, day, slot), shuffled, one per service.
        days = working_days(*MONTH)
        grid = [(p, d, s) for p in profiles for d in days for s in SLOTS]
        if len(grid) < services:
            raise ValueError(f"{services} services don't fit in {len(grid)} slots")
        slots = rng.sample(grid, services)
        org_weights = [1 / (rank + 1) ** ZIPF for rank in range(payers)]
        bookings, fates = [], []
        for profile, day, slot in slots:
            k = rng.choices(range(payers), org_weights)[0]
            org = institutions[k]
            code = extra_code[k] if k in extra_code and rng.random() < 0.3 else codes[k]
            modality = pick(MODALITIES)
            minutes = rng.choice(DURATIONS[modality])
            offset = rng.choice((0, 0, 15, 30)) if minutes + 30 <= SLOT_MINUTES else 0
            start = datetime.combine(day, slot, BRUSSELS) + timedelta(minutes=offset)
            start = start.astimezone(UTC)
            submitted = start - timedelta(days=rng.randint(2, 30), minutes=rng.randrange(600))
            late = rng.random() < LATE_CANCELLED
            at_a_place = modality in ("on_site", "permanence")
            requester = requesters[k]
            bookings.append(
                Booking(
                    organisation=org,
                    billing_code=code,
                    created_by=requester,
                    contact=requester,
                    modality=modality,
                    language=rng.choice(spoken[profile.pk]),
                    start=start,
                    duration_minutes=minutes,
                    place=places[k] if at_a_place else None,
                    onsite_contact_name="Accueil" if at_a_place else "",
                    onsite_contact_phone="+3220000000" if at_a_place else "",
                    video_link="https://meet.example.org/bench" if modality == "video" else "",
                    phone_number="+3220000001" if modality == "phone" else "",
                    phone_who_calls="interpreter" if modality == "phone" else "",
                    expected_people=rng.randint(2, 10) if modality == "permanence" else None,
                    status="cancelled" if late else "validated",
                    late_cancellation=late,
                    created_at=submitted,
                    submitted_at=submitted,
                )
            )
            fates.append((profile, late))
        bookings = put(Booking, bookings)

        assignments, records, events = [], [], []
        for booking, (profile, late) in zip(bookings, fates, strict=True):
            end = booking.end
            # Late: after 10:00 on the working day before; a few hours before, here.
            cancelled_at = booking.start - timedelta(hours=rng.randint(2, 20))
            assignments.append(
                Assignment(
                    booking=booking,
                    interpreter=profile,
                    kind="confirmed",
                    start=booking.start,
                    end=end,
                    released_at=cancelled_at if late else None,
                    created_at=booking.submitted_at,
                    created_by=coordinator,
                )
            )

            def event(action, from_status, to_status, at, who=None, interpreter=None, b=booking):
                events.append(
                    BookingEvent(
                        booking=b,
                        at=at,
                        actor=who,
                        action=action,
                        from_status=from_status,
                        to_status=to_status,
                        interpreter=interpreter,
                    )
                )

            contact = booking.contact
            event("submitted", "draft", "received", booking.submitted_at, contact)
            confirmed_at = booking.submitted_at + timedelta(hours=2)
            event("confirmed", "received", "confirmed", confirmed_at, coordinator, profile)
            if late:
                event("cancelled", "confirmed", "cancelled", cancelled_at, contact)
                continue
            arrived = booking.start - timedelta(minutes=rng.choice((0, 5, 10)))
            started = booking.start + timedelta(minutes=rng.choice((0, 0, 5, 10)))
            ended = started + timedelta(minutes=booking.duration_minutes + rng.choice((-5, 0, 10)))
            performed = rng.random() >= NOT_PERFORMED
            shift = booking.modality == "permanence"
            submitted = ended + timedelta(minutes=rng.randint(10, 600))
            validated = submitted + timedelta(minutes=rng.randint(30, 2880))
            automatic = rng.random() < 0.3  # nobody answered within 48 hours
            records.append(
                ServiceRecord(
                    booking=booking,
                    interpreter=profile,
                    outcome="performed" if performed else "not_performed",
                    not_performed_reason="" if performed else "beneficiary_absent",
                    arrived_at=arrived if booking.modality == "on_site" else None,
                    started_at=started if performed else None,
                    ended_at=ended if performed else None,
                    services_count=rng.randint(1, 8) if shift and performed else None,
                    status="validated",
                    submitted_at=submitted,
                    validation_due_at=submitted + timedelta(hours=48),
                    validated_at=submitted + timedelta(hours=48) if automatic else validated,
                    validated_by=None if automatic else contact,
                )
            )
            event("recorded", "confirmed", "performed", submitted, profile.user, profile)
            event(
                "validated",
                "performed",
                "validated",
                records[-1].validated_at,
                records[-1].validated_by,
            )
        put(Assignment, assignments)
        put(ServiceRecord, records)
        put(BookingEvent, events)
        counts["invoicing.Tariff"] = len(create_demo_tariffs(valid_from=date(2020, 1, 1)))
    return counts
