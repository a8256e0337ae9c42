"""The outbox is delivered by a real Huey consumer process, as in `make run`."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from relais.notifications.models import OutboxEmail
from relais.notifications.services import queue_email


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if condition():
            return True
        pause.wait(0.1)
    return condition()


@pytest.fixture
def worker(tmp_path):
    """A `manage.py run_huey` process sharing the test database and a queue file."""
    queue = SqliteStorage(HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
    HUEY.immediate = False
    HUEY.storage = queue
    env = {
        **os.environ,
        "DEBUG": "1",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "EMAIL_URL": "console",
    }
    process = subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_huey", "--quiet"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield tmp_path
    finally:
        process.terminate()
        process.wait(timeout=15)
        HUEY.immediate = True


@pytest.mark.django_db(transaction=True)
def test_it_sends_a_committed_email_through_the_worker(worker):
    with transaction.atomic():
        email = queue_email(
            to="person@example.org",
            template="password_reset",
            language="nl",
            context={"reset_url": "https://relais.example/reset/abc/"},
        )

    assert wait_until(lambda: list((worker / "mail").glob("*.eml"))), "no email written"
    assert wait_until(
        lambda: OutboxEmail.objects.get(pk=email.pk).status == OutboxEmail.Status.SENT
    )
    message = next((worker / "mail").glob("*.eml")).read_text()
    assert "To: person@example.org" in message
    assert "https://relais.example/reset/abc/" in message


@pytest.mark.django_db(transaction=True)
def test_it_sends_nothing_for_a_rolled_back_change(worker):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        queue_email(
            to="person@example.org",
            template="password_reset",
            language="fr",
            context={"reset_url": "https://relais.example/reset/abc/"},
        )
        raise Abort

    # Give the worker something real to do afterwards: once that is sent, the
    # rolled-back email would have been sent too if it had been queued.
    with transaction.atomic():
        queue_email(
            to="other@example.org",
            template="password_reset",
            language="fr",
            context={"reset_url": "https://relais.example/reset/xyz/"},
        )
    assert wait_until(lambda: list((worker / "mail").glob("*.eml")))
    assert wait_until(lambda: not OutboxEmail.objects.filter(status="pending").exists())
    messages = [path.read_text() for path in (worker / "mail").glob("*.eml")]
    assert len(messages) == 1
    assert "To: other@example.org" in messages[0]
    assert not OutboxEmail.objects.filter(to="person@example.org").exists()
