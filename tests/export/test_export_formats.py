"""Each export format, written from hand-built events and read back with pandas/json."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conflictwatch.export import COLUMNS, EXTRA_COLUMNS, write_events
from conflictwatch.records import ACLED_COLUMNS, Event


def test_columns_are_acled_then_cw_extras():
    assert COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert COLUMNS[len(ACLED_COLUMNS) :] == EXTRA_COLUMNS
    assert EXTRA_COLUMNS[:7] == (
        "cw_fatalities_low",
        "cw_fatalities_high",
        "cw_year_inferred",
        "cw_date_end",
        "cw_doc_id",
        "cw_confidence",
        "cw_evidence",
    )
    assert all(c.startswith("cw_") for c in EXTRA_COLUMNS)


# --------------------------------------------------------------------------- acled-csv


def test_acled_csv_header_and_values(events, tmp_path):
    path = tmp_path / "events.csv"
    assert write_events(events, "acled-csv", path) == 3
    with open(path, encoding="utf-8", newline="") as fh:
        header = fh.readline().rstrip("\r\n").split(",")
    assert tuple(header) == COLUMNS

    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(text["event_id_cnty"]) == ["NIG0001a", "MLI0002b", "BFA0003c"]
    assert list(text["event_date"]) == ["2021-03-21", "2021-02-03", ""]
    assert list(text["fatalities"]) == ["17", "0", "17"]
    assert list(text["inter2"]) == ["7", "7", ""]
    assert list(text["latitude"]) == ["15.7214", "15.0405", ""]
    assert list(text["longitude"]) == ["4.4017", "-1.8531", ""]  # negative number untouched
    assert list(text["cw_year_inferred"]) == ["false", "true", "false"]
    assert list(text["cw_date_end"]) == ["", "2021-02-05", ""]
    assert list(text["cw_fatalities_low"]) == ["17", "", "17"]
    assert text["notes"][1] == "Clashes near Boni; « no casualties reported »."  # UTF-8 kept

    typed = pd.read_csv(path)
    assert typed["fatalities"].dtype.kind == "i"
    assert typed["latitude"].dtype.kind == "f"
    assert typed["latitude"].isna().tolist() == [False, False, True]
    assert typed["longitude"][1] == pytest.approx(-1.8531)


def test_acled_csv_json_columns(events, tmp_path):
    path = tmp_path / "events.csv"
    write_events(events, "acled-csv", path)
    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert json.loads(text["cw_confidence"][0]) == events[0].confidence
    assert json.loads(text["cw_evidence"][0]) == [ev.to_dict() for ev in events[0].evidence]
    assert json.loads(text["cw_evidence"][1]) == []
    assert " " not in text["cw_confidence"][0]  # compact JSON


def test_acled_csv_neutralises_formulas(events, tmp_path):
    path = tmp_path / "events.csv"
    write_events(events, "acled-csv", path)
    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert text["notes"][2] == "'=cmd|' /C calc'!A0"
    assert text["tags"][2] == "'@SUM(1+1)"
    assert text["actor1"][1] == "'-Unidentified Armed Group (Mali)"
    assert text["actor1"][0] == "Islamic State (Sahel)"
    for column in text.columns:
        for cell in text[column]:
            if column in ("longitude", "latitude"):
                continue
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def test_format_cell_rules():
    from conflictwatch.export.acled_csv import format_cell

    assert format_cell("longitude", -1.5) == "-1.5"
    assert format_cell("longitude", "-1.5") == "-1.5"  # a number given as text in a numeric column
    assert format_cell("fatalities", -3) == "-3"
    assert format_cell("notes", "-3 killed") == "'-3 killed"
    assert format_cell("notes", "+226 70 00 00 00") == "'+226 70 00 00 00"
    assert format_cell("notes", "\tTAB") == "'\tTAB"
    assert format_cell("notes", "\rCR") == "'\rCR"
    assert format_cell("notes", "\uff1dHYPERLINK()") == "'\uff1dHYPERLINK()"
    assert format_cell("location", "=1+2") == "'=1+2"
    assert format_cell("latitude", "=1+2") == "'=1+2"  # not a number: neutralised even in a numeric column
    assert format_cell("notes", "a = b") == "a = b"
    assert format_cell("inter1", None) == ""
    assert format_cell("year", 2021.0) == "2021"
    assert format_cell("latitude", float("nan")) == ""


# --------------------------------------------------------------------------- geojson


def test_geojson_structure(events, tmp_path):
    path = tmp_path / "events.geojson"
    assert write_events(events, "geojson", path) == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # RFC 7946: WGS 84 only, no crs member
    features = data["features"]
    assert [f["type"] for f in features] == ["Feature"] * 3
    assert [f["id"] for f in features] == ["NIG0001a", "MLI0002b", "BFA0003c"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [4.4017, 15.7214]}  # [lon, lat]
    assert features[1]["geometry"]["coordinates"] == [-1.8531, 15.0405]
    assert features[2]["geometry"] is None
    for feature in features:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert tuple(feature["properties"]) == COLUMNS


def test_geojson_properties(events, tmp_path):
    path = tmp_path / "events.geojson"
    write_events(events, "geojson", path)
    props = [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    assert props[0]["cw_evidence"] == [ev.to_dict() for ev in events[0].evidence]
    assert isinstance(props[0]["cw_evidence"][0], dict)
    assert props[0]["cw_confidence"] == events[0].confidence
    assert props[0]["fatalities"] == 17 and props[0]["latitude"] == 15.7214
    assert props[2]["latitude"] is None and props[2]["event_date"] is None
    assert props[2]["notes"] == "=cmd|' /C calc'!A0"  # not a spreadsheet: text unchanged
    assert props[1]["cw_year_inferred"] is True


def test_geojson_unusable_coordinates_give_null_geometry(events, tmp_path):
    bad = [
        events[0].replace(event_id_cnty="X1", latitude=95.0),
        events[0].replace(event_id_cnty="X2", longitude=float("nan")),
        events[0].replace(event_id_cnty="X3", latitude=None),
    ]
    out = io.StringIO()
    write_events(bad, "geojson", out)
    data = json.loads(out.getvalue())  # strict JSON: NaN would not parse in other tools
    assert [f["geometry"] for f in data["features"]] == [None, None, None]
    assert data["features"][1]["properties"]["longitude"] is None
    assert "NaN" not in out.getvalue()


def test_geojson_empty_collection():
    out = io.StringIO()
    assert write_events([], "geojson", out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


# --------------------------------------------------------------------------- parquet


def test_parquet_typed_schema_and_pandas(events, tmp_path):
    path = tmp_path / "events.parquet"
    assert write_events(events, "parquet", path) == 3
    schema = pq.read_schema(path)
    assert tuple(schema.names) == COLUMNS
    assert schema.field("fatalities").type == pa.int32()
    assert schema.field("timestamp").type == pa.int64()
    assert schema.field("inter2").type == pa.int32()
    assert schema.field("latitude").type == pa.float64()
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("cw_year_inferred").type == pa.bool_()
    assert schema.field("notes").type == pa.string()
    assert schema.field("cw_evidence").type == pa.string()

    table = pq.read_table(path)
    assert table.column("inter2").to_pylist() == [7, 7, None]
    assert table.column("latitude").to_pylist() == [15.7214, 15.0405, None]

    frame = pd.read_parquet(path)
    assert list(frame["event_id_cnty"]) == ["NIG0001a", "MLI0002b", "BFA0003c"]
    assert str(frame["event_date"][0]) == "2021-03-21"
    assert pd.isna(frame["event_date"][2])
    assert frame["notes"][2] == "=cmd|' /C calc'!A0"
    assert json.loads(frame["cw_evidence"][0]) == [ev.to_dict() for ev in events[0].evidence]
    assert json.loads(frame["cw_confidence"][0]) == events[0].confidence
    assert list(frame["cw_year_inferred"]) == [False, True, False]


def test_parquet_many_row_groups_and_empty(events, tmp_path):
    from conflictwatch.export.parquet import write_parquet

    many = [events[n % 3].replace(event_id_cnty=f"E{n}") for n in range(25)]
    buf = io.BytesIO()
    assert write_parquet(iter(many), buf, row_group_size=10) == 25
    buf.seek(0)
    pf = pq.ParquetFile(buf)
    assert pf.metadata.num_row_groups == 3
    assert pf.read().column("event_id_cnty").to_pylist() == [f"E{n}" for n in range(25)]

    path = tmp_path / "empty.parquet"
    assert write_events([], "parquet", path) == 0
    assert len(pd.read_parquet(path)) == 0
    assert tuple(pq.read_schema(path).names) == COLUMNS


def test_parquet_refuses_a_bad_date(events):
    with pytest.raises(ValueError, match="NIG0001a"):
        write_events([events[0].replace(event_date="21 March 2021")], "parquet", io.BytesIO())


# --------------------------------------------------------------------------- json / jsonl


def test_json_is_an_array_of_to_dict(events, tmp_path):
    path = tmp_path / "events.json"
    assert write_events(events, "json", path) == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == [e.to_dict() for e in events]
    assert [Event.from_dict(d) for d in data] == events
    empty = io.StringIO()
    write_events([], "json", empty)
    assert json.loads(empty.getvalue()) == []


def test_jsonl_is_one_event_per_line(events, tmp_path):
    path = tmp_path / "events.jsonl"
    assert write_events(iter(events), "jsonl", path) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert [json.loads(line) for line in lines] == [e.to_dict() for e in events]
    assert "«" in lines[1]  # UTF-8, not \\u escapes
