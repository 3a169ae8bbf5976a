"""`conflictwatch watch`: polls fixture feeds served on 127.0.0.1, ingests new items once, survives crashes."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from conflictwatch.cli.watch import watch_cmd
from conflictwatch.errors import InputError
from conflictwatch.monitor import WatchState, load_watch_config, watch
from conflictwatch.store import Store
from conflictwatch.workflow import default_pipeline

from .conftest import sahel_feed


class Crash(BaseException):
    """Stands for the process dying (kill -9, power cut): nothing catches it."""


class CountingPipeline:
    """The default pipeline, counting the documents it extracts; can 'crash' on the n-th one."""

    def __init__(self, crash_at: int | None = None):
        self.inner = default_pipeline()
        self.version = self.inner.version
        self.calls: list[str] = []
        self.crash_at = crash_at

    def __call__(self, doc):
        self.calls.append(doc.id)
        if self.crash_at is not None and len(self.calls) == self.crash_at:
            raise Crash(f"simulated crash on document {len(self.calls)}")
        return self.inner(doc)


def _config(tmp_path: Path, url: str, extra: str = "", allow: bool = True) -> Path:
    cfg = tmp_path / "watch.yaml"
    fetch = "fetch: {timeout: 5, allow_networks: ['127.0.0.1/32']}\n" if allow else ""
    cfg.write_text(f"version: 1\ndb: cw.db\ninterval: 0.2\n{fetch}feeds:\n  - {{url: '{url}', name: wire}}\n" + extra)
    return cfg


def _docs_processed(db: Path) -> int:
    with Store.open(db) as store:
        return store.count_documents("processed")


def test_watch_once_ingests_new_items_and_then_nothing(tmp_path, feed_server):
    url = feed_server.serve("/sahel.rss", sahel_feed())
    cfg = _config(tmp_path, url)
    res = CliRunner().invoke(watch_cmd, [str(cfg), "--once", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output.strip().splitlines()[-1])
    assert report["new_items"] == 3 and report["processed"] == 3 and report["errors"] == []
    assert report["events"] >= 3
    with Store.open(tmp_path / "cw.db") as store:
        raws = list(store.iter_raw())
        assert len(raws) == 3 and all(r.uri.startswith(url + "#item=") for r in raws)
        events = list(store.iter_events())
    assert {e.country for e in events} >= {"Burkina Faso", "Mali"}
    state = json.loads((tmp_path / "watch.state.json").read_text())
    assert set(state["feeds"][url]["seen"]) == {"urn:test:sahel:1", "urn:test:sahel:2", "urn:test:sahel:3"}
    assert state["feeds"][url]["etag"]
    # the second poll asks with the ETag, gets 304 and does nothing
    res = CliRunner().invoke(watch_cmd, [str(cfg), "--once", "--json"])
    report = json.loads(res.output.strip().splitlines()[-1])
    assert report["not_modified"] == 1 and report["new_items"] == 0 and report["processed"] == 0
    assert feed_server.statuses("/sahel.rss") == ["200", "304"]
    # a new item appears: only it is processed
    feed_server.serve("/sahel.rss", sahel_feed(extra=True))
    nlp = CountingPipeline()
    [rep] = watch(load_watch_config(cfg), once=True, nlp=nlp)
    assert (rep.items, rep.new_items, rep.processed) == (4, 1, 1) and len(nlp.calls) == 1
    assert _docs_processed(tmp_path / "cw.db") == 4


def test_a_crash_mid_poll_loses_nothing_and_repeats_nothing(tmp_path, feed_server):
    url = feed_server.serve("/sahel.rss", sahel_feed())
    config = load_watch_config(_config(tmp_path, url))
    crashing = CountingPipeline(crash_at=2)
    with pytest.raises(Crash):
        watch(config, once=True, nlp=crashing)
    # item 1 is in; item 2 was stored raw but not processed; item 3 never reached; the ETag is not saved
    state = json.loads(config.state_path.read_text())
    assert list(state["feeds"][url]["seen"]) == ["urn:test:sahel:1"]
    assert state["feeds"][url]["etag"] is None
    with Store.open(config.db) as store:
        assert store.count_documents() == 2 and store.count_documents("processed") == 1
    # the restart re-reads the feed (no 304), processes items 2 and 3, and item 1 is not extracted again
    nlp = CountingPipeline()
    [rep] = watch(config, once=True, nlp=nlp)
    assert rep.processed == 2 and len(nlp.calls) == 2
    assert crashing.calls[0] not in nlp.calls
    assert _docs_processed(Path(config.db)) == 3
    seen = json.loads(config.state_path.read_text())["feeds"][url]["seen"]
    assert len(seen) == 3


def test_a_crash_after_storing_before_the_state_write(tmp_path, feed_server, monkeypatch):
    url = feed_server.serve("/sahel.rss", sahel_feed())
    config = load_watch_config(_config(tmp_path, url))
    calls = {"n": 0}
    original = WatchState.mark_seen

    def dying(self, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash("died between storing item 2 and writing the state")
        return original(self, *args)

    monkeypatch.setattr(WatchState, "mark_seen", dying)
    with pytest.raises(Crash):
        watch(config, once=True, nlp=CountingPipeline())
    monkeypatch.setattr(WatchState, "mark_seen", original)
    nlp = CountingPipeline()
    [rep] = watch(config, once=True, nlp=nlp)
    # item 2 was stored and processed before the crash: found so, not extracted again
    assert rep.already_processed == 1 and rep.processed == 1 and len(nlp.calls) == 1
    assert _docs_processed(Path(config.db)) == 3


def test_raw_items_left_unprocessed_are_recovered(tmp_path, feed_server):
    url = feed_server.serve("/sahel.rss", sahel_feed())
    config = load_watch_config(_config(tmp_path, url))
    with pytest.raises(Crash):
        watch(config, once=True, nlp=CountingPipeline(crash_at=1))
    feed_server.pages.pop("/sahel.rss")  # the feed is gone (404) by the time we restart
    nlp = CountingPipeline()
    [rep] = watch(config, once=True, nlp=nlp)
    assert rep.recovered == 1 and rep.processed == 1 and len(nlp.calls) == 1
    assert rep.errors and "HTTP 404" in rep.errors[0]


def test_alerts_fire_once_to_jsonl_and_atom(tmp_path, feed_server):
    url = feed_server.serve("/sahel.rss", sahel_feed())
    alerts = ("alerts:\n  since: 2024-01-01\n  rules:\n"
              "    - {id: new-area, kind: first_in_months, level: admin1, months: 0}\n"
              "  sinks:\n    - {type: jsonl, path: alerts.jsonl}\n    - {type: atom, path: alerts.xml}\n"
              "outputs:\n  index: out/index.json\n")
    config = load_watch_config(_config(tmp_path, url, alerts))
    nlp = CountingPipeline()
    [rep] = watch(config, once=True, nlp=nlp)
    assert rep.alerts >= 2 and rep.delivered == {"jsonl:alerts.jsonl": rep.alerts, "atom:alerts.xml": rep.alerts}
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert len(lines) == rep.alerts
    feed = feedparser.parse((tmp_path / "alerts.xml").read_bytes())
    assert len(feed.entries) == rep.alerts
    # each entry lists its evidence events, looked up in the store
    assert all("fatalities" in e.content[0].value for e in feed.entries)
    assert json.loads((tmp_path / "out" / "index.json").read_text()) is not None
    # the next poll (304) sends nothing again
    [rep2] = watch(config, once=True, nlp=nlp)
    assert rep2.delivered == {} and len((tmp_path / "alerts.jsonl").read_text().splitlines()) == len(lines)


def test_watch_refuses_loopback_unless_allowed(tmp_path, feed_server):
    url = feed_server.serve("/sahel.rss", sahel_feed())
    res = CliRunner().invoke(watch_cmd, [str(_config(tmp_path, url, allow=False)), "--once"])
    assert res.exit_code == 0
    assert "refusing to fetch from 127.0.0.1" in res.output
    assert feed_server.requests == []


def test_config_errors_name_the_file(tmp_path):
    bad = tmp_path / "w.yaml"
    for text, why in (("feeds: []\n", "no feeds"), ("feeds: ['file:///etc/passwd']\n", "not an http"),
                      ("feeds: ['http://x/']\nintervall: 3\n", "unknown setting"),
                      ("feeds: ['http://x/']\nalerts: {rules: [{id: a, kind: nope}]}\n", "unknown kind"),
                      ("feeds: ['http://x/']\nfetch: {timeout: soon}\n", "fetch")):
        bad.write_text(text)
        with pytest.raises(InputError, match=why) as exc:
            load_watch_config(bad)
        assert "w.yaml" in str(exc.value)
    res = CliRunner().invoke(watch_cmd, [str(bad), "--once"])
    assert res.exit_code != 0 and "w.yaml" in res.output
