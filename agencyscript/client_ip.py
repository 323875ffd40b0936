"""Client IP addresses: where a request came from, as far as we can trust it, and the key limits count by."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as a string.

    ``REMOTE_ADDR`` unless ``NUM_PROXIES`` proxies we run ourselves sit in front,
    in which case the address they appended to ``X-Forwarded-For`` is used.
    Addresses further left in that header are written by the client and ignored.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.NUM_PROXIES:
            address = forwarded[-settings.NUM_PROXIES]
    return address


def client_key(request):
    """A key for per-client limits: the IPv4 address, or the IPv6 /64 network.

    One IPv6 subscriber usually holds a whole /64, so counting single addresses
    would let anyone rotate through billions of them.
    """
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
