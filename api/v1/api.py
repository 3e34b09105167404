"""The NinjaAPI instance: routers, RFC 9457 errors for everything that can go wrong, docs."""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.problems import ApiProblem, from_exception, problem_response
from api.v1 import articles, catalogue

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Read-only access to the stories readers may see now, as NINJS 2.1 items (IPTC) or, with
`format=json`, our plainer JSON; and to the company registry, tags and partners.

Partner stories show only what their reprint rule lets readers see at this moment: the full
text, an excerpt with its call to action, or the headline, our own summary and a link.
`usageterms` says in words what you may do with each story.

Anonymous use is rate-limited per address; an API key (`Authorization: Bearer <key>` or
`X-API-Key: <key>`) raises the limit. Responses carry an `ETag` (send `If-None-Match` for a
304) and a `Cache-Control` that never outlives the next change readers would see. Errors are
RFC 9457 `application/problem+json`.
"""

api = NinjaAPI(
    title="Newsroom content API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", articles.router)
api.add_router("", catalogue.router)


@api.exception_handler(ApiProblem)
def _problem(request, exc: ApiProblem):
    return from_exception(exc, instance=request.get_full_path())


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    parts, parameter = [], ""
    for error in exc.errors[:5]:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = ".".join(location) or "request"
        parameter = parameter or name
        given = error.get("input")
        shown = f" (got “{str(given)[:60]}”)" if isinstance(given, str | int | float) else ""
        parts.append(f"{name}: {error.get('msg', 'invalid value')}{shown}")
    return problem_response(
        400,
        "invalid-parameter",
        "; ".join(parts) + ".",
        instance=request.get_full_path(),
        parameter=parameter,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(
        404, "not-found", "Nothing here; see /api/v1/docs.", instance=request.path
    )


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return problem_response(401, "unauthorized", "The API key is not valid.", instance=request.path)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problem_response(
        exc.status_code, "error", str(exc) or "Request refused.", instance=request.path
    )


@api.exception_handler(Exception)
def _unexpected(request, exc):
    # Never a traceback: the reader gets a problem document, the log gets the details.
    logger.exception("API error on %s", request.get_full_path())
    return problem_response(
        500,
        "internal-error",
        "Something went wrong on our side; the error was logged. Try again later.",
        instance=request.path,
    )
