"""Score main-text extraction on the Article Extraction Benchmark (html/*.html.gz + ground-truth.json).

For each page, the text our text stage keeps is compared with the hand-checked
``articleBody`` as bags of lower-cased word tokens (``\\w+``, the benchmark's own
tokeniser): precision, recall, F1 per page, then averaged over pages.  Two
outputs are scored: ``main_text`` (:func:`conflictwatch.text.extract_main_text`)
and ``clean`` (:func:`conflictwatch.text.clean`, the text the pipeline reads).
The benchmark's headline figure is also given: per-page token counts normalised,
mean precision and mean recall over pages, and F1 of those two means
(``aeb_f1``; with ``ngram=4`` this is exactly the benchmark's shingle scorer).
"""

from __future__ import annotations

import gzip
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from conflictwatch.errors import InputError
from conflictwatch.evaluation.metrics import bag_of_tokens, prf

__all__ = ["Page", "PageScore", "ExtractionReport", "load_pages", "score_text", "evaluate_extraction", "EXTRACTORS"]


@dataclass(frozen=True)
class Page:
    key: str  # sha256 of the page, the ground-truth key
    html: bytes
    body: str  # ground truth articleBody
    url: Optional[str] = None


def load_pages(directory: Union[str, Path], *, limit: Optional[int] = None, seed: Optional[int] = None) -> list[Page]:
    """Read ``DIR/ground-truth.json`` and ``DIR/html/<key>.html.gz``, in key order.

    With ``limit`` and ``seed``, a reproducible random sample (kept in key order);
    with ``limit`` alone, the first pages.  Raises InputError naming what is missing.
    """
    directory = Path(directory)
    truth_path = directory / "ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(truth_path), f"cannot read the ground truth ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(truth_path), f"ground truth is not valid JSON ({exc})") from exc
    if not isinstance(truth, dict):
        raise InputError(str(truth_path), "ground truth must map page keys to {articleBody, url}")
    keys = sorted(truth)
    if limit is not None and limit < len(keys):
        keys = sorted(random.Random(seed).sample(keys, limit)) if seed is not None else keys[:limit]
    pages = []
    for key in keys:
        html_path = directory / "html" / f"{key}.html.gz"
        try:
            html = gzip.decompress(html_path.read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(str(html_path), f"cannot read the page ({exc})") from exc
        entry = truth[key] or {}
        pages.append(Page(key, html, entry.get("articleBody") or "", entry.get("url")))
    return pages


def _main_text(page: Page) -> str:
    from conflictwatch.text import extract_main_text
    from conflictwatch.text.decode import decode_bytes

    text, _ = decode_bytes(page.html, page.key, is_html=True)
    return extract_main_text(text)


def _clean_text(page: Page) -> str:
    from conflictwatch.records import RawDocument, Rejected, content_id
    from conflictwatch.text import clean

    raw = RawDocument(content_id(page.html), f"aeb:{page.key}", page.html, "text/html", url=page.url)
    doc = clean(raw)
    return "" if isinstance(doc, Rejected) else doc.text


# name -> function from a page to the extracted text
EXTRACTORS: dict[str, Callable[[Page], str]] = {"main_text": _main_text, "clean": _clean_text}


@dataclass(frozen=True)
class PageScore:
    key: str
    precision: float
    recall: float
    f1: float
    ms: float
    tp_fp_fn: tuple[float, float, float]  # normalised to sum 1 (the benchmark's per-page weights)
    failed: Optional[str] = None  # why the extractor failed on this page


def score_text(gold: str, predicted: str, ngram: int = 1) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """((precision, recall, f1), normalised (tp, fp, fn)) of ``predicted`` against ``gold``."""
    g, p = bag_of_tokens(gold, ngram), bag_of_tokens(predicted, ngram)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
    return prf(tp, fp, fn), (tp / total, fp / total, fn / total)


def _aeb_ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    """The benchmark's precision (miss=fp) or recall (miss=fn) of one page."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + miss) if tp + miss else 0.0


@dataclass
class ExtractionReport:
    extractor: str
    ngram: int
    pages: list[PageScore] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.pages)

    def _mean(self, attr: str) -> float:
        return sum(getattr(p, attr) for p in self.pages) / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self._mean("precision")

    @property
    def recall(self) -> float:
        return self._mean("recall")

    @property
    def f1(self) -> float:
        """Mean of the per-page F1."""
        return self._mean("f1")

    @property
    def aeb_f1(self) -> float:
        """The benchmark's headline: F1 of mean precision and mean recall (pages with nothing to score skipped)."""
        weights = [p.tp_fp_fn for p in self.pages]
        ps = [_aeb_ratio(tp, fp, fn, fp) for tp, fp, fn in weights if tp + fp > 0]
        rs = [_aeb_ratio(tp, fp, fn, fn) for tp, fp, fn in weights if tp + fn > 0]
        mp = sum(ps) / len(ps) if ps else 0.0
        mr = sum(rs) / len(rs) if rs else 0.0
        return 2 * mp * mr / (mp + mr) if mp + mr else 0.0

    @property
    def ms_per_page(self) -> float:
        return self._mean("ms")

    @property
    def failed(self) -> int:
        return sum(1 for p in self.pages if p.failed)

    def flat(self) -> dict[str, float]:
        return {
            f"{self.extractor}.precision": self.precision,
            f"{self.extractor}.recall": self.recall,
            f"{self.extractor}.f1": self.f1,
            f"{self.extractor}.aeb_f1": self.aeb_f1,
        }

    def to_dict(self) -> dict:
        return {
            "extractor": self.extractor,
            "ngram": self.ngram,
            "pages": self.n,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "aeb_f1": self.aeb_f1,
            "ms_per_page": self.ms_per_page,
            "failed": self.failed,
            "worst": [
                {"key": p.key, "precision": p.precision, "recall": p.recall, "f1": p.f1, "failed": p.failed}
                for p in sorted(self.pages, key=lambda p: p.f1)[:10]
            ],
        }


def evaluate_extraction(
    pages: Sequence[Page], extractors: Sequence[str] = ("main_text", "clean"), ngram: int = 1
) -> list[ExtractionReport]:
    """Score each named extractor on every page (a page whose extraction fails scores 0)."""
    from conflictwatch.errors import ConflictwatchError

    reports = []
    for name in extractors:
        if name not in EXTRACTORS:
            raise InputError(name, f"unknown extractor (choose from {', '.join(EXTRACTORS)})")
        fn = EXTRACTORS[name]
        if pages:  # warm-up outside the timing: lazy imports and knowledge loading
            try:
                fn(pages[0])
            except ConflictwatchError:
                pass
        report = ExtractionReport(name, ngram)
        for page in pages:
            t0 = time.perf_counter()
            failed = None
            try:
                text = fn(page)
            except ConflictwatchError as exc:
                text, failed = "", str(exc)
            ms = 1000 * (time.perf_counter() - t0)
            (p, r, f), weights = score_text(page.body, text, ngram)
            report.pages.append(PageScore(page.key, p, r, f, ms, weights, failed))
        reports.append(report)
    return reports
