"""`manage.py load_demo`: the demo institutions, members, interpreters, requests
and a year of their history."""

from collections import Counter
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from relais.accounts.models import User
from relais.bookings.models import Assignment, Booking, BookingEvent
from relais.bookings.services import (
    NoLongerAvailable,
    confirm_booking,
    record_event,
    submit_booking,
    waitlist_booking,
)
from relais.interpreters.models import (
    Absence,
    AvailabilityWindow,
    InterpreterLanguage,
    InterpreterProfile,
    Language,
    LanguageLevel,
    Modality,
)
from relais.interpreters.services import create_language
from relais.invoicing.demo import create_demo_tariffs, issue_demo_invoices
from relais.matching.alternatives import default_opening
from relais.matching.engine import BRUSSELS
from relais.organisations import demo
from relais.organisations.demo_history import demo_booking, load_history
from relais.organisations.models import BillingCode, Membership, Organisation, Place
from relais.organisations.services import create_organisation, save_place
from relais.records.services import (
    auto_validate,
    contest_record,
    save_record,
    submit_record,
    validate_record,
)


class Command(BaseCommand):
    """Load the demo data of `relais/organisations/demo.py` and print one login per role.

    Every demo account gets the same published password, so the command refuses
    to run with DEBUG off unless `--force` is given (a staging server, say).

    Loads once: records are found by enterprise number, email, billing code,
    place name, language code and interpreter and created when missing (an
    interpreter's languages, week and absences come with a new profile only);
    what exists is left as it is, so what a newcomer changes while exploring
    survives the next `make run`, which calls this command at every start. All in one transaction.

    Then a year of past requests for the overview tabs (``demo_history.py``):
    loaded whole when none of it exists, counted back from that day.
    """

    help = "Load fictional demo institutions, members and interpreters (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off: every demo account has a published password.",
        )

    def handle(self, *args, force: bool, verbosity: int, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts whose password is published, so it only runs "
                "with DEBUG=1. Add --force to load it anyway, on a server nobody relies on."
            )
        with transaction.atomic():
            changes = load_demo()
        if verbosity:
            self.print_logins(changes)

    def print_logins(self, changes: Counter) -> None:
        site = f"{settings.SITE_URL}/"
        self.stdout.write(
            f"Demo data: {len(demo.ORGANISATIONS)} institutions, "
            f"{sum(1 + len(o.places) for o in demo.ORGANISATIONS)} places, "
            f"{len(demo.BILLING_CODES)} billing codes, {demo_account_count()} accounts, "
            f"{len(demo.LANGUAGES)} languages "
            f"({changes['created']} records created now)."
        )
        self.stdout.write(f"Sign in at {site} (administrator: {site}admin/)")
        width = max(len(role) for role, _ in demo.LOGINS)
        email_width = max(len(email) for _, email in demo.LOGINS)
        self.stdout.write(f"  {'role':<{width}}  {'email':<{email_width}}  password")
        for role, email in demo.LOGINS:
            self.stdout.write(f"  {role:<{width}}  {email:<{email_width}}  {demo.DEMO_PASSWORD}")


def demo_account_count() -> int:
    return len(demo.PEOPLE) + len(demo.INTERPRETERS) + 2  # + coordinator, administrator


def load_demo() -> Counter:
    """Create the demo records that are missing; return how many were created."""
    changes: Counter = Counter()
    users = _load_users(changes)
    organisations = {
        spec.enterprise_number: _load_organisation(spec, changes) for spec in demo.ORGANISATIONS
    }
    for spec in demo.ORGANISATIONS:
        for email, role in spec.members:
            _, created = Membership.objects.get_or_create(
                user=users[email],
                organisation=organisations[spec.enterprise_number],
                defaults={"role": role},
            )
            changes["created"] += created
    for spec in demo.BILLING_CODES:
        code, created = BillingCode.objects.get_or_create(
            code=spec.code, defaults={"label": spec.label, "payer": organisations[spec.payer]}
        )
        if created:
            code.organisations.set([organisations[number] for number in spec.organisations])
            changes["created"] += 1
    languages = _load_languages(changes)
    _load_interpreters(users, languages, changes)
    _load_records(users, organisations, languages, changes)
    # The year is planned around the services just recorded; the requests to
    # come are then held by the engine, which ranks by the hours of the last
    # weeks: the history's.
    load_history(users, organisations, languages, changes)
    _load_requests(users, organisations, languages, changes)
    # Tariffs, so that the operations team can preview and issue invoices.
    changes["created"] += len(create_demo_tariffs())
    # And the invoices of the history, so that the Factures tab has last month's.
    changes["created"] += len(issue_demo_invoices(by=users[demo.COORDINATOR.email]))
    return changes


