"""Real threads released at once, as concurrent requests or workers would run."""

import threading

from django.core.exceptions import ValidationError
from django.db import connections

DEADLINE = 120  # seconds: a deadlock would hang a thread past it


def run_together(*actions) -> list[tuple[str, object]]:
    """Run each action in its own thread, all released at once. Each outcome,
    in the order they finished: ("done", what it returned), ("refused",
    messages) for a ValidationError, or ("error", repr) for anything else."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[tuple[str, object]] = []
    lock = threading.Lock()

    def attempt(action):
        try:
            barrier.wait()
            try:
                outcome = ("done", action())
            except ValidationError as refused:
                outcome = ("refused", refused.messages)
            except Exception as error:  # reported to the test, which must see it
                outcome = ("error", repr(error))
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert not any(thread.is_alive() for thread in threads), "deadlock"
    return outcomes


def results(outcomes) -> list:
    """What each action returned, once none failed."""
    assert [outcome for outcome in outcomes if outcome[0] != "done"] == []
    return [value for _, value in outcomes]
