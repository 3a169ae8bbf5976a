"""User overlay: import of GeoNames dumps and CSVs, override of packaged places, use by the resolver.

Fixture coordinates are approximate (public knowledge), see fixtures/README.md.
"""

import json
import zipfile
from pathlib import Path

import pytest

from conflictwatch.errors import InputError
from conflictwatch.geo import Gazetteer, find_toponyms, resolve_places
from conflictwatch.geo.importer import import_places
from conflictwatch.geo.overlay import UserOverlay, user_overlay_path

from tests.geo.conftest import make_doc, split_sentences

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture()
def overlay(tmp_path, gaz):
    path = tmp_path / "user.sqlite"
    dump = import_places(FIX / "ML_sample.txt", overlay=path, gaz=gaz)
    csv_ = import_places(FIX / "places.csv", overlay=path, gaz=gaz)
    return path, dump, csv_


@pytest.fixture()
def ugaz(gaz_path, overlay):
    g = Gazetteer.open(gaz_path, user=overlay[0])
    yield g
    g.close()


def run(g, text):
    sents = split_sentences(text)
    mentions = find_toponyms(text, sents, g)
    return mentions, resolve_places(make_doc(text), sents, mentions, g)


def by_text(res, surface):
    hits = [r for r in res if r.mention.text == surface]
    assert hits, f"{surface!r} not resolved; got {[(r.mention.text, r.location) for r in res]}"
    return hits[0]


def test_dump_report_counts_and_errors(overlay):
    _, dump, _ = overlay
    assert dump.format == "geonames-dump"
    assert dump.added == 7 and dump.updated == 0  # 6 villages + Djibo
    assert dump.skipped == 1  # the stream (feature class H)
    assert len(dump.errors) == 2
    assert any("ML_sample.txt:8:" in e and "bad coordinates" in e for e in dump.errors)
    assert any("ML_sample.txt:10:" in e and "19 tab-separated columns" in e for e in dump.errors)


def test_csv_report_counts_and_errors(overlay):
    _, _, rep = overlay
    assert rep.format == "csv"
    assert rep.added == 8
    errs = "\n".join(rep.errors)
    assert "places.csv:11:" in errs and "out of range" in errs  # latitude 95
    assert "places.csv:12:" in errs and "missing latitude" in errs
    assert "places.csv:13:" in errs and "unknown country 'Atlantis'" in errs


def test_reimport_is_idempotent(tmp_path, gaz, overlay):
    path = overlay[0]
    with UserOverlay(path) as ov:
        before = ov.count()
    again = import_places(FIX / "places.csv", overlay=path, gaz=gaz)
    assert again.added == 0 and again.updated == 8
    with UserOverlay(path) as ov:
        assert ov.count() == before
        assert ov.sources() == {"ML_sample": 7, "places": 8}


def test_zip_of_dump(tmp_path, gaz):
    z = tmp_path / "ML.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(FIX / "ML_sample.txt", "ML.txt")
        zf.writestr("readme.txt", "GeoNames readme\n")
    rep = import_places(z, overlay=tmp_path / "u.sqlite", gaz=gaz)
    assert rep.added == 7 and rep.source == "ML"


def test_csv_missing_required_column(tmp_path, gaz):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nNdaki,15.1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv.*longitude, country"):
        import_places(bad, overlay=tmp_path / "u.sqlite", gaz=gaz)


def test_admin_units_filled_and_kept(ugaz):
    # dump row without an admin1 code: filled from the polygons
    dia = ugaz.place("gn:99000004")
    assert dia.country_iso2 == "ML" and dia.admin1 == "Mopti"
    assert ugaz.place("gn:99000003").admin1 == "Mopti"
    hom = ugaz.place("gn:99000002")
    assert hom.admin1 == "Mopti" and hom.admin2_code == "ML.04.7670549"
    solhan = ugaz.lookup("Solhan", "BF")  # (a Solhan in Turkey is packaged too)
    assert solhan[0].admin1 == "Sahel" and solhan[0].admin2 == "Yagha"
    assert ugaz.lookup("Chinegodar")[0].country_iso2 == "NE"  # ISO3 country, alternate name


