from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = "Companies"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (registers the registry-cache invalidation)
