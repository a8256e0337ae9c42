"""Relais as it runs in production (docs/deployment.md), on this machine: gunicorn
with two workers, PostgreSQL, and two Huey consumers sharing a Redis queue,
each a real process. A requester books an interpreter over HTTP; the
acknowledgement reaches a loopback SMTP server exactly once, although both
consumers sweep the outbox again and again while it is committed and sent.

Only one consumer runs the periodic scheduler (the other has --no-periodic),
as the deployment guide says. This module is collected on PostgreSQL only
(conftest.py): SQLite is one machine's file."""

import asyncio
import email
import email.policy
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from relais.bookings.models import Assignment, Booking
from relais.interpreters.services import create_language
from relais.notifications.models import OutboxEmail
from relais.notifications.tasks import deliver_outbox_task
from relais.organisations.models import BillingCode
from relais.organisations.services import create_organisation
from tests.bookings.helpers import MONDAY, make_interpreter
from tests.conftest import PASSWORD, make_member

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Databases this test may take, one per concurrent run; each is emptied before and after.
REDIS_DBS = (13, 12, 11, 10, 9)
REDIS_LOCK = "relais:tests:deployment:lock"
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def database_url() -> str:
    """The test database, for the other processes (as in tests/notifications/test_worker.py)."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if condition():
            return True
        pause.wait(0.1)
    return bool(condition())


# --- The services ------------------------------------------------------------------


@pytest.fixture
def redis_url():
    """A Redis database of its own for the queue, claimed with a lock key so that
    two runs of the suite on this machine never share it."""
    token = uuid.uuid4().hex
    for number in REDIS_DBS:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        try:
            claimed = client.set(REDIS_LOCK, token, nx=True, ex=600)
        except redis.ConnectionError as error:
            pytest.fail(f"Redis must run on {REDIS_HOST}:{REDIS_PORT}: {error}")
        if claimed:
            break
        client.close()
    else:
        pytest.fail(f"Redis databases {REDIS_DBS} are all taken by other runs of this test")
    for key in client.scan_iter():
        if key != REDIS_LOCK.encode():
            client.delete(key)  # what an interrupted run may have left
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()
        client.close()


@dataclass
class Inbox:
    """An aiosmtpd handler keeping every message it is given. It answers after
    a while, as a busy mail server would: the email is being sent, neither sent
    nor failed, while the outbox is swept again and again."""

    answer_after: float = 2.0
    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.answer_after)
        with self.lock:
            self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def received(self) -> list:
        with self.lock:
            return list(self.messages)


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    for attempt in range(5):
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        try:
            controller.start()
            break
        except OSError:  # the port was taken between the probe and the start
            if attempt == 4:
                raise
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    output: Path  # stdout and stderr
    log: Path  # Huey's own log file for a consumer, else the output

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def check_alive(self) -> None:
        if self.popen.poll() is not None:
            output = self.output.read_text(errors="replace")[-4000:]
            pytest.fail(f"{self.name} exited with {self.popen.returncode}:\n{output}")


def stop(processes: list[Process]) -> None:
    for process in processes:
        if process.popen.poll() is None:
            process.popen.terminate()
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait(timeout=10)


@dataclass
class Site:
    url: str
    web: Process
    consumers: list[Process]

    def explain(self, body: bytes) -> str:
        """An unexpected answer: its title (Django's error page names the
        exception there) and the end of gunicorn's output, with the traceback."""
        title = re.search(rb"<title>(.*?)</title>", body, flags=re.DOTALL)
        output = self.web.output.read_text(errors="replace")[-6000:]
        return f"{title.group(1).decode().strip() if title else body[:500]!r}\n{output}"


