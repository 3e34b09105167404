from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and reprint rights"

    def ready(self) -> None:
        from articles.ingest.profiles_db import source_pattern_errors
        from articles.models.article import CLEAN_CHECKS
        from articles.models.source import SOURCE_CHECKS
        from articles.rights.edits import article_rights_errors
        from articles.site import cache_signals

        cache_signals.connect_related_signals()
        if article_rights_errors not in CLEAN_CHECKS:
            CLEAN_CHECKS.append(article_rights_errors)
        if source_pattern_errors not in SOURCE_CHECKS:
            SOURCE_CHECKS.append(source_pattern_errors)
