"""JSONL input."""

from __future__ import annotations

import json
from pathlib import Path

from conflictwatch.records import content_id
from conflictwatch.sources import iter_sources, read_jsonl


def test_jsonl_lines_and_bad_line(tmp_path: Path, split_items):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Gunmen attacked a checkpoint near Gao.</p></body></html>")
    lines = [
        json.dumps({"id": "a1", "text": "Gunmen killed 12 villagers near Mopti.", "published": "2021-03-02",
                    "url": "https://x.example/a1", "language": "en"}),
        "{not json",
        json.dumps({"id": "a2", "html": "<p>Une embuscade a visé des soldats près de Djibo.</p>"}),
        json.dumps({"text": "no id here"}),
        "",
        json.dumps({"id": 7, "path": "page.html"}),
        json.dumps({"id": "a4", "text": "x", "html": "<p>y</p>"}),
        json.dumps(["a", "list"]),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = split_items(list(read_jsonl(path)))
    assert [d.external_id for d in docs] == ["a1", "a2", "7"]
    a1, a2, a3 = docs
    assert a1.origin == "jsonl" and a1.media_type == "text/plain"
    assert a1.published == "2021-03-02" and a1.language == "en" and a1.url == "https://x.example/a1"
    assert a1.id == content_id(b"Gunmen killed 12 villagers near Mopti.")
    assert a2.media_type == "text/html"
    assert a3.media_type == "text/html" and b"checkpoint near Gao" in a3.raw
    by_line = {r.uri: r.reason for r in rejected}
    assert set(by_line) == {f"{path}:2", f"{path}:4", f"{path}:7", f"{path}:8"}
    assert by_line[f"{path}:2"].startswith("line 2 is not valid JSON")
    assert 'missing "id"' in by_line[f"{path}:4"]
    assert "exactly one of" in by_line[f"{path}:7"]
    assert "expected a JSON object" in by_line[f"{path}:8"]
    assert all(r.stage == "sources" for r in rejected)


def test_jsonl_through_iter_sources(tmp_path: Path, split_items):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Soldiers were killed near Menaka."}) + "\n")
    docs, rejected = split_items(list(iter_sources([path])))
    assert not rejected and docs[0].external_id == "x"
