"""API keys in the admin: created here, shown once, stored hashed; and the access log."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from api.models import ApiAccess, ApiKey
from api.models.keys import KEY_PREFIX


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "public_part", "rate", "created_at", "last_used_at", "state", "log")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "notes")
    fields = ("name", "rate_per_minute", "notes")
    readonly_fields = ()
    actions = ("revoke",)

    @admin.display(description="key")
    def public_part(self, obj):
        return f"{KEY_PREFIX}_{obj.prefix}_…"

    @admin.display(description="state")
    def state(self, obj):
        return (
            f"revoked {timezone.localtime(obj.revoked_at):%Y-%m-%d}" if obj.revoked_at else "active"
        )

    @admin.display(description="access log")
    def log(self, obj):
        url = reverse("admin:api_apiaccess_changelist") + f"?key__id__exact={obj.pk}"
        return format_html('<a href="{}">requests</a>', url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._api_key_text = obj.new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The key's text exists only in this response: it is never stored, logged or put in
        # a message cookie.
        return TemplateResponse(
            request,
            "admin/api/apikey/created.html",
            {
                **self.admin_site.each_context(request),
                "title": "API key created",
                "key": obj,
                "key_text": request._api_key_text,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Revoke the selected keys (refused from now on)")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} key(s) revoked.", messages.SUCCESS)


@admin.register(ApiAccess)
class ApiAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "key", "method", "path", "query", "status")
    list_filter = ("key", "status", "at")
    search_fields = ("path", "query")
    date_hierarchy = "at"
    list_select_related = ("key",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
