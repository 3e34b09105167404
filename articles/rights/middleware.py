"""Request-scoped helpers for the public site."""

from django.db.models.signals import post_delete, post_save

from articles.models import PermissionGrant, ReprintRule
from articles.models.visibility import forget_request_snapshot, once_per_request

for _model in (ReprintRule, PermissionGrant):
    post_save.connect(forget_request_snapshot, sender=_model, dispatch_uid=f"snap-{_model}")
    post_delete.connect(forget_request_snapshot, sender=_model, dispatch_uid=f"snap-d-{_model}")


class RightsSnapshotMiddleware:
    """Reads the reprint rules and grants once per GET/HEAD request instead of once per
    ``published()`` query on the page (a home page makes four)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with once_per_request():
            return self.get_response(request)
