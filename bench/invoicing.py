"""Measure the invoice run (issue 7, "Speed") on 10,000 validated services and
300 payers (``bench/invoicing_data.py``), against the bare SQL aggregation of
the same data in the same run.

Each repetition works on a fresh copy of the data set (a file copy on SQLite,
``CREATE DATABASE … TEMPLATE`` on PostgreSQL: the run writes, and commits per
payer as in production) and measures, in this order:

- the **baseline**: one SQL query computing, per payer, the number of billable
  requests and the amount the invoice will carry (the tariff joined by type of
  service; minimum, started increments, travel, standing-shift services, late
  cancellation charges, all in SQL), run ``BASELINE_RUNS`` times, median; its
  sums are checked against the run's, to the cent;
- ``preview_invoices`` for the month, every draft's totals included (what the
  back office shows before issuing);
- ``issue_invoices`` for the month, by a coordinator, on the first working day
  after it;
- one invoice PDF (``relais.invoicing.pdf.invoice_pdf``): the largest payer's
  and the median payer's, each rendered (its cached file removed first: the
  copies number their invoices alike), then read from the cache.

Statements are counted with an execute wrapper (``connection.execute_wrapper``)
rather than ``CaptureQueriesContext``, whose log keeps the last 9,000 queries
only, and grouped by kind and table to show what grows with the services.
The query log is off while measuring (``DEBUG`` False, as in production).
Medians of ``--repeats`` repetitions; ratios to the baseline of the same run.

The data set lives in a database of its own, built when missing:
``VAR_DIR/bench/relais-bench-invoicing-<services>.sqlite3`` and
``relais_bench_invoicing_<services>`` on the PostgreSQL server (copies: the same
names with ``-run``/``_run``)::

    DEBUG=1 VAR_DIR=/tmp/bench-var .venv/bin/python -m bench.invoicing          # both databases
    DEBUG=1 VAR_DIR=/tmp/bench-var .venv/bin/python -m bench.invoicing --database sqlite
    DEBUG=1 VAR_DIR=/tmp/bench-var .venv/bin/python -m bench.invoicing --database sqlite --profile
"""

import argparse
import cProfile
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time as clock
from collections import Counter
from contextlib import contextmanager
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.analysis import DEFAULT_POSTGRES, ROOT, postgres_admin, var_dir
from bench.invoicing_data import COORDINATOR_EMAIL, MONTH, PAYERS, RUN_AT, SEED, SERVICES

DATA_VERSION = 1
BASELINE_RUNS = 5
# The targets of issue 7.
TARGET_RUN_SECONDS = 30
TARGET_PDF_SECONDS = 1

# Whole minutes from arrival (waiting counts) or start to the end, as
# ServiceRecord.billable_minutes computes them.
MINUTES_SQL = {
    "sqlite": "CAST(ROUND((julianday(r.ended_at) "
    "- julianday(COALESCE(r.arrived_at, r.started_at))) * 1440) AS INTEGER)",
    "postgresql": "CAST(FLOOR(EXTRACT(EPOCH FROM r.ended_at "
    "- COALESCE(r.arrived_at, r.started_at)) / 60) AS INTEGER)",
}

