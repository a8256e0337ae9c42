"""A deterministic data set for the matching benchmark (``make bench``).

120 languages (ISO codes and CLDR names from Babel), 2,000 interpreters with
their languages, modalities, communes, weekly windows and daily maximum,
20,000 absences, a few institutions with places across the 19 communes and
billing codes, and requests with their assignments: ``--past`` in the past and ``--future``
(confirmed) in the next eight weeks.

The past has the statuses a service's history has, drawn from a generator of
their own so that everything else (languages, slots, interpreters) is the same
as before they existed: mostly performed, validated or invoiced by age, 7 %
cancelled (2 % late, billable), 3 % unfilled; the assignments of cancelled and
unfilled requests are released, so they stay out of the calendar as in real
life. Each request was submitted 1 to 30 days before its service. People who can
log in (password ``BENCH_PASSWORD``) for the page benchmarks and the load test:
``requester<k>@bench.invalid``, manager of institution k + 1 only, and
``coordinator@bench.invalid``.

Assignments are laid out per interpreter on a grid of four non-overlapping
slots per working day (travel margins 0), so the PostgreSQL exclusion
constraint holds. The density of the past is constant (about one assignment a
working day per interpreter): a bigger ``--past`` means a longer history, not
a busier one (1,000,000 covers about two years, 100,000 about ten weeks).

Rows go in with raw ``executemany`` on SQLite and ``COPY`` on PostgreSQL, in a
freshly migrated database of its own; every constraint and index stays. Run::

    DJANGO_SETTINGS_MODULE=relais.settings DATABASE_URL=... \\
        .venv/bin/python bench/generate.py --past 100000
"""

import argparse
import json
import os
import random
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
SEED = 20250101
INTERPRETERS = 2000
LANGUAGES = 120
ABSENCES = 20000
FUTURE = 50000
FUTURE_DAYS = 56
PAST_PER_DAY = 1000000 / (2000 * 520)  # assignments per interpreter per working day
INSTITUTIONS = 12
# Four non-overlapping slots a day (local time), each up to two hours long.
DAY_SLOTS = (time(8, 0), time(10, 30), time(13, 30), time(16, 0))
SLOT_MINUTES = 120
BATCH = 50000
META_TABLE = "bench_meta"
# Bumped whenever what the generator writes changes meaning: a data set of
# another version is generated afresh (bench.analysis.ensure_data).
DATA_VERSION = 2
# Only ever on loopback bench databases.
BENCH_PASSWORD = "relais-bench-2025!"  # noqa: S105
COORDINATOR_EMAIL = "coordinator@bench.invalid"
# The past's outcomes, as cumulative shares of a uniform draw (see outcome()).
CANCELLED_LATE, CANCELLED, UNFILLED = 0.02, 0.07, 0.10
# Fulfilled past requests by age: performed (not recorded/validated yet) for a
# week, validated for two months, invoiced after.
PERFORMED_DAYS, VALIDATED_DAYS = 7, 60

# Languages a Brussels social interpreting service hears most, first; Babel's
# other codes fill the catalogue up to 120.
FREQUENT = (
    "ar ary tr ps fa prs ru ro bg pl uk ti so am es pt it sq sr bs ku ckb ur hi bn ne "
    "zh vi th ln sw rw rn ff wo bm ha yo ig hy ka az uz tk kk ky ta te ml el nl en fr de"
)


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()


def language_rows() -> list[tuple[str, str, str, str]]:
    from babel import Locale
    from babel.localedata import locale_identifiers

    names = {lang: Locale(lang).languages for lang in ("fr", "nl", "en")}
    known = sorted({identifier.split("_")[0] for identifier in locale_identifiers()})
    frequent = FREQUENT.split()
    codes = [c for c in frequent if c in known] + [c for c in known if c not in frequent]
    codes = [c for c in codes if all(c in names[lang] for lang in names)][:LANGUAGES]
    return [(c, names["fr"][c], names["nl"][c], names["en"][c]) for c in codes]


