"""A real HTTP receiver on the loopback interface, and an institution's
webhook pointing at it (private addresses allowed, as in development)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from relais.webhooks.models import Webhook
from tests.bookings.helpers import make_interpreter


class Receiver(ThreadingHTTPServer):
    """Answers every POST with ``status`` and keeps what it got: (path, headers,
    body). A test makes it hang by clearing ``answer`` (set again at teardown),
    or hold each answer until ``together`` requests have arrived (at most 2 s),
    so that concurrent senders overlap."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status = 204
        self.answer = threading.Event()
        self.answer.set()
        self.together = 1
        self.arrived = threading.Condition()
        self.location = ""
        self.received: list[tuple[str, dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/relais/events"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server = self.server
        with server.arrived:
            server.received.append((self.path, dict(self.headers), body))
            server.arrived.notify_all()
            server.arrived.wait_for(lambda: len(server.received) >= server.together, timeout=2)
        server.answer.wait()
        self.send_response(self.server.status)
        if self.server.location:
            self.send_header("Location", self.server.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.answer.set()  # let a hanging answer go
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook_a(org_a, manager_a, receiver):
    return Webhook.objects.create(organisation=org_a, url=receiver.url, created_by=manager_a)


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)
