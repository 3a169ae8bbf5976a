"""Write the deduplication benchmark (benchmark.jsonl) from incidents.yaml and rewriting templates.

Each hand-written incident becomes six reports written differently: a wire
story, a local outlet's short piece, an NGO bulletin, an army communiqué, a
two-sentence brief and a French wire story.  They differ in outlet style,
level of detail, how the perpetrator is named (a named group, "suspected ..."
or "gunmen"), how the date is written (weekday relative to a publication
date one or two days later, or a calendar date) and the toll (each outlet has
its own figure, within the spread that real reporting shows).

    python data/dedup-benchmark/generate.py            # rewrites benchmark.jsonl
    python data/dedup-benchmark/generate.py --check    # fails if benchmark.jsonl is stale

Deterministic: the same incidents give the same file.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchgen import run_generator  # noqa: E402  (the command line shared by the generators)
COUNTRY = {"BF": ("Burkina Faso", "Burkinabe", "burkinabè", "au Burkina Faso"),
           "ML": ("Mali", "Malian", "malienne", "au Mali"),
           "NE": ("Niger", "Nigerien", "nigérienne", "au Niger")}
ACTOR = {
    "jnim": ("the al-Qaeda-linked JNIM group", "suspected JNIM militants", "le Groupe de soutien à l'islam et aux musulmans (JNIM)"),
    "isgs": ("the Islamic State in the Greater Sahara", "suspected Islamic State fighters", "l'État islamique au Grand Sahara"),
    "ansarul": ("the Ansarul Islam group", "suspected Ansarul Islam militants", "le groupe Ansarul Islam"),
    "macina": ("the Katiba Macina", "suspected Katiba Macina fighters", "la Katiba Macina"),
    "unknown": ("unidentified gunmen", "gunmen", "des hommes armés non identifiés"),
}
WEEKDAY_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTH_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]
OUTLETS = ["Sahel Wire", "West Africa Desk", "Savanna Post", "Niger River Times", "Regional Monitor"]


def _en_date(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def _victims(kind: str) -> tuple[str, str]:
    return {"post": ("soldiers", "soldats"), "ambush": ("soldiers", "soldats"), "village": ("civilians", "civils"),
            "ied": ("people", "personnes"), "abduction": ("people", "personnes")}[kind]


def _what_en(kind: str, place: str, vague: bool = False) -> str:
    return {
        "post": f"attacked an army post in {place}",
        "ambush": f"ambushed an army patrol near {place}",
        "village": f"attacked a village near {place}",
        "ied": f"planted a roadside bomb that struck a vehicle near {place}",
        "abduction": f"abducted travellers near {place}",
    }[kind]


def _what_fr(kind: str, place: str) -> str:
    return {
        "post": f"ont attaqué un poste de l'armée à {place}",
        "ambush": f"ont tendu une embuscade à une patrouille de l'armée près de {place}",
        "village": f"ont attaqué un village près de {place}",
        "ied": f"ont posé un engin explosif qui a frappé un véhicule près de {place}",
        "abduction": f"ont enlevé des voyageurs près de {place}",
    }[kind]


def _toll_en(inc: dict, n: int, victims: str, style: str) -> str:
    if inc["kind"] == "abduction":
        return f"{inc['abducted'] + (0 if style != 'local' else 2)} people were abducted"
    return {"wire": f"killing {n} {victims}", "local": f"at least {n} {victims} were killed"}.get(style, f"{n} {victims} were killed")


def reports(inc: dict) -> list[dict]:
    rng = random.Random(inc["id"])
    day = dt.date.fromisoformat(str(inc["date"]))
    country, adj, adj_fr, in_country = COUNTRY[inc["country"]]
    named, vague, fr_actor = ACTOR[inc["actor"]]
    place, area, kind = inc["place"], inc["area"], inc["kind"]
    victims, victims_fr = _victims(kind)
    k = int(inc.get("killed", 0))
    # each outlet's own toll: first reports low, later ones revised, some rounded
    tolls = {"wire": k, "local": max(1, k - rng.choice([1, 2])) if k else 0, "ngo": k + rng.choice([0, 1, 2]) if k else 0,
             "gov": k, "brief": k + rng.choice([0, 3]) if k else 0, "fr": k}
    out: list[dict] = []

    def add(style: str, lang: str, lag: int, text: str) -> None:
        pub = day + dt.timedelta(days=lag)
        out.append({"id": f"{inc['id']}-{style}", "incident": inc["id"], "group": inc["id"][:-1], "style": style,
                    "language": lang, "published": pub.isoformat(), "text": text.strip() + "\n"})

    wd = WEEKDAY_EN[day.weekday()]
    lag = rng.choice([1, 2])
    pub_wd = WEEKDAY_EN[(day + dt.timedelta(days=lag)).weekday()]
    actor_sentence = named[0].upper() + named[1:]
    add("wire", "en", lag, f"""
{place.upper()}, {country} ({OUTLETS[0]}) - {actor_sentence} {_what_en(kind, place)}, in {area}, on {wd}, {_toll_en(inc, tolls['wire'], victims, 'wire')}, security sources said on {pub_wd}.

