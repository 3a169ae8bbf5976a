"""SIGKILL ``conflictwatch run``, ``import acled`` and ``watch`` at random moments (20 kills in all by default:
10, 5 and 5; ``CONFLICTWATCH_CRASH_KILLS`` for more), then re-run: no lost documents, no duplicate events, and
``PRAGMA integrity_check`` is ok.  Compared with an uninterrupted run on a fresh database."""

from __future__ import annotations

import os
import random

import pytest

from tests.reliability.crash import (
    integrity,
    kill_loop,
    run_to_end,
    snapshot,
    timed_run,
    write_acled,
    write_corpus,
)

KILLS = int(os.environ.get("CONFLICTWATCH_CRASH_KILLS", "20"))
SEED = int(os.environ.get("CONFLICTWATCH_CRASH_SEED", "20240610"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    write_corpus(folder, 40)
    return folder


def test_run_survives_sigkill_at_random_moments(tmp_path, corpus):
    ref = tmp_path / "ref.db"
    full = timed_run(["run", "--db", str(ref), "--no-progress", str(corpus)])
    expected = snapshot(ref)
    assert len(expected["documents"]) == 40 and expected["events"] > 0

    def args(db):
        return ["run", "--db", str(db), "--no-progress", str(corpus)]

    report, dbs = kill_loop(args, tmp_path, kills=max(1, KILLS // 2), max_delay=full,
                            rng=random.Random(SEED), budget_s=60)
    assert report.kills >= 1, report
    for db in dbs:
        if not db.exists():
            continue
        assert integrity(db) == "ok"  # even before the final run
        done = run_to_end(args(db))
        assert done.returncode == 0, done.stderr[-2000:]
        got = snapshot(db)
        assert integrity(db) == "ok"
        assert got["documents"] == expected["documents"], f"{db.name}: documents lost (or added) by the crashes"
        assert got["dup_ids"] == 0 and got["dup_content"] == 0, got
        assert got["ids"] == expected["ids"] and got["events"] == expected["events"]
        assert run_to_end(args(db)).returncode == 0  # one more uninterrupted run adds nothing
        assert snapshot(db)["events"] == expected["events"]
    print(f"\ncrash-safety run: {report}, databases: {len(dbs)}")


def test_import_acled_survives_sigkill_at_random_moments(tmp_path):
    export = tmp_path / "export.csv"
    write_acled(export, 3000)
    ref = tmp_path / "ref.db"
    full = timed_run(["import", "acled", "--db", str(ref), str(export)])
    expected = snapshot(ref)
    assert expected["events"] == 3000

    def args(db):
        return ["import", "acled", "--db", str(db), str(export)]

    report, dbs = kill_loop(args, tmp_path, kills=max(1, KILLS // 4), max_delay=full,
                            rng=random.Random(SEED + 1), budget_s=30)
    assert report.kills >= 1, report
    for db in dbs:
        if not db.exists():
            continue
        assert integrity(db) == "ok"
        done = run_to_end(args(db))
        assert done.returncode == 0, done.stderr[-2000:]
        got = snapshot(db)
        assert integrity(db) == "ok"
        assert got["events"] == 3000 and got["dup_ids"] == 0 and got["ids"] == expected["ids"]
        assert len(got["documents"]) == 1
    print(f"\ncrash-safety import: {report}, databases: {len(dbs)}")


def _rss(n: int) -> bytes:
    from tests.reliability.crash import ACTORS, PLACES, VICTIMS

    items = []
    for i in range(n):
        place, actor, victim = PLACES[i % len(PLACES)], ACTORS[i % len(ACTORS)], VICTIMS[i % len(VICTIMS)]
        items.append(f"<item><title>Attack near {place} ({i})</title><link>http://news.example/{i}</link>"
                     f"<guid>item-{i}</guid><pubDate>Mon, 0{1 + i % 8} Mar 2021 10:00:00 GMT</pubDate>"
                     f"<description>{actor} attacked a village near {place} on {1 + i % 8} March 2021, killing "
                     f"{2 + i % 30} {victim}, local officials said (dispatch {i}).</description></item>")
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Sahel wire</title>" + "".join(items)
            + "</channel></rss>").encode()


def test_watch_survives_sigkill_at_random_moments(tmp_path):
    from tests.monitor.conftest import FeedServer

    server = FeedServer()
    server.thread.start()
    try:
        url = server.serve("/rss", _rss(30))

        def args(db):
            config = db.with_suffix(".yaml")
            if not config.exists():
                config.write_text(
                    f"version: 1\nstate: {db.with_suffix('.state.json').name}\n"
                    f"fetch: {{timeout: 5, allow_networks: ['127.0.0.1/32']}}\nfeeds:\n  - {url}\n")
            return ["watch", "--once", "--db", str(db), str(config)]

        ref = tmp_path / "ref.db"
        full = timed_run(args(ref))
        expected = snapshot(ref)
        assert len(expected["documents"]) == 30 and expected["events"] > 0
        report, dbs = kill_loop(args, tmp_path, kills=max(1, KILLS - KILLS // 2 - KILLS // 4), max_delay=full,
                                rng=random.Random(SEED + 2), budget_s=45)
        assert report.kills >= 1, report
        for db in dbs:
            if not db.exists():
                continue
            assert integrity(db) == "ok"
            done = run_to_end(args(db))
            assert done.returncode == 0, done.stderr[-2000:]
            got = snapshot(db)
            assert integrity(db) == "ok"
            assert got["documents"] == expected["documents"], f"{db.name}: feed items lost by the crashes"
            assert got["dup_ids"] == 0 and got["dup_content"] == 0, got
            assert got["ids"] == expected["ids"]
        print(f"\ncrash-safety watch: {report}, databases: {len(dbs)}")
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
