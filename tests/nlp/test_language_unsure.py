"""The analysis language of a short text the detector is unsure of (issue #4, team-written text)."""

from __future__ import annotations

from conflictwatch.nlp.language import document_language
from conflictwatch.records import Document, PublicationDate

NO_DATE = PublicationDate(value=None, precision=3, confidence=0.0, basis="unknown")


def doc(text: str, language: str, confidence: float) -> Document:
    return Document(id="l", uri="t", text=text, published=NO_DATE, language=language, language_confidence=confidence)


def test_unsure_detection_yields_to_function_words():
    assert document_language(doc("The rally against the junta took place in Niamey.", "fr", 0.41)) == "en"
    assert document_language(doc("Une marche contre la vie chère a eu lieu dans les rues de Bamako.", "en", 0.45)) == "fr"


def test_sure_or_declared_language_stands():
    assert document_language(doc("The rally against the junta took place in Niamey.", "fr", 0.95)) == "fr"
    assert document_language(doc("The rally against the junta took place in Niamey.", "fr", 0.0)) == "fr"  # set by hand
