"""Situation briefs from a real database: data, HTML (escaped), PDF through Chromium, and the CLI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch.cli.serve import report_cmd
from conflictwatch.reports import build_brief, render_html
from conflictwatch.store import Store
from conflictwatch.store.review import Review

HOSTILE = Path(__file__).resolve().parents[1] / "web" / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from conflictwatch.workflow import bundled_examples, default_pipeline, run

    path = tmp_path_factory.mktemp("reports") / "cw.db"
    with Store.open(path) as store:
        run([bundled_examples(), HOSTILE], store, default_pipeline())
    return path


def test_brief_collects_the_country_and_period(db):
    with Store.open(db) as store:
        brief = build_brief(store, "BF", "2019-01-01", "2019-12-31")
        everything = [e for e in store.iter_events(country="Burkina Faso")
                      if e.event_date and "2019-01-01" <= e.event_date <= "2019-12-31"]
    assert brief.country == "Burkina Faso" and brief.country_code == "BF"
    assert brief.total_events == len(everything) > 0
    assert brief.total_fatalities == sum(e.fatalities for e in everything)
    assert sum(w[1] for w in brief.weekly) == brief.total_events
    fats = [e.fatalities for e, _ in brief.top_events]
    assert fats == sorted(fats, reverse=True)
    for event, cites in brief.top_events:
        assert cites and cites[0].sentence
        assert cites[0].sentence in {ev.sentence for ev in event.evidence}


def test_brief_respects_review(db, tmp_path):
    copy = tmp_path / "cw.db"
    shutil.copy(db, copy)
    with Store.open(copy) as store:
        before = build_brief(store, "BF", "2019-01-01", "2019-12-31")
        worst = before.top_events[0][0]
        Review(store).reject(worst.event_id_cnty, by="test", reason="duplicate")
        after = build_brief(store, "BF", "2019-01-01", "2019-12-31")
    assert after.total_events == before.total_events - 1
    assert worst.event_id_cnty not in {e.event_id_cnty for e, _ in after.top_events}


def test_html_escapes_hostile_text(db):
    with Store.open(db) as store:
        html = render_html(build_brief(store, "BF", "2019-01-01", "2019-03-31"))
    assert "<script>window" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and "<circle" in html  # map with the events
    assert re.search(r"Situation brief: Burkina Faso", html)
    for section in ("Map", "Trend", "Most serious events", "Changes in areas of influence", "Active alerts"):
        assert f"<h2>{section}</h2>" in html


def test_unknown_country_and_bad_period_are_refused(db):
    with Store.open(db) as store:
        with pytest.raises(ValueError, match="country"):
            build_brief(store, "Atlantis", "2019-01-01", "2019-03-31")
        with pytest.raises(ValueError, match="before it starts"):
            build_brief(store, "BF", "2019-03-31", "2019-01-01")


def test_cli_writes_html_and_pdf(db, tmp_path):
    runner = CliRunner()
    out_html = tmp_path / "brief.html"
    r = runner.invoke(report_cmd, ["--db", str(db), "--country", "BF", "--from", "2019-01-01", "--to", "2019-03-31",
                                   "--format", "html", "--out", str(out_html)])
    assert r.exit_code == 0, r.output
    assert out_html.read_text().startswith("<!doctype html>")
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("/usr/bin/chromium is missing: run scripts/install_browser.sh")
    out_pdf = tmp_path / "brief.pdf"
    r = runner.invoke(report_cmd, ["--db", str(db), "--country", "BF", "--from", "2019-01-01", "--to", "2019-03-31",
                                   "--format", "pdf", "--out", str(out_pdf)])
    assert r.exit_code == 0, r.output
    data = out_pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 5000
    assert b"/Type /Page" in data or b"/Type/Page" in data
    r = runner.invoke(report_cmd, ["--db", str(db), "--country", "ZZ", "--from", "2019-01-01", "--to", "2019-03-31"])
    assert r.exit_code != 0 and "country" in r.output


def test_pdf_prints_from_inside_a_running_event_loop(tmp_path):
    """Analysts call it from Jupyter, where an asyncio loop is always running (Playwright's sync API refuses)."""
    import asyncio

    from conflictwatch.reports.pdf import html_to_pdf

    async def in_a_loop():
        return html_to_pdf("<h1>Brief</h1><p>Inside a loop.</p>", tmp_path / "loop.pdf")

    out = asyncio.run(in_a_loop())
    assert out.read_bytes().startswith(b"%PDF")
