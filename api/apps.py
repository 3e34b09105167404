from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API and webhooks"

    def ready(self) -> None:
        from api.webhooks import signals

        signals.connect()

    def needs_attention_sections(self, now):
        """Sections for the admin's needs-attention panel (asked for by the desk)."""
        from api.webhooks.attention import paused_subscribers

        return [paused_subscribers(now)]
