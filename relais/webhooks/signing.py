"""Signatures of webhook events: HMAC-SHA256 of "<timestamp>.<body>".

Header: ``Relais-Signature: t=<unix seconds>,v1=<hex digest>``. The timestamp
is signed with the body, so a captured request can't be replayed later with a
fresh time: receivers reject a timestamp older than ``TOLERANCE`` (5 minutes)
and, within it, an event id they have already seen (``Relais-Event-Id``,
also the body's ``id``).
"""

import hashlib
import hmac
import time

HEADER = "Relais-Signature"
TOLERANCE = 300  # seconds


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The value of the ``Relais-Signature`` header for this body, now."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify_signature(
    secret: str, header: str, body: bytes, tolerance: int = TOLERANCE, *, now: int | None = None
) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` and is at most
    ``tolerance`` seconds old (or ahead). What a receiver runs on each request
    before it trusts the body; it then ignores an event id it already has."""
    timestamp, digests = None, []
    for part in (header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isascii() and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            digests.append(value)
    if timestamp is None or not digests:
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, digest) for digest in digests)
