"""XSS payloads in actor names, places, notes, sources (an imported ACLED export) and in an analyst correction,
rendered by the real dashboard in headless Chromium: nothing runs, nothing becomes markup."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_file  # conflictwatch serve runs in a subprocess on the SQLite file the test fills

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.security.payloads import XSS, hostile_acled_csv
from tests.web.conftest import CHROMIUM, Served, _free_port, _wait

ROOT = Path(__file__).resolve().parents[2]

# The browser runs in a child process: Playwright's sync API allows one instance per thread, and the
# session-scoped browser of tests/web may be alive in this one.
INERT_JS = """
(() => {
  const bad = document.querySelectorAll('#panel script, #panel img, #panel iframe, #legend script, #legend img').length;
  const handlers = [...document.querySelectorAll('#panel *, #legend *')].flatMap(
      el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name));
  const hrefs = [...document.querySelectorAll('#panel a')].map(a => (a.getAttribute('href') || '').trim().toLowerCase())
      .filter(h => h.startsWith('javascript:') || h.startsWith('data:'));
  return {pwned: window.__pwned ?? null, bad, handlers, hrefs, title: document.title,
          text: (document.querySelector('#panel') || {}).innerText || ''};
})()
"""
BROWSE = """
import json, sys
from playwright.sync_api import sync_playwright
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS
url, key, ids, inert = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
out = []
with sync_playwright() as pw:
    b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    for event_id in ids:
        ctx = b.new_context(viewport={"width": 1400, "height": 860})
        p = ctx.new_page()
        p.goto(url + "#event=" + event_id)
        p.wait_for_selector("body[data-ready='1']", timeout=30000)
        p.wait_for_selector("[data-testid=event-title]", timeout=15000)
        if key:
            p.fill("#api-key", key)
            p.dispatch_event("#api-key", "change")
            p.wait_for_selector("[data-testid=audit]", timeout=15000)
        p.hover("#panel")
        p.wait_for_timeout(100)
        out.append({"event": event_id, **p.evaluate(inert)})
        ctx.close()
    b.close()
print(json.dumps(out))
"""


def _keep_on_sqlite(request: pytest.FixtureRequest):
    """Under the PostgreSQL run (tests.store.pg_everywhere), fill the real SQLite file the served subprocess reads."""
    try:
        redirect = request.getfixturevalue("_pg_redirect")
    except pytest.FixtureLookupError:
        return None
    if redirect is not None:
        redirect.enabled = False
    return redirect


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory, request) -> Iterator[Served]:
    from conflictwatch.sources.acled import import_acled
    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys
    from conflictwatch.store.review import Review
    from conflictwatch.workflow import bundled_examples, default_pipeline, run

    work = tmp_path_factory.mktemp("xss")
    db = work / "cw.db"
    export = work / "hostile.csv"
    export.write_bytes(hostile_acled_csv(XSS))
    redirect = _keep_on_sqlite(request)
    with Store.open(db) as store:
        run([bundled_examples()], store, default_pipeline())
        import_acled(store, export)
        key = ApiKeys(store).create("xss analyst", "analyst")
        first = next(e for e in store.iter_events() if e.extractor != "import.acled.v1")
        for field, value in (("notes", XSS[1]), ("location", XSS[2]), ("actor1", XSS[0])):
            Review(store).correct(first.event_id_cnty, field, value, by=XSS[4], reason=XSS[3])
    if redirect is not None:
        redirect.enabled = True
    port = _free_port()
    log = work / "serve.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "conflictwatch.cli.serve", "--db", str(db), "--host",
                                 "127.0.0.1", "--port", str(port)], stdout=fh, stderr=subprocess.STDOUT)
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


def _events(served: Served) -> list[dict]:
    with urllib.request.urlopen(f"{served.url}api/events?limit=1000") as r:
        return json.load(r)["events"]


def _browse(served: Served, ids: list[str], key: str = "") -> list[dict]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_browser.sh (Debian chromium)")
    done = subprocess.run([sys.executable, "-c", BROWSE, served.url, key, json.dumps([quote(i) for i in ids]), INERT_JS],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _assert_inert(result: dict) -> None:
    assert result["pwned"] is None, result
    assert result["bad"] == 0 and result["handlers"] == [] and result["hrefs"] == [], result
    assert result["title"] == "conflictwatch"
    assert "__pwned" in result["text"], "the payload should be shown, as text"


def test_hostile_events_render_as_text(hostile_served):
    fields = ("actor1", "actor2", "location", "notes", "source")
    ids = [e["event_id_cnty"] for e in _events(hostile_served) if any("__pwned" in str(e.get(k, "")) for k in fields)]
    assert len(ids) >= len(XSS)
    results = _browse(hostile_served, ids[:: max(1, len(ids) // 6)])  # six spread over the payloads
    assert len(results) >= 5
    for result in results:
        _assert_inert(result)


def test_corrected_hostile_fields_and_audit_render_as_text(hostile_served):
    corrected = [e["event_id_cnty"] for e in _events(hostile_served) if e["review"]["corrected"]]
    assert corrected
    (result,) = _browse(hostile_served, corrected[:1], key=hostile_served.analyst_key)
    _assert_inert(result)
