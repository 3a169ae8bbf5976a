"""write_events: format names, output targets, atomic files."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from conflictwatch.export import FORMATS, write_events


def test_formats():
    assert FORMATS == ("acled-csv", "geojson", "parquet", "json", "jsonl")


def test_unknown_format_lists_the_valid_ones(events):
    with pytest.raises(ValueError) as info:
        write_events(events, "xlsx", io.StringIO())
    for fmt in FORMATS:
        assert fmt in str(info.value)
    assert "xlsx" in str(info.value)


@pytest.mark.parametrize("fmt", ["acled-csv", "geojson", "json", "jsonl"])
def test_text_formats_to_text_and_binary_streams(events, fmt):
    text_out = io.StringIO()
    assert write_events(events, fmt, text_out) == 3
    binary_out = io.BytesIO()
    assert write_events(events, fmt, binary_out) == 3
    assert not binary_out.closed  # the caller's stream stays open
    assert binary_out.getvalue().decode("utf-8") == text_out.getvalue()


def test_parquet_to_binary_stream_but_not_text(events):
    out = io.BytesIO()
    assert write_events(events, "parquet", out) == 3
    out.seek(0)
    assert len(pd.read_parquet(out)) == 3
    with pytest.raises(TypeError, match="binary"):
        write_events(events, "parquet", io.StringIO())


@pytest.mark.parametrize("target", [None, "-"])
def test_stdout(events, capsys, target):
    assert write_events(events, "jsonl", target) == 3
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_format_name_is_case_insensitive(events):
    out = io.StringIO()
    assert write_events(events, " ACLED-CSV ", out) == 3
    assert out.getvalue().startswith("event_id_cnty,event_date,")


def test_failed_export_leaves_no_partial_file(events, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("previous export\n", encoding="utf-8")

    def broken():
        yield events[0]
        raise RuntimeError("store went away")

    for fmt in ("acled-csv", "parquet"):
        with pytest.raises(RuntimeError, match="went away"):
            write_events(broken(), fmt, path)
        assert path.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_path_as_string_and_stream_from_generator(events, tmp_path):
    path = tmp_path / "out.geojson"
    assert write_events((e for e in events), "geojson", str(path)) == 3
    assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == 3


def test_events_from_the_store_export_unchanged(events, tmp_path):
    from conflictwatch.records import Document, Extraction
    from conflictwatch.store import Store

    doc = Document(id=events[0].doc_id, uri="file:///tamalat.txt", text="Gunmen on motorbikes attacked ...")
    with Store.open(tmp_path / "cw.db") as store:
        store.save_extraction(Extraction(document=doc, events=tuple(events)), "conflictwatch.v1")
        out = io.StringIO()
        assert write_events(store.iter_events(), "json", out) == 3
    by_id = {d["event_id_cnty"]: d for d in json.loads(out.getvalue())}
    assert by_id == {e.event_id_cnty: e.to_dict() for e in events}
