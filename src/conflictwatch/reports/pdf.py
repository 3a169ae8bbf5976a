"""HTML → PDF with Debian's Chromium (print to PDF) driven by Playwright; no system libraries beyond Chromium."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import tempfile
from pathlib import Path

__all__ = ["html_to_pdf", "CHROMIUM_PATH", "CHROMIUM_ARGS"]

CHROMIUM_PATH = os.environ.get("CONFLICTWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def html_to_pdf(html: str, out: str | os.PathLike[str]) -> Path:
    """Print ``html`` to the PDF file ``out`` (A4) and return its path.

    Raises RuntimeError naming what is missing when Chromium or Playwright is not installed
    (run scripts/install_browser.sh).  Page loads are limited to the local file: the
    brief is self-contained and nothing is fetched.
    """
    target = Path(out)
    if not Path(CHROMIUM_PATH).exists():
        raise RuntimeError(f"{CHROMIUM_PATH} is missing: PDF reports need Chromium (run scripts/install_browser.sh)")
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError as exc:
        raise RuntimeError("PDF reports need the 'playwright' package (pip install playwright)") from exc
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _print(html, target)
    # inside a running event loop (a Jupyter notebook, an async server) Playwright's sync API refuses to
    # run: print from a thread of its own
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, target).result()


def _print(html: str, target: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "brief.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                page.goto(page_file.as_uri(), wait_until="load")
                tmp_pdf = target.with_name(f".{target.name}.part")
                page.pdf(path=str(tmp_pdf), format="A4", print_background=True,
                         margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
                os.replace(tmp_pdf, target)
            finally:
                browser.close()
    return target
