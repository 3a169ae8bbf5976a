"""A benchmark corpus: long English and French news pages assembled from the team's example texts.

    paths = write_corpus(Path("/tmp/corpus"), n_docs=1000, seed=1)

Paragraphs come from the bundled examples (``conflictwatch/examples``, cleaned) and, when present, the
team's hand-written French/English reports (``data/fr-testset/handwritten.yaml`` beside the package
checkout, or ``texts_yaml``).  Each page gets a dateline, a title and paragraphs drawn at random until
it reaches its length; lengths follow a log-normal mix (median ~650 words, 5% over 2,000, capped at
5,000) like agency wires next to long features.  A page number line makes every page unique, so
content hashes never collide.  Seeded: the same arguments give the same bytes.

Pages are dated like a back-fill: each gets a publication date (``<page>.txt.meta.json``, the sidecar
the file reader takes), ``pages_per_day`` pages a day on average, so a corpus ten times larger covers
a period ten times longer; the explicit dates of each paragraph ("16 June", "Nov 6", "du 11 au 12
septembre 2022") are moved by the same number of days, to fall zero to three days before the page's
publication.  Without that (``pages_per_day=None``, the corpus before benchmark round d) every page
tells the same few incidents on the same days, most events are undated, and the incidents grow with
the corpus, which no real back-fill does.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

__all__ = ["CorpusSpec", "paragraph_pool", "generate_pages", "generate_dated_pages", "redate", "write_corpus",
           "default_texts_yaml"]

DATELINES = {
    "en": ["BAMAKO, Mali", "OUAGADOUGOU, Burkina Faso", "NIAMEY, Niger", "GAO, Mali", "DORI, Burkina Faso"],
    "fr": ["BAMAKO (Mali)", "OUAGADOUGOU (Burkina Faso)", "NIAMEY (Niger)", "MOPTI (Mali)", "DJIBO (Burkina Faso)"],
}
TITLES = {
    "en": ["Attack in the north", "Army reports clashes", "Civilians killed in raid", "Security situation"],
    "fr": ["Attaque dans le nord", "Affrontements signalés", "Des civils tués", "Situation sécuritaire"],
}


@dataclass(frozen=True)
class CorpusSpec:
    n_docs: int
    seed: int = 1
    french_share: float = 0.4
    median_words: int = 650
    sigma: float = 0.7
    min_words: int = 120
    max_words: int = 5000
    pages_per_day: Optional[float] = 25.0  # None: undated pages, paragraphs as written
    first_day: dt.date = dt.date(2015, 1, 1)


def default_texts_yaml() -> Optional[Path]:
    """``data/fr-testset/handwritten.yaml`` of a source checkout, when there is one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "data" / "fr-testset" / "handwritten.yaml"
        if candidate.is_file():
            return candidate
    return None


def _split_paragraphs(text: str) -> list[str]:
    out = []
    for block in text.split("\n"):
        block = " ".join(block.split())
        if len(block.split()) >= 12:
            out.append(block)
    return out


def paragraph_pool(texts_yaml: Optional[Path] = None) -> dict[str, list[str]]:
    """``{"en": [...], "fr": [...]}`` paragraphs to assemble pages from."""
    from conflictwatch.records import Rejected
    from conflictwatch.sources import iter_sources
    from conflictwatch.text import clean
    from conflictwatch.workflow import bundled_examples

    pool: dict[str, list[str]] = {"en": [], "fr": []}
    for raw in iter_sources([bundled_examples()]):
        if isinstance(raw, Rejected):
            continue
        doc = clean(raw)
        if not isinstance(doc, Rejected):
            pool["en"].extend(_split_paragraphs(doc.text))
    path = texts_yaml if texts_yaml is not None else default_texts_yaml()
    if path is not None and path.is_file():
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for report in data.get("reports", []):
            for lang in ("en", "fr"):
                text = report.get(lang)
                if isinstance(text, str) and len(text.split()) >= 8:
                    pool[lang].append(" ".join(text.split()))
    if not pool["fr"]:
        pool["fr"] = []  # English-only corpus: french_share is ignored
    if not pool["en"]:
        raise ValueError("no example paragraphs found to build a corpus from")
    return pool


def _length(rng: random.Random, spec: CorpusSpec) -> int:
    words = int(rng.lognormvariate(math.log(spec.median_words), spec.sigma))
    return max(spec.min_words, min(spec.max_words, words))


_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}
_ABBREVIATED = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
                "Oct": 10, "Nov": 11, "Dec": 12}
_MONTH_NUMBER = {name: n + 1 for names in _MONTHS.values() for n, name in enumerate(names)} | _ABBREVIATED
_MONTH = "(" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")(\.?)"
# "11 to 12 September 2022" | "du 11 au 12 septembre" | "16 June 2023" | "7 juin" | "1er mai" | "Nov 6" | "June 7, 2021"
_DATE = re.compile(
    r"\b(?P<r1>\d{1,2})(?:er)? (?P<rsep>to|au) (?P<r2>\d{1,2})(?:er)? (?P<rm>" + _MONTH + r")(?: (?P<ry>(?:19|20)\d\d))?\b"
    r"|\b(?P<d>\d{1,2})(?:er)? (?P<m>" + _MONTH + r")(?: (?P<y>(?:19|20)\d\d))?(?!\w)"
    r"|\b(?P<m2>" + _MONTH + r") (?P<d2>\d{1,2})\b(?:, (?P<y2>(?:19|20)\d\d))?"
)


