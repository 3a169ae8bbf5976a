"""Per-passage language: the function-word short-cut never decides a passage the detector would send elsewhere."""

from __future__ import annotations

import pytest

from conflictwatch.errors import KnowledgeError
from conflictwatch.nlp.language import _passage_language, plainly_in

EN = ("The army said on Tuesday that gunmen had attacked the post at dawn, killing four soldiers, "
      "and that reinforcements were sent to the area from the regional capital.")
FR = ("Des hommes armés ont attaqué le poste de gendarmerie dans la nuit de lundi à mardi, selon une source "
      "sécuritaire, qui fait état de quatre morts parmi les gendarmes.")
FR_QUOTE_IN_EN = ("« Nous avons été attaqués par des hommes armés et ils ont tout brûlé », said a resident of the "
                  "village reached by telephone.")


def test_a_plain_passage_of_the_document_language_skips_the_detector(monkeypatch):
    def detector_must_not_run(text):
        raise AssertionError("the detector ran on a plainly English passage")

    monkeypatch.setattr("conflictwatch.text.language.detect_language", detector_must_not_run)
    assert plainly_in(EN, "en")
    assert _passage_language(EN, "en") == "en"


def test_a_passage_in_another_language_still_goes_to_the_detector():
    assert not plainly_in(FR, "en")
    assert _passage_language(FR, "en") == "fr"
    assert plainly_in(FR, "fr") and not plainly_in(EN, "fr")
    assert _passage_language(EN, "fr") == "en"


def test_a_mixed_passage_is_not_plainly_either_language():
    assert not plainly_in(FR_QUOTE_IN_EN, "en")


def test_names_and_numbers_alone_are_not_plain_language():
    assert not plainly_in("Djibo, Arbinda, Gorom-Gorom, Dori, Sebba, Titao, Ouahigouya, Kaya 12 34", "en")


def test_an_unquoted_yaml_boolean_among_function_words_is_a_clear_error(monkeypatch):
    from conflictwatch.text import language as text_language

    monkeypatch.setattr(text_language, "load", lambda name: {"function_words": {"en": ["the", True]}})
    text_language.function_words.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match="language_hints.yaml.*quoted"):
            plainly_in(EN, "en")
    finally:
        text_language.function_words.cache_clear()
