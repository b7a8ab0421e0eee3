"""The GraphiQL page: our own HTML, loading only the files the package serves itself."""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files
from string import Template

from baxt.http.ide.assets import asset

STYLES = ("graphiql-3.8.3.min.css", "plugin-explorer-1.0.2.css", "baxt-graphiql.css")
SCRIPTS = (
    "react-18.2.0.production.min.js",
    "react-dom-18.2.0.production.min.js",
    "graphiql-3.8.3.min.js",
    "plugin-explorer-1.0.2.umd.js",
    "baxt-graphiql.js",
)
"""The page's files, in the order it loads them (each script needs those before it)."""
DIALOG_STYLE = "'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc='"
"""The one stylesheet GraphiQL writes into the page, while a dialog is open, to stop the page
scrolling behind it (react-remove-scroll-bar's, for this page's zero margins and no scroll
bar). The bundle offers no way to give it a nonce, so the content policy names its digest."""


@cache
def graphiql_page() -> str:
    """The HTML of the GraphiQL page, every file named by URL and integrity digest."""
    template = Template(files("baxt.http.ide").joinpath("graphiql.html").read_text("utf-8"))
    return template.substitute(
        icon=_attribute(asset("favicon.svg").url),
        styles="\n    ".join(_stylesheet(name) for name in STYLES),
        scripts="\n    ".join(_script(name) for name in SCRIPTS),
    )


def _stylesheet(name: str) -> str:
    found = asset(name)
    return (
        f'<link rel="stylesheet" href="{_attribute(found.url)}"'
        f' integrity="{_attribute(found.integrity)}">'
    )


def _script(name: str) -> str:
    found = asset(name)
    return (
        f'<script src="{_attribute(found.url)}" integrity="{_attribute(found.integrity)}"></script>'
    )


def _attribute(value: str) -> str:
    return escape(value, quote=True)
