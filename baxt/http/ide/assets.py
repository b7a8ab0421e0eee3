"""The IDE's files: served from the package with long cache lives, named with their digests."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

ASSETS_PATH = "/graphql/ide"
"""Where the IDE's files are served; the page refers to them under it."""

IMMUTABLE = "public, max-age=31536000, immutable"
_PACKAGE = "baxt.http.ide"
_FOLDER = "static"


@dataclass(frozen=True)
class Asset:
    """One file of the page: its URL (which changes whenever its content does) and its digest."""

    name: str
    integrity: str

    @property
    def url(self) -> str:
        """The file's address, with a part of its digest so a new content is a new URL."""
        token = self.integrity.removeprefix("sha384-")[:12]
        safe = token.replace("+", "-").replace("/", "_")
        return f"{ASSETS_PATH}/{self.name}?v={safe}"


def asset_file(name: str) -> Traversable:
    """The packaged file `name` of the IDE."""
    return files(_PACKAGE).joinpath(_FOLDER, name)


@cache
def asset(name: str) -> Asset:
    """The packaged file `name`, with its subresource-integrity digest (sha384)."""
    digest = hashlib.sha384(asset_file(name).read_bytes()).digest()
    return Asset(name, "sha384-" + base64.b64encode(digest).decode())


class _ImmutableFiles(StaticFiles):
    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["cache-control"] = IMMUTABLE
        return response


def ide_assets() -> StaticFiles:
    """The ASGI app serving the IDE's files, to mount at `ASSETS_PATH`."""
    return _ImmutableFiles(packages=[(_PACKAGE, _FOLDER)])
