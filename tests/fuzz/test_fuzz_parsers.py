"""Property tests over the text stage (HTML and scraped text), the whole extraction, ACLED CSV, GeoNames dumps
and place CSVs, and API request bodies.  Hostile input gives a result or a typed error naming the input."""

from __future__ import annotations

import csv
import io
from functools import lru_cache

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.errors import InputError
from conflictwatch.records import Document, Extraction, RawDocument, Rejected, content_id
from conflictwatch.text import clean
from tests.fuzz.hostile import ABSURD_DATES, ABSURD_NUMBERS, encoded, html_pages, odd_text

settings.load_profile("fuzz")


def _raw(data: bytes, media_type: str, uri: str = "fuzz://doc", **kw) -> RawDocument:
    return RawDocument(id=content_id(data), uri=uri, raw=data, media_type=media_type, origin="file", **kw)


@given(page=html_pages(), enc=st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]),
       declared=st.sampled_from([None, "utf-8", "x-bogus", "cp1252", "utf-32"]))
def test_html_cleaning_never_raises(page, enc, declared):
    raw = _raw(page.encode(enc, "replace"), "text/html", uri="fuzz://page.html", encoding=declared)
    out = clean(raw)
    assert isinstance(out, (Document, Rejected))
    if isinstance(out, Rejected):
        assert out.uri == "fuzz://page.html" and out.reason
    else:
        assert "\x00" not in out.text


@given(data=encoded(), published=st.sampled_from([None, *ABSURD_DATES]))
def test_text_cleaning_never_raises(data, published):
    out = clean(_raw(data, "text/plain", uri="fuzz://page.txt", published=published))
    assert isinstance(out, (Document, Rejected))
    if isinstance(out, Rejected):
        assert out.uri == "fuzz://page.txt" and out.reason


@lru_cache(maxsize=1)
def _pipeline():
    from conflictwatch.workflow import default_pipeline

    return default_pipeline()


SENTENCE = st.builds(
    lambda who, where, when, n, odd: f"{who} attacked {where} on {when}, killing {n} people{odd}. Officials said "
                                     f"the attack near {where} on {when} left {n} dead.",
    st.sampled_from(["Gunmen", "JNIM militants", "\u202eJNIM\u202c", "Ja\u200bma'at", "‏جماعة‎", "Les soldats"]),
    st.sampled_from(["Djibo", "Dji\u200bbo", "Ménaka", "Me\u0301naka", "DJIBO", "Tillabéri\x00", "Gao, Mali"]),
    st.sampled_from(ABSURD_DATES + ("Monday", "3 June 2019")),
    st.sampled_from(ABSURD_NUMBERS + ("12", "dozens of", "1000000000000")),
    st.sampled_from(["", "\u200b", "\u2028", "\ufeff", " 🔥"]),
)


@given(text=SENTENCE, published=st.sampled_from([None, "2019-06-03", "0001-01-01", "9999-12-31"]))
def test_extraction_of_hostile_sentences_never_raises(text, published):
    from conflictwatch.workflow import extract_safely

    raw = _raw(text.encode("utf-8"), "text/plain", uri="fuzz://s.txt", published=published)
    out = extract_safely(raw, _pipeline())
    assert isinstance(out, (Extraction, Rejected))
    if isinstance(out, Rejected):
        assert out.uri == "fuzz://s.txt"
        assert "internal error" not in out.reason, out.reason  # a crash caught, not a clean rejection
    else:
        for e in out.events:
            assert e.latitude is None or -90 <= e.latitude <= 90
            assert e.longitude is None or -180 <= e.longitude <= 180
            assert e.fatalities >= 0
            assert e.event_date is None or "0001" < e.event_date[:4] <= "9999"


ACLED_COLS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
              "latitude", "longitude", "fatalities", "inter1", "notes")


@given(rows=st.lists(st.fixed_dictionaries({
    "event_id_cnty": st.sampled_from(["BFO1", "BFO2", "", "x" * 300]),
    "event_date": st.sampled_from(ABSURD_DATES + ("2019-03-31", "03 December 2020")),
    "event_type": st.sampled_from(["Battles", "", "<script>"]),
    "sub_event_type": st.sampled_from(["Armed clash", "Attack", "?"]),
    "actor1": odd_text, "actor2": odd_text, "country": odd_text,
    "latitude": st.sampled_from(ABSURD_NUMBERS + ("13.5",)), "longitude": st.sampled_from(ABSURD_NUMBERS + ("-1.5",)),
    "fatalities": st.sampled_from(ABSURD_NUMBERS + ("3",)), "inter1": st.sampled_from(ABSURD_NUMBERS + ("1",)),
    "notes": odd_text}), max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]), enc=st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
    junk=st.one_of(st.just(b""), st.binary(max_size=50)))