{inc['detail']} The group claimed the attack in a statement on social media.

{country} has faced a jihadist insurgency for years, with attacks spreading from the north to other regions.
""")

    lag = rng.choice([1, 2])
    head = f"{place}: {tolls['local']} {victims} killed" if kind != "abduction" else f"{place}: travellers abducted"
    local_actor = vague if rng.random() < 0.5 else "Gunmen"
    add("local", "en", lag, f"""
{head}

{local_actor[0].upper() + local_actor[1:]} {_what_en(kind, place)} on {wd}. {_toll_en(inc, tolls['local'], victims, 'local').capitalize()}, a local official told {OUTLETS[2]}.

Residents said the attackers fled before reinforcements arrived.
""")

    lag = rng.choice([2, 3])
    if kind == "abduction":
        ngo_toll = f"According to local sources, {inc['abducted']} people were abducted."
    else:
        ngo_toll = f"According to local sources, {tolls['ngo']} {victims} were killed and several others wounded."
    add("ngo", "en", lag, f"""
Security incident report - {area}

On {_en_date(day)}, armed men {_what_en(kind, place)} ({area}, {country}). {ngo_toll} {inc['detail']}

Humanitarian access in the area remains restricted.
""")

    lag = 1
    if kind in ("post", "ambush"):
        gov_text = (f"The general staff of the {adj} armed forces said that on {_en_date(day)} terrorists attacked a unit "
                    f"near {place}. {tolls['gov']} soldiers were killed in the fighting and dozens of terrorists were neutralised.")
    elif kind == "ied":
        gov_text = (f"The {adj} army said that on {_en_date(day)} an army vehicle hit an improvised explosive device "
                    f"near {place}, killing {tolls['gov']} people.")
    elif kind == "village":
        gov_text = (f"The government of {country} condemned the attack by armed terrorists on a village near {place} "
                    f"on {_en_date(day)}, which killed {tolls['gov']} civilians, and declared national mourning.")
    else:
        gov_text = (f"The government of {country} said that armed terrorists abducted {inc['abducted']} people near {place} "
                    f"on {_en_date(day)} and that search operations are under way.")
    add("gov", "en", lag, f"""
Communique

{gov_text}

The population is asked to report any suspicious movement to the authorities.
""")

    lag = rng.choice([0, 1])
    when = "on " + wd if lag else "today"
    if kind == "abduction":
        brief = f"Gunmen abducted {inc['abducted']} people near {place}, in {country}, {when}."
    else:
        what = {"post": "an attack on an army post", "ambush": "an ambush on soldiers", "village": "an attack on a village",
                "ied": "a roadside bomb blast"}[kind]
        brief = f"{tolls['brief']} {victims} died in {what} near {place} in {area} {when}."
    add("brief", "en", lag, f"""
In brief

{brief} {inc['detail']}
""")

    lag = rng.choice([1, 2])
    fr_day = WEEKDAY_FR[day.weekday()]
    if kind == "abduction":
        fr_toll = f"enlevant {inc['abducted']} personnes"
    else:
        fr_toll = f"tuant {tolls['fr']} {victims_fr}"
    add("fr", "fr", lag, f"""
{place.upper()} ({country}) - Des éléments présumés de {fr_actor} {_what_fr(kind, place)}, dans la région ({area}), {fr_day} {day.day} {MONTH_FR[day.month - 1]}, {fr_toll}, ont indiqué des sources sécuritaires.

L'insécurité persiste {in_country} malgré les opérations de l'armée {adj_fr}.
""")
    return out


def build(incidents_path: Path = HERE / "incidents.yaml") -> list[dict]:
    data = yaml.safe_load(incidents_path.read_text(encoding="utf-8"))
    rows: list[dict] = []
    for inc in data["incidents"]:
        rows.extend(reports(inc))
    return rows


def main(argv: list[str] | None = None) -> int:
    return run_generator(build, __file__, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
