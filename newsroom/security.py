"""Security headers Django does not send by itself, and the load balancer's health check."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


def healthz(request):
    """200 "ok" when this app server can reach its database; for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bare(request):
    """A constant answer through the full middleware stack: Django's floor, for benchmarks."""
    return HttpResponse("Hello from the bare view.\n", content_type="text/plain")
