"""French end to end: routing by language, normalised outputs, cross-language identity, mixed pages."""

from __future__ import annotations

import pytest

from conflictwatch.pipeline import build_pipeline
from conflictwatch.records import RawDocument, content_id
from conflictwatch.workflow import default_pipeline, extract_raw


def extract(text: str, published: str):
    data = text.encode("utf-8")
    raw = RawDocument(id=content_id(data), uri="test", raw=data, media_type="text/plain", origin="text", published=published)
    return extract_raw(raw, default_pipeline())


def only(extraction):
    assert len(extraction.events) == 1, [e.sub_event_type for e in extraction.events]
    return extraction.events[0]


def test_french_report_is_coded_with_acled_english_labels_and_canonical_names():
    ex = extract(
        "Au moins 12 soldats maliens ont été tués dimanche dans une attaque terroriste contre le camp de "
        "Douentza, a annoncé lundi l'armée malienne.",
        "2022-06-06",
    )
    assert ex.document.language == "fr"
    e = only(ex)
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1 == "Unidentified Armed Group (Mali)"
    assert e.actor2 == "Military Forces of Mali (2021-)"
    assert (e.country, e.admin1, e.location) == ("Mali", "Mopti", "Douentza")
    assert e.event_date == "2022-06-05"  # dimanche, not the day the army spoke
    assert e.fatalities == 12


@pytest.mark.parametrize(
    "text, published, sub, actor1, actor2, location, date, fatalities",
    [
        ("Des hommes armés non identifiés ont attaqué dans la nuit du 4 au 5 juin le village de Gorom-Gorom, "
         "tuant une centaine de civils, selon un bilan provisoire.", "2021-06-07",
         "Attack", "Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)", "Gorom-Gorom", "2021-06-04", 100),
        ("Une dizaine de terroristes présumés de l'EIGS ont été neutralisés mardi dernier par une frappe aérienne de "
         "l'armée nigérienne près d'Ayorou.", "2022-05-13",
         "Air/drone strike", "Military Forces of Niger (2021-2023)", "Islamic State (Sahel)", "Ayorou", "2022-05-10", 10),
        ("Trois civils tués par des individus armés à Kaya hier soir.", "2022-03-02",
         "Attack", "Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)", "Kaya", "2022-03-01", 3),
        ("Les FAMa ont repoussé le week-end dernier une attaque du GSIM contre leur poste de Niono. Le bilan fait état "
         "de 5 soldats tués.", "2022-09-12",
         "Armed clash", "Military Forces of Mali (2021-)", "JNIM: Group for Support of Islam and Muslims", "Niono", "2022-09-10", 5),
        ("Des éléments de l'EIGS ont enlevé en début de semaine un chef de village près de Ouallam.", "2022-05-05",
         "Abduction/forced disappearance", "Islamic State (Sahel)", "Civilians (Niger)", "Ouallam", "2022-05-02", 0),
        ("Des centaines de manifestants ont marché jeudi à Bamako; la police a dispersé la foule à coups de gaz "
         "lacrymogènes.", "2022-02-11",
         "Protest with intervention", "Protesters (Mali)", "Police Forces of Mali (2021-)", "Bamako", "2022-02-10", 0),
        ("Un véhicule de l'armée a sauté sur un engin explosif improvisé samedi près de Tombouctou, tuant trois soldats.",
         "2023-01-16", "Remote explosive/landmine/IED", "Unidentified Armed Group (Mali)", "Military Forces of Mali (2021-)",
         "Timbuktu", "2023-01-14", 3),
        ("L'armée burkinabè a désamorcé mardi deux engins explosifs improvisés près de Dori.", "2022-09-29",
         "Disrupted weapons use", "Military Forces of Burkina Faso (2022-)", "", "Dori", "2022-09-27", 0),
    ],
)
def test_french_end_to_end_cases(text, published, sub, actor1, actor2, location, date, fatalities):
    e = only(extract(text, published))
    assert (e.sub_event_type, e.actor1, e.actor2, e.location, e.event_date, e.fatalities) == (
        sub, actor1, actor2, location, date, fatalities)


