"""The public content API (``/api/v1/``, django-ninja, NINJS items) and its webhooks.

A public surface like the reader site: it reads through ``Article.objects.published()`` and
``articles.rights`` only, never through ingest or the desk (import-linter holds the line).
``items`` renders what readers may see as NINJS or plain JSON, ``v1`` serves it, ``gateway``
handles keys, rate limits and the access log, ``webhooks`` tells subscribers what changed.
"""
