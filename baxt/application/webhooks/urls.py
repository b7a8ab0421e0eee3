"""Which URLs an endpoint may have: http(s) while developing, public https in production."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from baxt.application.webhooks.errors import HttpsRequired, InvalidWebhookUrl

MAX_URL_LENGTH = 2048
_FIELD = ("url",)
_LOCAL_NAMES = ("localhost", "localhost.localdomain")


def checked_endpoint_url(url: str, *, production: bool) -> str:
    """The URL, stripped, if an endpoint may have it; InvalidWebhookUrl or HttpsRequired if not."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks the port is a number in range
    except ValueError:
        raise InvalidWebhookUrl("the URL is malformed", _FIELD) from None
    if len(url) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidWebhookUrl("give an absolute http:// or https:// URL", _FIELD)
    if parts.username or parts.password:
        raise InvalidWebhookUrl("the URL may not carry credentials", _FIELD)
    if production and parts.scheme != "https":
        raise HttpsRequired("endpoints must use https", _FIELD)
    if production and _private(parts.hostname):
        raise HttpsRequired("endpoints must be on a public host", _FIELD)
    return url


def _private(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global