@pytest.fixture
def site(transactional_db, tmp_path, redis_url, smtp_server):
    """gunicorn (2 workers) and two `manage.py run_huey` consumers, as in production."""
    _, email_url = smtp_server
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))  # gunicorn listens on it: no port to race for
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "HTTPS": "0",
        "PROXY_COUNT": "0",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "EMAIL_URL": email_url,
        "HUEY_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": url,
    }
    processes: list[Process] = []

    def start(name: str, command: list[str], log: Path | None = None, **kwargs) -> Process:
        output = tmp_path / f"{name}.out"
        with output.open("wb") as stream:
            popen = subprocess.Popen(
                command,
                env=env,
                cwd=settings.BASE_DIR,
                stdin=subprocess.DEVNULL,
                stdout=stream,
                stderr=subprocess.STDOUT,
                **kwargs,
            )
        process = Process(name, popen, output, log or output)
        processes.append(process)
        return process

    try:
        web = start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "relais.wsgi",
                "--bind",
                f"fd://{listener.fileno()}",
                "--workers",
                "2",
                "--graceful-timeout",
                "5",
                "--no-control-socket",  # gunicorn's default one is per user, not per instance
            ],
            pass_fds=[listener.fileno()],
        )
        listener.close()
        # Huey's own log file: its lines once each (Django's root logger echoes them on stderr).
        # The first consumer schedules the periodic jobs, the second only works.
        consumers = []
        for name, flags in (("consumer-1", []), ("consumer-2", ["--no-periodic"])):
            log = tmp_path / f"{name}.log"
            command = [sys.executable, MANAGE, "run_huey", "--logfile", str(log), *flags]
            consumers.append(start(name, command, log=log))
        yield Site(url, web, consumers)
    finally:
        listener.close()
        stop(processes)


# --- A requester's browser ---------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, as in Django's test client


class Browser:
    """Just enough of a browser for Django forms: cookies, the CSRF token, no redirects."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, bytes]:
        """(status, Location header, body) of a GET, or of a POST when `data` is given."""
        body = None
        if data is not None:
            token = next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        # Always http://127.0.0.1:<port>, the gunicorn this test started.
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as response:
            with response:
                return response.code, response.headers.get("Location", ""), response.read()

    def get(self, path: str) -> tuple[int, str, bytes]:
        return self.request(path)

    def post(self, path: str, data: dict) -> tuple[int, str, bytes]:
        return self.request(path, data)


def answers(site: Site) -> bool:
    site.web.check_alive()
    try:
        status, _, _ = Browser(site.url).get("/accounts/login/")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    return status == 200


def log_lines(process: Process, pattern: str) -> list[str]:
    return re.findall(rf"^.*{pattern}.*$", process.text(), flags=re.MULTILINE)


# --- Flooding the queue ------------------------------------------------------------


@contextmanager
def queue_on_redis(url: str):
    """This test process's Huey enqueues into the consumers' Redis queue."""
    immediate, storage = HUEY.immediate, HUEY.storage
    HUEY.immediate = False
    HUEY.storage = RedisStorage(HUEY.name, url=url)
    try:
        yield HUEY.storage
    finally:
        HUEY.immediate = immediate
        HUEY.storage = storage


class Flood(threading.Thread):
    """Queues an outbox delivery every 20 ms until stopped, so that both
    consumers sweep the outbox when the request's email is committed and
    all the time it is being sent."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopped = threading.Event()
        self.queued = 0
        self.error: BaseException | None = None

    def run(self):
        try:
            while not self.stopped.is_set() and self.queued < 1000:
                deliver_outbox_task()
                self.queued += 1
                self.stopped.wait(0.02)
        except BaseException as error:  # reported by the test
            self.error = error


# --- The test ----------------------------------------------------------------------


