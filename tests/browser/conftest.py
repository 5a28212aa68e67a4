"""Built maps opened in Debian's headless Chromium through Playwright, from file:// with the network blocked.

Without a Chromium (a user's laptop) these tests skip and say why; with FORUM_MAP_REQUIRE_BROWSER=1 (CI, set
by .ci/run) a missing browser fails them instead. The maps are built once per session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geo.build import build
from geo.forums import discover

CHROMIUM = Path(os.environ.get("FORUM_MAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
VIEWPORT = {"width": 1280, "height": 720}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    if os.environ.get("FORUM_MAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"FORUM_MAP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests need Chromium and Playwright: {reason}")


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as err:
            _unavailable(f"{CHROMIUM} does not start: {err.message.splitlines()[0]}")
        warm = browser.new_page()  # the first page of a fresh browser pays its start-up: not the map's cost
        warm.set_content("<p>ready</p>")
        warm.close()
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every bundled forum and the hostile fixture, built once into one folder."""
    out = tmp_path_factory.mktemp("maps")
    build(out, [str(p) for p in discover()] + [str(HOSTILE)])
    return out


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: FORUM_MAP_SCREENSHOTS if set (to look at them), else a temporary folder."""
    wanted = os.environ.get("FORUM_MAP_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


@dataclass
class Visit:
    """One page opened from file:// with everything else blocked, and what it tried to do."""

    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ready_ms(self) -> int:
        return int(self.page.get_attribute("body", "data-fm-ready"))


@pytest.fixture
def visit(chromium) -> Iterator:
    contexts = []

    def open_map(path: Path) -> Visit:
        context = chromium.new_context(viewport=VIEWPORT, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(route) -> None:
            url = route.request.url
            seen.requests.append(url)
            if url.startswith("file://"):
                route.continue_()
            else:
                seen.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda err: seen.errors.append(str(err)))
        page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-fm-ready]", timeout=15_000)
        return seen

    yield open_map
    for context in contexts:
        context.close()
