"""``conflictwatch eval dedup FILE``: score incident clustering against gold clusters.

FILE is JSON Lines, one report per line::

    {"id": "g01a-wire", "incident": "g01a", "published": "2022-03-09", "text": "...",
     "language": "en", "style": "wire"}

``incident`` is the gold cluster.  The reports go through the real pipeline
(``workflow.extract_safely`` with the publication date), into a fresh store,
and through :func:`~conflictwatch.dedup.linker.link_document` in publication
order, as a live run would see them.  A report's predicted cluster is the
incident of its first event; a report with no event is a cluster of its own
(so extraction misses count against recall).

Scores: pairwise precision/recall/F1 over pairs of reports, and B-cubed
precision/recall/F1; for the whole file and per language.  The main
confusions (false merges, missed links, with the features or the blocking
constraint) are listed for inspection.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from conflictwatch.errors import InputError

__all__ = ["BenchmarkReport", "load_benchmark", "pairwise", "bcubed", "evaluate_reports", "evaluate_file"]


@dataclass(frozen=True)
class BenchmarkReport:
    id: str
    incident: str
    text: str
    published: Optional[str] = None
    language: str = "en"
    style: str = ""


def load_benchmark(path: str | Path) -> list[BenchmarkReport]:
    """Read a benchmark JSONL file; a bad line raises InputError naming the file and line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(p), f"cannot read the benchmark file ({exc})") from exc
    out: list[BenchmarkReport] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rep = BenchmarkReport(
                id=str(row["id"]),
                incident=str(row["incident"]),
                text=str(row["text"]),
                published=row.get("published"),
                language=str(row.get("language") or "en"),
                style=str(row.get("style") or ""),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{p}:{n}", f"not a benchmark report ({type(exc).__name__}: {exc})") from exc
        if rep.id in seen:
            raise InputError(f"{p}:{n}", f"report id {rep.id!r} appears twice")
        seen.add(rep.id)
        out.append(rep)
    if not out:
        raise InputError(str(p), "no reports in the benchmark file")
    return out


def _prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _pairs(assign: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for item, cluster in assign.items():
        groups[cluster].append(item)
    return {tuple(sorted(pair)) for members in groups.values() for pair in combinations(sorted(members), 2)}  # type: ignore[misc]


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1: a pair is positive when both items share a cluster."""
    items = set(gold) & set(pred)
    p = _pairs({i: pred[i] for i in items})
    g = _pairs({i: gold[i] for i in items})
    out = _prf(len(p & g), len(p - g), len(g - p))
    out.update({"gold_pairs": len(g), "predicted_pairs": len(p), "true_pairs": len(p & g)})
    return out


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 (Bagga & Baldwin 1998), averaged over items."""
    items = sorted(set(gold) & set(pred))
    if not items:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    prec = rec = 0.0
    for i in items:
        same = by_pred[pred[i]] & by_gold[gold[i]]
        prec += len(same) / len(by_pred[pred[i]])
        rec += len(same) / len(by_gold[gold[i]])
    p, r = prec / len(items), rec / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


@dataclass
class _Run:
    pred: dict[str, str] = field(default_factory=dict)
    first_event: dict[str, Any] = field(default_factory=dict)
    n_events: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)


def _run(reports: Sequence[BenchmarkReport], store_url: str) -> _Run:
    from conflictwatch.dedup.linker import incident_of_event, link_document
    from conflictwatch.records import Extraction, RawDocument, content_id
    from conflictwatch.store import Store
    from conflictwatch.workflow import default_pipeline, extract_safely

    nlp = default_pipeline()
    out = _Run()
    ordered = sorted(reports, key=lambda r: (r.published or "", r.id))
    with Store.open(store_url) as store:
        for rep in ordered:
            data = rep.text.encode("utf-8")
            raw = RawDocument(
                id=content_id(data), uri=f"benchmark:{rep.id}", raw=data, media_type="text/plain",
                origin="jsonl", published=rep.published, external_id=rep.id,
            )
            store.put_raw(raw)
            result = extract_safely(raw, nlp)
            if not isinstance(result, Extraction):
                out.rejected[rep.id] = result.reason
                out.pred[rep.id] = f"none:{rep.id}"
                out.n_events[rep.id] = 0
                continue
            store.save_extraction(result, nlp.version)
            link_document(store, raw.id)
            out.n_events[rep.id] = len(result.events)
            if result.events:
                first = result.events[0]
                out.first_event[rep.id] = first
                out.pred[rep.id] = incident_of_event(store, first.event_id_cnty) or f"none:{rep.id}"
            else:
                out.pred[rep.id] = f"none:{rep.id}"
    return out


def _confusions(reports: Sequence[BenchmarkReport], run: _Run, limit: int) -> dict[str, Any]:
    from conflictwatch.dedup.compare import compare
    from conflictwatch.dedup.settings import default_settings

    s = default_settings()
    gold = {r.id: r.incident for r in reports}
    style = {r.id: r.style for r in reports}
    p, g = _pairs(run.pred), _pairs(gold)
    false_merges = sorted(p - g)
    missed = sorted(g - p)
    reasons: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for a, b in missed:
        ea, eb = run.first_event.get(a), run.first_event.get(b)
        if ea is None or eb is None:
            why = "no event extracted from " + " and ".join(x for x, e in ((a, ea), (b, eb)) if e is None)
            key = "no event extracted"
        else:
            pair = compare(ea, eb, s)
            if pair.blocked:
                key = pair.blocked.split(" (")[0].split(" are ")[0]
                key = "dates do not overlap" if key.startswith("dates") else key
                key = "too far apart" if "km apart" in (pair.blocked or "") else key
                why = pair.blocked
            elif pair.score < s.threshold:
                key, why = "score below threshold", json.dumps(pair.to_dict()["features"])
            else:
                key, why = "linked elsewhere (order/complete-link)", f"score {pair.score:.3f}"
        reasons[key] += 1
        if len(examples) < limit:
            examples.append({"pair": [a, b], "styles": [style[a], style[b]], "why": why})
    merge_examples = []
    for a, b in false_merges[:limit]:
        merge_examples.append({"pair": [a, b], "gold": [gold[a], gold[b]], "styles": [style[a], style[b]]})
    return {
        "false_merges": len(false_merges),
        "missed_links": len(missed),
        "missed_by_reason": dict(reasons.most_common()),
        "missed_examples": examples,
        "false_merge_examples": merge_examples,
        "false_merges_by_gold_group": dict(
            Counter(" + ".join(sorted((gold[a], gold[b]))) for a, b in false_merges).most_common(10)
        ),
    }


def evaluate_reports(
    reports: Sequence[BenchmarkReport], store_url: str = "sqlite://", confusion_examples: int = 10
) -> dict[str, Any]:
    """Run the benchmark reports through extraction and linking; return the scores and confusions."""
    run = _run(reports, store_url)
    gold = {r.id: r.incident for r in reports}
    out: dict[str, Any] = {
        "reports": len(reports),
        "incidents_gold": len(set(gold.values())),
        "incidents_predicted": len(set(run.pred.values())),
        "pairwise": pairwise(run.pred, gold),
        "bcubed": bcubed(run.pred, gold),
    }
    by_lang: dict[str, Any] = {}
    for lang in sorted({r.language for r in reports}):
        ids = {r.id for r in reports if r.language == lang}
        sub_pred = {i: run.pred[i] for i in ids}
        sub_gold = {i: gold[i] for i in ids}
        by_lang[lang] = {
            "reports": len(ids),
            "with_events": sum(1 for i in ids if run.n_events.get(i)),
            "rejected": sum(1 for i in ids if i in run.rejected),
            "pairwise": pairwise(sub_pred, sub_gold),
            "bcubed": bcubed(sub_pred, sub_gold),
        }
    out["by_language"] = by_lang
    # pairs across languages only (e.g. an English and a French report of one incident)
    out["confusions"] = _confusions(reports, run, confusion_examples)
    return out


def evaluate_file(path: str | Path, languages: Optional[Iterable[str]] = None, store_url: str = "sqlite://") -> dict[str, Any]:
    """:func:`evaluate_reports` on a benchmark file (optionally only reports in ``languages``)."""
    reports = load_benchmark(path)
    if languages:
        keep = set(languages)
        reports = [r for r in reports if r.language in keep]
        if not reports:
            raise InputError(str(path), f"no reports in languages {', '.join(sorted(keep))}")
    result = evaluate_reports(reports, store_url)
    result["file"] = str(path)
    return result
