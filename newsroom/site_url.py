"""The site's public origin, ``SITE_URL``: the one source of every absolute URL we give out.

Feeds, sitemaps, robots.txt, canonical links, ``og:url`` and JSON-LD are read by machines
and cached for every reader, so they are never built from the request: a request with a
forged ``Host`` header (Django ignores the port when it checks ``ALLOWED_HOSTS``) or over
another scheme must not change what the page cache serves everyone else.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def parse_site_url(value: str) -> str:
    """``value`` as an origin without a trailing slash; refuses anything else, saying why."""
    parts = urlsplit(value.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or not port_ok
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ImproperlyConfigured(
            "SITE_URL must be the site's origin, like https://news.example.org (scheme and "
            f"host, optionally a port, no path), not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def site_url_setting(value: str, *, production: bool) -> str:
    """``SITE_URL`` from the environment's ``value``: required, with https, in production."""
    if not value.strip():
        if production:
            raise ImproperlyConfigured(
                "SITE_URL must be set in production to the site's public origin, like "
                "https://news.example.org: feeds, sitemaps and canonical links are built from it."
            )
        value = "http://127.0.0.1:8000"
    origin = parse_site_url(value)
    if production and not origin.startswith("https://"):
        raise ImproperlyConfigured(f"SITE_URL must use https in production, not {origin!r}.")
    return origin


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse()`` or ``static()`` give it) on ``SITE_URL``; a URL that is
    already absolute (a static file on a CDN) is returned as it is."""
    from django.conf import settings

    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):  # scheme-relative, as a CDN's STATIC_URL may be
        return f"{settings.SITE_URL.split(':', 1)[0]}:{path}"
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def site_origin() -> tuple[str, str]:
    """(scheme, host[:port]) of ``SITE_URL``, as Django's sitemaps want them."""
    from django.conf import settings

    scheme, rest = settings.SITE_URL.split("://", 1)
    return scheme, rest
