"""A benchmark corpus: long English and French news pages assembled from the team's example texts.

    paths = write_corpus(Path("/tmp/corpus"), n_docs=1000, seed=1)

Paragraphs come from the bundled examples (``conflictwatch/examples``, cleaned) and, when present, the
team's hand-written French/English reports (``data/fr-testset/handwritten.yaml`` beside the package
checkout, or ``texts_yaml``).  Each page gets a dateline, a title and paragraphs drawn at random until
it reaches its length; lengths follow a log-normal mix (median ~650 words, 5% over 2,000, capped at
5,000) like agency wires next to long features.  A page number line makes every page unique, so
content hashes never collide.  Seeded: the same arguments give the same bytes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

__all__ = ["CorpusSpec", "paragraph_pool", "generate_pages", "write_corpus", "default_texts_yaml"]

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


def generate_pages(spec: CorpusSpec, pool: Optional[dict[str, list[str]]] = None) -> Iterator[tuple[str, str, str]]:
    """``(name, language, text)`` for each page."""
    pool = pool or paragraph_pool()
    rng = random.Random(spec.seed)
    for i in range(spec.n_docs):
        lang = "fr" if pool["fr"] and rng.random() < spec.french_share else "en"
        target = _length(rng, spec)
        paragraphs = [rng.choice(TITLES[lang]) + f" ({i + 1})", ""]
        words = 0
        first = True
        while words < target:
            para = rng.choice(pool[lang])
            if first:
                para = f"{rng.choice(DATELINES[lang])} — {para}"
                first = False
            paragraphs.append(para)
            paragraphs.append("")
            words += len(para.split())
        page_line = f"Page {i + 1} of the benchmark corpus." if lang == "en" else f"Page {i + 1} du corpus."
        paragraphs.append(page_line)
        yield f"page-{i + 1:06d}-{lang}.txt", lang, "\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, n_docs: int, seed: int = 1, *, spec: Optional[CorpusSpec] = None,
                 pool: Optional[dict[str, list[str]]] = None) -> list[Path]:
    """Write the pages as ``.txt`` files under ``folder`` (created); returns their paths in order."""
    spec = spec or CorpusSpec(n_docs=n_docs, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, _lang, text in generate_pages(spec, pool):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
