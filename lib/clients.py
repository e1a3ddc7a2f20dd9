"""Who is asking: the one rule for a client's address, used by rate limits and sign-in lock-out."""

from django.conf import settings


def client_address(request):
    """The visitor's address, from the trusted proxies' X-Forwarded-For or the socket."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        # Each trusted proxy appends the address it saw; anything further left is the client's
        # own claim and could be forged.
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
