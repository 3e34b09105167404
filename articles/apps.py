from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and reprint rights"

    def ready(self) -> None:
        from articles.models.article import CLEAN_CHECKS
        from articles.rights.edits import article_rights_errors
        from articles.site import caching

        caching.connect_related_signals()
        if article_rights_errors not in CLEAN_CHECKS:
            CLEAN_CHECKS.append(article_rights_errors)
