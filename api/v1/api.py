"""The NinjaAPI instance: routers, RFC 9457 errors for everything that can go wrong, docs."""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.problems import CONTENT_TYPE, ApiProblem, from_exception, problem_response
from api.v1 import articles, catalogue, params

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


class ContentAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are documented as what they are: ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema["paths"].values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content.pop("application/json")}
        return schema


api = ContentAPI(
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


# Parameters the schema constrains (so the OpenAPI document says so) are explained in the
# same words as when params.py checks them itself.
_EXPLAIN = {
    "limit": lambda value: params.limit(int(value)),
    "format": params.output_format,
    **{name: (lambda value, name=name: params.slug(name, value)) for name in params.SLUGGED},
}


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        name = location[-1] if location else ""
        explain = _EXPLAIN.get(name)
        if location[:1] == ["path"]:
            match = request.resolver_match
            given = match.kwargs.get(name) if match else None
        else:
            given = request.GET.get(name)
        if explain is not None and isinstance(given, str):
            try:
                explain(given)
            except ApiProblem as problem:
                return from_exception(problem, instance=request.get_full_path())
            except ValueError:
                pass  # not even a number: the generic message below says so
    parts, parameter = [], ""
    for error in exc.errors[:5]:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = ".".join(location) or "request"
        parameter = parameter or name
        given = request.GET.get(name) if name in request.GET else None
        shown = f" (got “{given[:60]}”)" if given is not None else ""
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
