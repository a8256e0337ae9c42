"""Load test of the overview tabs: gunicorn on loopback against a bench
database, locust (bench/locustfile.py) headless for a bounded time, then
gunicorn stopped.

gunicorn runs as in production (docs/deployment.md): ``DEBUG=0`` with a
random ``SECRET_KEY``, WhiteNoise's manifest of collected static files, sync
workers, except that it is plain HTTP on 127.0.0.1 (``HTTPS=0``). The data set
is the analysis benchmark's (``relais_bench_<past>``, generated if missing).

People either take sessions made beforehand (``--login session``, the default:
the timed minute is spent browsing, not hashing 50 passwords) or log in through
the login form (``--login form``)::

    DEBUG=1 .venv/bin/python -m bench.load --postgres postgres://postgres@127.0.0.1:5432/x \\
        --past 1000000 --users 50 --run-time 60
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time as clock
import urllib.error
import urllib.request
from pathlib import Path

from bench.analysis import DEFAULT_POSTGRES, ROOT, ensure_data, prepare, var_dir

SESSIONS_PER_ACCOUNT = 10


def make_sessions(path: Path) -> list[str]:
    """Sessions for every bench account, as a login would leave them (``force_login``)."""
    from django.test import Client

    from bench.generate import COORDINATOR_EMAIL, INSTITUTIONS

    emails = [f"requester{k}@bench.invalid" for k in range(INSTITUTIONS)] + [COORDINATOR_EMAIL]
    from django.contrib.auth import get_user_model

    sessions: dict[str, list[str]] = {}
    for user in get_user_model().objects.filter(email__in=emails):
        sessions[user.email] = []
        for _ in range(SESSIONS_PER_ACCOUNT):
            client = Client()
            client.force_login(user)
            sessions[user.email].append(client.cookies["sessionid"].value)
    path.write_text(json.dumps(sessions))
    return [key for keys in sessions.values() for key in keys]


def drop_sessions(keys: list[str]) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=keys).delete()


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = clock.monotonic() + seconds
    while clock.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped ({server.returncode})")
        try:
            # Always http://127.0.0.1:<port>: the gunicorn started here.
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        clock.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def read_stats(prefix: Path) -> list[dict]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as stream:
        for row in csv.DictReader(stream):
            rows.append(
                {
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "max": float(row["Max Response Time"]),
                }
            )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| page | requests | requests/s | p50 ms | p95 ms | max ms | failures |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['requests']:,} | {row['rps']:.1f} | {row['p50']:.0f} "
            f"| {row['p95']:.0f} | {row['max']:.0f} | {row['failures']} |"
        )
    return "\n".join(lines)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--past", type=int, default=1000000)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server to use")
    parser.add_argument("--seed", type=int, default=20250101, help="data set seed")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--login", choices=("session", "form"), default="session")
    parser.add_argument("--json", type=Path, help="write the results there")
    args = parser.parse_args(argv)

    # Sessions are signed with the secret key: the same one here and in gunicorn.
    secret = secrets.token_urlsafe(48)
    os.environ["SECRET_KEY"] = secret
    url = prepare("postgresql", args.past, args.postgres)
    ensure_data("postgresql", url, args.past, args.seed)
    from django.db import connection

    work = Path(tempfile.mkdtemp(prefix="relais-load-"))
    keys: list[str] = []
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "VAR_DIR": str(work),
        "PROXY_COUNT": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("RELAIS_BENCH_SESSIONS", None)
    server = None
    try:
        python = sys.executable
        manage = str(ROOT / "manage.py")
        subprocess.run(  # noqa: S603
            [python, manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
        if args.login == "session":
            sessions = work / "sessions.json"
            keys = make_sessions(sessions)
            env["RELAIS_BENCH_SESSIONS"] = str(sessions)
        connection.close()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))  # gunicorn listens on it: no port to race for
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with (work / "gunicorn.log").open("wb") as log:
            gunicorn = [python, "-m", "gunicorn", "relais.wsgi"]
            gunicorn += ["--bind", f"fd://{listener.fileno()}", "--workers", str(args.workers)]
            gunicorn += ["--no-control-socket"]  # the default one is per user, not per instance
            server = subprocess.Popen(  # noqa: S603
                gunicorn,
                env=env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=[listener.fileno()],
            )
        listener.close()
        wait_until_up(base, server)
        prefix = work / "locust"
        locust = [str(Path(python).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py")]
        locust += ["--headless", "-u", str(args.users), "-r", str(args.spawn_rate)]
        locust += ["--run-time", f"{args.run_time}s", "--host", base, "--csv", str(prefix)]
        locust += ["--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
        print(f"locust: {args.users} users for {args.run_time} s on {base}", file=sys.stderr)
        # locust exits with 1 when a request failed: the failures are in the table.
        done = subprocess.run(locust, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        if not Path(f"{prefix}_stats.csv").exists():
            raise SystemExit(f"locust failed:\n{done.stderr[-3000:]}")
        stop(server)
        rows = read_stats(prefix)
        log_text = (work / "gunicorn.log").read_text(errors="replace")
        failures = []
        if Path(f"{prefix}_failures.csv").exists():
            with open(f"{prefix}_failures.csv", newline="") as stream:
                failures = list(csv.DictReader(stream))
    finally:
        if server is not None:
            stop(server)
        if keys:
            drop_sessions(keys)
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "past": args.past,
        "users": args.users,
        "run_time": args.run_time,
        "workers": args.workers,
        "login": args.login,
        "stats": rows,
        "failures": failures,
        "server_errors": log_text.count("Traceback"),
        "worker_timeouts": log_text.count("WORKER TIMEOUT"),
    }
    print(table(rows))
    print(
        f"server errors (tracebacks in gunicorn's log): {result['server_errors']}, "
        f"worker timeouts: {result['worker_timeouts']}"
    )
    for failure in failures:
        print(f"failure: {failure}")
    out = args.json or var_dir() / "bench" / f"load-{args.past}-{args.login}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
