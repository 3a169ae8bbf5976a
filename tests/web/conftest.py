"""Browser-test fixtures: `conflictwatch run` fills a real SQLite DB, `conflictwatch serve` serves it on
127.0.0.1, and Playwright drives Debian's Chromium (/usr/bin/chromium, installed by
scripts/install_browser.sh; `playwright install` is never used)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
HOSTILE = HERE / "fixtures" / "hostile"
CHROMIUM = Path(os.environ.get("CONFLICTWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@dataclass
class Served:
    url: str
    db: Path
    analyst_key: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"conflictwatch serve exited ({proc.returncode}): {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"conflictwatch serve did not answer {url} in {timeout:.0f} s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys
    from conflictwatch.workflow import bundled_examples

    work = tmp_path_factory.mktemp("web")
    db = work / "cw.db"
    run = subprocess.run(
        [sys.executable, "-m", "conflictwatch.cli.main", "run", "--db", str(db), "--no-progress",
         str(bundled_examples()), str(HOSTILE)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    with Store.open(db) as store:
        key = ApiKeys(store).create("browser-test analyst", "analyst")
    port = _free_port()
    log = work / "serve.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "conflictwatch.cli.serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=fh, stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait(url + "api/health", proc, log)
        yield Served(url, db, key)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_browser.sh (Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Console:
    """Console errors, page errors and failed requests seen by one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    p = context.new_page()
    p.console = Console(p)  # type: ignore[attr-defined]
    yield p
    context.close()


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_dashboard(page, url: str, fragment: str = "") -> None:
    page.goto(url + fragment)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
