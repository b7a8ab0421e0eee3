"""Which hosts and addresses a production webhook may reach: public ones only.

A host is checked as written when an endpoint is registered (`host_refusal`), and every
address its name resolves to is checked again when a delivery connects (see `transport`),
so neither another spelling of an internal address nor a name pointing inside gets through.
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_INTERNAL_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "metadata.google.internal", "metadata", "instance-data"}
)
_INTERNAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".arpa",
)
"""Names for a machine's own or its network's hosts, never a partner's public endpoint."""
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def is_public_address(address: IPAddress) -> bool:
    """Whether `address` is on the public internet: not loopback, private, link-local,
    multicast, reserved, unspecified or shared (100.64/10), nor one of those carried inside
    an IPv6 address (IPv4-mapped, 6to4, Teredo, NAT64)."""
    carried = _carried_ipv4(address)
    if carried is not None and not is_public_address(carried):
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def host_refusal(host: str) -> str | None:
    """Why a production endpoint may not have this URL host, or None when it may.

    `host` is as a URL parser gives it: lower case, an IPv6 address without its brackets.
    A trailing dot is dropped first. An IPv4 address must be written as a dotted quad:
    `127.1`, `2130706433`, `0x7f.1` and `0177.0.0.1` all reach 127.0.0.1 and are refused.
    """
    if ":" in host:
        return _address_refusal(host)
    name = host[:-1] if host.endswith(".") else host
    labels = name.split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        return _address_refusal(name)
    if not all(_LABEL.match(label) for label in labels):
        return "the host is not a valid name"
    if len(labels) < 2 or name in _INTERNAL_NAMES or name.endswith(_INTERNAL_SUFFIXES):
        return "the host is an internal name"
    return None


def _address_refusal(text: str) -> str | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return "write an IPv4 address as four decimal numbers (a dotted quad)"
    if address.version == 4 and str(address) != text:
        return "write an IPv4 address as four decimal numbers (a dotted quad)"
    return None if is_public_address(address) else "the address is not public"


def _carried_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
