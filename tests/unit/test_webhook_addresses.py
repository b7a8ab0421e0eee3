"""A production webhook reaches public addresses only: other spellings of an internal address
are refused when the endpoint is registered, and every address a name resolves to is checked
where the delivery connects."""

from __future__ import annotations

import ipaddress
from typing import Any

import httpcore
import httpx
import pytest

from baxt.application.webhooks.addresses import IPAddress, host_refusal, is_public_address
from baxt.application.webhooks.errors import HttpsRequired, InvalidWebhookUrl
from baxt.application.webhooks.transport import (
    ADDRESS_REFUSED,
    AddressRefused,
    PublicAddressesOnly,
    PublicOnlyTransport,
    refused_address,
)
from baxt.application.webhooks.urls import checked_endpoint_url

PUBLIC = ipaddress.ip_address("93.184.215.14")


@pytest.mark.parametrize(
    "url",
    [
        "https://127.1/",
        "https://2130706433/",
        "https://0x7f000001/",
        "https://0x7f.1/",
        "https://0177.0.0.1/",
        "https://127.0.0.1./",
        "https://LOCALHOST./",
        "https://localhost/",
        "https://api.localhost/",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://metadata/",
        "https://intranet/",
        "https://printer.local/",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/",
        "https://0.0.0.0/",
        "https://224.0.0.1/",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/",
        "https://[fd00::1]/",
        "https://[fe80::1]/",
        "https://[2002:7f00:1::]/",
        "https://[64:ff9b::a00:1]/",
        "https://exa%6dple.com/",
        "https://a..b/",
    ],
)
def test_production_refuses_every_spelling_of_an_internal_host(url: str) -> None:
    with pytest.raises((HttpsRequired, InvalidWebhookUrl)) as refused:
        checked_endpoint_url(url, production=True)

    assert refused.value.code in ("HTTPS_REQUIRED", "INVALID_URL")
    assert refused.value.field == ("url",)


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.hayot.uz/baxt",
        "https://hooks.hayot.uz./baxt",
        "https://HOOKS.Hayot.UZ/baxt",
        "https://93.184.215.14/hook",
        "https://[2606:4700:4700::1111]/hook",
        "https://münchen.example/hook",
    ],
)
def test_production_takes_a_public_name_or_a_canonical_public_address(url: str) -> None:
    assert checked_endpoint_url(url, production=True) == url


def test_development_still_takes_a_local_receiver() -> None:
    assert checked_endpoint_url("http://127.0.0.1:8080/hooks", production=False)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.1", "dotted quad"),
        ("localhost.", "internal name"),
        ("10.0.0.1", "not public"),
        ("bad_name.example", "not a valid name"),
    ],
)
def test_a_refusal_says_why(host: str, reason: str) -> None:
    assert reason in (host_refusal(host) or "")


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.100.100.200", "::",
     "::ffff:10.0.0.1", "ff02::1", "240.0.0.1", "198.18.0.1"],
)  # fmt: skip
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


class _Dialled(httpcore.MockBackend):
    """A backend that records where it was asked to connect, and answers 204."""

    def __init__(self) -> None:
        super().__init__([b"HTTP/1.1 204 No Content\r\n\r\n"])
        self.hosts: list[str] = []

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.hosts.append(host)
        return super().connect_tcp(host, port, *args, **kwargs)


def _resolver(answers: dict[str, list[str]]) -> Any:
    def resolve(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address(a) for a in answers[host]]

    return resolve


def test_a_name_resolving_to_loopback_is_refused_before_any_connection() -> None:
    dialled = _Dialled()
    backend = PublicAddressesOnly(_resolver({"partner.example": ["127.0.0.1"]}), dialled)

    with pytest.raises(AddressRefused, match=ADDRESS_REFUSED):
        backend.connect_tcp("partner.example", 443)

    assert dialled.hosts == []


def test_one_private_address_among_public_ones_refuses_the_name() -> None:
    dialled = _Dialled()
    answers = {"partner.example": [str(PUBLIC), "10.0.0.7"]}
    backend = PublicAddressesOnly(_resolver(answers), dialled)

    with pytest.raises(AddressRefused):
        backend.connect_tcp("partner.example", 443)

    assert dialled.hosts == []


def test_a_public_name_is_connected_to_the_address_that_was_checked() -> None:
    dialled = _Dialled()
    backend = PublicAddressesOnly(_resolver({"partner.example": [str(PUBLIC)]}), dialled)

    backend.connect_tcp("partner.example", 443)

    assert dialled.hosts == [str(PUBLIC)]


def test_a_local_socket_is_never_used() -> None:
    with pytest.raises(AddressRefused):
        PublicAddressesOnly(_resolver({})).connect_unix_socket("/run/postgresql/.s.PGSQL.5432")


def test_the_transport_reports_a_refusal_as_an_http_error_it_can_name() -> None:
    transport = PublicOnlyTransport(_resolver({"partner.example": ["192.168.0.10"]}))
    with httpx.Client(transport=transport) as client, pytest.raises(httpx.ConnectError) as failed:
        client.post("http://partner.example/hook", content=b"{}")

    assert refused_address(failed.value)
    assert ADDRESS_REFUSED in str(failed.value)
