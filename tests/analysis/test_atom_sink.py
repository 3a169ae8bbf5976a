"""The Atom feed sink: the latest N alerts, each with its evidence events, rewritten in place."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import feedparser
import pytest
from click.testing import CliRunner

from conflictwatch.analysis import (
    AtomSink,
    DeliveryError,
    evaluate_alerts,
    evidence_from_events,
    load_alert_config,
    make_sink,
    to_points,
)
from conflictwatch.cli.analysis import analyze_cli
from conflictwatch.records import Document, Extraction
from conflictwatch.store import Store

from .test_trends_alerts import _config, _weekly_events

ATOM = "{http://www.w3.org/2005/Atom}"


def _alerts(tmp_path):
    events = _weekly_events([1] * 15 + [9], fatalities=3)
    cfg = load_alert_config(_config(tmp_path))
    return events, evaluate_alerts(to_points(events), cfg.rules)


def test_atom_file_lists_alerts_with_evidence_events(tmp_path):
    events, alerts = _alerts(tmp_path)
    by_id = {e.event_id_cnty: e for e in events}
    asked = []

    def lookup(new):
        asked.append([a.id for a in new])
        return {i: by_id[i] for a in new for i in a.evidence}

    path = tmp_path / "feed" / "alerts.xml"
    sink = AtomSink(path, evidence=lookup, title="Sahel alerts")
    assert sink.send(alerts) == 2
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo and feed.feed.title == "Sahel alerts"
    assert len(feed.entries) == 2
    surge = next(e for e in feed.entries if e.tags[0].term == "surge")
    assert surge.id.startswith("urn:conflictwatch:alert:")
    html = surge.content[0].value
    surge_alert = next(a for a in alerts if a.rule == "surge")
    # every evidence event is listed with its date, type and fatalities
    for i in surge_alert.evidence:
        assert i in html
    assert "Battles" in html and "3 fatalities" in html
    # sending the same alerts again changes nothing and asks for no evidence
    before = path.read_bytes()
    assert sink.send(alerts) == 0 and path.read_bytes() == before and len(asked) == 1


def test_atom_keeps_the_latest_n_across_runs(tmp_path):
    _, alerts = _alerts(tmp_path)
    base = alerts[0]
    many = [dataclasses.replace(base, id=f"a{i:02d}", week=f"2019-{1 + i // 4:02d}-{1 + (i % 4) * 7:02d}",
                                message=f"alert {i}") for i in range(12)]
    path = tmp_path / "alerts.xml"
    AtomSink(path, max_entries=5).send(many[:6])
    sink = AtomSink(path, max_entries=5)  # a new process: reads the file back
    assert sink.send(many[6:]) == 6
    root = ET.parse(path).getroot()
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert ids == [f"urn:conflictwatch:alert:a{i:02d}" for i in (11, 10, 9, 8, 7)]  # newest weeks first
    # entries without evidence lookup still name their evidence ids
    assert base.evidence[0] in root.find(f"{ATOM}entry").findtext(f"{ATOM}content")


def test_atom_refuses_a_file_it_cannot_read(tmp_path):
    _, alerts = _alerts(tmp_path)
    path = tmp_path / "alerts.xml"
    path.write_text("<feed><entry>broken")
    with pytest.raises(DeliveryError, match="cannot be read back"):
        AtomSink(path).send(alerts)


def test_atom_sink_from_config_and_cli(tmp_path):
    cfg = load_alert_config(_config(tmp_path, "sinks:\n  - {type: atom, path: out/alerts.xml, max_entries: 3}\n"))
    sink = make_sink(cfg.sinks[0], base=tmp_path)
    assert isinstance(sink, AtomSink) and sink.path == tmp_path / "out" / "alerts.xml" and sink.max_entries == 3
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nrules: []\nsinks:\n  - {type: atom}\n")
    with pytest.raises(Exception, match="sink atom needs path"):
        load_alert_config(bad)
    # the CLI looks the evidence events up in the store
    events, alerts = _alerts(tmp_path)
    events = tuple(e.replace(doc_id="b" * 64) for e in events)
    db = tmp_path / "cw.db"
    with Store.open(db) as store:
        store.save_extraction(Extraction(document=Document(id="b" * 64, uri="t", text="x"), events=events), "t")
        lookup = evidence_from_events(lambda a, b: store.iter_events(date_from=a, date_to=b))
        found = lookup(alerts)
    assert set(found) == {i for a in alerts for i in a.evidence}
    atom = tmp_path / "cli.xml"
    res = CliRunner().invoke(analyze_cli, ["alerts", "--db", str(db), "--config", str(_config(tmp_path)),
                                           "--atom", str(atom), "--json"])
    assert res.exit_code == 0, res.output
    feed = feedparser.parse(atom.read_bytes())
    assert len(feed.entries) == 2 and "fatalities" in feed.entries[0].content[0].value
