"""Context-based fallbacks, admin-1 polygons and ``geo resolve``."""

import json

import pytest

from conflictwatch.geo import Gazetteer
from conflictwatch.geo.polygons import AdminPolygons, build_admin1_polygons, default_polygons_path

from tests.conftest import ROOT


def by_text(res, surface):
    hits = [r for r in res if r.mention.text == surface]
    assert hits, f"{surface!r} not resolved; got {[(r.mention.text, r.location) for r in res]}"
    return hits[0]


@pytest.fixture(scope="module")
def polygons_path():
    p = default_polygons_path()
    if not p.exists():
        pytest.fail(f"{p} missing: run scripts/fetch_admin_polygons.sh")
    return p


# --- fallbacks to admin units named in the text ----------------------------------

def test_unknown_village_admin2_with_own_point(geo_run):
    _, res = geo_run("Gunmen raided Zoungou (Soum, Sahel) at dawn.")
    r = by_text(res, "Zoungou")
    assert r.location == "Zoungou" and r.place.admin2 == "Soum" and r.place.admin1 == "Sahel"
    assert r.geo_precision == 2 and "admin2" in r.method


def test_unknown_village_skips_unknown_commune_in_parenthesis(geo_run):
    _, res = geo_run("Militants attacked a military camp in Kelbaré (Tondoro, Douentza, Mopti) on Friday.")
    r = by_text(res, "Kelbaré")
    assert r.place.country_iso2 == "ML" and r.place.admin1 == "Mopti" and r.location == "Kelbaré"
    # Douentza has no place of its own in the packaged data: its point is borrowed, so precision 3
    assert r.geo_precision == 3


def test_known_town_with_admin_units(geo_run):
    _, res = geo_run("Three soldiers were killed in Koutiala (Koutiala, Sikasso) on Monday.")
    r = by_text(res, "Koutiala")
    assert r.place.kind == "locality" and r.place.admin1 == "Sikasso" and r.geo_precision == 1


def test_french_cercle_context(geo_run):
    _, res = geo_run("Des hommes armés ont attaqué Dagabori, dans le cercle de Bankass, dimanche.")
    r = by_text(res, "Dagabori")
    assert r.place.admin1 == "Mopti" and r.place.admin2 == "Bankass" and r.location == "Dagabori"


def test_region_name_shared_by_two_countries_is_the_one_holding_the_town(geo_run):
    # "Est" is a region of Burkina Faso and of Cameroon; Diapaga exists only in the first
    for text in ("Six soldiers were killed in Diapaga, Est, on Monday.", "Six soldats ont été tués lundi à Diapaga (Est)."):
        _, res = geo_run(text)
        r = by_text(res, "Diapaga")
        assert r.place.country_iso2 == "BF" and r.place.admin1 == "Est" and r.geo_precision == 1, (text, r.place, r.method)


def test_a_regional_given_name_before_a_place_name_makes_a_person(geo_run):
    # "Koufa" is an alternate spelling of Kufa, Iraq; after "Amadou" it is the preacher's name, and the Malian town
    # named in the same sentence is the place
    _, res = geo_run("Men loyal to Amadou Koufa attacked herders some 10 km from Markala on Sunday.")
    assert by_text(res, "Markala").place.country_iso2 == "ML"
    assert all(x.mention.text != "Koufa" for x in res), [(x.mention.text, x.place.country_iso2) for x in res]


def test_a_commune_is_its_seat_town_near_precision(geo_run):
    # Sahel communes are not in the gazetteer; the admin-2 unit of the same name is not what "X commune" means
    for text, name in (("Gunmen raided farms in Tillabéri commune, Tillabéri region, on Friday.", "Tillabéri"),
                       ("Des hommes armés ont attaqué la commune de Abalak, dans la région de Tahoua.", "Abalak")):
        _, res = geo_run(text)
        r = by_text(res, name)
        assert r.place.kind == "locality" and r.geo_precision == 2, (text, r.place.kind, r.method)


