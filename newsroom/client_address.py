"""The reader's address behind the load balancer, for rate limits and login lockouts."""


def forwarded_client_address(request, proxies: int) -> str:
    """Behind ``proxies`` proxies, the address the outermost of them saw: each proxy appends
    to X-Forwarded-For, so earlier entries are forgeable. Without proxies, REMOTE_ADDR."""
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64] or "unknown"
