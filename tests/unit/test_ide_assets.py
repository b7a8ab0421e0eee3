"""The GraphiQL page's files come with the package: upstream's pinned builds, byte for byte,
with their licences, and the page names nothing but them."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from importlib.resources import files
from pathlib import Path

import pytest

from baxt.http.ide.assets import ASSETS_PATH, asset
from baxt.http.ide.page import SCRIPTS, STYLES, graphiql_page

ROOT = Path(__file__).parents[2]
UPSTREAM = {
    "react-18.2.0.production.min.js": (
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"
    ),
    "react-dom-18.2.0.production.min.js": (
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"
    ),
    "graphiql-3.8.3.min.js": (
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"
    ),
    "graphiql-3.8.3.min.css": (
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM"
    ),
    "plugin-explorer-1.0.2.umd.js": (
        "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9"
    ),
    "plugin-explorer-1.0.2.css": (
        "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi"
    ),
}
"""The subresource-integrity digests of the CDN files strawberry-graphql's own page pins."""
LICENCES = ["react", "react-dom", "graphiql", "plugin-explorer", "graphiql-explorer"]


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_each_upstream_file_is_the_pinned_build_byte_for_byte(name: str) -> None:
    assert asset(name).integrity == UPSTREAM[name]


def test_the_page_loads_every_upstream_file() -> None:
    assert set(UPSTREAM) <= set(STYLES + SCRIPTS)


@pytest.mark.parametrize("name", LICENCES)
def test_each_upstream_package_comes_with_its_licence(name: str) -> None:
    licence = files("baxt.http.ide").joinpath("licenses", f"{name}.LICENSE").read_text("utf-8")

    assert licence.startswith("MIT License")


def test_the_page_names_only_files_of_its_own_server() -> None:
    page = graphiql_page()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert addresses
    assert all(address.startswith(f"{ASSETS_PATH}/") for address in addresses)
    assert "://" not in page
    assert "<script>" not in page
    assert "<style" not in page


@pytest.mark.parametrize("name", [*STYLES, *SCRIPTS])
def test_the_page_names_each_file_by_its_digest(name: str) -> None:
    found = asset(name)

    assert f'"{found.url}" integrity="{found.integrity}"' in graphiql_page()


def test_every_file_of_the_ide_is_package_data() -> None:
    """A non-editable install carries what `[tool.setuptools.package-data]` names."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["baxt.http.ide"]
    folder = ROOT / "baxt" / "http" / "ide"
    data = [
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    ]

    assert {"graphiql.html", "VERSIONS.md", "static/graphiql-3.8.3.min.js"} <= set(data)
    assert [name for name in data if not any(fnmatch(name, glob) for glob in globs)] == []
