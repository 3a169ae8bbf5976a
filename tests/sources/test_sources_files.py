"""iter_sources on files, directories and bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conflictwatch.records import RawDocument, Rejected, content_id
from conflictwatch.sources import iter_sources

ARTICLE = "Gunmen killed 12 villagers near Mopti on Tuesday, officials said.\n"
PAGE = "<!doctype html><html><body><p>Gunmen killed 12 villagers near Mopti on Tuesday.</p></body></html>"


def test_text_and_html_files(tmp_path: Path, split_items):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    docs, rejected = split_items(list(iter_sources([tmp_path / "a.txt", str(tmp_path / "b.html")])))
    assert not rejected
    assert [d.media_type for d in docs] == ["text/plain", "text/html"]
    assert docs[0].id == content_id(ARTICLE.encode())
    assert docs[0].uri == str(tmp_path / "a.txt")
    assert docs[0].origin == "file"


def test_content_sniffed_without_extension(tmp_path: Path, split_items):
    (tmp_path / "page").write_text(PAGE, encoding="utf-8")
    (tmp_path / "note").write_text(ARTICLE, encoding="utf-8")
    docs, _ = split_items(list(iter_sources([tmp_path / "page", tmp_path / "note"])))
    assert [d.media_type for d in docs] == ["text/html", "text/plain"]


def test_directory_recursive_sorted_skips_hidden(tmp_path: Path, split_items):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "z.txt").write_text("z " + ARTICLE)
    (tmp_path / "a.txt").write_text("a " + ARTICLE)
    (tmp_path / "b" / "c.html").write_text(PAGE)
    (tmp_path / "b" / "deep" / "d.md").write_text("d " + ARTICLE)
    (tmp_path / ".hidden.txt").write_text("hidden " + ARTICLE)
    (tmp_path / ".git" / "config.txt").write_text("hidden " + ARTICLE)
    docs, rejected = split_items(list(iter_sources([tmp_path])))
    assert not rejected
    names = [Path(d.uri).relative_to(tmp_path).as_posix() for d in docs]
    assert names == ["a.txt", "b/c.html", "b/deep/d.md", "z.txt"]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("image.txt", PNG, "binary file (PNG image)"),
        ("doc.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document)"),
        ("archive", b"PK\x03\x04\x14\x00\x00\x00", "binary file (ZIP"),
        ("data.txt", b"abc\x00def\x00\x01\x02", "binary file (data with NUL bytes)"),
        ("old.gz", b"\x1f\x8b\x08\x00" + bytes(30), "binary file (gzip"),
    ],
)
def test_bad_files_rejected_and_others_continue(tmp_path: Path, split_items, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text(ARTICLE)
    items = list(iter_sources([tmp_path / name, tmp_path / "ok.txt"]))
    docs, rejected = split_items(items)
    assert len(rejected) == 1 and len(docs) == 1
    assert rejected[0].uri == str(tmp_path / name)
    assert rejected[0].stage == "sources"
    assert reason in rejected[0].reason
    assert docs[0].uri == str(tmp_path / "ok.txt")


def test_missing_path(tmp_path: Path, split_items):
    (tmp_path / "ok.txt").write_text(ARTICLE)
    docs, rejected = split_items(list(iter_sources([tmp_path / "nope.txt", tmp_path / "ok.txt"])))
    assert [r.uri for r in rejected] == [str(tmp_path / "nope.txt")]
    assert rejected[0].reason == "no such file or directory"
    assert len(docs) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path, split_items):
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE)
    locked.chmod(0)
    try:
        _, rejected = split_items(list(iter_sources([locked])))
    finally:
        locked.chmod(0o644)
    assert rejected[0].uri == str(locked)
    assert "permission denied" in rejected[0].reason


def test_bom_utf16_text_is_not_binary(tmp_path: Path, split_items):
    (tmp_path / "u16.txt").write_bytes(ARTICLE.encode("utf-16"))
    docs, rejected = split_items(list(iter_sources([tmp_path / "u16.txt"])))
    assert not rejected and docs[0].media_type == "text/plain"


def test_raw_document_round_trips_without_bytes(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    doc = next(iter_sources([tmp_path / "a.txt"]))
    assert isinstance(doc, RawDocument)
    data = doc.to_dict()
    assert "raw" not in data
    assert RawDocument.from_dict({**data, "raw": doc.raw}) == doc
    assert not isinstance(doc, Rejected)


def test_unreadable_file_simulated(tmp_path: Path, split_items, monkeypatch):
    """As root chmod does not stop reads; simulate the OS refusing instead."""
    import builtins

    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE)
    (tmp_path / "ok.txt").write_text(ARTICLE)
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    docs, rejected = split_items(list(iter_sources([locked, tmp_path / "ok.txt"])))
    assert [r.uri for r in rejected] == [str(locked)]
    assert rejected[0].reason == "cannot read file: permission denied"
    assert len(docs) == 1


def test_sidecar_metadata_is_read_and_not_ingested(tmp_path):
    from conflictwatch.sources import iter_sources

    page = tmp_path / "page.txt"
    page.write_text("Gunmen attacked a village in Mali on Monday, officials said.\n", encoding="utf-8")
    (tmp_path / "page.txt.meta.json").write_text('{"published": "2020-02-22", "url": "https://example.org/p"}')
    items = list(iter_sources([tmp_path]))
    assert len(items) == 1
    assert items[0].published == "2020-02-22" and items[0].url == "https://example.org/p"


def test_malformed_sidecar_is_named(tmp_path):
    from conflictwatch.records import Rejected
    from conflictwatch.sources import iter_sources

    page = tmp_path / "page.txt"
    page.write_text("Gunmen attacked a village in Mali on Monday.\n", encoding="utf-8")
    (tmp_path / "page.txt.meta.json").write_text("{not json")
    (item,) = list(iter_sources([page]))
    assert isinstance(item, Rejected)
    assert item.uri.endswith("page.txt.meta.json") and "sidecar" in item.reason
