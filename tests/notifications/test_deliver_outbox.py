"""deliver_outbox through a real SMTP server on the loopback interface."""

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from relais.accounts.models import Role
from relais.accounts.services import invite_user
from relais.notifications.models import OutboxEmail
from relais.notifications.services import deliver_outbox


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


class SmtpServer:
    """An SMTP server on the loopback interface that can go down and come back."""

    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def smtp_server(smtp_port):
    server = SmtpServer(smtp_port)
    server.start()
    try:
        yield server
    finally:
        if server.controller is not None:
            server.stop()


def _invite(coordinator, org, email):
    return invite_user(
        invited_by=coordinator, email=email, role=Role.REQUESTER, organisation=org, language="nl"
    )


def test_it_sends_the_invitation_with_text_and_html_parts(smtp_server, coordinator, org_a):
    _invite(coordinator, org_a, "nadia@example.org")

    assert deliver_outbox() == 1

    (message,) = smtp_server.inbox.messages
    assert message["To"] == "nadia@example.org"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"] == OutboxEmail.objects.get().subject
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"{settings.SITE_URL}/accounts/activate/"
    assert link in text
    assert link in html
    assert '<html lang="nl">' in html
    email = OutboxEmail.objects.get()
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")
    assert email.sent_at is not None


def test_an_smtp_outage_loses_nothing(smtp_server, coordinator, org_a):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _invite(coordinator, org_a, "nadia@example.org")
        assert deliver_outbox() == 1
        smtp_server.stop()

        _invite(coordinator, org_a, "pieter@example.org")
        assert deliver_outbox() == 0

        waiting = OutboxEmail.objects.get(to="pieter@example.org")
        assert waiting.status == OutboxEmail.Status.PENDING
        assert waiting.attempts == 1
        assert waiting.last_error
        assert waiting.next_attempt_at > timezone.now()  # retried later, not in a tight loop
        assert OutboxEmail.objects.get(to="nadia@example.org").status == OutboxEmail.Status.SENT

        smtp_server.start()
        assert deliver_outbox() == 0  # not due yet
        traveller.move_to(waiting.next_attempt_at)
        assert deliver_outbox() == 1

    assert [m["To"] for m in smtp_server.inbox.messages] == [
        "nadia@example.org",
        "pieter@example.org",
    ]
    delivered = OutboxEmail.objects.get(to="pieter@example.org")
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("sent", 2, "")


def test_it_gives_up_after_the_last_attempt_and_waits_longer_each_time(
    smtp_port, coordinator, org_a
):
    _invite(coordinator, org_a, "nadia@example.org")  # nobody listens on smtp_port
    waits = []

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(settings.OUTBOX_MAX_ATTEMPTS):
            assert deliver_outbox() == 0
            email = OutboxEmail.objects.get()
            waits.append(email.next_attempt_at - timezone.now())
            traveller.move_to(email.next_attempt_at)

        traveller.shift(timedelta(days=30))
        assert deliver_outbox() == 0

    email = OutboxEmail.objects.get()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == settings.OUTBOX_MAX_ATTEMPTS
    assert email.last_error
    assert waits == sorted(waits)
    assert waits[0] < waits[-1]


def test_it_sends_each_email_once(smtp_server, coordinator, org_a):
    _invite(coordinator, org_a, "nadia@example.org")

    assert deliver_outbox() == 1
    assert deliver_outbox() == 0

    assert len(smtp_server.inbox.messages) == 1


def test_it_sends_the_attachments(smtp_server, org_a, code_a, requester_a):
    from icalendar import Calendar

    from relais.notifications.services import queue_email

    lines = [b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//test//EN", b"METHOD:PUBLISH"]
    ics = b"\r\n".join([*lines, b"END:VCALENDAR", b""])
    queue_email(
        to="nadia@example.org",
        template="invitation",
        context={"invitation": None, "activate_url": "x", "expires_at": timezone.now()},
        language="fr",
        attachments=[("request.ics", ics, "text/calendar")],
    )
    assert deliver_outbox() == 1
    (message,) = smtp_server.inbox.messages
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "request.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert Calendar.from_ical(attachment.get_content())["METHOD"] == "PUBLISH"
    assert message.get_body(("plain",)) is not None
