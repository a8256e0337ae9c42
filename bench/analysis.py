"""Measure the availability analysis on a generated data set (``make bench``).

For ``--requests`` random requests (seeded: a language among those spoken, a
modality, a working-day slot in opening hours over the next eight weeks, a
commune; a quarter of them with an alternative language, a quarter with an
alternative date), time the real path, ``load_candidates`` + ``analyse``
(alternatives included), and count its queries; and time, for the same
requests in the same run, the floor: one raw indexed SQL query finding the
interpreters of that language with no active assignment overlapping the slot.
The whole measurement is repeated ``--repeats`` times; medians are reported.

The data set lives in a database of its own, generated when missing:
``VAR_DIR/bench/relais-bench-<past>.sqlite3`` on SQLite, ``relais_bench_<past>``
on the PostgreSQL server of ``--postgres`` (never the demo database)::

    DEBUG=1 .venv/bin/python -m bench.analysis --database sqlite --past 100000
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/relais_bench"
REQUEST_SEED = 7
MINUTES = (30, 45, 60, 60, 90, 120, 180)
MODALITIES = ("on_site", "video", "permanence", "phone")
# The floor's index range: no service lasts more than 10 hours (bookings.models).
LONGEST = timedelta(minutes=600)

FLOOR_SQL = """
SELECT il.profile_id
FROM interpreters_interpreterlanguage il
JOIN interpreters_language l ON l.id = il.language_id
WHERE l.code = %s
  AND NOT EXISTS (
    SELECT 1 FROM bookings_assignment a
    WHERE a.interpreter_id = il.profile_id
      AND a.released_at IS NULL
      AND a.start < %s AND a.start > %s AND a."end" > %s
  )
"""


def var_dir() -> Path:
    return Path(os.environ.get("VAR_DIR", ROOT / "var"))


def database_url(database: str, past: int, postgres: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{var_dir() / 'bench' / f'relais-bench-{past}.sqlite3'}"
    parts = urlsplit(postgres)
    return urlunsplit(parts._replace(path=f"/relais_bench_{past}"))


def postgres_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    )


def prepare(database: str, past: int, postgres: str) -> str:
    """Point Django at the data set's own database, creating it if needed."""
    url = database_url(database, past, postgres)
    if database == "sqlite":
        (var_dir() / "bench").mkdir(parents=True, exist_ok=True)
    else:
        name = urlsplit(url).path.lstrip("/")
        with postgres_admin(url) as admin:
            query = "SELECT 1 FROM pg_database WHERE datname = %s"
            exists = admin.execute(query, [name]).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    return url


def reset(database: str, url: str) -> None:
    """Drop a data set of other parameters (or a half-written one) and start afresh."""
    from django.db import connection

    connection.close()
    if database == "sqlite":
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        name = urlsplit(url).path.lstrip("/")
        with postgres_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')


def ensure_data(database: str, url: str, past: int, seed: int) -> tuple[date, float | None]:
    """The data set's anchor day, and the generation time when it had to be generated."""
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import DATA_VERSION, FUTURE, generate, read_meta

    meta = read_meta(connection)
    wanted = {"past": str(past), "seed": str(seed), "version": str(DATA_VERSION)}
    if meta and all(meta.get(key) == value for key, value in wanted.items()):
        return date.fromisoformat(meta["anchor"]), None
    reset(database, url)
    print(f"generating {past} past assignments on {database}…", file=sys.stderr, flush=True)
    started = clock.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    anchor, timings = generate(past, FUTURE, seed)
    seconds = clock.perf_counter() - started
    for name, (count, took) in timings.items():
        print(f"  {name}: {count} rows in {took:.1f} s", file=sys.stderr)
    print(f"  generated in {seconds:.1f} s", file=sys.stderr, flush=True)
    return anchor, seconds


