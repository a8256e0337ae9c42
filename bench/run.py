"""``make bench``: the analysis benchmark on SQLite, then PostgreSQL if reachable.

Runs ``bench.analysis`` in a process of its own per database and data size
(100,000 and 1,000,000 past assignments by default), then prints the markdown
table of docs/benchmarks.md. PostgreSQL is the server of ``DATABASE_URL`` when
it points at one, else 127.0.0.1:5432; the data sets get databases of their own
(``relais_bench_<past>``), SQLite files under ``VAR_DIR/bench/``.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.analysis import DEFAULT_POSTGRES, postgres_admin, var_dir

SIZES = (100000, 1000000)


def postgres_server() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    url = url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES
    try:
        postgres_admin(url).close()
    except Exception as error:  # any failure means "not reachable"
        print(f"PostgreSQL not reachable ({error}); SQLite only.", file=sys.stderr)
        return None
    return url


def table(results: list[dict]) -> str:
    lines = [
        "| database | past assignments | p50 ms | p95 ms | max ms | queries / analysis "
        "| floor p50 ms | floor p95 ms | p50 ÷ floor | p95 ÷ floor | available |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['vendor']} | {r['past']:,} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.0f} "
            f"| {r['queries_mean']:.2f} (max {r['queries_max']}) | {r['floor_p50']:.2f} "
            f"| {r['floor_p95']:.2f} | {r['p50_ratio']:.0f} | {r['p95_ratio']:.0f} "
            f"| {r['available']:.0%} |"
        )
    by_db: dict[str, dict[int, dict]] = {}
    for r in results:
        by_db.setdefault(r["database"], {})[r["past"]] = r
    lines += ["", "| database | 1M ÷ 100k p50 | 1M ÷ 100k p95 | same for the floor (p50) |"]
    lines.append("|---|---:|---:|---:|")
    for database, sizes in by_db.items():
        small, big = sizes.get(min(SIZES)), sizes.get(max(SIZES))
        if small and big:
            lines.append(
                f"| {database} | {big['p50'] / small['p50']:.2f} | {big['p95'] / small['p95']:.2f} "
                f"| {big['floor_p50'] / small['floor_p50']:.2f} |"
            )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sizes", default=",".join(str(size) for size in SIZES))
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    results = []
    for database in args.databases.split(","):
        server = DEFAULT_POSTGRES
        if database == "postgresql":
            server = postgres_server()
            if server is None:
                continue
        for past in (int(size) for size in args.sizes.split(",")):
            out = var_dir() / "bench" / f"results-{database}-{past}.json"
            command = [sys.executable, "-m", "bench.analysis", "--database", database]
            command += ["--past", str(past), "--requests", str(args.requests)]
            command += ["--repeats", str(args.repeats), "--postgres", server, "--json", str(out)]
            print(f"== {database}, {past:,} past assignments", file=sys.stderr, flush=True)
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
            results.append(json.loads(Path(out).read_text()))
    print(table(results))


if __name__ == "__main__":
    main()
