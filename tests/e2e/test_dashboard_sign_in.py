"""The dashboard signing in at an OpenID Connect issuer, in a real headless Chromium: the
authorization-code flow with PKCE, and the token it brings back reads the figures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from baxt.config import Settings
from tests.browser import Watched, offline_page, screenshot
from tests.database import scratch_database
from tests.identity_provider import AUDIENCE
from tests.pkce_issuer import PkceIssuer, pkce_issuer
from tests.serving import RunningServer, running_api

PATIENCE_MS = 120_000
"""How long the page may take to do a thing on a busy machine before the test gives up."""
CLIENT = "baxt-monitoring"


@pytest.fixture(scope="module")
def issuer() -> Iterator[PkceIssuer]:
    with pkce_issuer(CLIENT, sub="auditor.pkce", role="AUDITOR") as running:
        yield running


@pytest.fixture(scope="module")
def oidc_server(
    admin_url: str, issuer: PkceIssuer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("dashboard-oidc"),
            oidc_issuer=issuer.issuer,
            oidc_audience=AUDIENCE,
            monitoring_client_id=CLIENT,
        )
        with running_api(settings) as running:
            yield running


@pytest.fixture
async def browser(
    oidc_server: RunningServer, issuer: PkceIssuer
) -> AsyncIterator[tuple[Page, Watched]]:
    issuer_origin = issuer.issuer.removesuffix("/realms/baxt")
    async with offline_page(oidc_server.url, issuer_origin) as (page, watched):
        page.set_default_timeout(PATIENCE_MS)
        yield page, watched


async def test_the_dashboard_signs_in_at_the_issuer_with_pkce_and_reads_the_figures(
    browser: tuple[Page, Watched],
    oidc_server: RunningServer,
    issuer: PkceIssuer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, watched = browser

    await page.goto(f"{oidc_server.url}/monitoring")
    await page.locator("#issuer-sign-in").click()

    # A fresh database has no quarter with figures: the API answered the issuer's token.
    await expect(page.locator("#status")).to_have_text("Ko'rsatkichlar hali yo'q.")
    assert page.url == f"{oidc_server.url}/monitoring"
    kept = await page.evaluate("sessionStorage.getItem('baxt.monitoring.token')")
    assert isinstance(kept, str)
    assert kept.count(".") == 2
    assert issuer.tokens_issued == 1
    await screenshot(page, tmp_path, "dashboard-signed-in-at-issuer", capsys)
    assert watched.refused == []
    assert watched.console_errors == []
    assert watched.page_errors == []
