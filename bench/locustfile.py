"""Load test of the overview tabs: people browsing Actions et tâches, All requests
and Infos et statistiques (run by ``python -m bench.load``, which starts gunicorn
on loopback against a bench database and stops it afterwards).

Four members for one coordinator. A member is ``requester<k>@bench.invalid`` of a
random institution k + 1; the coordinator is ``coordinator@bench.invalid``
(bench/generate.py). Each simulated person either takes a session made
beforehand (``RELAIS_BENCH_SESSIONS``: a JSON file ``{"email": [session keys]}``,
what ``bench.load`` writes by default) or logs in through the login form
(CSRF token from the cookie; the bench password, so django-axes never locks
anyone out). Requests are named by role and page, so the statistics come per page::

    .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 --run-time 60s \\
        --host http://127.0.0.1:PORT
"""

import json
import os
import random
import sys
from itertools import count
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Found from the repository root, inserted above.
from bench.generate import (
    BENCH_PASSWORD,
    COORDINATOR_EMAIL,
    INSTITUTIONS,
)

SESSIONS = (
    json.loads(Path(os.environ["RELAIS_BENCH_SESSIONS"]).read_text())
    if os.environ.get("RELAIS_BENCH_SESSIONS")
    else None
)
# Each simulated person takes the next unused session of their account.
_taken = count()
LANGUAGES = range(1, 13)  # the generator's most frequent languages come first
STATUSES = ("cancelled", "invoiced", "confirmed", "unfilled", "validated")
SORTS = ("start", "language", "-status", "type", "contact", "-duration")


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def email(self) -> str:
        raise NotImplementedError

    def on_start(self):
        self.client.headers["Accept-Language"] = "fr"
        email = self.email()
        if SESSIONS:
            keys = SESSIONS[email]
            self.client.cookies.set("sessionid", keys[next(_taken) % len(keys)])
            return
        self.client.get("/accounts/login/", name="login form")
        token = self.client.cookies.get("csrftoken")
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": email, "password": BENCH_PASSWORD},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused: {response.status_code}")

    def page(self, path: str, name: str) -> None:
        """A GET that must answer 200 itself: a redirect to the login page is a failure."""
        with self.client.get(
            path, allow_redirects=False, name=f"{self.role}: {name}", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    @task(3)
    def home(self):
        self.page("/", "/ (Actions et tâches)")

    @task(4)
    def requests_first_page(self):
        self.page("/stats/requests/", "/stats/requests/ first page")

    @task(2)
    def requests_sorted(self):
        self.page(f"/stats/requests/?sort={random.choice(SORTS)}", "/stats/requests/ sorted")

    @task(2)
    def requests_filtered(self):
        filters = random.choice(
            (
                f"status={random.choice(STATUSES)}",
                f"language={random.choice(LANGUAGES)}",
                "period=upcoming",
                "period=past&sort=start",
                f"status=cancelled&language={random.choice(LANGUAGES)}",
            )
        )
        self.page(f"/stats/requests/?{filters}", "/stats/requests/ filtered")

    @task(1)
    def requests_page_2(self):
        self.page("/stats/requests/?page=2", "/stats/requests/ page 2")

    @task(3)
    def statistics(self):
        self.page("/stats/", "/stats/ (12 months)")


class Member(Person):
    weight = 4
    role = "member"

    def email(self) -> str:
        return f"requester{random.randrange(INSTITUTIONS)}@bench.invalid"


class Coordinator(Person):
    weight = 1
    role = "coordinator"

    def email(self) -> str:
        return COORDINATOR_EMAIL

    @task(1)
    def one_institution(self):
        organisation = random.randint(1, INSTITUTIONS)
        self.page(f"/stats/?organisation={organisation}", "/stats/ one institution")
