"""Models of the articles app, one module per concept."""

from .article import Article, ArticleQuerySet, Origin, Status
from .rights import Permission, ReprintRule
from .source import Source

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Origin",
    "Permission",
    "ReprintRule",
    "Source",
    "Status",
]
