"""ACLED harness: reading rows, pairing events with rows, comparing fields, scoring (no pipeline)."""

from __future__ import annotations

import csv

import pytest

from conflictwatch.errors import InputError
from conflictwatch.evaluation.acled import (
    REQUIRED_COLUMNS,
    GoldRow,
    NetworkMapper,
    Prediction,
    compare,
    load_rows,
    notes_document,
    pair_best,
    parse_years,
    score,
)
from conflictwatch.evaluation.metrics import NO_EVENT
from conflictwatch.records import Actor, Event


def gold(**kw) -> GoldRow:
    base = dict(
        row_id="XX1", notes="Gunmen attacked an army post near Alpha, killing two soldiers.", event_date="2019-03-04",
        year=2019, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
        actor1="Unidentified Armed Group (Mali)", actor2="Military Forces of Mali (2013-2020)", inter1=3, inter2=1,
        country="Mali", admin1="Ségou", admin2="Niono", location="Alpha", latitude=14.0, longitude=-6.0,
        geo_precision=1, fatalities=2,
    )
    base.update(kw)
    return GoldRow(**base)


def event(**kw) -> Event:
    base = dict(
        event_id_cnty="MLI-1", doc_id="d", event_date="2019-03-04", year=2019, time_precision=1,
        disorder_type="Political violence", event_type="Battles", sub_event_type="Armed clash",
        actor1="Unidentified Armed Group (Mali)", inter1=3, actor2="Military Forces of Mali (2013-2020)", inter2=1,
        country="Mali", admin1="Segou", admin2="Niono", location="Alpha", latitude=14.05, longitude=-6.0,
        geo_precision=1, fatalities=2,
    )
    base.update(kw)
    return Event(**base)


class FakeKB:
    """Stands in for ActorKB: knows two names."""

    def __init__(self):
        self._actors = {
            "military forces of mali": Actor("military:ML", "Military Forces of Mali", 1, "state"),
            "jnim: group for support of islam and muslims": Actor("jnim", "JNIM: Group for Support of Islam and Muslims", 2, "al-Qaeda"),
        }

    def by_name(self, name):
        return self._actors.get(name.strip().casefold())


@pytest.fixture()
def networks():
    return NetworkMapper(FakeKB())


def test_parse_years():
    assert parse_years("2012-2014") == {2012, 2013, 2014}
    assert parse_years("2018, 2019") == {2018, 2019}
    assert parse_years("2012-2013,2019") == {2012, 2013, 2019}
    assert parse_years(None) is None and parse_years("") is None
    with pytest.raises(InputError):
        parse_years("last year")
    with pytest.raises(InputError):
        parse_years("2019-2012")


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(REQUIRED_COLUMNS))
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in REQUIRED_COLUMNS})


def test_load_rows_filters_years_and_samples_reproducibly(tmp_path):
    path = tmp_path / "rows.csv"
    _write_csv(path, [
        {"event_id_cnty": f"R{i}", "year": str(2012 + i % 4), "event_date": f"{2012 + i % 4}-01-02",
         "notes": f"Report number {i}.", "inter1": "1", "inter2": "", "latitude": "12.5", "longitude": "",
         "fatalities": "3", "geo_precision": "2", "time_precision": "1"}
        for i in range(20)
    ])
    rows = load_rows(path)
    assert len(rows) == 20 and rows[0].row_id == "R0"
    assert rows[0].inter2 == 0 and rows[0].latitude == 12.5 and rows[0].longitude is None and rows[0].fatalities == 3
    assert {r.year for r in load_rows(path, years={2012, 2013})} == {2012, 2013}
    assert 2015 not in {r.year for r in load_rows(path, exclude_years={2015})}
    first = load_rows(path, limit=5)
    assert [r.row_id for r in first] == ["R0", "R1", "R2", "R3", "R4"]
    a = load_rows(path, limit=5, seed=7)
    b = load_rows(path, limit=5, seed=7)
    assert [r.row_id for r in a] == [r.row_id for r in b]
    assert [r.row_id for r in a] == sorted((r.row_id for r in a), key=lambda s: int(s[1:]))  # file order kept
    assert [r.row_id for r in a] != [r.row_id for r in load_rows(path, limit=5, seed=8)]


