"""Main-text benchmark reader and scorer, on a hand-made two-page benchmark."""

from __future__ import annotations

import gzip
import json

import pytest

from conflictwatch.errors import InputError
from conflictwatch.evaluation.extraction import ExtractionReport, PageScore, evaluate_extraction, load_pages, score_text

PAGE = """<html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>{paras}</article>
<footer>Copyright 2020 Example News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""

BODIES = {
    "a" * 64: [
        "Gunmen on motorbikes attacked a village market in the north of the country on Sunday, residents said.",
        "At least seven traders were killed and several stalls were burned before the attackers fled east.",
        "The regional governor said troops had been sent to the area and that a search was under way.",
    ],
    "b" * 64: [
        "Thousands of teachers marched through the capital on Tuesday to demand the payment of salary arrears.",
        "The march ended peacefully outside the ministry of education, where a delegation handed over a petition.",
        "Union leaders said the strike would continue until the government opened talks with them.",
    ],
}


@pytest.fixture()
def bench(tmp_path):
    (tmp_path / "html").mkdir()
    truth = {}
    for key, paras in BODIES.items():
        html = PAGE.format(title="Report", paras="".join(f"<p>{p}</p>" for p in paras))
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth[key] = {"articleBody": "\n".join(paras), "url": f"https://example.org/{key[:4]}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_load_pages(bench):
    pages = load_pages(bench)
    assert [p.key for p in pages] == sorted(BODIES)
    assert pages[0].body.startswith("Gunmen") and pages[0].html.startswith(b"<html>")
    assert len(load_pages(bench, limit=1, seed=3)) == 1


def test_load_pages_names_missing_files(tmp_path, bench):
    with pytest.raises(InputError, match="ground truth"):
        load_pages(tmp_path / "missing")
    (bench / "html" / f"{'a' * 64}.html.gz").unlink()
    with pytest.raises(InputError, match="cannot read the page"):
        load_pages(bench)


def test_score_text_weights_sum_to_one():
    (p, r, f), w = score_text("one two three four", "one two five")
    assert (p, r) == pytest.approx((2 / 3, 2 / 4))
    assert sum(w) == pytest.approx(1.0) and w[0] == pytest.approx(2 / 5)
    assert score_text("", "") == ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0))


def test_report_means_and_benchmark_f1():
    rep = ExtractionReport("x", 1, [
        PageScore("p1", 1.0, 0.5, 2 / 3, 10.0, (0.5, 0.0, 0.5)),
        PageScore("p2", 0.5, 1.0, 2 / 3, 20.0, (0.5, 0.5, 0.0)),
    ])
    assert rep.precision == pytest.approx(0.75) and rep.recall == pytest.approx(0.75)
    assert rep.f1 == pytest.approx(2 / 3)
    assert rep.aeb_f1 == pytest.approx(0.75)  # F1 of mean precision and mean recall
    assert rep.ms_per_page == pytest.approx(15.0)
    assert set(rep.flat()) == {"x.precision", "x.recall", "x.f1", "x.aeb_f1"}


def test_evaluate_extraction_on_clean_pages(bench):
    reports = evaluate_extraction(load_pages(bench))
    assert [r.extractor for r in reports] == ["main_text", "clean"]
    for r in reports:
        assert r.n == 2 and r.failed == 0
        assert r.recall > 0.9  # every paragraph of the article is kept
        assert r.precision > 0.8  # navigation and footer mostly dropped
    with pytest.raises(InputError):
        evaluate_extraction(load_pages(bench), ["nonesuch"])
