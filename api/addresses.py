"""Which addresses a webhook may be sent to: http(s) on public hosts only (no SSRF into the
private network, the cloud metadata service or the server itself). Pure: no Django."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")


class UnsafeAddress(Exception):
    """The URL's host is, or resolves to, an address we never send to."""


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_allowed(address, *, allow_loopback: bool) -> bool:
    if allow_loopback and address.is_loopback:
        return True
    return address.is_global and not address.is_multicast


def url_problem(url: str, *, allow_loopback: bool = False) -> str:
    """Why ``url`` may not receive webhooks, in a sentence; "" when it may (so far as can be
    told without resolving its host, which ``resolve`` does before each attempt)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"The URL is malformed ({exc})."
    if parts.scheme not in ("http", "https"):
        return f"Only http and https URLs can receive webhooks, not “{parts.scheme or url}”."
    host = (parts.hostname or "").lower()
    if not host:
        return "The URL has no host name."
    if parts.username or parts.password:
        return "Put no user name or password in the URL; the signature authenticates us."
    if port == 0:
        return "Port 0 is not a port."
    address = _ip(host)
    if address is not None:
        if not address_allowed(address, allow_loopback=allow_loopback):
            return f"{host} is a private, local or reserved address; webhooks go to public hosts."
        return ""
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        if allow_loopback and host == "localhost":
            return ""
        return f"{host} is a local host name; webhooks go to public hosts."
    return ""


def resolve(url: str, *, allow_loopback: bool = False) -> tuple[str, int, list[str]]:
    """(host, port, addresses) for ``url``, every address checked; raises UnsafeAddress.

    The caller connects to these addresses, not to the name again, so a DNS answer that
    changes between the check and the connection (rebinding) cannot redirect it."""
    problem = url_problem(url, allow_loopback=allow_loopback)
    if problem:
        raise UnsafeAddress(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeAddress(f"{host} does not resolve ({exc}).") from exc
    addresses = []
    for info in infos:
        address = _ip(info[4][0])
        if address is None or not address_allowed(address, allow_loopback=allow_loopback):
            raise UnsafeAddress(f"{host} resolves to {info[4][0]}, which is not a public address.")
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise UnsafeAddress(f"{host} does not resolve.")
    return host, port, addresses