@pytest.fixture
def requester(settings, db):
    """A requester whose password the web processes can check (the suite's fast
    MD5 hasher is not among production's hashers), with an interpreter free."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    organisation = create_organisation(
        name="CPAS de Saint-Gilles",
        enterprise_number="0203.201.340",
        invoicing_email="factures@cpas-a.example",
        street="Rue Fernand Bernier 40",
        postcode="1060",
    )
    code = BillingCode.objects.create(code="CPAS-SG-01", label="Service social", payer=organisation)
    code.organisations.add(organisation)
    arabic = create_language(code="ar")
    make_interpreter("ilham@example.org", arabic)
    user = make_member(organisation, "requester.a@example.org", full_name="Amina Requester")
    return user, organisation, code, arabic


@pytest.mark.django_db(transaction=True)
def test_a_request_over_http_is_acknowledged_once_by_two_consumers(
    site, smtp_server, redis_url, requester
):
    inbox, _ = smtp_server
    user, organisation, code, arabic = requester
    assert wait_until(lambda: answers(site), timeout=60), site.web.text()[-4000:]
    for consumer in site.consumers:
        started = wait_until(
            lambda c=consumer: c.check_alive() or "Huey consumer started" in c.text(), timeout=60
        )
        assert started, consumer.text()[-4000:]

    browser = Browser(site.url)
    assert browser.get("/accounts/login/")[0] == 200
    status, location, body = browser.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD}
    )
    assert (status, location) == (302, "/"), f"login refused: {site.explain(body)}"
    status, location, body = browser.post("/requests/new/", {"modality": "on_site"})
    assert status == 302, site.explain(body)
    pk = int(re.fullmatch(r"/requests/new/(\d+)/who/", location).group(1))
    steps = {
        "who": {"billing_code": code.pk, "contact": user.pk},
        "language": {"language": arabic.pk},
        "when": {"date": MONDAY, "start_time": "10:00", "duration_minutes": "60"},
        "details": {
            "place": organisation.official_place.pk,
            "onsite_contact_name": "Accueil, Mme Dupont",
            "onsite_contact_phone": "02 555 01 01",
        },
    }
    for step, data in steps.items():
        status, location, body = browser.post(f"/requests/new/{pk}/{step}/", data)
        assert status == 302, f"{step}: {site.explain(body)}"
    assert location == f"/requests/new/{pk}/analysis/"
    assert browser.get(location)[0] == 200

    with queue_on_redis(redis_url) as queue:
        flood = Flood()
        flood.start()
        try:
            status, location, body = browser.post(f"/requests/new/{pk}/summary/", {"mode": "hold"})
            assert (status, location) == (302, f"/requests/{pk}/"), site.explain(body)
            assert wait_until(lambda: inbox.received(), timeout=30), "no email reached SMTP"
            flood.stopped.wait(1.0)  # and a little past the delivery
        finally:
            flood.stopped.set()
            flood.join(timeout=10)
        assert flood.error is None, flood.error
        assert flood.queued > 50  # at least the two seconds of the SMTP answer

        # Every delivery task has run — the flood's and the one queued on commit by
        # gunicorn — so any second send would have happened by now.
        def all_ran() -> bool:
            executed = sum(
                len(log_lines(c, r"deliver_outbox_task: \S+ executed in")) for c in site.consumers
            )
            return executed >= flood.queued + 1

        assert wait_until(all_ran, timeout=60), [c.text()[-2000:] for c in site.consumers]
        assert queue.queue_size() == 0

    booking = Booking.objects.get(pk=pk)
    assert booking.status == Booking.Status.RECEIVED
    hold = booking.assignments.get()
    assert (hold.kind, hold.interpreter.user.email) == (Assignment.Kind.HOLD, "ilham@example.org")

    # Every email of the outbox was claimed once, sent once, and reached the server once.
    rows = list(OutboxEmail.objects.order_by("pk"))
    assert [(r.status, r.attempts) for r in rows] == [(OutboxEmail.Status.SENT, 1)] * len(rows)
    envelopes = inbox.received()
    messages = [email.message_from_bytes(e.content, policy=email.policy.default) for e in envelopes]
    subjects = [m["Subject"].strip() for m in messages]  # Django folds it after "Subject:"
    assert sorted(zip([e.rcpt_tos for e in envelopes], subjects, strict=True)) == sorted(
        ([row.to], row.subject) for row in rows
    )
    (acknowledgement,) = (row for row in rows if row.template == "booking_received")
    assert acknowledgement.to == user.email
    message = messages[subjects.index(acknowledgement.subject)]
    attachments = [part.get_filename() for part in message.iter_attachments()]
    assert len(attachments) == 1 and attachments[0].endswith(".ics"), attachments

    # Both consumers took their share of the work; one of them schedules periodic jobs.
    first, second = site.consumers
    for consumer in (first, second):
        assert log_lines(consumer, r"deliver_outbox_task: \S+ executed in"), consumer.name
    assert log_lines(first, r"Enqueueing periodic task relais\.notifications\.tasks\.")
    assert not log_lines(second, "Enqueueing periodic task")
    assert "Periodic tasks are disabled" in second.text()