def make_requests(anchor: date, count: int, seed: int):
    from relais.interpreters.models import InterpreterLanguage
    from relais.matching.alternatives import default_opening
    from relais.matching.engine import BRUSSELS, Demand
    from relais.organisations.communes import BRUSSELS_COMMUNES

    rng = random.Random(seed)
    codes = sorted(
        set(InterpreterLanguage.objects.values_list("language__code", flat=True).distinct())
    )
    opening = default_opening()
    days = [anchor + timedelta(days=n) for n in range(1, 57)]
    days = [day for day in days if opening.is_open_on(day)]
    communes = [commune.fr for commune in BRUSSELS_COMMUNES]

    def slot(minutes: int) -> datetime:
        day = rng.choice(days)
        latest = (20 * 60 - minutes - 8 * 60) // 15
        local = datetime.combine(day, time(8), BRUSSELS) + timedelta(
            minutes=15 * rng.randint(0, latest)
        )
        return local.astimezone(UTC)

    demands = []
    for _ in range(count):
        language = rng.choice(codes)
        modality = rng.choice(MODALITIES)
        minutes = rng.choice(MINUTES)
        at_a_place = modality in ("on_site", "permanence")
        alt_language = None
        if rng.random() < 0.25:
            alt_language = rng.choice([code for code in codes if code != language])
        alt_start = slot(minutes) if rng.random() < 0.25 else None
        demands.append(
            Demand(
                language=language,
                modality=modality,
                start=slot(minutes),
                duration=timedelta(minutes=minutes),
                commune=rng.choice(communes) if at_a_place else None,
                alt_language=alt_language,
                alt_start=alt_start,
            )
        )
    return demands


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(demands, now: datetime) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from relais.matching.alternatives import analyse
    from relais.matching.queries import load_candidates

    adapt = connection.ops.adapt_datetimefield_value
    analysis_ms, floor_ms, queries, available, candidates = [], [], [], 0, []
    with connection.cursor() as cursor:
        for demand in demands:
            # DEBUG keeps the last 9,000 queries only: a full log would count none.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = clock.perf_counter()
                loaded = load_candidates(demand, now=now)
                result = analyse(demand, loaded, now=now)
                analysis_ms.append((clock.perf_counter() - started) * 1000)
            queries.append(len(captured))
            available += result.available
            candidates.append(len(loaded))
            end = demand.start + demand.duration
            started = clock.perf_counter()
            cursor.execute(
                FLOOR_SQL,
                [demand.language, adapt(end), adapt(demand.start - LONGEST), adapt(demand.start)],
            )
            cursor.fetchall()
            floor_ms.append((clock.perf_counter() - started) * 1000)
    return {
        "p50": statistics.median(analysis_ms),
        "p95": percentile(analysis_ms, 0.95),
        "max": max(analysis_ms),
        "queries_mean": statistics.fmean(queries),
        "queries_max": max(queries),
        "floor_p50": statistics.median(floor_ms),
        "floor_p95": percentile(floor_ms, 0.95),
        "available": available / len(demands),
        "candidates_mean": statistics.fmean(candidates),
    }


def profile(demands, now: datetime, count: int) -> None:
    from relais.matching.alternatives import analyse
    from relais.matching.queries import load_candidates

    profiler = cProfile.Profile()
    profiler.enable()
    for demand in demands[:count]:
        analyse(demand, load_candidates(demand, now=now), now=now)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
    stats.print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--past", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20250101, help="data set seed")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server to use")
    parser.add_argument("--profile", type=int, default=0, help="cProfile this many analyses")
    parser.add_argument("--json", type=Path, help="write the results there")
    args = parser.parse_args(argv)

    url = prepare(args.database, args.past, args.postgres)
    from django.db import connection

    from relais.matching.engine import BRUSSELS

    anchor, generated = ensure_data(args.database, url, args.past, args.seed)
    now = datetime.combine(anchor, time(0), BRUSSELS).astimezone(UTC)
    demands = make_requests(anchor, args.requests, REQUEST_SEED)
    if args.profile:
        profile(demands, now, args.profile)
        return {}
    measure(demands[:50], now)  # warm the caches (database pages, holiday calendar)
    runs = [measure(demands, now) for _ in range(args.repeats)]
    result = {
        key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "queries_max"
    }
    result["queries_max"] = max(run["queries_max"] for run in runs)
    result["p50_ratio"] = result["p50"] / result["floor_p50"]
    result["p95_ratio"] = result["p95"] / result["floor_p95"]
    result.update(
        database=args.database,
        vendor=f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}",  # noqa: E501
        past=args.past,
        requests=args.requests,
        repeats=args.repeats,
        generated_seconds=generated,
        runs=runs,
    )
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
