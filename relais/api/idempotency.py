"""``Idempotency-Key``: a retried POST gets the first answer instead of a second request.

The key is stored per token with a hash of the request (method, path, body)
and the successful response, in the same transaction as the work itself: a
concurrent retry waits on the unique index, then replays. Same key with
another body: 409. Failed requests store nothing, so they can be retried
with the same key.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import ApiError
from .models import ApiIdempotencyKey

MAX_KEY_LENGTH = 255


def request_hash(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_KEY_LENGTH or "\x00" in key:
        raise ApiError(
            422,
            "invalid",
            _("The Idempotency-Key header must have 1 to 255 characters."),
            {"Idempotency-Key": [_("This value is not valid.")]},
        )


def replay(token, key: str, request) -> tuple[int, dict] | None:
    """The stored answer for this key, or None; 409 when the body differs."""
    _check_key(key)
    stored = ApiIdempotencyKey.objects.filter(token=token, key=key).first()
    if stored is None:
        return None
    if stored.request_hash != request_hash(request):
        raise ApiError(
            409,
            "idempotency_conflict",
            _("This Idempotency-Key was already used with another request body."),
        )
    return stored.status_code, stored.response


def run_once(token, key: str | None, request, work) -> tuple[int, dict]:
    """Do ``work()`` (returning status and JSON-able body) once per key.

    The key's row is written first, in the work's transaction: a concurrent
    request with the same key waits on it (PostgreSQL: the unique index;
    SQLite: the write lock every transaction takes at its start), then finds
    the stored answer.
    """
    if key is None:
        return work()
    _check_key(key)
    try:
        with transaction.atomic():
            answer = replay(token, key, request)
            if answer is not None:
                return answer
            record = ApiIdempotencyKey.objects.create(
                token=token, key=key, request_hash=request_hash(request), status_code=0, response={}
            )
            status, body = work()
            record.status_code, record.response = status, json.loads(json.dumps(body))
            record.save(update_fields=["status_code", "response"])
    except IntegrityError:
        answer = replay(token, key, request)
        if answer is None:
            raise
        return answer
    return status, body