BASELINE_SQL = """
WITH lines AS (
  SELECT c.payer_id, b.status, b.modality, r.services_count,
         CASE WHEN r.outcome = 'performed' THEN {minutes} ELSE b.duration_minutes END AS minutes,
         t.hourly_rate, t.minimum_minutes, t.increment_minutes, t.travel_fee,
         t.shift_rate, t.shift_service_rate, t.late_cancellation_charge
  FROM bookings_booking b
  JOIN organisations_billingcode c ON c.id = b.billing_code_id
  JOIN invoicing_tariff t ON t.modality = b.modality
       AND t.valid_from <= %s AND (t.valid_until IS NULL OR t.valid_until >= %s)
  LEFT JOIN records_servicerecord r ON r.booking_id = b.id
  WHERE b.start < %s
    AND ((b.status = 'validated' AND r.status = 'validated')
         OR (b.status = 'cancelled' AND b.late_cancellation))
), billed AS (
  SELECT lines.*,
         CASE WHEN minutes <= 0 THEN 0
              WHEN minutes <= minimum_minutes THEN minimum_minutes
              ELSE minimum_minutes + (minutes - minimum_minutes + increment_minutes - 1)
                   / increment_minutes * increment_minutes END AS billed_minutes
  FROM lines
)
SELECT payer_id, COUNT(*),
       SUM(CASE WHEN status = 'cancelled' THEN 0 ELSE billed_minutes END),
       SUM(CASE WHEN status = 'cancelled' THEN late_cancellation_charge
                WHEN modality = 'permanence' THEN
                     CASE WHEN hourly_rate > 0
                          THEN ROUND(billed_minutes * hourly_rate / 60, 2) ELSE 0 END
                     + shift_rate + COALESCE(services_count, 0) * shift_service_rate
                ELSE ROUND(billed_minutes * hourly_rate / 60, 2)
                     + CASE WHEN modality = 'on_site' AND minutes > 0
                            THEN travel_fee ELSE 0 END
           END)
FROM billed
GROUP BY payer_id
ORDER BY payer_id
"""


# -- Databases: the data set and its fresh copies ------------------------------------


def names(database: str, services: int, postgres: str) -> tuple[str, str]:
    """The URLs of the data set and of the copy each repetition works on."""
    if database == "sqlite":
        base = var_dir() / "bench" / f"relais-bench-invoicing-{services}"
        return f"sqlite:///{base}.sqlite3", f"sqlite:///{base}-run.sqlite3"
    parts = urlsplit(postgres)
    name = f"relais_bench_invoicing_{services}"
    return (
        urlunsplit(parts._replace(path=f"/{name}")),
        urlunsplit(parts._replace(path=f"/{name}_run")),
    )


def _db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _sqlite_path(url: str) -> Path:
    return Path(urlsplit(url).path)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()


def use(url: str) -> None:
    """Point Django's connection at another database of the same server."""
    from django.db import connection

    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(_sqlite_path(url))
    else:
        connection.settings_dict["NAME"] = _db_name(url)


def ensure_data(database: str, url: str, services: int, payers: int) -> float | None:
    """Build the data set unless it is there already; the seconds it took, or None."""
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import read_meta, write_meta
    from bench.invoicing_data import build

    wanted = {"services": str(services), "payers": str(payers), "version": str(DATA_VERSION)}
    if database == "sqlite":
        _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    else:
        with postgres_admin(url) as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_db_name(url)])
            if not found.fetchone():
                admin.execute(f'CREATE DATABASE "{_db_name(url)}"')
    meta = read_meta(connection)
    if meta and all(meta.get(key) == value for key, value in wanted.items()):
        # Migrations added since it was built (new tables, mostly) apply to it as is.
        call_command("migrate", verbosity=0, interactive=False)
        return None
    connection.close()
    if database == "sqlite":
        _remove_sqlite(_sqlite_path(url))
    else:
        with postgres_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{_db_name(url)}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{_db_name(url)}"')
    print(f"building {services} services, {payers} payers on {database}…", file=sys.stderr)
    started = clock.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = clock.perf_counter() - started
    counts = build(services, payers, SEED)
    write_meta(connection, wanted | {"seed": SEED})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if database == "postgresql" else "ANALYZE")
    seconds = clock.perf_counter() - started
    for label, count in counts.items():
        print(f"  {label}: {count}", file=sys.stderr)
    print(f"  migrated in {migrated:.1f} s, built in {seconds:.1f} s", file=sys.stderr, flush=True)
    return seconds


