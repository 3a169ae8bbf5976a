"""Property tests over the source readers: pages, feeds, WARC, JSONL, sniffing.  Every input gives records or
Rejected naming the input; nothing raises; a bad item does not stop the ones after it."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.records import RawDocument, Rejected
from conflictwatch.sources import iter_sources, read_feed, read_jsonl, read_warc, sniff
from tests.fuzz.hostile import encoded, html_pages, odd_text

settings.load_profile("fuzz")


def _check(items, uri: str) -> list:
    items = list(items)
    for item in items:
        assert isinstance(item, (RawDocument, Rejected)), type(item)
        assert item.uri.startswith(uri), (item.uri, uri)
        if isinstance(item, Rejected):
            assert item.reason and item.stage
    return items


@given(head=st.binary(max_size=9000), name=st.sampled_from(["a.html", "a.txt", "a.xml", "a.warc", "a.jsonl", "a", "a.gz"]))
def test_sniff_never_raises(head, name):
    assert sniff(head, Path(name)).name in {"html", "text", "feed", "warc", "jsonl", "binary"}


@given(data=st.one_of(encoded(), html_pages().map(lambda s: s.encode("utf-8", "surrogatepass"))),
       name=st.sampled_from(["page.html", "page.txt", "feed.xml", "page", "x.rss", "x.md"]))
def test_any_file_gives_records_or_rejections(tmp_path_factory, data, name):
    folder = tmp_path_factory.mktemp("f")
    path = folder / name
    path.write_bytes(data)
    after = folder / "zz-after.txt"
    after.write_text("Gunmen attacked a village near Djibo on Monday, killing five civilians, officials said.")
    items = _check(iter_sources([folder]), str(folder))
    assert isinstance(items[-1], RawDocument) and items[-1].uri == str(after)  # the run goes on


FEED_TEMPLATES = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>{t}</title><item><title>{t}</title>"
    "<pubDate>{d}</pubDate><description>{b}</description></item></channel></rss>",
    "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>{t}</title><updated>{d}</updated>"
    "<content type='html'>{b}</content></entry></feed>",
    "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a '{t}{t}{t}{t}'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]>"
    "<rss version='2.0'><channel><item><description>&b;&b;&b;{b}</description></item></channel></rss>",
    "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><rss version='2.0'><channel>"
    "<item><description>&x;{b}</description></item></channel></rss>",
)


@given(template=st.sampled_from(FEED_TEMPLATES), t=odd_text, b=odd_text,
       d=st.sampled_from(["Mon, 01 Jan 0001 00:00:00 GMT", "9999-99-99", "", "Tue, 31 Feb 2019 25:61:61 +9999",
                          "2038-01-19T03:14:08Z", "-5"]),
       enc=st.sampled_from(["utf-8", "cp1252", "latin-1"]))
def test_feeds_never_raise_and_never_read_local_files(template, t, b, d, enc):
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
    data = template.format(t=esc(t), b=esc(b), d=d).encode(enc, "replace")
    items = _check(read_feed(data, "feed.xml"), "feed.xml")
    for item in items:
        if isinstance(item, RawDocument):
            assert b"root:x:0:0" not in item.raw  # external entities are never resolved


def _warc_record(uri: str, payload: bytes, ctype: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode("latin-1", "replace") + b"\r\n\r\n" + payload
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2019-06-01T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode("utf-8", "replace")
    return head + http + b"\r\n\r\n"


@given(payload=encoded(), uri=odd_text, ctype=st.sampled_from(["text/html", "text/plain; charset=x-bogus",
                                                                 "text/html; charset=cp1252", "image/png", ""]),
       cut=st.integers(0, 600), junk=st.binary(max_size=80), gz=st.booleans())
def test_warc_files_never_raise(tmp_path_factory, payload, uri, ctype, cut, junk, gz):
    data = _warc_record(uri.replace("\r", "").replace("\n", ""), payload, ctype)
    data = data[: len(data) - cut] + junk if cut else data
    if gz:
        data = gzip.compress(data)
    path = tmp_path_factory.mktemp("w") / ("x.warc.gz" if gz else "x.warc")
    path.write_bytes(data)
    _check(read_warc(path), str(path))
    _check(iter_sources([path]), str(path))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["id", "text", "html", "path", "url", "published", "language", "title", "x"]), inner, max_size=6)),
    max_leaves=12,
)


@given(lines=st.lists(st.one_of(json_values.map(json.dumps), encoded().map(lambda b: b.decode("latin-1"))), max_size=8))
def test_jsonl_lines_each_give_one_record_or_rejection(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("j")
    path = folder / "in.jsonl"
    good = json.dumps({"id": "last", "text": "Soldiers were killed near Menaka on Tuesday."})
    clean = [ln.replace("\n", " ").replace("\r", " ") for ln in lines]
    path.write_bytes(b"\n".join([c.encode("utf-8", "replace") for c in clean] + [good.encode()]) + b"\n")
    items = _check(read_jsonl(path), str(path))
    assert isinstance(items[-1], RawDocument) and items[-1].external_id == "last"
    assert not any(isinstance(i, RawDocument) and i.external_id != "last" and i.origin != "jsonl" for i in items)
