from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and reprint rights"

    def ready(self) -> None:
        from . import caching  # registers the page-cache invalidation signals

        caching.connect_related_signals()
