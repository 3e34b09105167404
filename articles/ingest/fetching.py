"""Fetching a partner's feed over HTTP, safely: http and https only, public hosts only (a feed
URL can never be turned against our own network, including by a redirect or by DNS answering
a private address after the check), a timeout for every step, a size cap, conditional GET.

No Django: the caller passes the limits in. Every failure is a ``FetchError`` whose message is
one sentence an editor can act on.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "NewsroomFeedFetcher/1.0 (+partner copy ingest)"
MAX_REDIRECTS = 5


class FetchError(Exception):
    """The feed could not be fetched; str() says why in one sentence."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds, for connecting and for each read
    total: float = 30.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 2 * 1024 * 1024
    # "host:port" pairs that may be private (loopback); only tests set this, through an
    # explicit setting, for the servers they start themselves.
    allow_private: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Response:
    status: int  # 200, or 304 when not modified
    url: str  # after redirects
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


def fetch(
    url: str, *, etag: str = "", last_modified: str = "", limits: Limits = Limits()
) -> Response:
    """GET ``url`` with conditional headers, following at most ``MAX_REDIRECTS`` redirects."""
    deadline = time.monotonic() + limits.total
    for _ in range(MAX_REDIRECTS + 1):
        response = _get_once(
            url, etag=etag, last_modified=last_modified, limits=limits, deadline=deadline
        )
        if isinstance(response, Response):
            return response
        url = response  # a redirect's target, checked again on the next round
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def check_url(
    url: str, *, allow_private: frozenset[str] = frozenset()
) -> tuple[str, str, int, list[str]]:
    """(scheme, host, port, addresses) for a URL we may fetch; ``FetchError`` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https feeds can be fetched, not {parts.scheme or 'none'}")
    if not parts.hostname:
        raise FetchError("the feed URL has no host")
    if parts.username or parts.password:
        raise FetchError("feed URLs may not carry a user name or password")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("the feed URL's port is not a number from 1 to 65535") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"the host {parts.hostname} cannot be found ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if f"{parts.hostname}:{port}" not in allow_private:
        for address in addresses:
            if not _is_public(address):
                raise FetchError(
                    f"the host {parts.hostname} is on a private, loopback or reserved "
                    f"address ({address}); only public hosts can be fetched"
                )
    return parts.scheme, parts.hostname, port, addresses


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _get_once(url, *, etag, last_modified, limits, deadline) -> Response | str:
    scheme, host, port, addresses = check_url(url, allow_private=limits.allow_private)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # Connect to the address just checked, never to a second DNS answer.
    connection = _connection(scheme, host, port, addresses[0], _remaining(deadline, limits))
    try:
        connection.request("GET", target, headers=headers)
        answer = connection.getresponse()
        if answer.status in (301, 302, 303, 307, 308):
            location = answer.getheader("Location", "")
            if not location:
                raise FetchError(f"HTTP {answer.status} redirect without a Location")
            return urljoin(url, location.strip())
        if answer.status == 304:
            return Response(304, url, etag=etag, last_modified=last_modified)
        if answer.status != 200:
            raise FetchError(f"the feed answered HTTP {answer.status} {answer.reason}".strip())
        declared = answer.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError(
                f"the feed is {int(declared)} bytes, over the limit of {limits.max_bytes} bytes"
            )
        body = _read_capped(answer, limits, deadline)
        return Response(
            200,
            url,
            body=body,
            etag=answer.getheader("ETag", "") or "",
            last_modified=answer.getheader("Last-Modified", "") or "",
            content_type=answer.getheader("Content-Type", "") or "",
        )
    except TimeoutError:
        raise FetchError(f"the feed did not answer within {limits.timeout:g} seconds") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(
            f"the feed could not be fetched ({exc.__class__.__name__}: {exc})"
        ) from None
    finally:
        connection.close()


def _read_capped(answer, limits: Limits, deadline: float) -> bytes:
    chunks, size = [], 0
    while True:
        # Each read waits at most the connection's timeout; a server that drips bytes slowly
        # is stopped at the whole fetch's deadline.
        _remaining(deadline, limits)
        chunk = answer.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"the feed is larger than the limit of {limits.max_bytes} bytes")
        chunks.append(chunk)


def _remaining(deadline: float, limits: Limits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"the fetch took longer than {limits.total:g} seconds")
    return min(limits.timeout, left)


def _connection(scheme: str, host: str, port: int, address: str, timeout: float):
    if scheme == "https":
        return _PinnedHTTPS(host, port, address, timeout=timeout)
    return _PinnedHTTP(host, port, address, timeout=timeout)


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a checked address, with the URL's host in the Host header."""

    def __init__(self, host, port, address, *, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a checked address; the certificate is still checked against the URL's host."""

    def __init__(self, host, port, address, *, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
