"""The monitoring dashboard in a real headless Chromium with no network but the test server:
it signs in with a token, shows the API's own numbers, drills down to a district and to its
mahallas, speaks Russian when asked, and logs no error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from baxt.application.access.principal import Role
from baxt.domain.regions import REGIONS
from tests.browser import Watched, offline_page, screenshot
from tests.e2e.client import GraphQLClient
from tests.factories import child
from tests.operations import child_input, mutation
from tests.serving import RunningServer

PATIENCE_MS = 120_000
"""How long the page may take to do a thing on a busy machine before the test gives up."""
FLAG = mutation("flagChild", "case { id } userErrors { code }")
FUNNEL = ["FLAGGED", "CONTACTED", "VISITED", "CHILD_SEEN", "CONSULTED"]
TOTALS = """query($q: String!, $region: String) {
  monitoringFigures(quarter: $q, level: DISTRICT, region: $region) {
    total { counts { measure count { shown } } } } }"""
NO_DATA = "\u2013"
"""What the page shows for a measure no event records yet."""
COUNTRY = """query($q: String!) { monitoringFigures(quarter: $q) {
    total { counts { measure count { shown } } } } }"""


@pytest.fixture
async def browser(server: RunningServer) -> AsyncIterator[tuple[Page, Watched]]:
    async with offline_page(server.url) as (page, watched):
        page.set_default_timeout(PATIENCE_MS)
        yield page, watched


@pytest.fixture
async def auditor(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    districts: dict[str, object] = {"districts": ["Urgut", "Kattaqo'rg'on"]}
    supervisor = GraphQLClient(http, server.token("supervisor.dash", Role.SUPERVISOR, districts))
    places = [("Urgut", "Navbahor"), ("Urgut", "Navbahor"), ("Kattaqo'rg'on", "Bog'ishamol")]
    for district, mahalla in places:
        await _flag(supervisor, "Samarqand viloyati", district, mahalla)
    return GraphQLClient(http, server.token("auditor.dash", Role.AUDITOR))


async def test_the_dashboard_shows_the_apis_figures_and_drills_down_offline(
    browser: tuple[Page, Watched],
    server: RunningServer,
    auditor: GraphQLClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, watched = browser
    quarter = (await auditor.execute("{ monitoringQuarters }"))["monitoringQuarters"][0]

    await _sign_in(page, server, auditor.token)
    country = await auditor.execute(COUNTRY, {"q": quarter})
    await _expect_funnel(page, country)
    await expect(page.locator("#map path[data-region]")).to_have_count(14)
    await screenshot(page, tmp_path, "dashboard-country", capsys)

    await page.locator('#places tbody tr[data-place="Samarqand viloyati"]').click()
    region = await auditor.execute(TOTALS, {"q": quarter, "region": "Samarqand viloyati"})
    await _expect_funnel(page, region)
    await page.locator('#places tbody tr[data-place="Urgut"]').click()
    await expect(page.locator('#places tbody tr[data-place="Navbahor"]')).to_have_count(1)
    await screenshot(page, tmp_path, "dashboard-mahallas", capsys)

    assert watched.refused == []
    assert watched.console_errors == []
    assert watched.page_errors == []


async def test_switching_to_russian_changes_the_dashboards_words_and_measures(
    browser: tuple[Page, Watched],
    server: RunningServer,
    auditor: GraphQLClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, watched = browser

    await _sign_in(page, server, auditor.token)
    await expect(page.locator("h1")).to_have_text("Monitoring paneli")
    await page.locator("#language").select_option("ru")

    await expect(page.locator("h1")).to_have_text("Панель мониторинга")
    await expect(page.locator('#funnel g[data-measure="FLAGGED"] .bar-label')).to_have_text(
        "Выявлены"
    )
    await expect(page.locator("#places thead")).to_contain_text("Территория")
    await screenshot(page, tmp_path, "dashboard-ru", capsys)
    assert watched.refused == []
    assert watched.console_errors == []
    assert watched.page_errors == []


async def _sign_in(page: Page, server: RunningServer, token: str) -> None:
    await page.goto(f"{server.url}/monitoring")
    await page.locator("#token").fill(token)
    await page.locator('#sign-in button[type="submit"]').click()
    await expect(page.locator("#status")).to_have_text("")
    await expect(page.locator("#funnel g[data-measure]")).not_to_have_count(0)


async def _expect_funnel(page: Page, answer: dict[str, Any]) -> None:
    counts = answer["monitoringFigures"]["total"]["counts"]
    shown = {c["measure"]: (c["count"] or {"shown": NO_DATA})["shown"] for c in counts}
    for measure in FUNNEL:
        value = page.locator(f'#funnel g[data-measure="{measure}"] .bar-value')
        await expect(value).to_have_text(shown.get(measure, NO_DATA))
    assert shown["FLAGGED"] not in {"0", NO_DATA}


async def _flag(gql: GraphQLClient, region: str, district: str, mahalla: str) -> None:
    household = {
        "guardianName": "Karimova Dilnoza",
        "guardianPhone": "+998901234567",
        "region": region,
        "district": district,
        "mahalla": mahalla,
    }
    variables = {
        "input": {"child": child_input(child()), "household": household, "source": "MAHALLA_TEAM"}
    }
    answer = await gql.execute(FLAG, variables)
    assert answer["flagChild"]["userErrors"] == []


async def test_the_dashboards_files_are_served_under_a_self_only_content_policy(
    http: httpx.AsyncClient,
) -> None:
    page = await http.get("/monitoring")
    shapes = await http.get("/monitoring/assets/uzbekistan-regions.json")
    config = await http.get("/monitoring/config.json")

    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "connect-src 'self';" in policy
    assert "unsafe" not in policy
    regions = {f["properties"]["region"] for f in shapes.json()["features"]}
    assert regions == set(REGIONS)
    assert config.json()["issuer"] is None
    missing = await http.get("/monitoring/assets/../page.py")
    assert missing.status_code == 404