PAIRS = [
    ("Des hommes armés ont tué dimanche cinq civils à Sebba, ont indiqué des sources locales.",
     "Gunmen killed five civilians in Sebba on Sunday, local sources said.", "2022-06-08"),
    ("Dix militaires nigériens ont été tués mardi dans l'explosion d'un engin explosif improvisé près de Tillabéri.",
     "Ten Nigerien soldiers were killed on Tuesday when an improvised explosive device exploded near Tillaberi.", "2023-01-12"),
    ("Les forces armées burkinabè ont neutralisé une quarantaine de terroristes le 24 avril près de Diapaga.",
     "Burkinabe armed forces killed some forty militants near Diapaga on 24 April.", "2023-04-27"),
    ("Studio Tamani : à Ménaka, des éléments de l'EIGS ont assassiné mardi dernier trois notables.",
     "Studio Tamani: in Menaka, ISGS militants murdered three community leaders last Tuesday.", "2023-03-09"),
]


@pytest.mark.parametrize("fr, en, published", PAIRS)
def test_same_incident_in_french_and_english_resolves_to_the_same_actors_place_and_date(fr, en, published):
    e_fr, e_en = only(extract(fr, published)), only(extract(en, published))
    key = lambda e: (e.event_type, e.sub_event_type, e.actor1, e.actor2, e.country, e.admin1,  # noqa: E731
                     e.latitude, e.longitude, e.event_date, e.fatalities)
    assert key(e_fr) == key(e_en)


MIXED = (
    "Burkina : deux attaques meurtrières dans le Nord\n\n"
    "Des hommes armés non identifiés ont attaqué lundi le village de Titao et ont tué six civils, selon des "
    "sources locales jointes par téléphone.\n\n"
    "In a statement released in English, the army said on Wednesday that militants ambushed a patrol near Djibo "
    "on Tuesday, killing four soldiers.\n\n"
    "Les autorités n'ont pas réagi dans l'immédiat."
)


def test_mixed_language_page_routes_each_passage_to_its_language():
    nlp = default_pipeline()
    data = MIXED.encode("utf-8")
    from conflictwatch.text import clean

    doc = clean(RawDocument(id=content_id(data), uri="mixed", raw=data, media_type="text/plain", origin="text",
                            published="2022-06-09"))
    analysis = nlp(doc)
    assert doc.language == "fr"
    by_lang = {lang for lang, s in zip(analysis.languages, analysis.sentences) if "army said" in s.text}
    assert by_lang == {"en"}
    assert {lang for lang, s in zip(analysis.languages, analysis.sentences) if "Titao" in s.text} == {"fr"}
    events = sorted(analysis.events, key=lambda e: e.location)
    assert [(e.location, e.sub_event_type, e.actor2, e.event_date, e.fatalities) for e in events] == [
        ("Djibo", "Armed clash", "Military Forces of Burkina Faso (2022-)", "2022-06-07", 4),
        ("Titao", "Attack", "Civilians (Burkina Faso)", "2022-06-06", 6),
    ]


def test_a_fixed_language_pipeline_ignores_the_other_language():
    en_only = build_pipeline(config={name: {"language": "en"} for name in
                                     ("nlp.dates.v1", "nlp.quantities.v1", "nlp.triggers.v1", "events.builder.v1")})
    ex = extract_raw(RawDocument(id="x" * 64, uri="t", raw="Des hommes armés ont tué cinq civils à Sebba.".encode(),
                                 media_type="text/plain", origin="text", published="2022-06-08"), en_only)
    assert ex.events == ()


def test_default_pipeline_names_the_language_component():
    assert default_pipeline().names[:2] == ["nlp.sentences.v1", "nlp.language.v1"]
