"""The API's desk: keys (shown once), the access log, webhook subscribers and deliveries."""

from . import keys, webhooks  # noqa: F401 — registers the admins
