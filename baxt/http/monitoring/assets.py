"""The dashboard's files: served from the package, named with their digests."""

from __future__ import annotations

import base64
import hashlib
import os
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from baxt.http.ide.assets import IMMUTABLE

PAGE_PATH = "/monitoring"
ASSETS_PATH = f"{PAGE_PATH}/assets"
"""Where the dashboard's files are served; the page and its modules refer to them there."""

_PACKAGE = "baxt.http.monitoring"
_FOLDER = "static"


def asset_file(name: str) -> Traversable:
    """The packaged file `name` of the dashboard."""
    return files(_PACKAGE).joinpath(_FOLDER, name)


@cache
def asset_url(name: str) -> str:
    """The address of `name`, carrying part of its digest, so a new content is a new URL."""
    digest = hashlib.sha384(asset_file(name).read_bytes()).digest()
    token = base64.urlsafe_b64encode(digest).decode()[:12]
    return f"{ASSETS_PATH}/{name}?v={token}"


class _VersionedFiles(StaticFiles):
    """Files asked for by a digest-named URL are cached for a year; those a module imports
    by its bare name are revalidated each time."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if b"v=" in scope.get("query_string", b""):
            response.headers["cache-control"] = IMMUTABLE
        return response


def dashboard_assets() -> StaticFiles:
    """The ASGI app serving the dashboard's files, to mount at `ASSETS_PATH`."""
    return _VersionedFiles(packages=[(_PACKAGE, _FOLDER)])
