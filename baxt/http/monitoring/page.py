"""The dashboard's page and the sign-in settings it reads from /monitoring/config.json."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from string import Template
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from baxt.http.middleware import PAGE_CONTENT_POLICY
from baxt.http.monitoring.assets import ASSETS_PATH, PAGE_PATH, asset_url, dashboard_assets


@dataclass(frozen=True)
class DashboardSignIn:
    """How the dashboard signs in: with a pasted bearer token, or, with an OpenID Connect
    issuer, by the authorization-code flow with PKCE as `client_id`."""

    issuer: str | None = None
    client_id: str | None = None

    def config(self) -> dict[str, str | None]:
        """What the page is told at /monitoring/config.json."""
        return {"issuer": self.issuer, "clientId": self.client_id, "graphql": "/graphql"}

    def content_policy(self) -> str:
        """The page's content policy: its own server, and the issuer's origin to talk to."""
        if self.issuer is None:
            return PAGE_CONTENT_POLICY
        parts = urlsplit(self.issuer)
        origin = f"{parts.scheme}://{parts.netloc}"
        return PAGE_CONTENT_POLICY.replace("connect-src 'self'", f"connect-src 'self' {origin}")


@cache
def dashboard_page() -> str:
    """The HTML of the dashboard, every file named by its digest-carrying URL."""
    template = Template(files("baxt.http.monitoring").joinpath("dashboard.html").read_text("utf-8"))
    return template.substitute(
        icon=escape(asset_url("favicon.svg"), quote=True),
        style=escape(asset_url("dashboard.css"), quote=True),
        script=escape(asset_url("dashboard.js"), quote=True),
    )


def dashboard_routes(sign_in: DashboardSignIn) -> list[BaseRoute]:
    """The page at /monitoring, its settings at /monitoring/config.json, its files below."""

    async def page(_: Request) -> Response:
        response = HTMLResponse(dashboard_page())
        response.headers["content-security-policy"] = sign_in.content_policy()
        return response

    async def config(_: Request) -> Response:
        return JSONResponse(sign_in.config())

    return [
        Route(PAGE_PATH, page),
        Route(f"{PAGE_PATH}/config.json", config),
        Mount(ASSETS_PATH, dashboard_assets()),
    ]
