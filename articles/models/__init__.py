"""Models of the articles app, one module per concept."""

from .article import Article, ArticleQuerySet, Origin, Status
from .audit import RightsAction, RightsEvent
from .grants import GrantScope, PermissionGrant
from .rights import (
    AttributionPosition,
    Edits,
    ImageReuse,
    Permission,
    ReprintRule,
    SearchEngines,
)
from .source import Source

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AttributionPosition",
    "Edits",
    "GrantScope",
    "ImageReuse",
    "Origin",
    "Permission",
    "PermissionGrant",
    "ReprintRule",
    "RightsAction",
    "RightsEvent",
    "SearchEngines",
    "Source",
    "Status",
]
