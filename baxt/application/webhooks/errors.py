"""Why a webhook command was refused; each carries a stable code for `userErrors`."""

from __future__ import annotations

from baxt.domain.errors import DomainError


class WebhookError(DomainError):
    """Raised when a webhook command breaks a rule; the subclasses name which."""

    code = "INVALID_INPUT"


class InvalidWebhookUrl(WebhookError):
    """Raised when an endpoint URL is not an absolute http(s) URL with a host."""

    code = "INVALID_URL"


class HttpsRequired(WebhookError):
    """Raised when, in production, an endpoint URL is not https or names a private host."""

    code = "HTTPS_REQUIRED"


class OrganisationRequired(WebhookError):
    """Raised when an admin registers an endpoint without naming the organisation."""

    code = "ORGANISATION_REQUIRED"


class EndpointNotFound(WebhookError):
    """Raised when no endpoint the caller may manage has the given ID."""

    code = "NOT_FOUND"


class DeliveryNotFound(WebhookError):
    """Raised when no delivery the caller may see has the given ID."""

    code = "NOT_FOUND"


class TooManyEndpoints(WebhookError):
    """Raised when an organisation already has as many endpoints as it may."""

    code = "TOO_MANY_ENDPOINTS"


class EndpointDisabled(WebhookError):
    """Raised when a delivery is replayed to an endpoint that is disabled."""

    code = "ENDPOINT_DISABLED"
