"""The seed page (a scraped news page with its furniture) end to end: iter_sources + clean."""

from __future__ import annotations

import pytest

from conflictwatch.records import Document
from conflictwatch.sources import iter_sources
from conflictwatch.text import clean


@pytest.fixture(scope="module")
def doc(request) -> Document:
    path = request.path.parent / "fixtures" / "seed_article.txt"
    (raw,) = list(iter_sources([path]))
    result = clean(raw)
    assert isinstance(result, Document), result
    return result


def test_title_not_in_text(doc):
    assert doc.title == (
        "REVELATION : Al-Qaeda and Islamic State Groups Are Working Together In West Africa "
        "to grab large swaths of territory"
    )
    assert "REVELATION" not in doc.text


def test_whole_article_kept(doc):
    assert doc.text.startswith("NOUAKCHOTT, Mauritania — Groups linked to al-Qaeda")
    assert doc.text.endswith(
        "Warrick reported from Washington. Souad Mekhennet in Washington contributed to this report."
    )
    for piece in (
        "“fit multiple Afghanistans and Iraqs,”",
        "(The United Nations has about 13,000 peacekeepers in Mali alone.)",
        "(The shared mission is not without clashes",
        "The militants are gaining ground, said Gen. Oumar Dao",
        "Correction (Feb. 22): An earlier version of the map transposed the legend colors",
    ):
        assert doc.text.count(piece) == 1, piece
    assert "\n\n" in doc.text and "\n\n\n" not in doc.text


@pytest.mark.parametrize(
    "furniture",
    ["Connect with us", "Hi, what are you looking for?", "Click to comment", "Leave a Reply",
     "Your email address", "You May Also Like", "Buratai", "Copyright", "You cannot copy",
     "Image without a caption", "Share this"],
)
def test_no_furniture(doc, furniture):
    assert furniture not in doc.text


def test_captions_once_and_marked(doc):
    captions = [doc.text[s:e] for s, e in doc.captions]
    assert captions == [
        "French soldiers conduct an operation in Ndaki, Mali, in July. (Benoit Tessier/Reuters)",
        "A Burkina Faso soldier patrols at a camp sheltering internally displaced people from the north "
        "in Dori, Burkina Faso, on Feb. 3. (Olympia De Maismont/AFP/Getty Images)",
    ]
    for c in captions:
        assert doc.text.count(c) == 1


def test_dateline(doc):
    assert doc.dateline == "Nouakchott, Mauritania"
    s, e = doc.dateline_span
    assert doc.text[s:e] == "NOUAKCHOTT, Mauritania"


def test_publication_date_is_honest(doc):
    pub = doc.published
    assert pub.value == "2021-02-22"  # Feb. 22 from the correction note, year from the copyright line
    assert pub.year_inferred is True
    assert pub.confidence <= 0.4
    assert pub.latest is not None and pub.latest.startswith("2021")
    assert "Correction (Feb. 22)" in pub.evidence
    assert any("2021" in e for e in pub.evidence)
    assert "correction" in pub.basis and "copyright" in pub.basis


def test_language_publisher_byline(doc):
    assert doc.language == "en" and doc.language_confidence > 0.8
    assert doc.publisher == "The News Hawk"
    assert doc.byline == "Warrick, Souad Mekhennet"
    assert doc.removed_lines >= 10


def test_round_trip(doc):
    assert Document.from_dict(doc.to_dict()) == doc