def test_user_places_found_in_text(ugaz):
    _, res = run(ugaz, "Jihadists attacked the army camp in Boulkessi on Sunday. Troops later reached Sévaré.")
    b = by_text(res, "Boulkessi")
    assert b.place.id == "gn:99000003" and b.geo_precision == 1 and b.place.source == "user:ML_sample"
    assert by_text(res, "Sévaré").place.admin1 == "Mopti"


def test_user_place_overrides_packaged(gaz, ugaz):
    # same GeoNames id: the dump copy of Djibo wins
    assert gaz.place("gn:2361177").population != 70000
    assert ugaz.place("gn:2361177").population == 70000
    assert [p.id for p in ugaz.lookup("Djibo")].count("gn:2361177") == 1
    # same name, same country and admin-1: the packaged Kouri (Sikasso) is replaced by the user's
    assert any(p.id == "gn:2454285" for p in gaz.lookup("Kouri", "ML"))
    ml = ugaz.lookup("Kouri", "ML")
    assert [p.id for p in ml] == ["user:places:kouri-ml"]


def test_overlay_survives_rebuild_of_packaged(tmp_path, overlay):
    from conflictwatch.geo.build import build_gazetteer

    # the overlay is its own file: a rebuilt packaged gazetteer does not touch it
    fresh = build_gazetteer(tmp_path / "fresh.sqlite")
    g = Gazetteer.open(fresh, user=overlay[0])
    try:
        assert g.lookup("Boulkessi")
    finally:
        g.close()


@pytest.mark.parametrize("text, cc", [
    ("Burkina Faso's army said gunmen attacked Kouri on Sunday. Burkinabe troops responded.", "BF"),
    ("In Niger, gunmen attacked Kouri on Sunday, the Nigerien defence ministry said.", "NE"),
    ("Malian soldiers were deployed to Kouri after the attack in Mali.", "ML"),
])
def test_ambiguous_kouri_by_document_country(ugaz, text, cc):
    _, res = run(ugaz, text)
    assert by_text(res, "Kouri").place.country_iso2 == cc


def test_ambiguous_boni(ugaz):
    _, res = run(ugaz, "In Mali, a convoy was ambushed near Boni on the road to Hombori.")
    r = by_text(res, "Boni")
    assert r.place.country_iso2 == "ML" and r.geo_precision == 2
    _, res = run(ugaz, "Burkina Faso: gunmen shot two traders in Boni, in the Tuy province.")
    assert by_text(res, "Boni").place.country_iso2 == "BF"


def test_env_var_locates_overlay(tmp_path, monkeypatch, gaz_path, overlay):
    monkeypatch.setenv("CONFLICTWATCH_GAZETTEER_USER", str(tmp_path / "dir"))
    assert user_overlay_path() == tmp_path / "dir" / "user_places.sqlite"
    monkeypatch.setenv("CONFLICTWATCH_GAZETTEER_USER", str(overlay[0]))
    assert user_overlay_path() == overlay[0]
    g = Gazetteer.open(gaz_path)  # default overlay = the env var's
    try:
        assert g.user_path == overlay[0] and g.lookup("Inates")
    finally:
        g.close()


def test_cli_import(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from conflictwatch.cli.geo import gazetteer_cli

    target = tmp_path / "cli.sqlite"
    r = CliRunner().invoke(gazetteer_cli, ["import", str(FIX / "places.csv"), "--user-db", str(target),
                                           "--source", "mine"])
    assert r.exit_code == 0, r.output
    assert "8 added" in r.output and "3 bad rows" in r.output
    assert "places.csv:11:" in r.output  # errors go to stderr, which the runner mixes in
    r = CliRunner().invoke(gazetteer_cli, ["import", str(FIX / "places.csv"), "--user-db", str(target),
                                           "--source", "mine", "--json"])
    data = json.loads(r.stdout if hasattr(r, "stdout") else r.output)
    assert data["added"] == 0 and data["updated"] == 8
    r = CliRunner().invoke(gazetteer_cli, ["import", str(tmp_path / "missing.csv"), "--user-db", str(target)])
    assert r.exit_code != 0 and "missing.csv" in r.output
