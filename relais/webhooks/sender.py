"""Posting one event: short timeouts, no redirect followed, and a connection
to the address ``addresses.check_url`` just approved (a second DNS answer
can't swap in a private one)."""

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from .addresses import Address, check_url

USER_AGENT = "Relais-Webhooks/1"
# The log keeps technical errors as they are ("HTTP 500", "timed out"), in English:
# a worker has no reader's language.
REFUSALS = {
    "not_https": "Refused: not an https address",
    "private": "Refused: the address is not public",
    "not_found": "Host not found",
    "credentials": "Refused: credentials in the address",
    "invalid": "Refused: invalid address",
}


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: Address, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = str(address)

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: Address, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = str(address)

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``; a 2xx answer is a delivery, anything else an error to retry."""
    try:
        addresses = check_url(url)
    except ValidationError as error:
        return Answer(None, REFUSALS.get(error.code, REFUSALS["invalid"]))
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port, address=addresses[0], timeout=settings.WEBHOOKS_TIMEOUT
    )
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                **headers,
            },
        )
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer itself is not kept
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, (str(error) or type(error).__name__)[:500])
    finally:
        connection.close()
    if 300 <= status < 400:
        return Answer(status, f"HTTP {status}: redirects are not followed")
    if not 200 <= status < 300:
        return Answer(status, f"HTTP {status}")
    return Answer(status, "")