def test_load_rows_names_the_problem(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_rows(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_rows(bad)


def test_notes_document_is_plain_text_without_date():
    raw = notes_document(gold())
    assert raw.media_type == "text/plain" and raw.published is None
    assert raw.raw.decode("utf-8") == gold().notes and raw.uri == "acled:XX1"


def test_pair_best_prefers_matching_sub_event_then_location():
    row = gold()
    protest = event(event_type="Protests", sub_event_type="Peaceful protest")
    far_clash = event(latitude=16.0, longitude=-3.0, admin1="Tombouctou")
    near_clash = event()
    assert pair_best([protest, far_clash, near_clash], row) is near_clash
    assert pair_best([protest, far_clash], row) is far_clash
    assert pair_best([], row) is None
    # among equals, the first
    twin = event()
    assert pair_best([near_clash, twin], row) is near_clash


def test_compare_fields(networks):
    row = gold()
    res = compare(row, event(actor2="Military Forces of Mali (2012-2013)", fatalities=3, event_date="2019-03-05"), networks)
    assert res["event_type"].correct and res["sub_event_type"].correct
    assert res["actor1"].correct
    assert not res["actor2"].correct and res["actor2_base"].correct and res["actor2_network"].correct
    assert res["actor2_network"].gold == "state"
    assert res["admin1"].correct  # accents ignored
    assert res["location"].correct and res["location"].detail.endswith("km")
    assert not res["fatalities"].correct and res["fatalities_pm1"].correct
    assert not res["event_date"].correct
    assert res["inter2"].correct


def test_compare_takes_an_open_period_label_for_the_closed_one(networks):
    # an export made while the period ran writes "(2013-)"; the extractor writes the span it knows
    res = compare(gold(actor2="Military Forces of Mali (2013-)"), event(), networks)
    assert res["actor2"].correct
    res = compare(gold(actor2="Military Forces of Mali (2021-)"), event(), networks)
    assert not res["actor2"].correct and res["actor2_base"].correct


def test_compare_without_event_is_wrong_everywhere(networks):
    # even fields whose gold value is empty (no actor2, inter2 0) count as wrong
    res = compare(gold(actor2="", inter2=0), None, networks)
    assert not any(r.correct for name, r in res.items() if not name.startswith("_"))


def test_network_mapper_kb_then_rules(networks):
    assert networks("Military Forces of Mali (2013-)") == "state"  # period dropped, KB hit
    assert networks("Police Forces of Mali (2013-) Gendarmerie") == "state"  # rule
    assert networks("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)") == "al-Qaeda"
    assert networks("Islamic State (West Africa)") == "Islamic State"  # rule
    assert networks("AQIM: Al Qaeda in the Islamic Maghreb") == "al-Qaeda"  # rule
    assert networks("Dozo Militia") == "other"
    assert networks("Mutiny of Military Forces of Mali (2002-2012)") == "other"
    assert networks("") == ""


def test_score_end_to_end_on_hand_built_predictions(networks):
    r1 = gold(row_id="A")
    r2 = gold(row_id="B", sub_event_type="Attack", event_type="Violence against civilians")
    r3 = gold(row_id="C")
    preds = [
        Prediction(r1, (event(), event(sub_event_type="Attack")), event(), seconds=0.5),
        Prediction(r2, (event(),), event(), seconds=0.25),  # wrong type
        Prediction(r3, (), None, rejected=None, seconds=0.25),  # nothing extracted
    ]
    rep = score(preds, networks)
    flat = rep.flat()
    assert rep.n == 3
    assert flat["event_type.accuracy"] == pytest.approx(1 / 3)
    assert flat["sub_event_type.micro_f1"] == pytest.approx(1 / 3)
    assert flat["admin1"] == pytest.approx(2 / 3)
    assert flat["coverage"] == pytest.approx(2 / 3)
    assert rep.events_per_report["mean"] == pytest.approx(1.0)
    assert rep.events_per_report["share_2"] == pytest.approx(1 / 3)
    assert rep.location.within[25] == pytest.approx(2 / 3)
    assert rep.reports_per_second == pytest.approx(3.0)
    assert ("Attack", "Armed clash", 1) in rep.sub_event_type.confusions
    assert ("Armed clash", NO_EVENT, 1) in rep.sub_event_type.confusions
    d = rep.to_dict()
    assert d["rows"] == 3 and "scores" in d and d["years"] == [2019]


def test_date_hint_sets_publication_date_only_when_asked():
    assert notes_document(gold(), date_hint=True).published == "2019-03-04"
    assert notes_document(gold()).published is None
