"""One signed POST to one subscriber, to an address checked just before connecting.

``http.client`` rather than a client library: the connection must go to the address that
passed the check (not to the name, resolved again), TLS must still verify the name, and
redirects are never followed (a redirect could point anywhere). No Django here either."""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from api.addresses import UnsafeAddress, resolve

MAX_RESPONSE_BYTES = 64 * 1024
USER_AGENT = "Newsroom-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None = None
    error: str = ""


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def post(
    url: str, *, body: bytes, headers: dict[str, str], timeout: float, allow_loopback: bool
) -> Outcome:
    """POST ``body``; a 2xx answer is success, anything else (redirects too) a failure."""
    try:
        host, port, addresses = resolve(url, allow_loopback=allow_loopback)
    except UnsafeAddress as exc:
        return Outcome(ok=False, error=str(exc))
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    all_headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **headers,
    }
    error = ""
    for address in addresses:
        connection = connection_class(host, port, address, timeout)
        try:
            connection.request("POST", target, body=body, headers=all_headers)
            response = connection.getresponse()
            response.read(MAX_RESPONSE_BYTES)
            status = response.status
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            continue
        finally:
            connection.close()
        if 200 <= status < 300:
            return Outcome(ok=True, status=status)
        reason = "redirects are not followed" if 300 <= status < 400 else "not a 2xx answer"
        return Outcome(ok=False, status=status, error=f"HTTP {status} ({reason}).")
    return Outcome(ok=False, error=error or "No address could be reached.")
