"""Where webhooks may post: public HTTPS addresses only (no server-side
request forgery against the service's own network).

Checked when a webhook is registered and again before each attempt, since
what a name resolves to can change; the attempt then connects to the very
address that was checked (``sender.py``). ``WEBHOOKS_ALLOW_PRIVATE_URLS``
(on by default only with DEBUG) lets a development machine or a test post
to a local receiver, over plain HTTP too.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def allow_private() -> bool:
    return settings.WEBHOOKS_ALLOW_PRIVATE_URLS


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def check_url(url: str) -> list[Address]:
    """The addresses ``url`` may be posted to, all checked; ``ValidationError``
    with a message for its owner otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter a valid web address."), code="invalid") from None
    schemes = {"https", "http"} if allow_private() else {"https"}
    if parts.scheme not in schemes:
        raise ValidationError(_("The address must start with https://."), code="not_https")
    if not parts.hostname:
        raise ValidationError(_("Enter a valid web address."), code="invalid")
    if parts.username or parts.password:
        raise ValidationError(
            _("The address must not hold a user name or password."), code="credentials"
        )
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    except (OSError, UnicodeError, ValueError):
        raise ValidationError(
            _("The server %(host)s could not be found."),
            code="not_found",
            params={"host": parts.hostname},
        ) from None
    if not addresses:
        raise ValidationError(
            _("The server %(host)s could not be found."),
            code="not_found",
            params={"host": parts.hostname},
        )
    if not allow_private() and not all(is_public(address) for address in addresses):
        raise ValidationError(
            _(
                "This address leads to a private or local network: "
                "webhooks can only be sent to a public internet address."
            ),
            code="private",
        )
    return addresses
