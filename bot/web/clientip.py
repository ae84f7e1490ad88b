"""Which address a request really comes from, for per-client limits.

Behind a reverse proxy every request arrives from the proxy, so a limit keyed by
the peer address would throttle everybody together. ``X-Forwarded-For`` is only
believed when the peer is a configured trusted proxy, and then read from the
right: each trusted hop appended the address it saw, and the first untrusted
address from the right is the client. Anything to its left was written by the
client itself and could be forged.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable, Sequence


def _parse(value: str) -> ipaddress._BaseAddress | None:
    try:
        return ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None


def _trusted(address: ipaddress._BaseAddress, proxies: Iterable[ipaddress._BaseNetwork]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_ip(peer: str, forwarded_for: str | None, proxies: Sequence[ipaddress._BaseNetwork]) -> str:
    """The client address: the peer, unless the peer is a trusted proxy."""
    address = _parse(peer)
    if address is None or not proxies or not _trusted(address, proxies):
        return peer
    hops = [h for h in (forwarded_for or "").split(",") if h.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            return str(address)  # a malformed hop: stop at the last address we can vouch for
        if not _trusted(parsed, proxies):
            return str(parsed)
        address = parsed
    return str(address)