def test_acled_csv_gives_events_or_an_error_naming_the_file_and_line(rows, delimiter, enc, junk):
    from conflictwatch.sources.acled import read_acled

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(ACLED_COLS)
    for r in rows:
        w.writerow([r[c] for c in ACLED_COLS])
    data = buf.getvalue().encode(enc, "replace") + junk
    try:
        events = read_acled(data, "fuzz.csv")
    except InputError as exc:
        assert exc.uri.startswith("fuzz.csv") and exc.reason
        return
    for e in events:
        assert e.latitude is None or -90 <= e.latitude <= 90
        assert e.longitude is None or -180 <= e.longitude <= 180


@pytest.fixture(scope="module")
def gazetteer():
    from conflictwatch.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open(user=False)
    yield gaz
    gaz.close()


GN_FIELD = st.one_of(odd_text, st.sampled_from(ABSURD_NUMBERS), st.just("P"), st.just("ML"))


@given(lines=st.lists(st.lists(GN_FIELD, min_size=17, max_size=20).map(lambda c: "\t".join(
    ["123", *c[:3], "13.5", "-1.5", *c[3:]])), min_size=1, max_size=5),
    as_csv=st.booleans(), enc=st.sampled_from(["utf-8", "cp1252"]))
def test_geonames_dumps_and_place_csvs_never_raise(tmp_path_factory, gazetteer, lines, as_csv, enc):
    from conflictwatch.geo.importer import import_places

    folder = tmp_path_factory.mktemp("gn")
    path = folder / ("places.csv" if as_csv else "ML.txt")
    first = "name,latitude,longitude,country\n" if as_csv else ""
    body = "\n".join(ln.replace("\t", ",") if as_csv else ln for ln in lines)
    path.write_bytes((first + body.replace("\r", " ") + "\n").encode(enc, "replace"))
    try:
        report = import_places(path, overlay=folder / "overlay.sqlite", gaz=gazetteer)
    except InputError as exc:
        assert str(path) in exc.uri and exc.reason
        return
    for err in report.errors:
        assert err.startswith(str(path))


# ------------------------------------------------------------------ API request bodies


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from conflictwatch.api import create_app
    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys
    from conflictwatch.workflow import bundled_examples, default_pipeline, run

    db = tmp_path_factory.mktemp("fuzzapi") / "cw.db"
    with Store.open(db) as store:
        run([bundled_examples()], store, default_pipeline())
    app = create_app(db, serve_dashboard=False, rate_limit=None)
    with TestClient(app, raise_server_exceptions=False) as c:
        token = ApiKeys(c.app.state.store).create("fuzz", "admin")
        event_id = c.get("/api/events").json()["events"][0]["event_id_cnty"]
        yield c, {"X-API-Key": token}, event_id


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
              st.floats(allow_nan=False, allow_infinity=False), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(odd_text, inner, max_size=3)),
    max_leaves=8,
)
FIELDS = st.sampled_from(["fatalities", "actor1", "event_date", "latitude", "longitude", "location", "notes",
                          "event_type", "sub_event_type", "country", "admin1", "nope", "", "__class__"])


@given(route=st.sampled_from(["PATCH /api/events/{e}", "POST /api/events/{e}/confirm", "POST /api/events/{e}/revert",
                              "POST /api/keys", "POST /api/events/merge", "POST /api/events/{e}/reject"]),
       body=st.one_of(JSON, st.dictionaries(st.sampled_from(["changes", "reason", "field", "event_ids", "name", "role"]),
                                            st.one_of(JSON, st.dictionaries(FIELDS, JSON, max_size=3)), max_size=3)),
       raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_api_request_bodies_never_give_a_500(api, route, body, raw):
    client, headers, event_id = api
    method, path = route.split(" ")
    path = path.replace("{e}", event_id)
    if raw is not None:
        r = client.request(method, path, content=raw, headers={**headers, "content-type": "application/json"})
    else:
        r = client.request(method, path, json=body, headers=headers)
    assert r.status_code < 500, (route, body, r.text[:300])
    if r.status_code >= 400:
        assert set(r.json()) == {"error"}
    # the event still reads back
    assert client.get(f"/api/events/{event_id}").status_code == 200