def _month_name(original: str, month: int) -> str:
    """Month ``month`` written like ``original`` (English or French, full or abbreviated)."""
    if original.rstrip(".") in _ABBREVIATED:
        name = _MONTHS["en"][month - 1][:3]
        return name + ("." if original.endswith(".") else "")
    lang = "fr" if original.rstrip(".") in _MONTHS["fr"] else "en"
    return _MONTHS[lang][month - 1]


def _day(n: int, french: bool) -> str:
    return "1er" if french and n == 1 else str(n)


def _parse(m: re.Match, year: int) -> Optional[dt.date]:
    g = m.groupdict()
    if g["r1"]:
        day, month, y = int(g["r1"]), g["rm"], g["ry"]
    elif g["d"]:
        day, month, y = int(g["d"]), g["m"], g["y"]
    else:
        day, month, y = int(g["d2"]), g["m2"], g["y2"]
    try:
        return dt.date(int(y) if y else year, _MONTH_NUMBER[month.rstrip(".")], day)
    except ValueError:
        return None


def redate(paragraph: str, published: dt.date, rng: random.Random) -> str:
    """``paragraph`` with its explicit dates moved by one number of days, so that its first date falls
    0-3 days before ``published``; years are written only where the paragraph wrote them."""
    matches = list(_DATE.finditer(paragraph))
    # a date written without its year is in the year the paragraph writes elsewhere, if it does
    year = next((int(y) for m in matches for y in (m["ry"], m["y"], m["y2"]) if y), published.year)
    first = next((d for d in (_parse(m, year) for m in matches) if d), None)
    if first is None:
        return paragraph
    delta = (published - dt.timedelta(days=rng.randint(0, 3))) - first

    def shift(m: re.Match) -> str:
        start = _parse(m, year)
        if start is None:
            return m.group(0)
        g = m.groupdict()
        new = start + delta
        french = (g["rm"] or g["m"] or g["m2"]).rstrip(".") in _MONTHS["fr"]
        if g["r1"]:
            end = new + dt.timedelta(days=int(g["r2"]) - int(g["r1"]))
            written_year = f" {end.year}" if g["ry"] else ""
            first_part = _day(new.day, french) + ("" if new.month == end.month else " " + _month_name(g["rm"], new.month))
            return f"{first_part} {g['rsep']} {_day(end.day, french)} {_month_name(g['rm'], end.month)}{written_year}"
        if g["d"]:
            return f"{_day(new.day, french)} {_month_name(g['m'], new.month)}" + (f" {new.year}" if g["y"] else "")
        return f"{_month_name(g['m2'], new.month)} {new.day}" + (f", {new.year}" if g["y2"] else "")

    return _DATE.sub(shift, paragraph)


def _published(rng: random.Random, spec: CorpusSpec) -> Optional[dt.date]:
    if not spec.pages_per_day:
        return None
    days = max(1, round(spec.n_docs / spec.pages_per_day))
    return spec.first_day + dt.timedelta(days=rng.randrange(days))


def generate_pages(spec: CorpusSpec, pool: Optional[dict[str, list[str]]] = None) -> Iterator[tuple[str, str, str]]:
    """``(name, language, text)`` for each page; see :func:`generate_dated_pages` for the dates."""
    for name, lang, text, _published_on in generate_dated_pages(spec, pool):
        yield name, lang, text


def generate_dated_pages(spec: CorpusSpec, pool: Optional[dict[str, list[str]]] = None
                         ) -> Iterator[tuple[str, str, str, Optional[dt.date]]]:
    """``(name, language, text, publication date or None)`` for each page."""
    pool = pool or paragraph_pool()
    rng = random.Random(spec.seed)
    for i in range(spec.n_docs):
        published = _published(rng, spec)
        lang = "fr" if pool["fr"] and rng.random() < spec.french_share else "en"
        target = _length(rng, spec)
        paragraphs = [rng.choice(TITLES[lang]) + f" ({i + 1})", ""]
        words = 0
        first = True
        while words < target:
            para = rng.choice(pool[lang])
            if published is not None:
                para = redate(para, published, rng)
            if first:
                para = f"{rng.choice(DATELINES[lang])} — {para}"
                first = False
            paragraphs.append(para)
            paragraphs.append("")
            words += len(para.split())
        page_line = f"Page {i + 1} of the benchmark corpus." if lang == "en" else f"Page {i + 1} du corpus."
        paragraphs.append(page_line)
        yield f"page-{i + 1:06d}-{lang}.txt", lang, "\n".join(paragraphs) + "\n", published


def write_corpus(folder: Path, n_docs: int, seed: int = 1, *, spec: Optional[CorpusSpec] = None,
                 pool: Optional[dict[str, list[str]]] = None) -> list[Path]:
    """Write the pages as ``.txt`` files under ``folder`` (created), each dated page with its
    ``.meta.json`` sidecar; returns the pages' paths in order."""
    spec = spec or CorpusSpec(n_docs=n_docs, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, _lang, text, published in generate_dated_pages(spec, pool):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        if published is not None:
            sidecar = path.with_name(path.name + ".meta.json")
            sidecar.write_text(json.dumps({"published": published.isoformat()}) + "\n", encoding="utf-8")
        out.append(path)
    return out