def test_a_country_hashtag_written_solid_names_the_country(geo_run):
    # Mané is a village of Burkina Faso and a larger town of Côte d'Ivoire; the alert's hashtag decides
    _, res = geo_run("ALERT - Heavy gunfire heard around Mané since dawn, locals say. #BurkinaFaso")
    assert by_text(res, "Mané").place.country_iso2 == "BF"


def test_a_two_word_town_written_solid_is_found(geo_run):
    for solid, name, country in (("Goromgorom", "Gorom-Gorom", "Burkina Faso"), ("Gourmarharous", "Gourma Rharous", "Mali")):
        _, res = geo_run(f"Gunmen attacked the army post of {solid}, {country}, on Monday.")
        r = by_text(res, solid)
        assert r.place.name == name and r.geo_precision == 1 and "split-name" in r.method, (r.place.name, r.method)


def test_unknown_village_uses_document_admin1(geo_run):
    text = ("Gunmen attacked the village of Tinzaouatene. The attack is the third this month in the "
            "Tillabéri region, where Ayorou and Tillabéri have been targeted.")
    _, res = geo_run(text)
    r = by_text(res, "Tinzaouatene")
    assert r.place.admin1 == "Tillabéri" and r.geo_precision == 3 and "doc-admin1" in r.method


def test_never_country_point_as_precise_place(geo_run):
    _, res = geo_run("Gunmen killed five people in Ndakiaré, Burkina Faso.")
    r = by_text(res, "Ndakiaré")
    assert r.place.kind == "locality" and r.geo_precision == 3 and r.confidence < 0.5


def test_directional_country(geo_run):
    _, res = geo_run("Jihadists stepped up attacks in northern Burkina Faso.")
    r = by_text(res, "Burkina Faso")
    assert r.geo_precision == 3 and "direction:northern" in r.method


# --- polygons ------------------------------------------------------------------------

def test_admin1_at(gaz_path, polygons_path):
    g = Gazetteer.open(gaz_path, user=False, polygons=polygons_path)
    try:
        assert g.admin1_at(16.27, -0.04) == "ML.09"  # Gao
        assert g.admin1_at(14.10, -1.63) == "BF.12"  # Djibo, Sahel (province Soum)
        assert g.polygons.admin_at(14.10, -1.63) == ("BF.12", "BF.12.40")
        assert g.admin1_at(14.21, 1.45) == "NE.09"  # Tillabéri
        assert g.admin1_at(48.85, 2.35) is None  # not a focus country
        assert g.admin1_at(16.27, -0.04, "NE") is None
        # Mali's 2016 regions, split out of the old Natural Earth polygons
        assert g.admin1_at(15.92, 2.40) == "ML.12070577"  # Ménaka
        assert g.admin1_at(19.0, -3.5) == "ML.12070575"  # Taoudénit
        assert g.admin1_at(16.77, -3.00) == "ML.08"  # Tombouctou
    finally:
        g.close()


def test_polygons_absent_degrades(gaz_path, tmp_path):
    from conflictwatch.geo.importer import import_places

    g = Gazetteer.open(gaz_path, user=False, polygons=tmp_path / "none.json.gz")
    try:
        assert g.polygons is None and g.admin1_at(16.27, -0.04) is None
        rep = import_places(ROOT / "tests/geo/fixtures/ML_sample.txt", overlay=tmp_path / "u.sqlite", gaz=g)
        assert rep.added == 7 and rep.admin1_from_polygons == 0
    finally:
        g.close()


