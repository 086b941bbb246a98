"""Sending one webhook: to a public address only, resolved once and connected to as resolved, signed.

The host is resolved here, every address it resolves to is checked (private, loopback, link-local,
multicast, reserved and unspecified addresses are refused), and the connection goes to the checked
address: no second DNS lookup can hand a different one to the HTTP client. TLS still names the host
(SNI, certificate check) and so does the Host header. Redirects are never followed (http.client
does not follow them; a 3xx is a failed try), the time-outs are short and at most MAX_ANSWER bytes
of the answer are read.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT = 5.0  # seconds, to connect and for each read
MAX_ANSWER = 4096  # bytes of the answer read (and thrown away)
USER_AGENT = "R2P-Letters-Webhooks/1"


class AddressRefused(Exception):
    """The endpoint's address is not one we send to (not https, or not a public address)."""


@dataclass
class Answer:
    status_code: int | None
    error: str
    duration_ms: int


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256, keyed with the endpoint's secret, of "<timestamp>.<body>"."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def address_is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def address_allowed(address) -> bool:
    if settings.WEBHOOKS_ALLOW_LOOPBACK and address.is_loopback:
        return True
    return address_is_public(address)


def check_url(url: str) -> tuple[str, str, int, str]:
    """The scheme, host, port and path of ``url`` if we may send to it (raises AddressRefused)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as error:
        raise AddressRefused("bad port") from error
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        raise AddressRefused("not an https address")
    if parts.scheme == "http" and not settings.WEBHOOKS_ALLOW_LOOPBACK:
        raise AddressRefused("not an https address")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(host: str, port: int) -> str:
    """The address to connect to: ``host`` resolved once, every address it has checked (raises AddressRefused)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(f"cannot resolve {host}") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not addresses:
        raise AddressRefused(f"cannot resolve {host}")
    refused = [str(a) for a in addresses if not address_allowed(a)]
    if refused:
        raise AddressRefused(f"{host} resolves to an address we do not send to ({refused[0]})")
    return str(addresses[0])


class PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, secret: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``, signed; raises AddressRefused before connecting to an address we do not send to."""
    scheme, host, port, path = check_url(url)
    address = resolve(host, port)
    timestamp = int(time.time())
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection = connection_class(host, port, address=address, timeout=TIMEOUT)
    started = time.monotonic()
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "R2P-Webhook-Timestamp": str(timestamp),
                "R2P-Webhook-Signature": signature(secret, timestamp, body),
            },
        )
        response = connection.getresponse()
        response.read(MAX_ANSWER)
        return Answer(response.status, "", int((time.monotonic() - started) * 1000))
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, (str(error) or type(error).__name__)[:300], int((time.monotonic() - started) * 1000))
    finally:
        connection.close()
