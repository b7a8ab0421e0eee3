"""Endpoint URLs, whose endpoints a caller manages, and secrets the reference library accepts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from baxt.application.access.principal import Forbidden, Principal, Role
from baxt.application.webhooks.errors import (
    EndpointNotFound,
    HttpsRequired,
    InvalidWebhookUrl,
    OrganisationRequired,
)
from baxt.application.webhooks.scope import webhook_scope
from baxt.application.webhooks.signing import new_secret, signed_headers
from baxt.application.webhooks.urls import checked_endpoint_url

PARTNER = Principal(user="p1", role=Role.PARTNER, organisation="org.hayot")
ADMIN = Principal(user="root", role=Role.ADMIN)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/hooks", "https://hooks.hayot.uz/baxt", " https://a.uz "]
)
def test_http_and_https_urls_are_taken_while_developing(url: str) -> None:
    assert checked_endpoint_url(url, production=False) == url.strip()


@pytest.mark.parametrize(
    "url",
    ["ftp://hayot.uz/x", "hooks.hayot.uz", "https://", "https://u:p@hayot.uz/", "http://a:99999/"],
)
def test_urls_that_are_not_http_are_refused(url: str) -> None:
    with pytest.raises(InvalidWebhookUrl) as refused:
        checked_endpoint_url(url, production=False)
    assert (refused.value.code, refused.value.field) == ("INVALID_URL", ("url",))


@pytest.mark.parametrize(
    "url",
    ["http://hooks.hayot.uz/", "https://127.0.0.1/", "https://10.1.2.3/", "https://localhost/"],
)
def test_production_wants_https_on_a_public_host(url: str) -> None:
    with pytest.raises(HttpsRequired) as refused:
        checked_endpoint_url(url, production=True)
    assert refused.value.code == "HTTPS_REQUIRED"


def test_production_takes_https_on_a_public_host() -> None:
    assert checked_endpoint_url("https://hooks.hayot.uz/baxt", production=True)


def test_a_partner_manages_its_own_organisation_only() -> None:
    scope = webhook_scope(PARTNER)

    assert scope.owner(None) == "org.hayot"
    assert scope.covers("org.hayot")
    assert not scope.covers("org.other")
    with pytest.raises(EndpointNotFound):
        scope.owner("org.other")


def test_an_admin_manages_any_organisation_and_must_name_it() -> None:
    scope = webhook_scope(ADMIN)

    assert scope.owner("org.other") == "org.other"
    assert scope.covers("org.other")
    with pytest.raises(OrganisationRequired):
        scope.owner(None)


def test_a_partner_token_naming_no_organisation_manages_nothing() -> None:
    with pytest.raises(Forbidden):
        webhook_scope(Principal(user="p2", role=Role.PARTNER))


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR, Role.ANALYST])
def test_other_roles_manage_no_webhooks(role: Role) -> None:
    with pytest.raises(Forbidden):
        webhook_scope(Principal(user="someone", role=role, organisation="org.hayot"))


def test_a_secret_is_standard_and_fresh_each_time() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert secret != new_secret()
    Webhook(secret)  # the reference library accepts it


def test_the_reference_library_verifies_each_secret_s_signature() -> None:
    old, new = new_secret(), new_secret()
    body = '{"type":"referral.created"}'
    headers = signed_headers(
        [new, old], "d6f1c0de-0000-4000-8000-000000000001", datetime.now(UTC), body
    )

    assert Webhook(new).verify(body, headers) == {"type": "referral.created"}
    assert Webhook(old).verify(body, headers) == {"type": "referral.created"}
    assert len(headers["webhook-signature"].split(" ")) == 2
