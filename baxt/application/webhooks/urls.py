"""Which URLs an endpoint may have: http(s) while developing, public https in production.

In production the host must be a public name or a public address written canonically; the
addresses a name resolves to are checked again at every delivery (see `transport`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from baxt.application.webhooks.addresses import host_refusal
from baxt.application.webhooks.errors import HttpsRequired, InvalidWebhookUrl

MAX_URL_LENGTH = 2048
_FIELD = ("url",)


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
    if production:
        refusal = host_refusal(_connected_host(url))
        if refusal is not None:
            raise HttpsRequired(f"endpoints must be on a public host: {refusal}", _FIELD)
    return url


def _connected_host(url: str) -> str:
    """The host as the HTTP client will connect to it (IDNA-encoded, lower case)."""
    try:
        return httpx.URL(url).raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeDecodeError):
        raise InvalidWebhookUrl("the URL's host is malformed", _FIELD) from None
