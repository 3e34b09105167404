"""Models of the articles app, one module per concept."""

from .article import Article, ArticleQuerySet, Origin, Status
from .audit import RightsAction, RightsEvent
from .authors import ArticleAuthor, Author
from .feeds import FeedFormat, FeedProvider
from .grants import GrantScope, PermissionGrant
from .images import Image, Rendition
from .rights import (
    AttributionPosition,
    Edits,
    ImageReuse,
    Permission,
    ReprintRule,
    SearchEngines,
)
from .source import Source, SourceKind
from .workflow import Correction, EditSession, RevisionTags, Transition

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "AttributionPosition",
    "Author",
    "Correction",
    "EditSession",
    "Edits",
    "FeedFormat",
    "FeedProvider",
    "GrantScope",
    "Image",
    "ImageReuse",
    "Origin",
    "Permission",
    "PermissionGrant",
    "Rendition",
    "ReprintRule",
    "RevisionTags",
    "RightsAction",
    "RightsEvent",
    "SearchEngines",
    "Source",
    "SourceKind",
    "Status",
    "Transition",
]
