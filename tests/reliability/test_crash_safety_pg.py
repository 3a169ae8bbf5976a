"""The crash-safety checks of ``test_crash_safety.py`` on PostgreSQL: SIGKILL ``conflictwatch run`` and
``conflictwatch import acled`` writing to a PostgreSQL database at random moments, then let them finish:
no lost documents, no duplicate events, amcheck finds every index and heap page sound.

Runs when ``CONFLICTWATCH_TEST_PG_URL`` names a server (``scripts/with_postgres.sh``, which ``scripts/test.sh``
uses for its PostgreSQL pass); each crash series gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import random

import pytest

from tests.reliability.crash import (
    PgDatabases,
    integrity,
    kill_loop,
    run_to_end,
    snapshot,
    timed_run,
    write_acled,
    write_corpus,
)

PG_URL = os.environ.get("CONFLICTWATCH_TEST_PG_URL")
KILLS = int(os.environ.get("CONFLICTWATCH_CRASH_KILLS", "20"))
SEED = int(os.environ.get("CONFLICTWATCH_CRASH_SEED", "20240610"))

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (CONFLICTWATCH_TEST_PG_URL)")


@pytest.fixture
def databases():
    made = PgDatabases(PG_URL, "cw_crash")
    yield made
    made.drop_all()


def _survives(args, ref_args, databases, tmp_path, kills, seed, budget_s):
    reference = databases(999)
    full = timed_run(ref_args(reference))
    expected = snapshot(reference)
    report, dbs = kill_loop(args, tmp_path, kills=kills, max_delay=full, rng=random.Random(seed),
                            budget_s=budget_s, new_db=databases)
    assert report.kills >= 1, report
    for db in dbs:
        assert integrity(db) == "ok"  # even before the final run
        done = run_to_end(args(db))
        assert done.returncode == 0, done.stderr[-2000:]
        got = snapshot(db)
        assert integrity(db) == "ok"
        assert got["documents"] == expected["documents"], "documents lost (or added) by the crashes"
        # no event stored twice (an export may itself hold rows alike in these columns: as many as the reference)
        assert got["dup_ids"] == 0 and got["dup_content"] == expected["dup_content"], got
        assert got["ids"] == expected["ids"] and got["events"] == expected["events"]
    print(f"\ncrash-safety (PostgreSQL): {report}, databases: {len(dbs)}")
    return expected


def test_run_on_postgres_survives_sigkill_at_random_moments(tmp_path, databases):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30)

    def args(db):
        return ["run", "--db", db, "--no-progress", str(corpus)]

    expected = _survives(args, args, databases, tmp_path, max(1, KILLS // 4), SEED, budget_s=90)
    assert len(expected["documents"]) == 30 and expected["events"] > 0 and expected["dup_content"] == 0


def test_import_acled_on_postgres_survives_sigkill_at_random_moments(tmp_path, databases):
    export = tmp_path / "export.csv"
    write_acled(export, 3000)

    def args(db):
        return ["import", "acled", "--db", db, str(export)]

    expected = _survives(args, args, databases, tmp_path, max(1, KILLS // 4), SEED + 1, budget_s=60)
    assert expected["events"] == 3000
