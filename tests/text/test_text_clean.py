"""clean() on HTML pages, feed items, WARC records, plain text variants and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictwatch.records import Document, RawDocument, Rejected, content_id
from conflictwatch.sources import iter_sources
from conflictwatch.text import clean, extract_main_text


def make_raw(data: bytes | str, media_type: str = "text/plain", uri: str = "mem://doc", **kw) -> RawDocument:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return RawDocument(id=content_id(raw), uri=uri, raw=raw, media_type=media_type, **kw)


def _doc(raw) -> Document:
    result = clean(raw)
    assert isinstance(result, Document), result
    return result


def test_html_page_main_text_and_metadata(fixtures: Path):
    (raw,) = list(iter_sources([fixtures / "article_page.html"]))
    doc = _doc(raw)
    assert doc.media_type == "text/html"
    assert doc.title == "Gunmen kill 12 villagers in central Mali"
    assert doc.text.startswith("BAMAKO (Reuters) - Gunmen on motorbikes killed 12 villagers")
    assert "search operation was under way." in doc.text
    for furniture in ("Home", "Subscribe", "Most read", "Eagles win", "Privacy policy", "Copyright",
                      "looking for"):
        assert furniture not in doc.text
    assert doc.publisher == "Sahel Daily"
    assert doc.byline == "Aminata Keita"
    assert doc.url == "https://sahel-daily.example/2021/03/04/gunmen-kill-12"
    assert doc.published.value == "2021-03-04" and doc.published.precision == 1
    assert doc.published.year_inferred is False and doc.published.confidence >= 0.8
    assert "metadata" in doc.published.basis
    assert doc.dateline == "Bamako"
    assert [doc.text[s:e] for s, e in doc.captions] == ["Malian soldiers patrol a road near Mopti in January. (Jane Roe/AFP)"]
    assert doc.language == "en"


def test_extract_main_text(fixtures: Path):
    html = (fixtures / "article_page.html").read_text(encoding="utf-8")
    text = extract_main_text(html)
    assert "Gunmen on motorbikes killed 12 villagers" in text
    assert "Privacy policy" not in text
    assert extract_main_text("<<<>>>") == ""


@pytest.mark.parametrize("garbage", ["<<<>>>", "<html><body><div></div></body></html>", "<<<<<< >>>>>> ;;; &&&"])
def test_invalid_html_rejected(garbage):
    result = clean(make_raw(garbage, media_type="text/html", uri="mem://bad.html"))
    assert isinstance(result, Rejected)
    assert result.uri == "mem://bad.html" and result.stage == "text"
    assert result.reason == "no article text found in HTML"


def test_feed_item_uses_source_date(tmp_path: Path):
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>
    <item><title>Convoy attacked near Gao</title><link>https://s.example/1</link>
    <pubDate>Tue, 02 Mar 2021 14:30:00 +0000</pubDate>
    <description>&lt;p&gt;GAO, Mali (AP) — A roadside bomb hit an army convoy near Gao on Tuesday, killing four soldiers, the army said.&lt;/p&gt;</description>
    </item></channel></rss>"""
    path = tmp_path / "f.rss"
    path.write_text(rss)
    (raw,) = list(iter_sources([path]))
    doc = _doc(raw)
    assert doc.title == "Convoy attacked near Gao"
    assert doc.text.startswith("GAO, Mali (AP) — A roadside bomb")
    assert doc.published.value == "2021-03-02" and doc.published.confidence > 0.9
    assert "RSS" in doc.published.basis
    assert doc.dateline == "Gao, Mali"
    assert doc.origin == "rss" and doc.url == "https://s.example/1"


def test_jsonl_language_hint_respected(tmp_path: Path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "Gunmen killed 12 villagers near Mopti on Tuesday, officials said.",
                                "language": "fr", "published": "2021-03-02"}) + "\n")
    (raw,) = list(iter_sources([path]))
    doc = _doc(raw)
    assert doc.language == "fr" and doc.language_confidence == 1.0
    assert doc.published.value == "2021-03-02"