def _working_day(offset: int):
    """The ``offset``-th open day after today (weekends and public holidays closed)."""
    opening = default_opening()
    day = timezone.localdate()
    while offset:
        day += timedelta(days=1)
        offset -= opening.is_open_on(day)
    return day


def _load_requests(users, organisations, languages, changes: Counter) -> None:
    """The demo requests that are missing, submitted through the services, so that
    the coordinators' queue is alive: holds, one confirmed, a waiting list."""
    existing = set(
        Booking.objects.filter(
            internal_reference__in=[spec.reference for spec in demo.DEMO_REQUESTS]
        ).values_list("internal_reference", flat=True)
    )
    coordinator = users[demo.COORDINATOR.email]
    now = timezone.now()
    for spec in demo.DEMO_REQUESTS:
        if spec.reference in existing:
            continue
        organisation = organisations[spec.organisation]
        contact = users[spec.contact]
        start = datetime.combine(
            _working_day(spec.working_days), time.fromisoformat(spec.at), BRUSSELS
        )
        booking = demo_booking(spec, organisation, contact, languages, start)
        booking.note_for_interpreter = spec.note
        submitted = now - timedelta(hours=spec.submitted_hours_ago)
        if spec.outcome == "waitlisted":
            waitlist_booking(booking=booking, by=contact, now=submitted)
        else:
            try:
                submit_booking(booking=booking, by=contact, now=submitted)
            except NoLongerAvailable:
                # Somebody changed the demo interpreters: the request waits instead.
                waitlist_booking(booking=booking, by=contact, now=submitted)
            else:
                if spec.outcome == "confirmed":
                    confirm_booking(booking=booking, by=coordinator)
        changes["created"] += 1


def _load_languages(changes: Counter) -> dict[str, Language]:
    existing = {language.code: language for language in Language.objects.all()}
    for code in demo.LANGUAGES:
        if code not in existing:
            fr, nl, en = demo.LANGUAGE_NAMES.get(code, ("", "", ""))
            existing[code] = create_language(code=code, name_fr=fr, name_nl=nl, name_en=en)
            changes["created"] += 1
    return existing


# The levels of an interpreter's languages, in the order demo.py lists them.
LEVELS = (LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.WORKING)


def _load_interpreters(
    users: dict[str, User], languages: dict[str, Language], changes: Counter
) -> None:
    """A complete profile for each demo interpreter who has none yet."""
    with_profile = set(
        InterpreterProfile.objects.filter(
            user__email__in=[spec.email for spec in demo.INTERPRETERS]
        ).values_list("user__email", flat=True)
    )
    specs = [spec for spec in demo.INTERPRETERS if spec.email not in with_profile]
    profiles = []
    for spec in specs:
        profile = InterpreterProfile(
            user=users[spec.email],
            accepts_on_site=bool(spec.communes),
            accepts_permanence=spec.accepts_permanence,
            communes_served=sorted(spec.communes),
            max_minutes_per_day=int(spec.max_hours * 60),
        )
        # What create_profile checks; the one-profile-per-person rule is the query above.
        profile.full_clean(validate_unique=False, validate_constraints=False)
        profiles.append(profile)
    InterpreterProfile.objects.bulk_create(profiles)
    today = timezone.localdate()
    spoken, windows, absences = [], [], []
    for spec, profile in zip(specs, profiles, strict=True):
        spoken += [
            InterpreterLanguage(profile=profile, language=languages[code], level=level)
            for code, level in zip(spec.languages, LEVELS, strict=False)
        ]
        windows += [
            AvailabilityWindow(
                profile=profile,
                weekday=weekday,
                start_time=time.fromisoformat(start),
                end_time=time.fromisoformat(end),
            )
            for weekday, start, end in demo.WEEKS[spec.week]
        ]
        absences += [
            Absence(
                profile=profile,
                starts_on=today + timedelta(days=absence.starts_in),
                ends_on=today + timedelta(days=absence.starts_in + absence.days - 1),
                kind=absence.kind,
            )
            for absence in spec.absences
        ]
    for model, rows in (
        (InterpreterLanguage, spoken),
        (AvailabilityWindow, windows),
        (Absence, absences),
    ):
        model.objects.bulk_create(rows)
        changes["created"] += len(rows)
    changes["created"] += len(profiles)


