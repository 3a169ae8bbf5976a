"""Crash-safety harness: run a ``conflictwatch`` command, SIGKILL it at a random moment, again and again, then
let it finish, and check the database (no lost documents, no duplicate events, ``PRAGMA integrity_check``).

Used by ``tests/reliability/test_crash_safety.py`` (a bounded number of kills) and runnable by hand::

    python -m tests.reliability.crash --kills 50
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

PLACES = ("Djibo", "Arbinda", "Dori", "Kaya", "Fada N'Gourma", "Ménaka", "Gao", "Mopti", "Tillabéri", "Diffa")
ACTORS = ("Gunmen", "Suspected jihadists", "JNIM militants", "Islamic State fighters", "Unidentified assailants")
VICTIMS = ("civilians", "soldiers", "villagers", "gendarmes", "volunteers")


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """``n`` short news reports, each a different file (hand-written template sentences, no real data)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        place, actor, victim = rng.choice(PLACES), rng.choice(ACTORS), rng.choice(VICTIMS)
        killed = rng.randint(2, 40)
        day = rng.randint(1, 28)
        text = (f"Attack near {place} kills {killed} (report {i})\n\n"
                f"{actor} attacked a village near {place} on {day} March 2021, killing {killed} {victim}, "
                f"local officials said on Tuesday.\n\nThe assailants arrived on motorbikes and burned the market "
                f"before fleeing, a resident told reporters (dispatch number {i}).\n")
        path = folder / f"report-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        (folder / f"report-{i:04d}.txt.meta.json").write_text(f'{{"published": "2021-03-{day:02d}"}}')
        paths.append(path)
    return paths


def write_acled(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "actor2",
                    "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                    "notes", "fatalities"])
        for i in range(n):
            w.writerow([f"BFO{i:06d}", f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "Battles",
                        "Armed clash", "Military Forces of Burkina Faso (2015-2022)", 1, "JNIM: Group for Support of Islam and Muslims",
                        2, "Burkina Faso", "Sahel", rng.choice(PLACES), f"{13 + rng.random():.4f}",
                        f"{-1 + rng.random():.4f}", 1, "Synthetic source", f"Synthetic clash number {i}.",
                        rng.randint(0, 30)])


@dataclass
class CrashReport:
    command: str
    kills: int = 0
    finished_early: int = 0  # runs that ended before the kill landed
    seconds: float = 0.0
    kill_times: list[float] = field(default_factory=list)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "conflictwatch.cli.main", *args]


