"""Synthetic ACLED-style events for scale tests (no ACLED rows: places, actors and mixes are made up here).

    .venv/bin/python benchmarks/synthetic_events.py 2000000 --db /tmp/synthetic.db     # load into a store
    .venv/bin/python benchmarks/synthetic_events.py 1000 --csv /tmp/synthetic.csv       # or write a CSV

About 60% of the events fall in the central Sahel (Mali, Burkina Faso, Niger) around hotspot towns, with
network-specific areas (al-Qaeda's JNIM in central Mali and northern/eastern Burkina Faso, the Islamic State in
the Ménaka–Tillabéri borderlands), the rest in other theatres (Lake Chad, Somalia, eastern DR Congo, Syria,
Mexico, Myanmar).  Each event gets a date (2012–2024, rising over time), an event type and sub-type, actors
drawn from the theatre's mix (state forces, named groups, a dozen local militias per country, civilians, unidentified
groups), a place jittered ~30 km around its hotspot and a heavy-tailed fatality count.  Seeded: the same N and
seed give the same events.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import numpy as np

from conflictwatch.records import ACLED_COLUMNS, Document, Event, Extraction, content_id

# (country, iso numeric, admin1, admin2, location, lat, lon, weight, theatre)
HOTSPOTS = [
    ("Mali", 466, "Mopti", "Douentza", "Boni", 15.03, -1.95, 6, "jnim"),
    ("Mali", 466, "Mopti", "Bandiagara", "Bandiagara", 14.35, -3.61, 6, "jnim"),
    ("Mali", 466, "Mopti", "Djenne", "Djenne", 13.91, -4.55, 4, "jnim"),
    ("Mali", 466, "Mopti", "Tenenkou", "Diafarabe", 14.15, -4.98, 4, "jnim"),
    ("Mali", 466, "Segou", "Niono", "Niono", 14.25, -5.99, 4, "jnim"),
    ("Mali", 466, "Timbuktu", "Goundam", "Goundam", 16.42, -3.67, 3, "jnim"),
    ("Mali", 466, "Gao", "Ansongo", "Ansongo", 15.66, 0.50, 3, "is"),
    ("Mali", 466, "Menaka", "Menaka", "Menaka", 15.92, 2.40, 5, "is"),
    ("Mali", 466, "Menaka", "Menaka", "Anderamboukane", 15.42, 3.03, 4, "is"),
    ("Mali", 466, "Kidal", "Kidal", "Kidal", 18.44, 1.41, 2, "jnim"),
    ("Burkina Faso", 854, "Sahel", "Soum", "Djibo", 14.10, -1.63, 6, "jnim"),
    ("Burkina Faso", 854, "Sahel", "Oudalan", "Gorom-Gorom", 14.44, -0.24, 4, "is"),
    ("Burkina Faso", 854, "Sahel", "Seno", "Dori", 14.03, -0.03, 4, "mixed"),
    ("Burkina Faso", 854, "Centre-Nord", "Bam", "Kongoussi", 13.33, -1.53, 4, "jnim"),
    ("Burkina Faso", 854, "Est", "Gourma", "Fada N'gourma", 12.06, 0.36, 4, "jnim"),
    ("Burkina Faso", 854, "Boucle du Mouhoun", "Sourou", "Tougan", 13.07, -3.07, 3, "jnim"),
    ("Burkina Faso", 854, "Nord", "Loroum", "Titao", 13.77, -2.07, 3, "jnim"),
    ("Niger", 562, "Tillaberi", "Tillaberi", "Tillaberi", 14.21, 1.45, 5, "is"),
    ("Niger", 562, "Tillaberi", "Ouallam", "Ouallam", 14.32, 2.09, 4, "is"),
    ("Niger", 562, "Tillaberi", "Abala", "Abala", 14.93, 3.43, 3, "is"),
    ("Niger", 562, "Tahoua", "Tillia", "Tillia", 16.13, 4.79, 2, "is"),
    ("Niger", 562, "Diffa", "Diffa", "Diffa", 13.32, 12.61, 3, "iswap"),
    ("Nigeria", 566, "Borno", "Maiduguri", "Maiduguri", 11.85, 13.16, 6, "iswap"),
    ("Nigeria", 566, "Borno", "Gwoza", "Gwoza", 11.08, 13.69, 4, "iswap"),
    ("Nigeria", 566, "Zamfara", "Gusau", "Gusau", 12.16, 6.66, 4, "bandits"),
    ("Somalia", 706, "Lower Shabelle", "Marka", "Marka", 1.71, 44.77, 4, "shabaab"),
    ("Somalia", 706, "Banadir", "Mogadishu", "Mogadishu", 2.04, 45.34, 5, "shabaab"),
    ("Democratic Republic of Congo", 180, "North Kivu", "Beni", "Beni", 0.49, 29.47, 5, "drc"),
    ("Democratic Republic of Congo", 180, "Ituri", "Djugu", "Djugu", 1.92, 30.50, 4, "drc"),
    ("Syria", 760, "Idleb", "Idleb", "Idleb", 35.93, 36.63, 5, "syria"),
    ("Syria", 760, "Deir ez Zor", "Deir ez Zor", "Deir ez Zor", 35.34, 40.14, 4, "syria"),
    ("Mexico", 484, "Guerrero", "Acapulco", "Acapulco", 16.86, -99.89, 3, "mexico"),
    ("Mexico", 484, "Michoacan", "Apatzingan", "Apatzingan", 19.09, -102.35, 3, "mexico"),
    ("Myanmar", 104, "Sagaing", "Shwebo", "Shwebo", 22.57, 95.70, 4, "myanmar"),
]

STATE = {
    "Mali": "Military Forces of Mali (2021-)", "Burkina Faso": "Military Forces of Burkina Faso (2022-)",
    "Niger": "Military Forces of Niger (2023-)", "Nigeria": "Military Forces of Nigeria (2023-)",
    "Somalia": "Military Forces of Somalia (2022-)",
    "Democratic Republic of Congo": "Military Forces of the Democratic Republic of Congo (2019-)",
    "Syria": "Military Forces of Syria (2000-2024)", "Mexico": "Military Forces of Mexico (2018-2024)",
    "Myanmar": "Military Forces of Myanmar (2021-)",
}
# theatre -> (group, inter, weight) armed groups acting as actor1 besides the state
GROUPS = {
    "jnim": [("JNIM: Group for Support of Islam and Muslims", 2, 8), ("Islamic State (Greater Sahara)", 2, 1),
             ("Dan Na Ambassagou", 4, 2), ("Katiba Macina", 2, 2)],
    "is": [("Islamic State (Greater Sahara)", 2, 7), ("JNIM: Group for Support of Islam and Muslims", 2, 2),
           ("MSA: Movement for the Salvation of Azawad", 2, 1), ("GATIA: Imghad Tuareg and Allies Self-Defense Group", 2, 1)],
    "mixed": [("JNIM: Group for Support of Islam and Muslims", 2, 4), ("Islamic State (Greater Sahara)", 2, 4),
              ("Koglweogo Militia", 4, 1)],
    "iswap": [("Islamic State (West Africa)", 2, 6), ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2, 4)],
    "bandits": [("Fulani Ethnic Militia (Nigeria)", 4, 4), ("Unidentified Armed Group (Nigeria)", 3, 4)],
    "shabaab": [("Al Shabaab", 2, 9), ("Islamic State (Somalia)", 2, 1)],
    "drc": [("ADF: Allied Democratic Forces", 2, 5), ("CODECO: Cooperative for Development of Congo", 3, 3),
            ("M23: March 23 Movement", 2, 3)],
    "syria": [("HTS: Hayat Tahrir al Sham", 2, 5), ("Islamic State (Syria)", 2, 3), ("SDF: Syrian Democratic Forces", 2, 3)],
    "mexico": [("CJNG: Jalisco New Generation Cartel", 3, 5), ("Sinaloa Cartel", 3, 4)],
    "myanmar": [("PDF: People's Defense Force", 2, 6), ("KIA: Kachin Independence Army", 2, 2)],
}
TYPES = [  # event type, sub-event type, weight, civilian target, base fatality mean
    ("Battles", "Armed clash", 30, False, 3.0),
    ("Battles", "Government regains territory", 2, False, 2.0),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 8, False, 2.0),
    ("Explosions/Remote violence", "Air/drone strike", 6, False, 4.0),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 4, False, 1.5),
    ("Violence against civilians", "Attack", 22, True, 2.5),
    ("Violence against civilians", "Abduction/forced disappearance", 6, True, 0.1),
    ("Strategic developments", "Looting/property destruction", 5, False, 0.0),
    ("Protests", "Peaceful protest", 12, False, 0.0),
    ("Riots", "Mob violence", 5, False, 0.5),
]
NOTES = ["Gunmen attacked the village.", "An army convoy hit a roadside bomb on the road.",
         "Clashes near the checkpoint on the national road.", "Militants raided the market.",
         "A drone strike hit a camp.", "Residents protested against insecurity."]
START, END = date(2012, 1, 1), date(2024, 12, 31)


def generate(n: int, seed: int = 7, *, chunk: int = 50_000, doc_id: str = "") -> Iterator[list[Event]]:
    """``n`` synthetic events in lists of ``chunk`` (``doc_id`` set on each; '' for CSV output)."""
    rng = np.random.default_rng(seed)
    w = np.array([h[7] for h in HOTSPOTS], dtype=float)
    w /= w.sum()
    tw = np.array([t[2] for t in TYPES], dtype=float)
    tw /= tw.sum()
    span = (END - START).days
    militias = [f"Communal Militia ({k})" for k in range(300)]
    cum = {t: np.cumsum([g[2] for g in gs]) for t, gs in GROUPS.items()}
    hash_country = {c: i for i, c in enumerate(STATE)}
    made = 0
    while made < n:
        m = min(chunk, n - made)
        hot = rng.choice(len(HOTSPOTS), size=m, p=w)
        # dates: denser in later years (violence grew)
        days = (span * np.sqrt(rng.random(m))).astype(int)
        typ = rng.choice(len(TYPES), size=m, p=tw)
        jlat, jlon = rng.normal(0, 0.3, m), rng.normal(0, 0.3, m)
        prec = rng.choice([1, 1, 1, 2, 2, 3], size=m)
        u_group, u_actor2, u_militia, u_state = rng.random(m), rng.random(m), rng.integers(0, 300, m), rng.random(m)
        fat_scale = rng.pareto(2.2, m)
        notes = rng.integers(0, len(NOTES), m)
        out = []
        for k in range(m):
            country, iso, admin1, admin2, loc, lat, lon, _, theatre = HOTSPOTS[hot[k]]
            etype, sub, _, civ, fat_mean = TYPES[typ[k]]
            groups = GROUPS[theatre]
            gw = cum[theatre]
            if u_state[k] < 0.22:
                a1, i1 = STATE[country], 1
            elif u_state[k] < 0.30:  # a local militia: 12 per country
                a1, i1 = militias[(hash_country[country] * 12 + u_militia[k] % 12) % len(militias)], 4
            else:
                g = groups[int(np.searchsorted(gw, u_group[k] * gw[-1], side="right"))]
                a1, i1 = g[0], g[1]
            if etype == "Protests" or sub == "Mob violence":
                a1, i1 = (f"Protesters ({country})", 6) if etype == "Protests" else (f"Rioters ({country})", 5)
                a2, i2 = "", None
            elif civ:
                a2, i2 = f"Civilians ({country})", 7
            elif etype == "Battles":
                if i1 == 1:
                    g = groups[int(np.searchsorted(gw, u_actor2[k] * gw[-1], side="right"))]
                    a2, i2 = g[0], g[1]
                elif u_actor2[k] < 0.15:
                    other = groups[(groups.index(next(x for x in groups if x[0] == a1)) + 1) % len(groups)] \
                        if any(x[0] == a1 for x in groups) else groups[0]
                    a2, i2 = other[0], other[1]
                else:
                    a2, i2 = STATE[country], 1
            else:
                a2, i2 = (STATE[country], 1) if u_actor2[k] < 0.6 else ("", None)
            day = START + timedelta(days=int(days[k]))
            fat = int(fat_mean * fat_scale[k] * 2) if fat_mean else 0
            made_id = made + k
            out.append(Event(
                event_id_cnty=f"SYN{made_id}", doc_id=doc_id, event_date=day.isoformat(), year=day.year,
                time_precision=1, disorder_type="Demonstrations" if etype in ("Protests", "Riots") else "Political violence",
                event_type=etype, sub_event_type=sub, actor1=a1, inter1=i1, actor2=a2, inter2=i2 if a2 else None,
                civilian_targeting="Civilian targeting" if civ else "", iso=iso, region="synthetic", country=country,
                admin1=admin1, admin2=admin2, location=loc, latitude=round(lat + float(jlat[k]), 4),
                longitude=round(lon + float(jlon[k]), 4), geo_precision=int(prec[k]), source="synthetic",
                notes=NOTES[notes[k]], fatalities=min(fat, 500), tags="synthetic",
            ))
        made += m
        yield out


def load(store, n: int, seed: int = 7, *, chunk: int = 50_000, progress: bool = True) -> int:
    """Store ``n`` synthetic events as pseudo-documents of ``chunk`` events each; returns the number stored."""
    stored = 0
    t0 = time.perf_counter()
    for i in range(0, n, chunk):
        doc_id = content_id(f"synthetic:{seed}:{n}:{i}".encode())
        m = min(chunk, n - i)
        [events] = list(_one_chunk(m, seed + i, doc_id, offset=i))
        doc = Document(id=doc_id, uri=f"synthetic:{seed}:{i}", text=f"{m} synthetic events", origin="synthetic")
        stored += store.save_extraction(Extraction(document=doc, events=tuple(events)), "synthetic.v1")
        if progress:
            rate = stored / (time.perf_counter() - t0)
            print(f"  stored {stored:,} events ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    return stored


def _one_chunk(m: int, seed: int, doc_id: str, offset: int) -> Iterator[list[Event]]:
    for events in generate(m, seed, chunk=m, doc_id=doc_id):
        yield [e.replace(event_id_cnty=f"SYN{offset + j}") for j, e in enumerate(events)]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of events")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", help="load into this store (SQLite file or URL)")
    ap.add_argument("--csv", type=Path, help="write an ACLED-style CSV instead")
    ap.add_argument("--chunk", type=int, default=50_000, help="events per pseudo-document")
    args = ap.parse_args(argv)
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(ACLED_COLUMNS)
            for events in generate(args.n, args.seed, chunk=args.chunk):
                w.writerows([e.acled_row()[c] for c in ACLED_COLUMNS] for e in events)
        print(f"wrote {args.n:,} events to {args.csv}")
        return
    if not args.db:
        ap.error("give --db or --csv")
    from conflictwatch.store import Store

    with Store.open(args.db) as store:
        n = load(store, args.n, args.seed, chunk=args.chunk)
    print(f"stored {n:,} events in {args.db}")


if __name__ == "__main__":
    main()