def _valid(index: int) -> str:
    base = 2000000 + index * 7919  # 7 digits after the leading 0: 8 digits
    first8 = f"0{base:07d}"
    return first8 + f"{97 - int(first8) % 97:02d}"


def working_days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


class Writer:
    """Bulk rows into a model's table: given columns, the others at their defaults."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def _sqlite_value(self, value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, date | time):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, list | dict):
            return json.dumps(value)
        return value

    def write(self, model, columns: list[str], rows) -> int:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [name for name in fields if name not in columns]
        defaults = []
        for name in rest:
            value = fields[name].get_default()
            defaults.append(json.dumps(value) if isinstance(value, list | dict) else value)
        if not self.postgres:
            defaults = [self._sqlite_value(v) for v in defaults]
        defaults = tuple(defaults)
        names = columns + rest
        quoted = ", ".join(self.connection.ops.quote_name(fields[n].column) for n in names)
        table = self.connection.ops.quote_name(model._meta.db_table)
        count = 0
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + defaults)
                        count += 1
            else:
                marks = ", ".join("?" * len(names))
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
                raw = cursor.cursor
                batch = []
                convert = self._sqlite_value
                for row in rows:
                    batch.append(tuple(convert(v) for v in row) + defaults)
                    if len(batch) >= BATCH:
                        raw.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    raw.executemany(sql, batch)
                    count += len(batch)
        return count


def generate(past: int, future: int = FUTURE, seed: int = SEED, anchor: date | None = None):
    """Fill the (migrated, empty) default database. Returns the anchor day ("today")."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from relais.accounts.models import User
    from relais.bookings.models import Assignment, Booking
    from relais.interpreters.models import (
        Absence,
        AvailabilityWindow,
        InterpreterLanguage,
        InterpreterProfile,
        Language,
    )
    from relais.organisations.communes import BRUSSELS_COMMUNES
    from relais.organisations.models import BillingCode, Membership, Organisation, Place

    rng = random.Random(seed)
    # Statuses and submission dates draw from their own generator: the rest of
    # the data set stays what it was before they were added.
    fate = random.Random(seed + 1)
    anchor = anchor or datetime.now(BRUSSELS).date()
    now = datetime.combine(anchor, time(0), BRUSSELS).astimezone(UTC)
    writer = Writer(connection)
    timings = {}

    def step(name, model, columns, rows):
        started = clock.perf_counter()
        count = writer.write(model, columns, rows)
        timings[name] = (count, clock.perf_counter() - started)
        return count

    communes = [c.fr for c in BRUSSELS_COMMUNES]
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA defer_foreign_keys = ON")
        languages = language_rows()
        step(
            "languages",
            Language,
            ["id", "code", "name_fr", "name_nl", "name_en", "is_active"],
            ((i + 1, *row, True) for i, row in enumerate(languages)),
        )
        # Users: interpreters 1..2000, requesters after them, then a coordinator.
        # One hash for every person who logs in (hashing is slow by design).
        requesters = INTERPRETERS + 1
        password = make_password(BENCH_PASSWORD)
        user_cols = ["id", "email", "password", "full_name", "language", "is_active"]
        user_cols += ["is_interpreter", "is_coordinator", "date_joined"]

        def person(pk, email, secret, name, *, interpreter=False, coordinator=False):
            return (pk, email, secret, name, "fr", True, interpreter, coordinator, now)

        step(
            "users",
            User,
            user_cols,
            [
                person(
                    i, f"interpreter{i}@bench.invalid", "!", f"Interpreter {i}", interpreter=True
                )
                for i in range(1, INTERPRETERS + 1)
            ]
            + [
                person(requesters + k, f"requester{k}@bench.invalid", password, f"Requester {k}")
                for k in range(INSTITUTIONS)
            ]
            + [
                person(
                    requesters + INSTITUTIONS,
                    COORDINATOR_EMAIL,
                    password,
                    "Coordinator",
                    coordinator=True,
                )
            ],
        )
        step(
            "institutions",
            Organisation,
            ["id", "name", "enterprise_number", "invoicing_email", "created_at"],
            [
                (k + 1, f"Institution {k + 1}", _valid(k), f"billing{k}@bench.invalid", now)
                for k in range(INSTITUTIONS)
            ],
        )
        step(
            "memberships",
            Membership,
            ["id", "user_id", "organisation_id", "role", "created_at"],
            [(k + 1, requesters + k, k + 1, "manager", now) for k in range(INSTITUTIONS)],
        )
        step(
            "billing codes",
            BillingCode,
            ["id", "code", "label", "payer_id"],
            [(k + 1, f"BENCH-{k + 1:03d}", f"Code {k + 1}", k + 1) for k in range(INSTITUTIONS)],
        )
        through = BillingCode.organisations.through
        step(
            "billing code users",
            through,
            ["id", "billingcode_id", "organisation_id"],
            [(k + 1, k + 1, k + 1) for k in range(INSTITUTIONS)],
        )
        # Places: each commune gets at least one; the first place of an institution is official.
        places = []  # (id, organisation, commune)
        for index, commune in enumerate(communes * 2):
            places.append((index + 1, index % INSTITUTIONS + 1, commune))
        postcode = {c.fr: c.postcodes[0] for c in BRUSSELS_COMMUNES}
        official = set()
        place_rows = []
        for pk, org, commune in places:
            first = org not in official
            official.add(org)
            place_rows.append(
                (pk, org, f"Place {pk}", f"Rue du Banc {pk}", postcode[commune], commune, first)
            )
        step(
            "places",
            Place,
            ["id", "organisation_id", "name", "street", "postcode", "commune", "is_official"],
            place_rows,
        )
        places_by_org: dict[int, list[int]] = {}
        for pk, org, _commune in places:
            places_by_org.setdefault(org, []).append(pk)

        # Interpreters: 1-4 languages, Zipf-like so some languages have many speakers.
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(languages))]
        language_ids = list(range(1, len(languages) + 1))
        profile_rows, spoken_rows, window_rows = [], [], []
        spoken: dict[int, list[int]] = {}
        window_id = 0
        for pk in range(1, INTERPRETERS + 1):
            own: list[int] = []
            while len(own) < rng.choice((1, 2, 2, 3, 3, 4)):
                choice = rng.choices(language_ids, weights)[0]
                if choice not in own:
                    own.append(choice)
            spoken[pk] = own
            on_site = rng.random() < 0.7
            served = sorted(rng.sample(communes, rng.randint(3, 19))) if on_site else []
            profile_rows.append(
                (
                    pk,
                    pk,
                    on_site,
                    rng.random() < 0.8,
                    rng.random() < 0.6,
                    rng.random() < 0.7,
                    json.dumps(served),
                    rng.choice((240, 360, 420, 480, 480, 600)),
                    True,
                )
            )
            for level_index, language in enumerate(own):
                level = ("native", "fluent", "working")[min(level_index, 2)]
                spoken_rows.append((len(spoken_rows) + 1, pk, language, level))
            for weekday in sorted(rng.sample(range(5), rng.randint(3, 5))):
                shape = rng.random()
                if shape < 0.5:
                    pieces = [(time(8, 0), time(20, 0))]
                elif shape < 0.8:
                    pieces = [(time(8, 0), time(12, 30)), (time(13, 0), time(18, 0))]
                else:
                    pieces = [(time(rng.choice((8, 9, 10)), 0), time(rng.choice((14, 16, 17)), 0))]
                for opens, closes in pieces:
                    window_id += 1
                    window_rows.append((window_id, pk, weekday, opens, closes))
        step(
            "profiles",
            InterpreterProfile,
            [
                "id",
                "user_id",
                "accepts_on_site",
                "accepts_video",
                "accepts_permanence",
                "accepts_phone",
                "communes_served",
                "max_minutes_per_day",
                "is_active",
            ],
            profile_rows,
        )
        step(
            "interpreter languages",
            InterpreterLanguage,
            ["id", "profile_id", "language_id", "level"],
            spoken_rows,
        )
        step(
            "windows",
            AvailabilityWindow,
            ["id", "profile_id", "weekday", "start_time", "end_time"],
            window_rows,
        )

        # Absences: 1-10 days each, over the whole span.
        past_days_count = max(20, round(past / INTERPRETERS / PAST_PER_DAY))
        past_days = working_days(
            anchor - timedelta(days=round(past_days_count * 7 / 5) + 14), anchor - timedelta(days=1)
        )[-past_days_count:]
        future_days = working_days(anchor + timedelta(days=1), anchor + timedelta(days=FUTURE_DAYS))
        span_first, span_days = past_days[0], (future_days[-1] - past_days[0]).days
        absence_rows = []
        for pk in range(1, ABSENCES + 1):
            first = span_first + timedelta(days=rng.randrange(span_days))
            kind = rng.choice(("holiday", "holiday", "sickness", "training", "other"))
            last = first + timedelta(days=rng.randint(0, 9))
            absence_rows.append((pk, rng.randint(1, INTERPRETERS), first, last, kind))
        step(
            "absences",
            Absence,
            ["id", "profile_id", "starts_on", "ends_on", "kind"],
            absence_rows,
        )

        # Requests and assignments, per interpreter on the slot grid.
        def slots(days: list[date], wanted: int):
            grid = len(days) * len(DAY_SLOTS)
            for index in sorted(rng.sample(range(grid), min(wanted, grid))):
                day, slot = divmod(index, len(DAY_SLOTS))
                yield days[day], DAY_SLOTS[slot]

        def share(total: int) -> list[int]:
            each, extra = divmod(total, INTERPRETERS)
            return [each + (1 if k < extra else 0) for k in range(INTERPRETERS)]

        modalities = ("on_site", "on_site", "video", "permanence", "phone")
        booking_rows, assignment_rows = [], []
        pk = 0
        profiles = {row[0]: row for row in profile_rows}
        for days, counts, planned in (
            (past_days, share(past), "past"),
            (future_days, share(future), "confirmed"),
        ):
            for interpreter, wanted in zip(range(1, INTERPRETERS + 1), counts, strict=True):
                profile = profiles[interpreter]
                own = spoken[interpreter]
                for day, slot in slots(days, wanted):
                    pk += 1
                    minutes = rng.choice((30, 45, 60, 60, 90, 90, 120))
                    offset = rng.choice((0, 0, 15, 30)) if minutes <= 90 else 0
                    start = datetime.combine(day, slot, BRUSSELS).astimezone(UTC)
                    start += timedelta(minutes=offset)
                    modality = rng.choice(modalities)
                    if modality == "on_site" and not profile[2]:
                        modality = "video"
                    org = rng.randint(1, INSTITUTIONS)
                    place = (
                        rng.choice(places_by_org[org])
                        if modality in ("on_site", "permanence")
                        else None
                    )
                    contact = requesters + org - 1
                    submitted = min(now, start - timedelta(days=fate.randint(1, 30)))
                    submitted -= timedelta(minutes=fate.randrange(600))
                    status, late, released = outcome(planned, fate.random(), day, anchor)
                    if released:
                        # Released a few hours (late cancellation) to days before the service.
                        released_at = start - timedelta(hours=4 if late else 24 * 3)
                        released_at = max(released_at, submitted)
                    else:
                        released_at = None
                    booking_rows.append(
                        (
                            pk,
                            org,
                            org,
                            contact,
                            contact,
                            modality,
                            rng.choice(own),
                            start,
                            minutes,
                            place,
                            "Accueil" if place else "",
                            "+3220000000" if place else "",
                            status,
                            late,
                            submitted,
                            submitted,
                            released_at or submitted,
                        )
                    )
                    assignment_rows.append(
                        (
                            pk,
                            pk,
                            interpreter,
                            "confirmed",
                            start,
                            start + timedelta(minutes=minutes),
                            0,
                            0,
                            submitted,
                            released_at,
                        )
                    )
        step(
            "requests",
            Booking,
            [
                "id",
                "organisation_id",
                "billing_code_id",
                "created_by_id",
                "contact_id",
                "modality",
                "language_id",
                "start",
                "duration_minutes",
                "place_id",
                "onsite_contact_name",
                "onsite_contact_phone",
                "status",
                "late_cancellation",
                "created_at",
                "submitted_at",
                "updated_at",
            ],
            booking_rows,
        )
        del booking_rows
        step(
            "assignments",
            Assignment,
            [
                "id",
                "booking_id",
                "interpreter_id",
                "kind",
                "start",
                "end",
                "travel_before_minutes",
                "travel_after_minutes",
                "created_at",
                "released_at",
            ],
            assignment_rows,
        )
        del assignment_rows
        reset_sequences(connection)
        write_meta(
            connection,
            {
                "past": past,
                "future": future,
                "seed": seed,
                "anchor": anchor,
                "version": DATA_VERSION,
            },
        )
    started = clock.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM too on PostgreSQL: the visibility map of freshly copied tables is
        # empty until autovacuum passes, and index-only scans need it (a live
        # database has had its autovacuum).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    timings["analyze"] = (0, clock.perf_counter() - started)
    return anchor, timings


