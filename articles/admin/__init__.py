"""Admin for the articles app, one module per concept."""

from . import article, rights  # noqa: F401  (each module registers its models)