def test_warc_fetch_date_is_only_an_upper_bound():
    raw = make_raw("<html><body><p>Gunmen killed 12 villagers near Mopti on Tuesday, local officials said.</p>"
                   "</body></html>", media_type="text/html", origin="warc", fetched="2021-03-06T12:00:00Z")
    doc = _doc(raw)
    assert doc.published.latest == "2021-03-06"
    assert doc.published.confidence <= 0.2
    assert "upper bound" in doc.published.basis


def test_french_dateline_and_language():
    text = (
        "Attaque meurtrière dans le centre du Mali\n\n"
        "Niamey, 12 mars (AFP) - Des hommes armés ont tué au moins douze civils dans un village de la région "
        "de Tillabéri, a-t-on appris samedi de sources locales.\n\n"
        "Les assaillants, arrivés à moto, ont incendié des greniers et emporté du bétail, selon un élu local.\n"
    )
    doc = _doc(make_raw(text))
    assert doc.title == "Attaque meurtrière dans le centre du Mali"
    assert doc.dateline == "Niamey"
    assert doc.text[doc.dateline_span[0]:doc.dateline_span[1]] == "Niamey"
    assert doc.language == "fr"
    assert doc.published.value is None  # "12 mars" without a year and no upper bound: nothing to anchor it


@pytest.mark.parametrize(
    "lede, place",
    [
        ("BAMAKO (Reuters) - Gunmen killed 12 villagers in central Mali on Tuesday, officials said.", "Bamako"),
        ("OUAGADOUGOU, Jan 5 (Reuters) - Militants attacked an army post in northern Burkina Faso, the army said.",
         "Ouagadougou"),
        ("Gunmen killed 12 villagers in central Mali on Tuesday - officials said nothing more.", None),
    ],
)
def test_datelines(lede, place):
    doc = _doc(make_raw(lede + "\n"))
    assert doc.dateline == place


def test_dateline_date_with_copyright_year():
    text = ("OUAGADOUGOU, Jan 5 (Reuters) - Militants attacked an army post in northern Burkina Faso, the army said.\n\n"
            "Copyright © 2022 Example News. All rights reserved.\n")
    doc = _doc(make_raw(text))
    assert doc.published.value == "2022-01-05" and doc.published.year_inferred
    assert "Copyright" not in doc.text and doc.publisher == "Example News"


def test_published_line_and_byline_in_head():
    text = (
        "Home\nWorld\nAfrica\n\n"
        "Jihadists ambush army convoy in northern Burkina Faso\n"
        "By Jane Doe and Ali Traoré\n"
        "Published February 22, 2020\n\n"
        "Militants ambushed an army convoy near Djibo on Friday, killing several soldiers, security sources said.\n\n"
        "The attack came a week after a similar ambush on the road to Arbinda.\n\n"
        "Related Articles\n\nTen things to know about the rainy season in the Sahel and what it means for farmers.\n"
        "Tags\nBurkina Faso\n"
    )
    doc = _doc(make_raw(text))
    assert doc.title == "Jihadists ambush army convoy in northern Burkina Faso"
    assert doc.byline == "Jane Doe, Ali Traoré"
    assert doc.published.value == "2020-02-22" and not doc.published.year_inferred
    assert "Published February 22, 2020" in doc.published.evidence
    assert doc.text == (
        "Militants ambushed an army convoy near Djibo on Friday, killing several soldiers, security sources said."
        "\n\nThe attack came a week after a similar ambush on the road to Arbinda."
    )


