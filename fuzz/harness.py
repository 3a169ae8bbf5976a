"""Coverage-guided fuzzing of every parser with atheris (libFuzzer).

    .venv/bin/python fuzz/harness.py TARGET [libFuzzer options, e.g. -max_total_time=300 corpus_dir]

TARGET: sniff | html | text | feed | warc | jsonl | acled | geonames | pubdate.  An input may give records, a
``Rejected`` or an :class:`~conflictwatch.errors.InputError` naming it; any other exception is a crash, which
libFuzzer reports and saves (``crash-<sha1>``) for a regression test.  ``scripts/fuzz.sh`` runs them all.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from conflictwatch.errors import InputError
    from conflictwatch.records import RawDocument, Rejected, content_id
    from conflictwatch.sources import read_feed, read_jsonl, read_warc, sniff
    from conflictwatch.sources.acled import read_acled
    from conflictwatch.text import clean
    from conflictwatch.text.patterns import text_patterns
    from conflictwatch.text.pubdate import parse_date_text

_TMP = Path(tempfile.mkdtemp(prefix="cw-fuzz-"))


def _items(items, uri: str) -> None:
    for item in items:
        if not isinstance(item, (RawDocument, Rejected)):
            raise AssertionError(f"unexpected item {type(item)}")
        if not item.uri.startswith(uri):
            raise AssertionError(f"item names {item.uri!r}, not the input {uri!r}")


def _file(data: bytes, name: str) -> Path:
    path = _TMP / name
    path.write_bytes(data)
    return path


def t_sniff(data: bytes) -> None:
    sniff(data[:8192], Path("x.html"))


def _clean(data: bytes, media_type: str) -> None:
    out = clean(RawDocument(id=content_id(data), uri="fuzz://in", raw=data, media_type=media_type, origin="file"))
    if isinstance(out, Rejected) and out.uri != "fuzz://in":
        raise AssertionError("rejection does not name the input")


def t_html(data: bytes) -> None:
    _clean(data, "text/html")


def t_text(data: bytes) -> None:
    _clean(data, "text/plain")


def t_feed(data: bytes) -> None:
    _items(read_feed(data, "feed.xml"), "feed.xml")


def t_warc(data: bytes) -> None:
    path = _file(data, "in.warc")
    _items(read_warc(path), str(path))


def t_jsonl(data: bytes) -> None:
    path = _file(data, "in.jsonl")
    _items(read_jsonl(path), str(path))


def t_acled(data: bytes) -> None:
    try:
        read_acled(data, "fuzz.csv")
    except InputError as exc:
        if not exc.uri.startswith("fuzz.csv"):
            raise AssertionError("error does not name the file") from exc


_GAZ = None


def t_geonames(data: bytes) -> None:
    global _GAZ
    from conflictwatch.geo.gazetteer import Gazetteer
    from conflictwatch.geo.importer import import_places

    if _GAZ is None:
        _GAZ = Gazetteer.open(user=False)
    path = _file(data, "ML.txt")
    try:
        import_places(path, overlay=_TMP / "overlay.sqlite", gaz=_GAZ)
    except InputError as exc:
        if str(path) not in exc.uri:
            raise AssertionError("error does not name the file") from exc


def t_pubdate(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(400)
    parse_date_text(text, text_patterns())


TARGETS = {name[2:]: fn for name, fn in globals().items() if name.startswith("t_")}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv[1]]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
