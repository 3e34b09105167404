"""What production refuses to start with, checked while the settings load (so an unsafe
server never serves a request). Pure: the standard library and Django's exception only."""

from django.core.exceptions import ImproperlyConfigured

# Django's own security.W009 rule: at least 50 characters, at least 5 distinct, and not one
# of the development keys startproject writes.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5
_INSECURE_PREFIX = "django-insecure-"
# Stricter than W009: a key made of a repeated pattern ("abcde" * 10) passes it. In a random
# key almost every run of four characters is unique, whatever its alphabet or length.
_RUN = 4
_MIN_UNIQUE_RUNS = 0.75
_GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_problem(key: str) -> str:
    """Why ``key`` is too weak to sign sessions and password resets, or "" if it is not."""
    if not key:
        return "it is not set"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters; use at least {SECRET_KEY_MIN_LENGTH} characters"
    if key.startswith(_INSECURE_PREFIX):
        return f"it starts with {_INSECURE_PREFIX!r}, the mark of a development key"
    distinct = len(set(key))
    if distinct < SECRET_KEY_MIN_DISTINCT:
        plural = "" if distinct == 1 else "s"
        return f"it has only {distinct} distinct character{plural}"
    runs = len(key) - _RUN + 1
    unique = len({key[i : i + _RUN] for i in range(runs)})
    if unique < _MIN_UNIQUE_RUNS * runs:
        return "it repeats itself, so it is far easier to guess than its length suggests"
    return ""


def refuse_unsafe_production(*, secret_key: str, allowed_hosts: list[str]) -> None:
    """Raise ImproperlyConfigured, saying what to fix, for a weak key or a wildcard host."""
    problem = secret_key_problem(secret_key)
    if problem:
        # The key itself is never echoed: the message may end up in a shared log.
        raise ImproperlyConfigured(
            f"SECRET_KEY must be set to a long random value in production: {problem}. "
            f"Generate one with: {_GENERATE}"
        )
    wildcards = [host for host in allowed_hosts if "*" in host]
    if wildcards:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must not contain '*' in production (found "
            f"{', '.join(map(repr, wildcards))}): any Host header would then be trusted, "
            "for password-reset links and cached pages alike. Name the site's host(s), "
            "e.g. ALLOWED_HOSTS=news.example.org (a leading dot, .example.org, allows its "
            "subdomains)."
        )