def outcome(planned: str, draw: float, day: date, anchor: date) -> tuple[str, bool, bool]:
    """A request's (status, late cancellation, assignment released) from a uniform draw."""
    if planned != "past":
        return planned, False, False
    if draw < CANCELLED_LATE:
        return "cancelled", True, True
    if draw < CANCELLED:
        return "cancelled", False, True
    if draw < UNFILLED:
        return "unfilled", False, True
    age = (anchor - day).days
    if age <= PERFORMED_DAYS:
        return "performed", False, False
    return ("validated" if age <= VALIDATED_DAYS else "invoiced"), False, False


def reset_sequences(connection) -> None:
    if connection.vendor != "postgresql":
        return
    from django.apps import apps
    from django.core.management.color import no_style

    models = list(apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def write_meta(connection, values: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {META_TABLE} (key varchar(40) PRIMARY KEY, value text)")
        for key, value in values.items():
            cursor.execute(f"INSERT INTO {META_TABLE} VALUES (%s, %s)", [key, str(value)])  # noqa: S608


def read_meta(connection) -> dict[str, str] | None:
    """The data set's parameters, or None when the database holds none (or is missing)."""
    if META_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, value FROM {META_TABLE}")  # noqa: S608
        return dict(cursor.fetchall())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--past", type=int, default=1000000)
    parser.add_argument("--future", type=int, default=FUTURE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--anchor", type=date.fromisoformat, help="today (default: today)")
    args = parser.parse_args(argv)
    setup()
    from django.core.management import call_command
    from django.db import connection

    if read_meta(connection) is not None or "bookings_assignment" in (
        connection.introspection.table_names()
    ):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM bookings_assignment")
            if cursor.fetchone()[0]:
                sys.exit("The database is not empty: use a database of its own (see bench/run.py).")
    started = clock.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = clock.perf_counter() - started
    anchor, timings = generate(args.past, args.future, args.seed, args.anchor)
    total = clock.perf_counter() - started
    print(f"migrate: {migrated:.1f} s")
    for name, (count, seconds) in timings.items():
        print(f"{name}: {count} rows in {seconds:.1f} s")
    print(f"generated {args.past} past assignments, anchor {anchor}, in {total:.1f} s")


if __name__ == "__main__":
    main()
