"""A real headless Chromium (Debian's), cut off from every network but the test server's.

Its resolver answers no name but 127.0.0.1, and every request to another origin is aborted
and recorded, so a page that reaches for the internet shows it in `Watched.refused`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import ConsoleMessage, Page, Route, async_playwright

from tests.database import in_ci

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
ARTIFACTS_ENV = "BAXT_TEST_ARTIFACTS"
"""Set (to anything) to have screenshots copied into `test-artifacts/` as well."""
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


def chromium() -> str:
    """Debian's chromium, or the one `BAXT_TEST_CHROMIUM` names; without it the test skips,
    saying why, and in CI it fails."""
    path = os.environ.get("BAXT_TEST_CHROMIUM") or shutil.which("chromium")
    if path is None:
        reason = "needs Debian's chromium (apt-get install chromium), or BAXT_TEST_CHROMIUM"
        if in_ci():
            pytest.fail(f"CI {reason}")
        pytest.skip(reason)
    return path


@dataclass
class Watched:
    """What a page did besides rendering: requests it sent, those refused for leaving the
    test server, and the errors it logged or threw."""

    origin: str
    others: tuple[str, ...] = ()
    sent: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    async def route(self, route: Route) -> None:
        """Lets through a request to the test server (or to `others`, such as a test's
        issuer); aborts and records any other."""
        url = route.request.url
        if any(
            url == origin or url.startswith(f"{origin}/") for origin in (self.origin, *self.others)
        ):
            self.sent.append(f"{route.request.method} {url}")
            await route.continue_()
        else:
            self.refused.append(url)
            await route.abort("internetdisconnected")

    def console(self, message: ConsoleMessage) -> None:
        """Records a console message of level error."""
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location})")


@asynccontextmanager
async def offline_page(origin: str, *others: str) -> AsyncIterator[tuple[Page, Watched]]:
    """A page of a fresh headless Chromium that may reach only `origin` (and `others`), and
    its watch."""
    executable = chromium()
    watched = Watched(origin, others)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            await context.route("**/*", watched.route)
            page = await context.new_page()
            page.on("console", watched.console)
            page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
            yield page, watched
        finally:
            await browser.close()


async def screenshot(
    page: Page, folder: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> Path:
    """Saves what the page shows as `name`.png in `folder`, and in `test-artifacts/` too
    when `BAXT_TEST_ARTIFACTS` is set; says where, past pytest's capture."""
    path = folder / f"{name}.png"
    await page.screenshot(path=path, full_page=True)
    saved = [path]
    if os.environ.get(ARTIFACTS_ENV):
        ARTIFACTS.mkdir(exist_ok=True)
        saved.append(Path(shutil.copyfile(path, ARTIFACTS / path.name)))
    with capsys.disabled():
        print(f"\nscreenshot: {' and '.join(map(str, saved))}")
    return path