def fresh_copy(database: str, master: str, copy: str) -> None:
    """The data set as it was built, in the copy's database; Django points at it."""
    from django.db import connection

    use(master)
    if database == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        _remove_sqlite(_sqlite_path(copy))
        shutil.copyfile(_sqlite_path(master), _sqlite_path(copy))
    else:
        connection.close()
        with postgres_admin(master) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{_db_name(copy)}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{_db_name(copy)}" TEMPLATE "{_db_name(master)}"')
    use(copy)


def drop_copy(database: str, copy: str) -> None:
    from django.db import connection

    connection.close()
    if database == "sqlite":
        _remove_sqlite(_sqlite_path(copy))
    else:
        with postgres_admin(copy) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{_db_name(copy)}" WITH (FORCE)')


# -- Measuring ---------------------------------------------------------------------------


TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def shape(sql: str) -> str:
    """A statement's kind and main table: ``SELECT bookings_booking FOR UPDATE``."""
    verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
    found = TABLE.search(sql)
    label = f"{verb} {found.group(1)}" if found and verb in {"SELECT", "INSERT", "UPDATE"} else verb
    return label + (" FOR UPDATE" if " FOR " in sql and "UPDATE" in sql[-40:] else "")


class Statements:
    """Counts the statements Django sends, by shape (an execute wrapper)."""

    def __init__(self):
        self.total = 0
        self.shapes: Counter[str] = Counter()

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        self.shapes[shape(sql)] += 1
        return execute(sql, params, many, context)


@contextmanager
def timed():
    """Wall time, this process's CPU time (seconds; the database server's not
    counted, a measure that moves less than wall time on a shared machine) and
    statements of the block: ``with timed() as t: …; t["s"]``."""
    from django.db import connection

    counter = Statements()
    result = {"counter": counter}
    with connection.execute_wrapper(counter):
        started, cpu = clock.perf_counter(), clock.process_time()
        yield result
        result["s"] = clock.perf_counter() - started
        result["cpu_s"] = clock.process_time() - cpu
    result["queries"] = counter.total


def baseline() -> tuple[float, dict[int, tuple[int, Decimal]]]:
    """Median seconds of the bare aggregation, and its figures per payer."""
    from django.db import connection

    ops = connection.ops
    period_start, period_end = MONTH
    before = (RUN_AT.replace(day=1, hour=0)).astimezone(UTC)
    params = [
        ops.adapt_datefield_value(period_end),
        ops.adapt_datefield_value(period_start),
        ops.adapt_datetimefield_value(before),
    ]
    sql = BASELINE_SQL.format(minutes=MINUTES_SQL[connection.vendor])
    seconds, rows = [], []
    with connection.cursor() as cursor:
        for _ in range(BASELINE_RUNS):
            started = clock.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            seconds.append(clock.perf_counter() - started)
    figures = {
        payer: (count, Decimal(str(amount)).quantize(Decimal("0.01")))
        for payer, count, _minutes, amount in rows
    }
    return statistics.median(seconds), figures


def pdf_module():
    try:
        from relais.invoicing import pdf
    except ImportError:
        return None
    return pdf if hasattr(pdf, "invoice_pdf") else None


