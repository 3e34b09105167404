"""Security headers Django does not send by itself, and the load balancer's health check."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

from newsroom.client_address import forwarded_client_address


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


class AdminCSPMiddleware:
    """Let the editors' admin run inline scripts; readers' pages never can.

    The admin's rich-text editor (django-prose-editor) loads its modules through an inline
    ``<script type="importmap">``, which a strict ``script-src`` blocks, and the change form has
    an inline heartbeat script. Admin pages are behind login and carry no reader content, so
    they get ``'unsafe-inline'`` for scripts; public pages keep the strict policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.CSP_RELAXED_PATH_PREFIX

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix and request.path.startswith(self.prefix):
            # Merged into the policy by csp.middleware.CSPMiddleware (outside this one).
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response


def healthz(request):
    """200 "ok" when this app server can reach its database; for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bare(request):
    """A constant answer through the full middleware stack: Django's floor, for benchmarks."""
    return HttpResponse("Hello from the bare view.\n", content_type="text/plain")


def login_client_address(request) -> str:
    """The address django-axes counts failed logins against (``AXES_CLIENT_IP_CALLABLE``).

    Behind ``LOGIN_PROXY_COUNT`` proxies (env ``AXES_PROXY_COUNT``), the one the outermost
    of them saw: each proxy appends to X-Forwarded-For, so earlier entries are forgeable.
    Without proxies, REMOTE_ADDR. (The balancer's own address would let one guesser lock an
    account out for everybody.)"""
    return forwarded_client_address(request, settings.LOGIN_PROXY_COUNT)