def test_build_polygons_from_gpkg(gaz, tmp_path):
    gpkg = ROOT / "data-build/qgis/usr/share/qgis/resources/data/world_map.gpkg"
    if not gpkg.exists():
        pytest.fail(f"{gpkg} missing: run scripts/fetch_admin_polygons.sh")
    out = build_admin1_polygons(gpkg, tmp_path / "p.json.gz", gaz=gaz, countries=["ML", "BF"])
    polys = AdminPolygons.load(out, gaz)
    codes = {u.admin1_code for u in polys.units}
    assert {"ML.08", "ML.09", "BF.12", "BF.03"} <= codes
    assert sum(u.country == "BF" for u in polys.units) == 45  # provinces, mapped to their regions
    assert polys.admin1_at(15.92, 2.40) == "ML.12070577"


# --- geo resolve --------------------------------------------------------------------------

def _resolve(*args):
    from click.testing import CliRunner

    from conflictwatch.cli.geo import geo_cli

    r = CliRunner().invoke(geo_cli, ["resolve", *args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_cli_resolve_known():
    d = _resolve("Tombouctou", "--country", "ML")
    b = d["best"]
    assert b["name"] == "Timbuktu" and b["admin1"] == "Tombouctou" and b["geo_precision"] == 1
    assert abs(b["latitude"] - 16.77) < 0.1 and b["score"] if "score" in b else True
    assert d["country"] == "ML"


def test_cli_resolve_context_near_and_alternatives():
    d = _resolve("Djibo", "--context", "An IED exploded near Djibo on Tuesday.")
    assert d["best"]["geo_precision"] == 2 and d["best"]["admin2"] == "Soum"
    d = _resolve("Koutiala")
    assert d["best"]["kind"] == "locality"
    assert any(a["kind"] == "admin2" and "score" in a for a in d["alternatives"])


def test_cli_resolve_tri_border_and_unknown():
    d = _resolve("tri-border area")
    assert d["best"]["id"] == "cw:liptako-gourma" and d["best"]["geo_precision"] == 3
    d = _resolve("Ndakiaré", "--country", "BF")
    assert d["best"]["location"] == "Ndakiaré" and d["best"]["geo_precision"] == 3
    assert d["best"]["country_iso2"] == "BF"


def test_cli_resolve_bad_country():
    from click.testing import CliRunner

    from conflictwatch.cli.geo import geo_cli

    r = CliRunner().invoke(geo_cli, ["resolve", "Gao", "--country", "Atlantis"])
    assert r.exit_code != 0 and "Atlantis" in r.output


# --- far-away namesakes when the document says little -------------------------------

@pytest.mark.parametrize("text, name", [
    # an alternate spelling of a town abroad, in a note that names no country
    ("Armed men looted shops in Boni overnight.", "Boni"),
    # a small admin unit abroad, under its own name
    ("Gunmen burned granaries in Yoro on Tuesday.", "Yoro"),
])
def test_no_country_named_far_namesake_is_not_the_place(geo_run, text, name):
    _, res = geo_run(text)
    assert not [r for r in res if r.mention.text == name and r.place.kind != "unknown"], \
        [(r.mention.text, r.place.country_iso2, r.method) for r in res]


def test_no_country_named_big_town_abroad_still_resolves(geo_run):
    _, res = geo_run("Students marched in Paris against the intervention.")
    assert by_text(res, "Paris").place.country_iso2 == "FR"


def test_admin_unit_of_an_unmentioned_far_country_is_dropped(geo_run):
    # "North Central" is also a Canadian census unit; the document is about Burkina Faso
    _, res = geo_run("Burkina Faso: farmers protested in the North Central region over land.")
    assert all(r.place.country_iso2 != "CA" for r in res), [(r.mention.text, r.place.country_iso2) for r in res]


def test_common_words_are_not_places(geo_run):
    _, res = geo_run("An NGO vehicle was stopped by gunmen; Human Rights Watch said many were held.")
    assert not [r for r in res if r.mention.text in ("NGO", "Human", "many")]


# --- stretches of road and distances: coded near a town (precision 2) -----------------

@pytest.mark.parametrize("text, name", [
    ("A truck hit a mine somewhere between Gao and Ansongo on Monday.", "Ansongo"),  # second end of the stretch
    ("A truck hit a mine somewhere between Gao and Ansongo on Monday.", "Gao"),
    ("A bus was stopped 15km from Douentza by armed men.", "Douentza"),  # digits written against "km"
    ("Bandits held up traders on the Goundam-Niafunké road.", "Niafunké"),
    ("Bandits held up traders on the Goundam-Niafunké road.", "Goundam"),
    ("Fuel tankers came under fire on the axis Gao-Bourem late at night.", "Bourem"),
])
def test_road_pairs_and_distances_are_near(geo_run, text, name):
    _, res = geo_run(text)
    assert by_text(res, name).geo_precision == 2


def test_town_itself_stays_precise(geo_run):
    _, res = geo_run("Gunmen killed two traders in Ansongo and fled towards Gao.")
    assert by_text(res, "Ansongo").geo_precision == 1


# --- a bare name shared by a unit and its seat town --------------------------------

def test_a_bare_name_shared_by_a_cercle_and_its_small_seat_town_is_the_town(geo_run):
    # GeoNames knows Tessalit town without a population; the cercle of the same name borrows Kidal's point
    _, res = geo_run("A rocket hit the army camp in Tessalit overnight.")
    r = by_text(res, "Tessalit")
    assert r.place.kind == "locality" and r.geo_precision == 1
    assert abs(r.place.latitude - 20.2) < 0.1  # the town, not the unit's borrowed point near Kidal
    # the town has no admin-2 in GeoNames: the same-named cercle of its region is where it lies
    assert r.place.admin1 == "Kidal" and r.place.admin2 == "Tessalit"


def test_a_unit_word_keeps_the_unit_over_its_seat_town(geo_run):
    _, res = geo_run("Armed patrols were reported across Tessalit cercle last week.")
    r = by_text(res, "Tessalit cercle")
    assert r.place.kind == "admin2" and r.geo_precision == 3


# --- a small namesake in a country the report never names -------------------------

def test_a_village_namesake_abroad_is_not_the_place_of_a_report_about_a_sahel_country(geo_run):
    # Kona is a small village in Ivory Coast, and a spelling of Konna (Mali) that the gazetteer lacks
    _, res = geo_run("Malian soldiers pushed the rebels out of Kona on Friday.")
    r = by_text(res, "Kona")
    assert r.place.country_iso2 == "ML" and r.method.startswith("unknown-toponym")


def test_a_large_town_abroad_is_kept_in_a_report_about_a_sahel_country(geo_run):
    _, res = geo_run("Malian traders were robbed on the road to Bouaké on Friday.")
    r = by_text(res, "Bouaké")
    assert r.place.country_iso2 == "CI" and r.place.kind == "locality"


def test_a_foreign_contingent_does_not_make_a_small_town_foreign(geo_run):
    # "Chadian" names Chad, whose forces serve abroad: Tessalit stays the Malian town
    _, res = geo_run("Chadian peacekeepers were wounded by a mine close to Tessalit.")
    r = by_text(res, "Tessalit")
    assert r.place.country_iso2 == "ML" and r.place.kind == "locality"


# --- English and French names of admin regions (geo_regions.yaml admin_aliases) ------

@pytest.mark.parametrize("text, admin1", [
    ("Gunmen burned a school in the North Central region of Burkina Faso.", "Centre-Nord"),
    ("Farmers blocked a road in Burkina Faso's Central Plateau region.", "Plateau-Central"),
    ("Des hommes armés ont incendié une école dans la région de l'Est du Burkina Faso.", "Est"),
])
def test_english_and_french_names_of_burkina_regions(geo_run, text, admin1):
    _, res = geo_run(text)
    units = [r for r in res if r.place.kind == "admin1"]
    assert units and units[0].place.country_iso2 == "BF" and units[0].place.admin1 == admin1
