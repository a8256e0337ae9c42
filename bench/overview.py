"""Measure the overview pages on a generated data set: All requests, its Excel
export, and Infos et statistiques.

Through Django's test ``Client`` (``force_login``; the whole stack: middleware,
session, form, ORM, template), ``--requests`` GETs of each page are timed after
a warm-up, for a member of one institution and for a coordinator:

- ``list``: the first page of All requests as the tab opens (sorted by date,
  newest first, 50 rows);
- ``statistics``: Infos et statistiques over the twelve months ending with the
  data set's anchor month.

A page slow enough that ``--requests`` GETs would not fit in ``--budget``
seconds gets fewer (at least 20). Interleaved with each GET, in the same run,
the **baseline**: the page's own main SQL, captured from the page
(``CaptureQueriesContext``) and run again as raw SQL through a cursor, rows
fetched: for the list the scoped, sorted ``LIMIT 50`` query plus its
``COUNT``, for the statistics the grouped query.
The ratio page ÷ baseline is what Django, the rest of the page's queries and
the template cost on top of the database's own work.

The export: the coordinator's .xlsx of about ``--export-rows`` past requests
(a date range chosen to hold that many), the view's response streamed into
/dev/null, against openpyxl's write-only mode appending the same values
(``exports.rows()`` materialised first, so the baseline is the library alone)
into a temporary file. Its peak memory is measured in a child process (its
peak resident set, VmHWM, after Django is loaded and a page served, then after
the export).

Each measurement is repeated ``--repeats`` times; medians are reported, with
each page's query count. The data set is the analysis benchmark's
(``bench.analysis.ensure_data``: generated if missing)::

    DEBUG=1 .venv/bin/python -m bench.overview --postgres postgres://postgres@127.0.0.1:5432/x \\
        --past 1000000
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.analysis import DEFAULT_POSTGRES, ensure_data, percentile, prepare, var_dir

MEMBER_EMAIL = "requester0@bench.invalid"  # manager of "Institution 1" only
LIST_PATH = "/stats/requests/"
STATISTICS_PATH = "/stats/"
EXPORT_PATH = "/stats/requests/export.xlsx"
WARM_UP = 10
WARM_UP_SECONDS = 15
# A page that takes seconds gets fewer GETs (``--budget``), never fewer than this.
MIN_GETS = 20
MEGABYTE = 1024 * 1024


def twelve_months(anchor: date) -> dict[str, str]:
    last = anchor.replace(day=1)
    first = (last - timedelta(days=335)).replace(day=1)
    return {"month_from": f"{first:%Y-%m}", "month_to": f"{last:%Y-%m}"}


def client_for(email: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(email=email)
    # 127.0.0.1 is one of the ALLOWED_HOSTS of a development set-up ("testserver" is not).
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    return user, client


def captured(client, url: str) -> tuple[list[str], object]:
    """The SQL one GET of the page runs, and its response."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
            response.close()
    return [query["sql"] for query in queries.captured_queries], response


def main_queries(kind: str, sql: list[str]) -> list[str]:
    """The page's main SQL among what it ran: what the baseline runs bare."""

    def on_bookings(query: str) -> bool:
        return 'FROM "bookings_booking"' in query

    if kind == "list":
        rows = [i for i, q in enumerate(sql) if on_bookings(q) and q.rstrip().endswith("LIMIT 50")]
        # The paginator's count: the last count of requests before the page's rows
        # (a coordinator's menu counts the received requests too).
        counts = [
            q for q in sql[: rows[0]] if rows if on_bookings(q) and q.startswith("SELECT COUNT(*)")
        ][-1:]
        found = [sql[i] for i in rows] + counts
        expected = 2
    else:
        found = [q for q in sql if on_bookings(q) and "GROUP BY" in q]
        expected = 1
    if len(found) != expected:
        raise SystemExit(f"{kind}: expected {expected} main queries, found {len(found)}")
    return found


def run_bare(cursor, queries: list[str]) -> None:
    for query in queries:
        cursor.execute(query)
        cursor.fetchall()


