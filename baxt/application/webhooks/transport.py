"""The HTTP transport production webhooks are sent through: it connects to public addresses only.

The check happens where the connection is made: the network backend resolves the host
itself, refuses when any address it resolves to is not public, and connects to a checked
address. TLS (SNI and the certificate) and the Host header still use the name, and no
second lookup can answer differently from the one checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

import httpcore
import httpx

from baxt.application.webhooks.addresses import IPAddress, is_public_address

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)
Resolver = Callable[[str, int], list[IPAddress]]
"""Gives every address a host name resolves to, for a TCP port."""

ADDRESS_REFUSED = "ADDRESS_REFUSED"


class AddressRefused(httpcore.ConnectError):
    """Raised when a webhook's host resolves to an address that is not public."""


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, by the system's resolver; an address as itself."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    return list(dict.fromkeys(addresses))


class PublicAddressesOnly(httpcore.NetworkBackend):
    """A network backend that connects only when every address of the host is public."""

    def __init__(
        self, resolver: Resolver = resolve, backend: httpcore.NetworkBackend | None = None
    ) -> None:
        self._resolve = resolver
        self._backend = backend or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._resolve(host, port)
        refused = [address for address in addresses if not is_public_address(address)]
        if refused or not addresses:
            shown = refused[0] if refused else "no address"
            message = f"{ADDRESS_REFUSED}: {host} resolves to {shown}, not a public address"
            raise AddressRefused(message)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressRefused(f"{ADDRESS_REFUSED}: a webhook is never sent to a local socket")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class PublicOnlyTransport(httpx.HTTPTransport):
    """An httpx transport whose connections go through `PublicAddressesOnly`.

    Proxies from the environment are not used: the addresses checked are the ones connected.
    """

    def __init__(self, resolver: Resolver = resolve) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=PublicAddressesOnly(resolver),
        )


def refused_address(error: httpx.HTTPError) -> bool:
    """Whether the request failed because the guard refused the host's address."""
    return isinstance(error.__cause__, AddressRefused)