def measure_once(coordinator, pdf) -> dict:
    from relais.invoicing.models import Invoice, InvoiceLine
    from relais.invoicing.services import issue_invoices, preview_invoices

    period_start, period_end = MONTH
    base_s, expected = baseline()

    with timed() as preview_t:
        preview = preview_invoices(period_start=period_start, period_end=period_end)
        drafts = {d.payer.pk: (len(d.bookings), d.totals.excl_vat) for d in preview.payers}

    with timed() as issue_t:
        result = issue_invoices(
            period_start=period_start, period_end=period_end, by=coordinator, now=RUN_AT
        )
    issued = {
        invoice.payer_id: (
            invoice.lines.values("booking").distinct().count(),
            invoice.total_excl_vat,
        )
        for invoice in result.invoices
    }
    services = sum(count for count, _amount in expected.values())
    run = {
        "baseline_s": base_s,
        "preview_s": preview_t["s"],
        "preview_cpu_s": preview_t["cpu_s"],
        "preview_queries": preview_t["queries"],
        "issue_s": issue_t["s"],
        "issue_cpu_s": issue_t["cpu_s"],
        "issue_queries": issue_t["queries"],
        "issue_shapes": dict(issue_t["counter"].shapes.most_common()),
        "preview_shapes": dict(preview_t["counter"].shapes.most_common()),
        "invoices": len(result.invoices),
        "skipped": len(result.skipped) + len(result.problems),
        "services": services,
        "amount": str(sum(amount for _count, amount in expected.values())),
        "preview_matches_baseline": drafts == expected,
        "issued_matches_baseline": issued == expected,
    }
    run["lines"] = InvoiceLine.objects.filter(invoice__kind=Invoice.Kind.INVOICE).count()
    if pdf is not None and result.invoices:
        # The largest payer's invoice, and a typical one (the median payer's).
        by_size = sorted(result.invoices, key=lambda invoice: issued[invoice.payer_id][0])
        for label, invoice in (("pdf", by_size[-1]), ("pdf_median", by_size[len(by_size) // 2])):
            run.update(pdf_figures(pdf, invoice.pk, label, issued[invoice.payer_id][0]))
    return run


def pdf_figures(pdf, pk: int, label: str, services: int) -> dict:
    """One download of the invoice's PDF, rendered, then read from the cache
    (each with the invoice's query, as a view does)."""
    from relais.invoicing.models import Invoice

    clear_pdf_cache(pdf, Invoice.objects.get(pk=pk))
    with timed() as first:
        document = pdf.invoice_pdf(Invoice.objects.get(pk=pk))
    with timed() as cached:
        again = pdf.invoice_pdf(Invoice.objects.get(pk=pk))
    return {
        f"{label}_services": services,
        f"{label}_lines": Invoice.objects.get(pk=pk).lines.count(),
        f"{label}_bytes": len(document),
        f"{label}_first_s": first["s"],
        f"{label}_first_cpu_s": first["cpu_s"],
        f"{label}_first_queries": first["queries"],
        f"{label}_cached_s": cached["s"],
        f"{label}_cached_queries": cached["queries"],
        f"{label}_same": document == again,
    }


def clear_pdf_cache(pdf, invoice) -> None:
    """Each repetition's copy numbers its invoices alike: a cached file of the
    last repetition would be read instead of rendered."""
    path = getattr(pdf, "cache_path", None)
    if callable(path):
        Path(path(invoice)).unlink(missing_ok=True)


def run_database(args) -> dict:
    master, copy = names(args.database, args.services, args.postgres)
    setup(master)
    from django.conf import settings
    from django.db import connection

    built = ensure_data(args.database, master, args.services, args.payers)
    settings.DEBUG = False  # no query log: production's cursor
    pdf = pdf_module() if args.pdf else None
    if args.profile:
        fresh_copy(args.database, master, copy)
        profile_issue()
        drop_copy(args.database, copy)
        return {}
    runs = []
    for repetition in range(args.repeats):
        fresh_copy(args.database, master, copy)
        from relais.accounts.models import User

        coordinator = User.objects.get(email=COORDINATOR_EMAIL)
        runs.append(measure_once(coordinator, pdf))
        print(
            f"  {args.database} run {repetition + 1}: baseline {runs[-1]['baseline_s']:.3f} s, "
            f"preview {runs[-1]['preview_s']:.1f} s, issue {runs[-1]['issue_s']:.1f} s "
            f"({runs[-1]['issue_queries']} statements)",
            file=sys.stderr,
            flush=True,
        )
    vendor = (
        f"SQLite {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    )
    drop_copy(args.database, copy)
    numeric = [key for key, value in runs[0].items() if isinstance(value, int | float)]
    result = {key: statistics.median(run[key] for run in runs) for key in numeric}
    result.update(
        database=args.database,
        vendor=vendor,
        services=args.services,
        payers=args.payers,
        repeats=args.repeats,
        built_seconds=built,
        pdf=pdf is not None,
        consistent=all(
            run["preview_matches_baseline"] and run["issued_matches_baseline"] for run in runs
        ),
        runs=runs,
    )
    result["preview_ratio"] = result["preview_s"] / result["baseline_s"]
    result["issue_ratio"] = result["issue_s"] / result["baseline_s"]
    result["invoices_per_s"] = result["invoices"] / result["issue_s"]
    result["issue_queries_per_service"] = result["issue_queries"] / result["services"]
    return result


def profile_issue() -> None:
    from relais.accounts.models import User
    from relais.invoicing.services import issue_invoices

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    profiler = cProfile.Profile()
    profiler.enable()
    issue_invoices(period_start=MONTH[0], period_end=MONTH[1], by=coordinator, now=RUN_AT)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
    stats.print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


# -- Both databases, and the table of docs/benchmarks.md -------------------------------


def table(results: list[dict]) -> str:
    lines = [
        "| database | baseline ms | preview s | preview ÷ baseline | preview statements "
        "| run s | run ÷ baseline | run statements | per service | invoices / s "
        "| PDF largest s | PDF median s | PDF cached ms | figures = baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        pdf_first = f"{r['pdf_first_s']:.2f}" if "pdf_first_s" in r else "—"
        pdf_median = f"{r['pdf_median_first_s']:.2f}" if "pdf_median_first_s" in r else "—"
        pdf_cached = f"{r['pdf_cached_s'] * 1000:.1f}" if "pdf_cached_s" in r else "—"
        lines.append(
            f"| {r['vendor']} | {r['baseline_s'] * 1000:.0f} | {r['preview_s']:.2f} "
            f"| {r['preview_ratio']:.0f} | {r['preview_queries']:.0f} | {r['issue_s']:.1f} "
            f"| {r['issue_ratio']:.0f} | {r['issue_queries']:,.0f} "
            f"| {r['issue_queries_per_service']:.2f} | {r['invoices_per_s']:.1f} "
            f"| {pdf_first} | {pdf_median} | {pdf_cached} | {'yes' if r['consistent'] else 'NO'} |"
        )
    return "\n".join(lines)


def postgres_server(url: str) -> str | None:
    try:
        postgres_admin(url).close()
    except Exception as error:  # any failure means "not reachable"
        print(f"PostgreSQL not reachable ({error}); SQLite only.", file=sys.stderr)
        return None
    return url


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--services", type=int, default=SERVICES)
    parser.add_argument("--payers", type=int, default=PAYERS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server to use")
    parser.add_argument("--profile", action="store_true", help="cProfile one run (stderr)")
    parser.add_argument("--json", type=Path, help="write the results there")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="leave the PDF out")
    args = parser.parse_args(argv)
    if args.database != "both":
        result = run_database(args)
        if result:
            print(json.dumps(result, indent=1))
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps(result, indent=1))
        return
    results = []
    for database in ("sqlite", "postgresql"):
        if database == "postgresql" and postgres_server(args.postgres) is None:
            continue
        out = var_dir() / "bench" / f"invoicing-{database}-{args.services}.json"
        command = [sys.executable, "-m", "bench.invoicing", "--database", database]
        command += ["--services", str(args.services), "--payers", str(args.payers)]
        command += ["--repeats", str(args.repeats), "--postgres", args.postgres]
        command += ["--json", str(out)] + ([] if args.pdf else ["--no-pdf"])
        print(f"== {database}", file=sys.stderr, flush=True)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        results.append(json.loads(out.read_text()))
    print(table(results))


if __name__ == "__main__":
    main()