def measure_page(client, url: str, baseline: list[str], count: int) -> dict:
    """``count`` GETs of the page, each followed by one run of its bare SQL."""
    from django.db import connection, reset_queries

    page_ms, bare_ms = [], []
    with connection.cursor() as cursor:
        for _ in range(count):
            reset_queries()  # DEBUG keeps a log of queries: keep it short
            started = clock.perf_counter()
            response = client.get(url)
            page_ms.append((clock.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {url}: {response.status_code}")
            started = clock.perf_counter()
            run_bare(cursor, baseline)
            bare_ms.append((clock.perf_counter() - started) * 1000)
    return {
        "p50": statistics.median(page_ms),
        "p95": percentile(page_ms, 0.95),
        "max": max(page_ms),
        "bare_p50": statistics.median(bare_ms),
        "bare_p95": percentile(bare_ms, 0.95),
    }


def sample_size(client, path: str, baseline: list[str], wanted: int, budget: float) -> int:
    """Warm the page up, then how many GETs (with their baselines) fit in ``budget``
    seconds: ``wanted``, fewer for a slow page, never under ``MIN_GETS``."""
    from django.db import connection

    started, done = clock.perf_counter(), 0
    while done < WARM_UP and clock.perf_counter() - started < WARM_UP_SECONDS:
        client.get(path)
        done += 1
    page_s = (clock.perf_counter() - started) / done
    started = clock.perf_counter()
    with connection.cursor() as cursor:
        run_bare(cursor, baseline)
    each = page_s + clock.perf_counter() - started
    return max(MIN_GETS, min(wanted, int(budget / each)))


def explain(queries: list[str]) -> list[str]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


# --- The export -------------------------------------------------------------------


def export_query(anchor: date, rows: int) -> dict[str, str]:
    """A date range of the past holding about ``rows`` requests (whole days)."""
    from django.utils import timezone

    from relais.bookings.models import Booking
    from relais.matching.engine import BRUSSELS

    now = datetime.combine(anchor, time(0), BRUSSELS).astimezone(UTC)
    past = Booking.objects.exclude(status=Booking.Status.DRAFT).filter(start__lt=now)
    edge = past.order_by("-start").values_list("start", flat=True)[rows - 1]
    first = timezone.localtime(edge).date() + timedelta(days=1)
    return {"date_from": first.isoformat(), "date_to": (anchor - timedelta(days=1)).isoformat()}


def export_requests(user, query: dict[str, str]):
    from django.http import QueryDict
    from django.utils import timezone

    from relais.stats import queries

    data = QueryDict(urlencode(query))
    form = queries.filter_form(user, data)
    return queries.filtered_requests(user, form, now=timezone.now())


def stream_export(client, url: str) -> int:
    """GET the export, its content written to /dev/null; the bytes written."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code}")
    size = 0
    with open(os.devnull, "wb") as sink:
        for chunk in response.streaming_content:
            size += sink.write(chunk)
    response.close()
    return size


def bare_xlsx(values: list[tuple], headers: list[str]) -> None:
    """openpyxl alone: the same values appended in write-only mode, saved to a temporary file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("Requests")
    worksheet.append(headers)
    for row in values:
        worksheet.append(row)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)


def measure_export(client, user, query: dict[str, str], url: str) -> dict:
    from django.utils import translation

    from relais.stats import exports

    started, cpu = clock.perf_counter(), clock.process_time()
    size = stream_export(client, url)
    view_s, view_cpu = clock.perf_counter() - started, clock.process_time() - cpu
    # The rows as the view writes them, in the person's language, fetched before the clock starts.
    with translation.override(user.language):
        headers = [column.header for column in exports.columns()]
        values = list(exports.rows(export_requests(user, query)))
    started, cpu = clock.perf_counter(), clock.process_time()
    bare_xlsx(values, headers)
    bare_s, bare_cpu = clock.perf_counter() - started, clock.process_time() - cpu
    # CPU time too: on a shared machine it moves less than the wall clock (the
    # database's share of the view's work is in the server's process, not counted).
    return {
        "view_s": view_s,
        "bare_s": bare_s,
        "ratio": view_s / bare_s,
        "view_cpu_s": view_cpu,
        "bare_cpu_s": bare_cpu,
        "cpu_ratio": view_cpu / bare_cpu,
        "bytes": size,
    }


def child_memory(args, query: dict[str, str]) -> dict:
    """The export's peak memory, in a process of its own."""
    command = [sys.executable, "-m", "bench.overview", "--database", args.database]
    command += ["--past", str(args.past), "--postgres", args.postgres, "--seed", str(args.seed)]
    command += ["--memory-child", json.dumps(query)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory_child(args) -> None:
    """Run in the child: Django loaded and a page served, then one export; peak RSS."""
    from bench.generate import COORDINATOR_EMAIL

    query = json.loads(args.memory_child)
    _user, client = client_for(COORDINATOR_EMAIL)
    captured(client, LIST_PATH)  # every module and template the pages need, loaded
    before = peak_rss_mb()
    size = stream_export(client, f"{EXPORT_PATH}?{urlencode(query)}")
    print(json.dumps({"rss_before_mb": before, "rss_peak_mb": peak_rss_mb(), "bytes": size}))


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM belongs to the process's own
    address space; ``ru_maxrss`` survives exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- The run ------------------------------------------------------------------------


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def table(result: dict) -> str:
    lines = [
        "| page | who | p50 ms | p95 ms | max ms | baseline p50 ms | baseline p95 ms "
        "| p50 ÷ baseline | p95 ÷ baseline | queries | GETs | runs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in result["pages"]:
        lines.append(
            f"| {page['page']} | {page['who']} | {page['p50']:.1f} | {page['p95']:.1f} "
            f"| {page['max']:.0f} | {page['bare_p50']:.1f} | {page['bare_p95']:.1f} "
            f"| {page['p50_ratio']:.2f} | {page['p95_ratio']:.2f} | {page['queries']} "
            f"| {page['gets']} | {len(page['runs'])} |"
        )
    export = result["export"]
    if export is None:
        return "\n".join(lines)
    lines += [
        "",
        "| export | rows | view s | openpyxl alone s | ratio | CPU ratio | file MB "
        "| RSS before MB | RSS peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| .xlsx | {export['rows']:,} | {export['view_s']:.2f} | {export['bare_s']:.2f} "
        f"| {export['ratio']:.2f} | {export['cpu_ratio']:.2f} | {export['bytes'] / MEGABYTE:.1f} "
        f"| {export['rss_before_mb']:.0f} | {export['rss_peak_mb']:.0f} |",
    ]
    return "\n".join(lines)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--past", type=int, default=1000000)
    parser.add_argument("--requests", type=int, default=200, help="GETs per page and run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds per page and run, baseline included"
    )
    parser.add_argument("--export-rows", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=20250101, help="data set seed")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server to use")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--no-export", action="store_true", help="the pages only")
    parser.add_argument("--no-pages", action="store_true", help="the export only")
    parser.add_argument("--json", type=Path, help="write the results there")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    url = prepare(args.database, args.past, args.postgres)
    if args.memory_child:
        memory_child(args)
        return {}
    from django.db import connection

    from bench.generate import COORDINATOR_EMAIL

    anchor, generated = ensure_data(args.database, url, args.past, args.seed)
    _member, member_client = client_for(MEMBER_EMAIL)
    coordinator, coordinator_client = client_for(COORDINATOR_EMAIL)
    months = urlencode(twelve_months(anchor))
    pages = [
        ("list", "member", member_client, LIST_PATH),
        ("statistics", "member", member_client, f"{STATISTICS_PATH}?{months}"),
        ("list", "coordinator", coordinator_client, LIST_PATH),
        ("statistics", "coordinator", coordinator_client, f"{STATISTICS_PATH}?{months}"),
    ]
    # Query counts of more variants: the count must not follow the number of rows.
    variants = [
        ("list, page 2", member_client, f"{LIST_PATH}?page=2"),
        ("list by language", member_client, f"{LIST_PATH}?sort=language"),
        ("list, page 2", coordinator_client, f"{LIST_PATH}?page=2"),
        ("list by language", coordinator_client, f"{LIST_PATH}?sort=language&period=past"),
        (
            "statistics, 36 months",
            coordinator_client,
            f"{STATISTICS_PATH}?month_from="
            f"{(anchor.replace(day=1) - timedelta(days=1050)).replace(day=1):%Y-%m}"
            f"&month_to={anchor:%Y-%m}",
        ),
    ]
    results, plans = [], {}
    if args.no_pages:
        pages, variants = [], []
    for page, who, client, path in pages:
        sql, _response = captured(client, path)
        baseline = main_queries(page, sql)
        count = sample_size(client, path, baseline, args.requests, args.budget)
        print(f"{page}, {who}: {len(sql)} queries, {count} GETs", file=sys.stderr, flush=True)
        runs = [measure_page(client, path, baseline, count) for _ in range(args.repeats)]
        row = {key: median_of(runs, key) for key in runs[0]}
        row.update(
            page=page,
            who=who,
            path=path,
            queries=len(sql),
            gets=count,
            baseline_sql=baseline,
            p50_ratio=row["p50"] / row["bare_p50"],
            p95_ratio=row["p95"] / row["bare_p95"],
            runs=runs,
        )
        results.append(row)
        plans[f"{page}, {who}"] = explain(baseline)
    counts = {}
    for name, client, path in variants:
        who = "member" if client is member_client else "coordinator"
        counts[f"{name}, {who}"] = len(captured(client, path)[0])

    export = None
    if not args.no_export:
        query = export_query(anchor, args.export_rows)
        export_url = f"{EXPORT_PATH}?{urlencode(query)}"
        rows = export_requests(coordinator, query).count()
        print(f"export of {rows} rows", file=sys.stderr, flush=True)
        export_queries = len(captured(coordinator_client, export_url)[0])  # also the warm-up
        memory = [child_memory(args, query) for _ in range(args.repeats)]
        export_runs = [
            measure_export(coordinator_client, coordinator, query, export_url)
            for _ in range(args.repeats)
        ]
        export = {key: median_of(export_runs, key) for key in export_runs[0]}
        export.update(
            rows=rows,
            query=query,
            queries=export_queries,
            runs=export_runs,
            memory=memory,
            rss_before_mb=median_of(memory, "rss_before_mb"),
            rss_peak_mb=median_of(memory, "rss_peak_mb"),
        )
    result = {
        "database": args.database,
        "vendor": f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}",  # noqa: E501
        "past": args.past,
        "anchor": anchor.isoformat(),
        "requests": args.requests,
        "repeats": args.repeats,
        "generated_seconds": generated,
        "pages": results,
        "query_counts": counts,
        "export": export,
        "plans": plans,
    }
    if args.explain:
        for name, texts in plans.items():
            for text in texts:
                print(f"-- {name}\n{text}\n", file=sys.stderr)
    print(table(result))
    for name, count in counts.items():
        print(f"{name}: {count} queries")
    if export:
        print(f"export: {export['queries']} queries")
    out = args.json or var_dir() / "bench" / f"overview-{args.database}-{args.past}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, default=str))
    return result


if __name__ == "__main__":
    main()
