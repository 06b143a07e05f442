"""The explorer end to end: the real service on a loopback port, driven in Debian's headless Chromium.

Set KG_SCREENSHOTS=1 to refresh the pictures in docs/screenshots/ from this run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from kg import index
from kg.settings import Settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "explorer.trig"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]
ARTICLE = "hezbollah-fighters-attacked-israeli-army-positions-0a1b2c3d4e5f"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real service over a store holding the explorer fixture; yields its base URL."""
    data = tmp_path_factory.mktemp("explorer-data")
    store = open_store(Settings(data=data))
    try:
        store.load(FIXTURE)
        index.rebuild(store)
    finally:
        store.close()
    port = _free_port()
    env = {**os.environ, "KG_DATA": str(data)}
    env.pop("KG_STORE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                output = server.stdout.read().decode() if server.stdout else ""
                pytest.fail(f"The service exited before answering:\n{output}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("The service did not answer /health within 60 s.")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; a missing browser is a failure, never a skip."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make install` "
                    "(it runs `apt-get install chromium` as root).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, service: str) -> Iterator[Page]:
    """A fresh page that fails the test on any JavaScript error or request outside the service."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=service)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: None if request.url.startswith((service, "blob:", "data:"))
            else errors.append(f"request outside the service: {request.url}"))
    yield page
    context.close()
    assert not errors, errors


def _snapshot(page: Page, name: str) -> None:
    """Save the view as docs/screenshots/{name}.png, only when KG_SCREENSHOTS=1."""
    if os.environ.get("KG_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_search_opens_the_network_and_an_edge_shows_its_evidence(page: Page) -> None:
    page.goto("/")
    page.fill("#search", "hizballah")  # an alias finds the actor too
    suggestion = page.locator("#suggestions li", has_text="Hezbollah")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Armed group")
    page.fill("#search", "hezbollah")
    suggestion.first.click()

    expect(page).to_have_url(f"{page.url.split('#')[0]}#/actor/hezbollah")
    expect(page.locator("#network-title")).to_contain_text("Hezbollah")
    expect(page.locator("#network .node")).to_have_count(5)  # the centre and its four neighbours
    expect(page.locator("#network-legend")).to_contain_text("opposes")

    page.locator('#network .edge-hit[data-target="iran"]').click(force=True)
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("Iran supports Hezbollah")
    expect(evidence.locator("blockquote")).to_have_text("Iran supplies Hezbollah with rockets and drones, "
                                                        "a regional official said.")
    sentence_link = f"#/article/{ARTICLE}?start=81&end=155"
    expect(evidence.locator("a.article-link")).to_have_attribute("href", sentence_link)
    _snapshot(page, "network")

    page.locator('#network .node[data-id="hamas"]').click()
    expect(page.locator("#network-title")).to_contain_text("Hamas")
    expect(evidence).to_contain_text("Hamas allied with Hezbollah")  # the edge it came from


def test_article_view_highlights_mentions_operations_and_quotes(page: Page) -> None:
    page.goto(f"/#/article/{ARTICLE}?start=81&end=155")
    text = page.locator("#article-text")
    title = "Hezbollah and Israel trade strikes across the border"
    expect(page.locator("#article-title")).to_have_text(title)
    expect(text.locator(".mark-actor", has_text="Naim Qassem")).to_have_count(1)
    expect(text.locator(".mark-place", has_text="Nabatieh")).to_have_count(1)
    expect(text.locator(".mark-operation").first).to_be_visible()
    expect(text.locator(".mark-quote")).to_have_text("We will not stop until the aggression ends,")
    expect(text).to_have_text(page.evaluate(
        f"fetch('/articles/{ARTICLE}').then(r => r.json()).then(a => a.text)"))
    expect(page.locator("#article-turtle")).to_contain_text("conf:Operation")
    expect(page.locator("#article-turtle .tok-pname").first).to_be_visible()
    _snapshot(page, "article")


def test_timeline_filters_and_map_markers(page: Page) -> None:
    page.goto("/#/timeline")
    expect(page.locator("#timeline .op-dot")).to_have_count(2)
    page.select_option("#timeline-filters select[name=kind]", "Airstrike")
    page.click("#timeline-filters button[type=submit]")
    expect(page).to_have_url(f"{page.url.split('#')[0]}#/timeline?kind=Airstrike")
    expect(page.locator("#timeline .op-dot")).to_have_count(1)
    expect(page.locator("#timeline-list")).to_contain_text("Israel launched airstrikes on Nabatieh")
    page.click("#timeline-filters button[type=reset]")
    expect(page.locator("#timeline .op-dot")).to_have_count(2)
    _snapshot(page, "timeline")

    page.click(".tabs a[data-view=map]")
    expect(page.locator("#map .countries path").first).to_be_attached()
    assert page.locator("#map .countries path").count() > 150
    markers = page.locator("#map .op-marker")
    expect(markers).to_have_count(2)
    page.locator('#map .op-marker[data-place="nabatieh"]').click()
    expect(page.locator("#map-panel")).to_contain_text("Airstrike")
    _snapshot(page, "map")


def test_sparql_editor_runs_a_query_and_offers_downloads(page: Page) -> None:
    page.goto("/#/sparql")
    expect(page.locator("#examples option")).not_to_have_count(1)
    expect(page.locator("#sparql-highlight .tok-keyword").first).to_have_text("PREFIX")
    page.click("#sparql-run")
    rows = page.locator("#sparql-results tbody tr")
    expect(rows).to_have_count(4)  # the fixture's four relation triples
    expect(page.locator("#sparql-results")).to_contain_text("Hezbollah")
    expect(page.locator("#sparql-status")).to_contain_text("4 rows")
    _snapshot(page, "sparql")

    with page.expect_download() as download:
        page.click("#download-csv")
    csv = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert csv[0] == "a,aLabel,relation,b,bLabel"
    assert len(csv) == 5

    page.fill("#sparql-input", "SELEC nonsense")
    page.click("#sparql-run")
    expect(page.locator("#sparql-results .error")).to_be_visible()
