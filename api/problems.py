"""RFC 9457 problem details: every error the API gives is ``application/problem+json`` with a
``detail`` a person can act on, naming the parameter at fault. Pure apart from the response."""

from __future__ import annotations

import json

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    405: "Method not allowed",
    410: "Gone",
    429: "Too many requests",
    500: "Internal error",
}


class ApiProblem(Exception):
    """Raised anywhere in a request; the API turns it into a problem response."""

    def __init__(self, status: int, code: str, detail: str, *, parameter: str = "", headers=None):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.parameter = parameter
        self.headers = headers or {}


def problem_body(status: int, code: str, detail: str, *, instance: str = "", parameter: str = ""):
    body = {
        "type": f"/api/v1/problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if parameter:
        body["parameter"] = parameter
    return body


def problem_response(
    status: int, code: str, detail: str, *, instance: str = "", parameter: str = "", headers=None
) -> HttpResponse:
    body = problem_body(status, code, detail, instance=instance, parameter=parameter)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store" if status >= 500 or status == 429 else "no-cache"
    return response


def from_exception(problem: ApiProblem, *, instance: str = "") -> HttpResponse:
    return problem_response(
        problem.status,
        problem.code,
        problem.detail,
        instance=instance,
        parameter=problem.parameter,
        headers=problem.headers,
    )