def kill_loop(make_args: Callable[[Any], list[str]], workdir: Path, kills: int, max_delay: float,
              rng: random.Random, budget_s: float, new_db: Optional[Callable[[int], Any]] = None
              ) -> tuple[CrashReport, list[Any]]:
    """SIGKILL ``conflictwatch make_args(db)`` ``kills`` times, each after a random delay in [0.05, max_delay].

    Every restart goes on from the database the killed run left.  When a run finishes before its kill lands
    (all the work was done), the next kills go to a fresh database, so that every kill hits work in progress.
    ``new_db(n)`` gives the n-th database (default: SQLite files in ``workdir``; a PostgreSQL URL with
    :class:`PgDatabases`).  Returns the report and the databases used (each must then be finished and checked).
    """
    new_db = new_db or (lambda n: workdir / f"crash-{n}.db")
    dbs = [new_db(0)]
    report = CrashReport(" ".join(make_args(dbs[0])))
    start = time.monotonic()
    while report.kills < kills and time.monotonic() - start < budget_s:
        delay = rng.uniform(0.05, max_delay)
        proc = subprocess.Popen(_cli(*make_args(dbs[-1])), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
            report.finished_early += 1
            dbs.append(new_db(len(dbs)))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            report.kills += 1
            report.kill_times.append(round(delay, 2))
    report.seconds = round(time.monotonic() - start, 1)
    return report, dbs


def run_to_end(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(_cli(*args), capture_output=True, text=True, timeout=timeout)


def timed_run(args: list[str]) -> float:
    t = time.monotonic()
    done = run_to_end(args)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.monotonic() - t


def _is_url(db: Any) -> bool:
    return isinstance(db, str) and db.startswith("postgresql")


class PgDatabases:
    """Fresh PostgreSQL databases on the server of ``base_url`` (one per crash series), dropped by ``drop_all``."""

    def __init__(self, base_url: str, prefix: str):
        import sqlalchemy as sa

        self.url = sa.engine.make_url(base_url)
        self.prefix = f"{prefix}_{os.getpid()}"
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def __call__(self, n: int) -> str:
        name = f"{self.prefix}_{n}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def _pg_integrity(url: str) -> str:
    """amcheck over every B-tree index (entries agree with their order and with the heap) and every table's
    heap pages: "ok", or the problems found."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    problems: list[str] = []
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
            indexes = conn.exec_driver_sql(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE am.amname = 'btree' AND n.nspname = 'public'").scalars().all()
            for name in indexes:
                try:
                    conn.exec_driver_sql(f"SELECT bt_index_check('public.\"{name}\"'::regclass, true)")
                except sa.exc.DBAPIError as exc:
                    problems.append(f"{name}: {exc.orig}")
            tables = conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars().all()
            for name in tables:
                for row in conn.exec_driver_sql(f"SELECT * FROM verify_heapam('public.\"{name}\"'::regclass)"):
                    problems.append(f"{name}: {tuple(row)}")
    finally:
        engine.dispose()
    return "ok" if not problems else ";".join(problems)


def integrity(db: Any) -> str:
    """SQLite: ``PRAGMA integrity_check``; PostgreSQL (a URL): amcheck's index and heap checks."""
    if _is_url(db):
        return _pg_integrity(db)
    with sqlite3.connect(db) as conn:
        return ";".join(r[0] for r in conn.execute("PRAGMA integrity_check"))


def exists(db: Any) -> bool:
    return True if _is_url(db) else Path(db).exists()


def snapshot(db: Any) -> dict:
    """What must survive crashes: documents by uri, events per document, duplicate events."""
    if _is_url(db):
        import sqlalchemy as sa

        engine = sa.create_engine(db)

        def q(sql: str) -> list[tuple]:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.exec_driver_sql(sql)]
        try:
            docs = {r[0] for r in q("SELECT uri FROM documents")}
            events = q("SELECT COUNT(*) FROM events")[0][0]
            dup_ids = q("SELECT COUNT(*) FROM (SELECT event_id_cnty FROM events GROUP BY event_id_cnty "
                        "HAVING COUNT(*) > 1) d")[0][0]
            dup_content = q("SELECT COUNT(*) FROM (SELECT doc_id, event_date, sub_event_type, actor1, location, "
                            "fatalities FROM events GROUP BY doc_id, event_date, sub_event_type, actor1, location, "
                            "fatalities HAVING COUNT(*) > 1) d")[0][0]
            ids = {r[0] for r in q("SELECT event_id_cnty FROM events")}
        finally:
            engine.dispose()
        return {"documents": docs, "events": events, "dup_ids": dup_ids, "dup_content": dup_content, "ids": ids}
    with sqlite3.connect(db) as conn:
        docs = {r[0] for r in conn.execute("SELECT uri FROM documents")}
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        dup_ids = conn.execute("SELECT COUNT(*) FROM (SELECT event_id_cnty FROM events GROUP BY event_id_cnty "
                               "HAVING COUNT(*) > 1)").fetchone()[0]
        # the same event content stored twice under different ids (a retried document saved again)
        dup_content = conn.execute(
            "SELECT COUNT(*) FROM (SELECT doc_id, event_date, sub_event_type, actor1, location, fatalities "
            "FROM events GROUP BY doc_id, event_date, sub_event_type, actor1, location, fatalities "
            "HAVING COUNT(*) > 1)").fetchone()[0]
        ids = {r[0] for r in conn.execute("SELECT event_id_cnty FROM events")}
    return {"documents": docs, "events": events, "dup_ids": dup_ids, "dup_content": dup_content, "ids": ids}


if __name__ == "__main__":  # pragma: no cover - manual long run
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--docs", type=int, default=80)
    opts = ap.parse_args()
    rng = random.Random()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        write_corpus(corpus, opts.docs)
        ref = work / "ref.db"
        full = timed_run(["run", "--db", str(ref), "--no-progress", str(corpus)])
        def args(db: Path) -> list[str]:
            return ["run", "--db", str(db), "--no-progress", str(corpus)]

        rep, dbs = kill_loop(args, work, opts.kills, full, rng, 3600)
        a = snapshot(ref)
        for db in dbs:
            assert run_to_end(args(db)).returncode == 0
            b = snapshot(db)
            print(db.name, "integrity:", integrity(db), "same ids:", a["ids"] == b["ids"], "docs:", len(b["documents"]))
        print(rep)
