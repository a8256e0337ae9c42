"""A real HTTP receiver on the loopback interface, and an institution's
webhook pointing at it (private addresses allowed, as in development)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from relais.webhooks.models import Webhook
from tests.bookings.helpers import make_interpreter


class Receiver(ThreadingHTTPServer):
    """Answers every POST with ``status`` after ``delay`` seconds and keeps
    what it got: (path, headers, body)."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status = 204
        self.delay = 0.0
        self.location = ""
        self.received: list[tuple[str, dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/relais/events"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append((self.path, dict(self.headers), body))
        time.sleep(self.server.delay)
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
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook_a(org_a, manager_a, receiver):
    return Webhook.objects.create(organisation=org_a, url=receiver.url, created_by=manager_a)


@pytest.fixture
def ilham(arabic):
    return make_interpreter("ilham@example.org", arabic)
