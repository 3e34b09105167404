"""In front of every ``/api/`` request: the API key, the rate limit, the access log, and
problem+json for the errors Django answers itself (no such URL, wrong method)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from api import ratelimit
from api.models import ApiAccess, ApiKey
from api.problems import CONTENT_TYPE, problem_response

logger = logging.getLogger(__name__)
PREFIX = "/api/"
LAST_USED_EVERY = timedelta(minutes=1)


def presented_key(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class ApiGatewayMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        raw = presented_key(request)
        key = ApiKey.objects.find(raw) if raw else None
        if raw and key is None:
            return problem_response(
                401,
                "bad-api-key",
                "The API key sent is not valid or has been revoked. Check it, or leave it out "
                "to read anonymously at the lower rate limit.",
                instance=request.path,
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        if key is not None:
            allowance = ratelimit.hit(f"key:{key.pk}", key.rate)
        else:
            address = ratelimit.client_address(request)
            allowance = ratelimit.hit(f"ip:{address}", settings.API_ANONYMOUS_RATE_PER_MINUTE)
        if not allowance.allowed:
            who = "this API key" if key else "your address"
            response = problem_response(
                429,
                "rate-limited",
                f"More than {allowance.limit} requests a minute from {who}; try again in "
                f"{allowance.reset} s." + ("" if key else " An API key raises the limit."),
                instance=request.path,
                headers={"Retry-After": str(allowance.reset)},
            )
        else:
            response = self.get_response(request)
            response = _as_problem(request, response)
        for name, value in allowance.headers().items():
            response[name] = value
        if key is not None:
            _log(key, request, response.status_code)
        return response


def _as_problem(request, response):
    """Django's own 404/405/500 pages, as problem+json like every other API error."""
    if response.status_code not in (404, 405, 500) or response.get("Content-Type", "").startswith(
        (CONTENT_TYPE, "application/json")
    ):
        return response
    details = {
        404: ("not-found", "No such endpoint; /api/v1/docs lists them."),
        405: ("method-not-allowed", "The API is read-only: use GET."),
        500: ("internal-error", "Something went wrong on our side; try again later."),
    }
    code, detail = details[response.status_code]
    replaced = problem_response(response.status_code, code, detail, instance=request.path)
    if response.has_header("Allow"):
        replaced["Allow"] = response["Allow"]
    return replaced


def _log(key: ApiKey, request, status: int) -> None:
    now = timezone.now()
    try:
        ApiAccess.objects.create(
            key=key,
            method=request.method[:8],
            path=request.path[:500].replace("\x00", ""),
            query=request.META.get("QUERY_STRING", "")[:500].replace("\x00", ""),
            status=status,
            at=now,
        )
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    except Exception:  # the log must never turn a served request into an error
        logger.exception("could not record API access for key %s", key.pk)
