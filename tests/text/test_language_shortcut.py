"""Document language: a page that plainly uses one language's function words skips the detector."""

from __future__ import annotations

import pytest

from conflictwatch.text import language

EN_PAGE = (
    "The army said on Tuesday that gunmen had attacked the post at dawn, killing four soldiers, and that "
    "reinforcements were sent to the area from the regional capital. Residents said the attackers came on "
    "motorbikes and set fire to two vehicles before they withdrew towards the border. The government has not "
    "commented on the attack, which is the third on the post this year, and the group that claimed it has "
    "been active in the region for several years, according to a security source who was not authorised to "
    "speak to the press."
)
FR_PAGE = (
    "Des hommes armés ont attaqué le poste de gendarmerie dans la nuit de lundi à mardi, selon une source "
    "sécuritaire, qui fait état de quatre morts parmi les gendarmes. Les assaillants sont arrivés sur des motos "
    "et ont incendié deux véhicules avant de se retirer vers la frontière. Le gouvernement n'a pas réagi et "
    "cette attaque est la troisième contre ce poste depuis le début de l'année, selon les habitants qui ont "
    "fui vers le chef-lieu de la région avec leurs familles après les combats."
)


@pytest.fixture
def no_detector(monkeypatch):
    class Refuse:
        def compute_language_confidence_values(self, text):
            raise AssertionError("the detector ran")

    monkeypatch.setattr(language, "detector", lambda codes=(): Refuse())


def test_a_plain_page_is_identified_by_its_function_words(no_detector):
    assert language.detect_language(EN_PAGE) == ("en", 1.0)
    assert language.detect_language(FR_PAGE) == ("fr", 1.0)


def test_short_or_mixed_texts_still_go_to_the_detector(no_detector):
    with pytest.raises(AssertionError, match="detector ran"):
        language.detect_language("Gunmen attacked the army post in Djibo on Monday.")
    with pytest.raises(AssertionError, match="detector ran"):
        language.detect_language(EN_PAGE[:300] + " " + FR_PAGE)


def test_the_short_cut_agrees_with_the_detector():
    for page, lang in ((EN_PAGE, "en"), (FR_PAGE, "fr")):
        values = language.detector().compute_language_confidence_values(page)
        assert values[0].language.iso_code_639_1.name.lower() == lang and values[0].value > 0.99
