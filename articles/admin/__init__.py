"""The desk: one module per concept, each registering its models."""

from articles.admin import article, audit, editorial, feeds, grants, rules, sources  # noqa: F401
