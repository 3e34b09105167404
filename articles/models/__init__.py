"""Models of the articles app, one module per concept."""

from .article import Article, ArticleQuerySet, Origin, Status
from .authors import ArticleAuthor, Author
from .images import Image, Rendition
from .rights import Permission, ReprintRule
from .source import Source
from .workflow import Correction, EditSession, Transition

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Correction",
    "EditSession",
    "Image",
    "Origin",
    "Permission",
    "Rendition",
    "ReprintRule",
    "Source",
    "Status",
    "Transition",
]