def test_hard_wrapped_paragraphs_rejoined():
    text = (
        "Gunmen killed 12 villagers in an attack on a hamlet in central\n"
        "Mali's Mopti region on Tuesday, two local officials said, adding\n"
        "that houses were burned.\n\n"
        "The army said reinforcements had been sent to the area.\n"
    )
    doc = _doc(make_raw(text))
    assert doc.text.split("\n\n")[0] == (
        "Gunmen killed 12 villagers in an attack on a hamlet in central Mali's Mopti region on Tuesday, "
        "two local officials said, adding that houses were burned."
    )


def test_only_furniture_rejected():
    result = clean(make_raw("Connect with us\n\nHome\nNews\n\nCopyright © 2021 X.\n", uri="mem://menu.txt"))
    assert isinstance(result, Rejected)
    assert result.uri == "mem://menu.txt" and "no article text" in result.reason


ARTICLE_FR = (
    "Des hommes armés ont attaqué un poste de gendarmerie près de Ségou, tuant trois gendarmes, "
    "selon l’armée malienne. « C’était une attaque très violente », a déclaré un élu à Bamako.\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_single_byte_encodings(tmp_path: Path, encoding):
    text = ARTICLE_FR if encoding == "cp1252" else ARTICLE_FR.replace("’", "'")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    (raw,) = list(iter_sources([path]))
    doc = _doc(raw)
    assert doc.text == text.strip()
    assert doc.language == "fr"


def test_declared_html_charset(tmp_path: Path):
    html = ('<html><head><meta charset="windows-1252"><title>Attaque</title></head><body><article>'
            f"<p>{ARTICLE_FR}</p></article></body></html>")
    doc = _doc(make_raw(html.encode("cp1252"), media_type="text/html"))
    assert "Ségou" in doc.text and "« C’était" in doc.text


def test_unknown_encoding_rejected(tmp_path: Path):
    # Bytes that are neither UTF-8 nor any plausible text encoding (but no NUL bytes).
    data = bytes((i * 37 + 11) % 126 + 129 for i in range(400))
    path = tmp_path / "weird.txt"
    path.write_bytes(data)
    (tmp_path / "ok.txt").write_text("Gunmen killed 12 villagers near Mopti on Tuesday, officials said.\n")
    results = [clean(r) if not isinstance(r, Rejected) else r for r in iter_sources([path, tmp_path / "ok.txt"])]
    bad, good = results
    assert isinstance(bad, Rejected) and bad.uri == str(path)
    assert bad.reason.startswith("unknown encoding")
    assert isinstance(good, Document)


def test_related_marker_early_in_body_does_not_cut_the_article():
    para = "Militants attacked an army post near Boulkessi on Sunday, the army said in a statement. "
    text = (
        para + "\n\nRelated articles\n\n"
        + "Soldiers repelled the assault after several hours of fighting, a security source said.\n\n"
        + "The army said it had lost eight soldiers and that dozens of assailants had been killed.\n\n"
        + "Residents said the road to the town had been cut for two days before the attack.\n"
    )
    doc = _doc(make_raw(text))
    assert "Related articles" not in doc.text
    assert doc.text.endswith("cut for two days before the attack.")


def test_caption_repeated_far_apart_kept_once():
    cap = "Soldiers patrol a market in Gao, Mali, in March. (John Doe/AFP)"
    text = (
        "Gunmen killed 12 villagers in central Mali on Tuesday, local officials said.\n\n" + cap + "\n\n"
        "The army said reinforcements had been sent to the area on Wednesday morning.\n\n" + cap + "\n\n"
        "(The United Nations has about 13,000 peacekeepers in Mali.)\n"
    )
    doc = _doc(make_raw(text))
    assert doc.text.count(cap) == 1
    assert [doc.text[s:e] for s, e in doc.captions] == [cap]


def test_a_bare_one_line_report_is_kept_not_rejected():
    from conflictwatch.records import RawDocument, content_id
    from conflictwatch.text import clean

    note = b"Students protested in Koudougou against the closure of the university"
    doc = clean(RawDocument(id=content_id(note), uri="note", raw=note, media_type="text/plain"))
    assert doc.text == note.decode()
