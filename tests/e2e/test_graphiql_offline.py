"""GraphiQL in a real headless Chromium with no network but the test server: the page
renders from the package's own files, runs a query with a token, and logs no error."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser import Watched, offline_page, screenshot
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input
from tests.serving import RunningServer

PATIENCE_MS = 120_000
"""How long the page may take to do a thing on a busy machine before the test gives up."""


@pytest.fixture
async def browser(server: RunningServer) -> AsyncIterator[tuple[Page, Watched]]:
    async with offline_page(server.url) as (page, watched):
        page.set_default_timeout(PATIENCE_MS)
        yield page, watched


async def test_graphiql_runs_a_query_with_a_token_on_a_network_without_internet(
    browser: tuple[Page, Watched],
    server: RunningServer,
    gql: GraphQLClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, watched = browser
    case_id = await _flagged(gql, "Nigora Tarmoqsiz")

    await page.goto(f"{server.url}/graphql")
    headers = json.dumps({"Authorization": f"Bearer {gql.token}"}, indent=2)
    await _type_into(_editor(page, "Headers"), headers)
    await _type_into(_editor(page, "Query Editor"), _case_query(case_id))
    await page.get_by_label("Execute query (Ctrl-Enter)").click()

    result = page.locator('section[aria-label="Result Window"]')
    await expect(result).to_contain_text('"fullName": "Nigora Tarmoqsiz"', timeout=PATIENCE_MS)
    await _open_the_docs(page)
    await screenshot(page, tmp_path, "graphiql-offline", capsys)
    assert watched.refused == []
    assert watched.console_errors == []
    assert watched.page_errors == []
    assert any(sent.startswith("POST ") for sent in watched.sent)


async def test_without_a_token_graphiql_says_how_to_add_one_and_sends_no_query(
    browser: tuple[Page, Watched],
    server: RunningServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, watched = browser

    await page.goto(f"{server.url}/graphql")
    await page.get_by_label("Execute query (Ctrl-Enter)").click()

    result = page.locator('section[aria-label="Result Window"]')
    await expect(result).to_contain_text("Replace <token> in the Headers tab", timeout=PATIENCE_MS)
    await screenshot(page, tmp_path, "graphiql-without-token", capsys)
    assert [sent for sent in watched.sent if not sent.startswith("GET ")] == []
    assert watched.refused == []
    assert watched.console_errors == []
    assert watched.page_errors == []


async def test_graphiql_opens_its_dialogs_within_the_pages_content_policy(
    browser: tuple[Page, Watched], server: RunningServer
) -> None:
    page, watched = browser

    await page.goto(f"{server.url}/graphql")
    for opener, title in [
        ("Open settings dialog", "Settings"),
        ("Open short keys dialog", "Short Keys"),
    ]:
        await page.get_by_label(opener).click()
        dialog = page.get_by_role("dialog")
        await expect(dialog).to_contain_text(title)
        await page.keyboard.press("Escape")
        await expect(dialog).to_have_count(0)

    assert watched.console_errors == []
    assert watched.page_errors == []
    assert watched.refused == []


async def _flagged(gql: GraphQLClient, name: str) -> str:
    payload = await flag_child(
        gql,
        child=child_input(child(name=name)),
        household=household_input(household()),
        source="SOCIAL_REGISTRY",
        indicators=["GAS_CUTOFF"],
        selection="case { id } userErrors { code }",
    )
    assert payload["userErrors"] == []
    case_id: str = payload["case"]["id"]
    return case_id


def _case_query(case_id: str) -> str:
    return f'{{\n  case(id: "{case_id}") {{\n    status\n    child {{ fullName }}\n  }}\n}}\n'


def _editor(page: Page, label: str) -> Locator:
    return page.locator(f'section[aria-label="{label}"] .graphiql-editor:not(.hidden) .CodeMirror')


async def _type_into(editor: Locator, text: str) -> None:
    """Replaces what the editor holds with `text`, as a person pasting it would."""
    await editor.click()
    await editor.page.keyboard.press("Control+A")
    await editor.page.keyboard.insert_text(text)


async def _open_the_docs(page: Page) -> None:
    """Opens the documentation explorer, which shows the schema once fetched with the token."""
    await page.get_by_label("Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    await expect(docs).to_contain_text("Root Types", timeout=PATIENCE_MS)
