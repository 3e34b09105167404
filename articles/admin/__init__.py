"""Admin for the articles app, one module per concept."""

from . import article, editorial, rights  # noqa: F401  (each module registers its models)
