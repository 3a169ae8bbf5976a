"""One row per incident: ACLED columns, n_sources and member ids, through the library and both CLIs."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from conflictwatch.cli.dedup import dedup_cli
from conflictwatch.cli.events import events_cli
from conflictwatch.dedup import iter_incidents, link_document
from conflictwatch.dedup.export import INCIDENT_COLUMNS, write_incidents
from conflictwatch.records import ACLED_COLUMNS
from conflictwatch.store import Store

from tests.dedup.conftest import make_doc, save


def _two_incidents(path):
    """Three reports of a Djibo attack (tolls 11, 9, 12) and one report of a raid near Dori."""
    with Store.open(path) as store:
        docs = [make_doc(f"Report {i} of the Djibo attack.") for i in range(3)]
        save(store, docs[0], dict(fatalities=11))
        save(store, docs[1], dict(actor1="Unidentified Armed Group (Burkina Faso)", fatalities=9))
        save(store, docs[2], dict(fatalities=12))
        other = make_doc("Gunmen raided a village near Dori.")
        save(store, other, dict(place="Dori", date="2022-05-02", event_type="Violence against civilians", sub="Attack",
                                actor2="Civilians (Burkina Faso)", fatalities=4))
        for d in (*docs, other):
            link_document(store, d.id)
        return {i.location: i for i in iter_incidents(store)}


def test_write_incidents_csv_has_acled_columns_and_one_row_per_incident(tmp_path):
    incidents = _two_incidents(tmp_path / "cw.db")
    buf = io.StringIO()
    assert write_incidents(incidents.values(), "acled-csv", buf) == 2
    rows = {r["location"]: r for r in csv.DictReader(io.StringIO(buf.getvalue()))}
    assert list(rows["Djibo"])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    djibo = rows["Djibo"]
    assert djibo["event_id_cnty"] == incidents["Djibo"].id
    assert djibo["fatalities"] == "9" and djibo["cw_fatalities_high"] == "12"  # ACLED: most conservative
    assert djibo["actor1"].startswith("JNIM") and djibo["inter1"] == "2"
    assert djibo["cw_n_sources"] == "3" and djibo["cw_n_events"] == "3"
    assert sorted(json.loads(djibo["cw_event_ids"])) == sorted(e.event_id_cnty for e in incidents["Djibo"].events)
    assert rows["Dori"]["cw_n_sources"] == "1"


def test_geojson_and_json_incident_exports(tmp_path):
    incidents = _two_incidents(tmp_path / "cw.db")
    buf = io.StringIO()
    write_incidents(incidents.values(), "geojson", buf)
    fc = json.loads(buf.getvalue())
    (djibo,) = [f for f in fc["features"] if f["properties"]["location"] == "Djibo"]
    assert djibo["geometry"]["type"] == "Point" and djibo["properties"]["cw_n_sources"] == 3
    assert len(djibo["properties"]["cw_event_ids"]) == 3
    buf = io.StringIO()
    write_incidents(incidents.values(), "json", buf)
    rows = json.loads(buf.getvalue())
    assert {r["location"] for r in rows} == {"Djibo", "Dori"} and set(rows[0]) == set(INCIDENT_COLUMNS)


def test_events_cli_incidents_flag_and_default_stays_per_event(tmp_path):
    db = tmp_path / "cw.db"
    _two_incidents(db)
    runner = CliRunner()
    per_event = runner.invoke(events_cli, ["--db", str(db), "--format", "json"])
    assert per_event.exit_code == 0, per_event.output
    assert len(json.loads(per_event.output)) == 4
    per_incident = runner.invoke(events_cli, ["--db", str(db), "--format", "json", "--incidents"])
    assert per_incident.exit_code == 0, per_incident.output
    rows = json.loads(per_incident.output)
    assert sorted(r["cw_n_sources"] for r in rows) == [1, 3]
    only = runner.invoke(events_cli, ["--db", str(db), "--format", "acled-csv", "--incidents",
                                      "--event-type", "Violence against civilians"])
    assert [r["location"] for r in csv.DictReader(io.StringIO(only.output))] == ["Dori"]
    bad = runner.invoke(events_cli, ["--db", str(db), "--format", "parquet", "--incidents", "--out", str(tmp_path / "x")])
    assert bad.exit_code != 0


def test_dedup_incidents_cli_exports_to_a_file(tmp_path):
    db = tmp_path / "cw.db"
    _two_incidents(db)
    out = tmp_path / "incidents.geojson"
    res = CliRunner().invoke(dedup_cli, ["incidents", "--db", str(db), "--format", "geojson", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert len(json.loads(out.read_text())["features"]) == 2
    # without --format: the incident records, as before
    res = CliRunner().invoke(dedup_cli, ["incidents", "--db", str(db)])
    assert len([json.loads(line) for line in res.output.splitlines()]) == 2
