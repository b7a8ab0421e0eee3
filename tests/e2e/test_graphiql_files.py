"""GraphiQL's files over HTTP: served by the API itself, without a token, cached for a year
under URLs that change with their content, and the page may load nothing else."""

from __future__ import annotations

import httpx
import pytest

from baxt.http.ide.assets import ASSETS_PATH, asset, asset_file
from baxt.http.ide.page import SCRIPTS, STYLES

_TYPES = {".js": "text/javascript", ".css": "text/css"}


@pytest.mark.parametrize("name", [*STYLES, *SCRIPTS])
async def test_each_file_of_the_page_is_served_as_packaged_and_cached(
    http: httpx.AsyncClient, name: str
) -> None:
    response = await http.get(asset(name).url)

    assert response.status_code == 200
    assert response.content == asset_file(name).read_bytes()
    assert response.headers["content-type"].startswith(_TYPES[name[name.rindex(".") :]])
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_page_may_load_only_its_own_servers_files(http: httpx.AsyncClient) -> None:
    page = await http.get("/graphql", headers={"Accept": "text/html"})

    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy
    assert "connect-src 'self';" in policy
    assert "unsafe" not in policy
    assert "http" not in policy
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/", "/missing.js", "/%2e%2e/assets.py", "/..%2fassets.py", "/../../pyproject.toml"]
)
async def test_nothing_but_the_files_of_the_page_is_served(
    http: httpx.AsyncClient, path: str
) -> None:
    response = await http.get(f"{ASSETS_PATH}{path}")

    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"
