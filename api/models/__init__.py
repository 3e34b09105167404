"""Models of the API app: keys and their access log, webhook subscribers and deliveries."""

from .keys import ApiAccess, ApiKey
from .webhooks import (
    AnnouncedState,
    DeliveryStatus,
    Event,
    VisibilityWatch,
    WebhookDelivery,
    WebhookSubscriber,
)

__all__ = [
    "AnnouncedState",
    "ApiAccess",
    "ApiKey",
    "DeliveryStatus",
    "Event",
    "VisibilityWatch",
    "WebhookDelivery",
    "WebhookSubscriber",
]