def _load_users(changes: Counter) -> dict[str, User]:
    # Hashing is the slow part (PBKDF2, about a quarter of a second): once for all.
    password = make_password(demo.DEMO_PASSWORD)
    wanted = {person.email: _user_values(person) for person in demo.PEOPLE}
    for interpreter in demo.INTERPRETERS:
        wanted[interpreter.email] = _user_values(interpreter, is_interpreter=True)
    wanted[demo.COORDINATOR.email] = _user_values(
        demo.COORDINATOR, is_coordinator=True, is_staff=True
    )
    wanted[demo.ADMINISTRATOR.email] = _user_values(
        demo.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    new = []
    for email, values in wanted.items():
        if email not in existing:
            user = User(email=email, password=password, is_active=True, **values)
            user.full_clean()  # what UserManager.create_user checks, bulk_create skips it
            new.append(user)
    User.objects.bulk_create(new)
    changes["created"] += len(new)
    return {user.email: user for user in User.objects.filter(email__in=wanted)}


def _user_values(person, **flags) -> dict:
    return {"full_name": person.full_name, "language": person.language, **flags}


def _load_organisation(spec: demo.DemoOrganisation, changes: Counter) -> Organisation:
    organisation = Organisation.objects.filter(enterprise_number=spec.enterprise_number).first()
    if organisation is None:
        address = spec.official_address
        organisation = create_organisation(
            name=spec.name,
            enterprise_number=spec.enterprise_number,
            invoicing_email=spec.invoicing_email,
            street=address.street,
            postcode=address.postcode,
            commune=address.commune,
            language=spec.language,
        )
        changes["created"] += 2  # the institution and its official address
    for place in spec.places:
        if not organisation.places.filter(name=place.name).exists():
            save_place(
                place=Place(organisation=organisation),
                name=place.name,
                street=place.street,
                postcode=place.postcode,
                commune=place.commune,
                access_notes=place.access_notes,
            )
            changes["created"] += 1
    return organisation


def _working_day_before(offset: int):
    """The ``offset``-th open day before today."""
    opening = default_opening()
    day = timezone.localdate()
    while offset:
        day -= timedelta(days=1)
        offset -= opening.is_open_on(day)
    return day


def _load_records(users, organisations, languages, changes: Counter) -> None:
    """Past services of the demo interpreter with their records in every state.

    The services refuse to book in the past, so these requests are written as
    they would stand after their confirmation (request, confirmed assignment,
    history); from there on, the records go through their own services, with
    the clock of each step given explicitly.
    """
    existing = set(
        Booking.objects.filter(
            internal_reference__in=[spec.reference for spec in demo.DEMO_RECORDS]
        ).values_list("internal_reference", flat=True)
    )
    interpreter = users[dict(demo.LOGINS)["interpreter"]]
    profile = interpreter.interpreter_profile
    coordinator = users[demo.COORDINATOR.email]
    now = timezone.now()
    for spec in demo.DEMO_RECORDS:
        if spec.reference in existing:
            continue
        organisation = organisations[spec.organisation]
        contact = users[spec.contact]
        on_site = spec.modality == Modality.ON_SITE
        start = datetime.combine(
            _working_day_before(spec.working_days_ago), time.fromisoformat(spec.at), BRUSSELS
        )
        submitted = start - timedelta(days=3)
        booking = demo_booking(spec, organisation, contact, languages, start)
        booking.status = Booking.Status.CONFIRMED
        booking.submitted_at = submitted
        booking.save()
        Assignment.objects.create(
            booking=booking,
            interpreter=profile,
            kind=Assignment.Kind.CONFIRMED,
            start=booking.start,
            end=booking.end,
            created_at=submitted,
            created_by=coordinator,
        )
        for action, by, from_status in (
            (BookingEvent.Action.SUBMITTED, contact, Booking.Status.DRAFT),
            (BookingEvent.Action.CONFIRMED, coordinator, Booking.Status.RECEIVED),
        ):
            booking.status = (
                Booking.Status.RECEIVED
                if action == BookingEvent.Action.SUBMITTED
                else Booking.Status.CONFIRMED
            )
            record_event(
                booking, by=by, action=action, from_status=from_status, at=submitted,
                interpreter=profile,
            )  # fmt: skip
        changes["created"] += 1
        if spec.state == "missing":
            continue
        after = booking.end + timedelta(minutes=20)
        values = {
            "outcome": "performed",
            "arrived_at": booking.start - timedelta(minutes=10) if on_site else None,
            "started_at": booking.start,
            "ended_at": booking.end + timedelta(minutes=5),
        }
        record = save_record(booking=booking, by=interpreter, values=values, now=after)
        if spec.state == "draft":
            continue
        # Awaiting an answer: submitted a moment ago, so the 48 hours are still running.
        sent = now - timedelta(hours=1) if spec.state in {"submitted", "contested"} else after
        record = submit_record(record=record, by=interpreter, now=sent)
        if spec.state == "contested":
            contest_record(
                record=record,
                by=contact,
                reason="L'entretien s'est terminé à l'heure prévue.",
                proposed={"ended_at": booking.end},
                now=sent + timedelta(minutes=30),
            )
        elif spec.state == "validated":
            validate_record(record=record, by=contact, now=sent + timedelta(hours=3))
        elif spec.state == "automatic":
            auto_validate(record.pk, now=record.validation_due_at)
