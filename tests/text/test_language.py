"""Language identification of short texts (team-written one-line alerts)."""

from __future__ import annotations

from conflictwatch.text.language import detect_language


def test_unsure_detector_falls_back_on_function_words():
    # lingua leans to French on a line full of French-looking nouns ("gendarmerie", a hashtag)
    code, _ = detect_language("Attack on the gendarmerie post in Titao, residents say. #BurkinaFaso")
    assert code == "en"


def test_clear_french_stays_french():
    assert detect_language("Des hommes armés ont attaqué la gendarmerie de Djibo dans la nuit.")[0] == "fr"
    assert detect_language("Attaque contre la brigade de gendarmerie de Djibo, selon des habitants.")[0] == "fr"
