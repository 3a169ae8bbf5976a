"""RSS, Atom and WARC inputs."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conflictwatch.records import content_id
from conflictwatch.sources import iter_sources

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Sahel Daily</title><link>https://sahel-daily.example/</link><description>News</description>
  <item>
    <title>Gunmen kill 12 in central Mali</title>
    <link>https://sahel-daily.example/a1</link>
    <guid>https://sahel-daily.example/a1</guid>
    <pubDate>Tue, 02 Mar 2021 14:30:00 +0000</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Gunmen killed 12 villagers near Mopti on Tuesday, officials said.</p>]]></content:encoded>
  </item>
  <item>
    <title>Army convoy hit by roadside bomb</title>
    <link>https://sahel-daily.example/a2</link>
    <pubDate>Wed, 03 Mar 2021 08:00:00 +0100</pubDate>
    <description>&lt;p&gt;A roadside bomb hit an army convoy near Gao on Wednesday.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sahel Watch</title>
  <id>urn:uuid:feed</id>
  <updated>2021-03-05T10:00:00Z</updated>
  <entry>
    <title>Attaque contre un poste militaire</title>
    <id>urn:uuid:entry-1</id>
    <link href="https://sahel-watch.example/e1"/>
    <published>2021-03-05T09:00:00Z</published>
    <updated>2021-03-05T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Des hommes armés ont attaqué un poste militaire près de Djibo vendredi.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items(tmp_path: Path, split_items):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    docs, rejected = split_items(list(iter_sources([path])))
    assert not rejected
    assert len(docs) == 2
    first, second = docs
    assert first.origin == "rss"
    assert first.uri == f"{path}#entry-0"
    assert first.url == "https://sahel-daily.example/a1"
    assert first.title == "Gunmen kill 12 in central Mali"
    assert first.published == "2021-03-02T14:30:00Z"
    assert b"Gunmen killed 12 villagers" in first.raw  # content:encoded, not the teaser
    assert first.id == content_id(first.raw)
    assert first.media_type == "text/html"
    assert b"roadside bomb" in second.raw  # summary when there is no content
    assert second.published == "2021-03-03T07:00:00Z"


def test_atom_entry_and_sniffed_feed(tmp_path: Path, split_items):
    path = tmp_path / "feed"  # no extension: sniffed from <?xml ... <feed
    path.write_text(ATOM, encoding="utf-8")
    docs, rejected = split_items(list(iter_sources([path])))
    assert not rejected
    (doc,) = docs
    assert doc.origin == "atom"
    assert doc.uri == f"{path}#entry-0"
    assert doc.url == "https://sahel-watch.example/e1"
    assert doc.published == "2021-03-05T09:00:00Z"
    assert "Djibo".encode() in doc.raw


@pytest.mark.parametrize(
    "data, reason",
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti', "malformed feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', "feed has no items"),
        (b"this is not xml at all", "malformed feed"),
    ],
)
def test_bad_feeds(tmp_path: Path, split_items, data, reason):
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    (tmp_path / "ok.rss").write_text(RSS)
    docs, rejected = split_items(list(iter_sources([path, tmp_path / "ok.rss"])))
    assert len(rejected) == 1 and rejected[0].uri == str(path)
    assert reason in rejected[0].reason
    assert len(docs) == 2


def _warc(path: Path, compress: bool) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        records = [
            ("https://news.example/mali-attack", "text/html; charset=utf-8",
             "<html><body><p>Gunmen killed 12 villagers near Mopti on Tuesday.</p></body></html>".encode()),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://news.example/brief.txt", "text/plain; charset=iso-8859-1",
             "Attaque près de Ségou mardi.".encode("latin-1")),
        ]
        for url, ctype, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2021-03-06T12:00:00Z"},
            )
            writer.write_record(rec)
        meta = writer.create_warc_record(
            "https://news.example/mali-attack", "metadata", payload=io.BytesIO(b"via: crawler"),
            warc_content_type="text/plain",
        )
        writer.write_record(meta)


@pytest.mark.parametrize("compress, name", [(False, "crawl.warc"), (True, "crawl.warc.gz")])
def test_warc_responses(tmp_path: Path, split_items, compress, name):
    path = tmp_path / name
    _warc(path, compress)
    docs, rejected = split_items(list(iter_sources([path])))
    assert not rejected
    assert [d.url for d in docs] == ["https://news.example/mali-attack", "https://news.example/brief.txt"]
    html, text = docs
    assert html.origin == "warc" and html.media_type == "text/html"
    assert html.fetched == "2021-03-06T12:00:00Z"
    assert html.published is None  # a fetch date is not a publication date
    assert html.raw.startswith(b"<html>")
    assert html.id == content_id(html.raw)
    assert text.media_type == "text/plain" and text.encoding == "iso-8859-1"


def test_gzip_that_is_not_a_warc(tmp_path: Path, split_items):
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some text, not a WARC"))
    _, rejected = split_items(list(iter_sources([path])))
    assert rejected and rejected[0].uri == str(path)
    assert "gzip" in rejected[0].reason


def test_malformed_warc(tmp_path: Path, split_items):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\ngarbage")
    (tmp_path / "ok.txt").write_text("Gunmen killed 12 villagers near Mopti on Tuesday.\n")
    docs, rejected = split_items(list(iter_sources([path, tmp_path / "ok.txt"])))
    assert [r.uri for r in rejected] == [str(path)]
    assert "WARC" in rejected[0].reason
    assert len(docs) == 1
