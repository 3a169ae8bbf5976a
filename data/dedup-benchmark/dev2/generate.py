"""Write the second deduplication development set (dev2/benchmark.jsonl) from dev2/incidents.yaml.

Same output format as ``../generate.py`` and ``../heldout/generate.py`` (id, incident, group, style,
language, published, text), new incidents (other towns and years, Nigeria added) and new outlet styles,
none of them those two sets' templates:

* ``dateline``   newspaper story with a dateline that is often the capital or a regional hub, not the
                 town ("MAIDUGURI, Nigeria -"), "on Sunday" / "in the early hours of Sunday", a quote and
                 a background paragraph about an older, different attack;
* ``sitrep``     a security consultancy's daily digest: country headings, one line per incident,
                 "Overnight 10-11 Mar" or "11 Mar" without a year, "KIA/WIA" or "killed/wounded", an
                 unrelated second item;
* ``alert``      a one-line alert with no date, the toll in words or no toll, a hashtag;
* ``distance``   local report that places the attack "in X, a village some 25 km north-east of Y" or "on
                 the road about 25 km from Y", the toll in words, "two days ago" / "on Sunday night";
* ``ocha``       humanitarian snapshot: "During the night of 10 to 11 March", displacement figures,
                 non-state armed groups (NSAGs), a revised toll or none;
* ``funeral``    follow-up three to five days later: burials, "Sunday's attack", the revised toll, and
                 sometimes the OTHER incident of the group, which happened a few days earlier;
* ``ng_daily``   Nigerian daily: "on Sunday night invaded ... community in X Local Government Area of Y
                 State", police spokesman's statement from the state capital, Hausa spellings;
* ``fr_radio``   French radio bulletin: tolls in French words ("neuf", "une quinzaine", "plus d'une
                 vingtaine"), "dimanche soir", "avant-hier", a second, unrelated item;
* ``fr_commune`` French local site: "Commune de X : ...", "le village de Y, situé à 25 km de X",
                 "le dimanche 11 mars dernier" without a year, sometimes no toll.

Deterministic: the same incidents give the same file.

    python data/dedup-benchmark/dev2/generate.py            # rewrites dev2/benchmark.jsonl
    python data/dedup-benchmark/dev2/generate.py --check    # fails if it is stale
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchgen import MONTH_FR, WD_EN, WD_FR, build_reports, cap, run_generator, town as town_name  # noqa: E402  (the command line shared by the generators)
COUNTRY = {  # name, French name with article ("au Burkina Faso"), capital, hashtag
    "BF": ("Burkina Faso", "au Burkina Faso", "Ouagadougou", "#BurkinaFaso"),
    "ML": ("Mali", "au Mali", "Bamako", "#Mali"),
    "NE": ("Niger", "au Niger", "Niamey", "#Niger"),
    "NG": ("Nigeria", "au Nigeria", "Abuja", "#Nigeria"),
}
HUBS = {"BF": ["Ouagadougou", "Kaya"], "ML": ["Bamako", "Mopti", "Gao"], "NE": ["Niamey", "Tahoua"],
        "NG": ["Maiduguri", "Abuja"]}
STATE_CAPITAL = {"Borno State": "Maiduguri", "Katsina State": "Katsina", "Zamfara State": "Gusau"}
ACTOR = {  # formal EN, short EN, vague EN, FR
    "jnim": ("the al-Qaeda-affiliated Group for the Support of Islam and Muslims (JNIM)", "JNIM",
             "al-Qaeda-linked fighters", "des jihadistes liés à al-Qaïda"),
    "issp": ("the Islamic State in the Greater Sahara", "Islamic State", "Islamic State militants",
             "des combattants de l'État islamique"),
    "ansarul": ("Ansarul Islam", "Ansarul Islam", "Islamist militants", "des jihadistes présumés d'Ansarul Islam"),
    "macina": ("the Macina Liberation Front", "Macina", "militants loyal to the preacher Amadou Koufa",
               "des hommes armés de la katiba Macina"),
    "iswap": ("the Islamic State West Africa Province (ISWAP)", "ISWAP", "jihadists", "des combattants de l'ISWAP"),
    "jas": ("the Boko Haram faction known as JAS", "Boko Haram", "Boko Haram insurgents", "des éléments de Boko Haram"),
    "bandits": ("armed bandits", "bandits", "gunmen suspected to be bandits", "des bandits armés"),
    "unknown": ("unidentified gunmen", "gunmen", "armed men", "des individus armés non identifiés"),
}
VICTIMS_EN = {"soldiers": "soldiers", "gendarmes": "gendarmes", "vdp": "civilian defence volunteers",
              "civilians": "civilians", "traders": "traders", "farmers": "farmers", "worshippers": "worshippers",
              "travellers": "travellers"}
VICTIMS_FR = {"soldiers": "soldats", "gendarmes": "gendarmes", "vdp": "supplétifs civils de l'armée",
              "civilians": "civils", "traders": "commerçants", "farmers": "cultivateurs", "worshippers": "fidèles",
              "travellers": "voyageurs"}
EN_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
EN_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}
FR_WORDS = ["aucun", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
            "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt"]
FR_APPROX = {10: "une dizaine de", 15: "une quinzaine de", 20: "une vingtaine de", 30: "une trentaine de",
             40: "une quarantaine de"}
DIGESTS = ["Sahel Security Digest", "West Africa Risk Monitor", "Field Security Brief"]
PAPERS = ["The Savanna Courier", "Daily Frontier", "The Northern Mirror"]
RADIOS_FR = ["Radio Liberté Sahel", "La Voix du Fleuve", "Radio Horizon FM"]
SITES_FR = ["Le Lien communal", "Échos des communes", "Infos du terroir"]
NGOS = ["Humanitarian Access Group", "Sahel Shelter Network", "Inter-agency coordination"]


def words_en(n: int, rng: random.Random) -> str:
    """A toll as a reporter writes it in words: exact up to twenty, then 'more than thirty'."""
    if n <= 20:
        return EN_WORDS[n]
    if n in EN_TENS.values():
        return EN_TENS[n]
    low = (n // 10) * 10
    return ("more than " if rng.random() < 0.6 else "over ") + EN_TENS.get(low, str(low))


def words_fr(n: int, rng: random.Random) -> str:
    """A toll in French words: 'neuf', 'une quinzaine de', 'plus d'une vingtaine de' (followed by the noun)."""
    for r, w in FR_APPROX.items():
        if n >= 10 and abs(n - r) <= 2 and rng.random() < 0.6:
            return w
    if n <= 20:
        return FR_WORDS[n]
    low = (n // 10) * 10
    if low in FR_APPROX:
        return "plus d'" + FR_APPROX[low]
    return str(n)


REGION_FR = {"Est": "de l'Est", "Nord": "du Nord", "Centre-Nord": "du Centre-Nord", "Centre-Est": "du Centre-Est",
             "Boucle du Mouhoun": "de la Boucle du Mouhoun", "Timbuktu": "de Tombouctou"}
_DE_VOWEL = re.compile(r"\b([Dd])e ([AEIOUÀÉÈ])")


def region_fr(region: str) -> str:
    """'de la région' complement: 'de l'Est', 'du Nord', 'de Diffa'."""
    name = region.replace(" region", "").replace(" State", "")
    return REGION_FR.get(name, "de " + name)


def elide(text: str) -> str:
    """French elision before a vowel: 'près de Abalak' -> 'près d'Abalak'."""
    return _DE_VOWEL.sub(r"\1'\2", text)


def _de(noun_phrase: str) -> str:
    """'de' + a French noun phrase, with the contraction: de + des -> des."""
    return noun_phrase if noun_phrase.startswith("des ") else "de " + noun_phrase


def kind_en(inc: dict, where: str) -> str:
    """The object of 'attacked ...' in English."""
    return {
        "post": f"the gendarmerie post in {where}" if inc["victims"] == "gendarmes" else f"the army post in {where}",
        "ambush": f"a patrol near {where}",
        "village": f"{where}",
        "ied": f"a vehicle with a roadside bomb near {where}",
        "abduction": f"travellers near {where}",
        "market": f"the market in {where}",
        "camp": f"a camp for displaced people in {where}",
        "worship": f"a mosque in {where}",
        "farm": f"farmers in their fields near {where}",
        "shelling": f"{where} with mortar shells",
        "base": f"a military base in {where}",
        "highway": f"vehicles on the highway near {where}",
    }[inc["kind"]]


def kind_noun_en(inc: dict) -> str:
    return {"post": "attack on the post", "ambush": "ambush", "village": "attack", "ied": "bomb blast",
            "abduction": "abduction", "market": "market attack", "camp": "attack on the camp",
            "worship": "mosque bombing", "farm": "attack on farmers", "shelling": "shelling",
            "base": "attack on the base", "highway": "highway attack"}[inc["kind"]]


def kind_fr(inc: dict, where: str) -> str:
    return {
        "post": f"la brigade de gendarmerie de {where}" if inc["victims"] == "gendarmes" else f"le poste militaire de {where}",
        "ambush": f"une patrouille près de {where}",
        "village": f"la localité de {where}",
        "ied": f"un véhicule près de {where} avec un engin explosif",
        "abduction": f"des voyageurs près de {where}",
        "market": f"le marché de {where}",
        "camp": f"un site de personnes déplacées à {where}",
        "worship": f"une mosquée de {where}",
        "farm": f"des cultivateurs dans leurs champs près de {where}",
        "shelling": f"la ville de {where} à l'obus",
        "base": f"une base militaire à {where}",
        "highway": f"des véhicules sur la route près de {where}",
    }[inc["kind"]]


def toll_en(inc: dict, n: int, rng: random.Random, words: bool) -> str:
    """'killing nine gendarmes' / 'killing at least 9 gendarmes' / abduction count; '' when nothing to say."""
    if inc["kind"] == "abduction":
        a = inc.get("abducted", 0)
        return f" and abducted {words_en(a, rng) if words else a} people"
    if not n:
        return ""
    num = words_en(n, rng) if words else f"at least {n}"
    return f", killing {num} {VICTIMS_EN[inc['victims']]}"


def partner(inc: dict, by_id: dict) -> dict | None:
    other = by_id.get(inc["id"][:-1] + ("b" if inc["id"].endswith("a") else "a"))
    return other


def earlier_partner_sentence(inc: dict, by_id: dict, rng: random.Random) -> str:
    """A sentence about the group's other incident when it happened before this one (a distractor)."""
    other = partner(inc, by_id)
    if not other:
        return ""
    d, od = dt.date.fromisoformat(str(inc["date"])), dt.date.fromisoformat(str(other["date"]))
    if not 0 < (d - od).days <= 5:
        return ""
    n = other.get("killed") or other.get("abducted", 0)
    verb = "abducted" if other["kind"] == "abduction" else "killed"
    who = VICTIMS_EN[other["victims"]] if verb == "killed" else "people"
    return (f" It was the second attack in the area in a few days: on {WD_EN[od.weekday()]}, {n} {who} were "
            f"{verb} in {other['town']}.")


# ------------------------------------------------------------------ styles


def dateline(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([1, 1, 2])
    pub = day + dt.timedelta(days=lag)
    country, _, capital, _ = COUNTRY[inc["country"]]
    formal, short, vague, _ = ACTOR[inc["actor"]]
    where_line = rng.choice([inc["town"].upper(), HUBS[inc["country"]][rng.randrange(len(HUBS[inc["country"]]))].upper()])
    n = inc.get("killed", 0) if rng.random() < 0.6 else inc.get("early", inc.get("killed", 0))
    if lag == 1 and rng.random() < 0.4:
        when = f"in the early hours of {WD_EN[day.weekday()]}"
    else:
        when = f"on {WD_EN[day.weekday()]}"
    place = f"{inc['town']}, {inc['admin']}," if rng.random() < 0.5 else inc["town"]
    head = {
        "abduction": f"Gunmen seize {inc.get('abducted', 0)} in {country}",
        "shelling": f"Shells hit {inc['town']}, killing {n}",
    }.get(inc["kind"], f"{cap(short)} attack kills {n} in {country}" if n else f"Attack reported in {country}")
    toll = toll_en(inc, n, rng, words=rng.random() < 0.3)
    source = rng.choice(["a local official", "security sources", "residents and a security source"])
    claim = (f" {cap(formal)} claimed the attack on {WD_EN[pub.weekday()]}."
             if inc["actor"] not in ("unknown", "bandits") and rng.random() < 0.5 else "")
    text = f"""{head}

{where_line}, {country} ({PAPERS[rng.randrange(3)]}) - {cap(vague)} attacked {kind_en(inc, place)} {when}{toll}, {source} said on {WD_EN[pub.weekday()]}.

{inc['detail']}{claim}

"We are still counting the dead," said a resident reached by telephone, who asked not to be named for fear of reprisals.

{inc['background']} Attacks by armed groups have displaced hundreds of thousands of people in the region.
"""
    return lag, "en", text


def sitrep(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 1, 1])
    pub = day + dt.timedelta(days=lag)
    country = COUNTRY[inc["country"]][0]
    _, short, _, _ = ACTOR[inc["actor"]]
    prev = day - dt.timedelta(days=1)
    if rng.random() < 0.4:
        when = (f"Overnight {prev.day}-{day.day} {day.strftime('%b')}" if prev.month == day.month
                else f"Overnight {prev.day} {prev.strftime('%b')}-{day.day} {day.strftime('%b')}")
    else:
        when = f"{day.day} {day.strftime('%b')}"
    n = inc.get("early", inc.get("killed", 0))
    v = VICTIMS_EN[inc["victims"]]
    if inc["kind"] == "abduction":
        cas = f"{inc.get('abducted', 0)} civilians abducted."
    elif rng.random() < 0.5 and inc["victims"] in ("soldiers", "gendarmes", "vdp"):
        cas = f"Casualties: {n} KIA, {inc.get('wounded', 0)} WIA ({v})."
    elif n:
        cas = f"Casualties: {n} {v} killed, {inc.get('wounded', 0)} wounded (unconfirmed)."
    else:
        cas = "Casualties unknown."
    if inc["victims"] in ("soldiers", "gendarmes") and rng.random() < 0.4:
        cas += f" Security forces claim {rng.choice([15, 20, 30])} militants neutralised."
    region = inc["region"].replace(" region", "").replace(" State", "")
    filler = rng.choice([
        f"{COUNTRY[inc['country']][2]}: Fuel shortages reported at several stations; no security incident.",
        f"{COUNTRY[inc['country']][2]}: A teachers' union called a 48-hour strike; no incident reported.",
        "Regional: Airlines resumed flights after the seasonal dust storms.",
    ])
    text = f"""{DIGESTS[rng.randrange(3)].upper()} | {pub.day} {pub.strftime('%b %Y')}

{country.upper()}
- {region} / {town_name(inc, rng, 0.4)}: {when} - Suspected {short} militants attacked {kind_en(inc, town_name(inc, rng, 0.0))}. {cas}
- {filler}

ASSESSMENT: Further attacks on isolated positions and supply routes are likely in the coming days.
"""
    return lag, "en", text


def alert(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    tag = COUNTRY[inc["country"]][3]
    n = inc.get("early", 0)
    town = town_name(inc, rng, 0.5)
    what = {"post": f"attack on the {'gendarmerie' if inc['victims'] == 'gendarmes' else 'army post'} in {town}",
            "ambush": f"patrol ambushed near {town}", "village": f"gunmen attacking villages around {town}",
            "ied": f"blast on the road outside {town}", "abduction": f"people kidnapped near {town}",
            "market": f"shooting at {town} market", "camp": f"attack on the displaced persons' camp in {town}",
            "worship": f"explosions at a mosque in {town}", "farm": f"farmers attacked near {town}",
            "shelling": f"shells falling on {town}", "base": f"heavy fighting at the military base in {town}",
            "highway": f"vehicles attacked on the road near {town}"}[inc["kind"]]
    if n and inc["kind"] != "abduction" and rng.random() < 0.6:
        toll = f" Locals speak of {words_en(n, rng)} dead."
    else:
        toll = " No toll yet."
    text = f"ALERT - {cap(what)}, residents say.{toll} {tag}\n"
    return 0, "en", text


def distance(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([1, 2, 2])
    pub = day + dt.timedelta(days=lag)
    _, _, vague, _ = ACTOR[inc["actor"]]
    near = inc.get("near")
    town = town_name(inc, rng, 0.4)
    if near:
        where = f"in {near['village']}, a village some {near['km']} km {near['dir']} of {town}"
    else:
        where = f"on the road about {rng.choice([15, 20, 25])} km from {town}"
    if lag == 2 and rng.random() < 0.6:
        when = "two days ago"
    else:
        when = f"on {WD_EN[day.weekday()]} night" if rng.random() < 0.5 else f"on {WD_EN[day.weekday()]}"
    n = inc.get("killed", 0)
    if inc["kind"] == "abduction":
        toll = f" {cap(words_en(inc.get('abducted', 0), rng))} people were taken, a community leader said."
    elif n:
        toll = f" {cap(words_en(n, rng))} {VICTIMS_EN[inc['victims']]} were killed, a community leader said."
    else:
        toll = ""
    what = {"post": "a security post", "ambush": "a patrol", "village": "villagers", "ied": "a vehicle with a bomb",
            "abduction": "travellers", "market": "traders", "camp": "displaced families", "worship": "worshippers",
            "farm": "farmers", "shelling": "homes with mortar shells", "base": "an army base",
            "highway": "vehicles"}[inc["kind"]]
    text = f"""{cap(vague)} attacked {what} {where} {when}, local sources told our reporter.{toll}

{inc['detail']} Some families have since moved to {inc['town']}.
"""
    return lag, "en", text


def ocha(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([3, 4, 6])
    country = COUNTRY[inc["country"]][0]
    prev = day - dt.timedelta(days=1)
    if rng.random() < 0.5:
        when = f"During the night of {prev.day} to {day.day} {day.strftime('%B')}"
    else:
        when = f"On {day.day} {day.strftime('%B')} {day.year}"
    n = inc.get("late", inc.get("killed", 0))
    near = inc.get("near")
    loc = f"{near['village']} ({inc['town']} commune)" if near else f"{inc['town']} commune"
    if inc["country"] == "NG":
        loc = f"{near['village']} ({inc['admin']})" if near else inc["admin"]
    displaced = rng.choice([600, 1200, 2350, 4100])
    if inc["kind"] == "abduction":
        impact = f"{inc.get('abducted', 0)} civilians were reportedly abducted."
    elif inc["victims"] in ("soldiers", "gendarmes", "vdp"):
        impact = "The incident involved security forces; no civilian casualties were reported."
    elif n:
        impact = f"At least {n} {VICTIMS_EN[inc['victims']]} were reportedly killed."
    else:
        impact = ""
    text = f"""{country}: Humanitarian snapshot - {inc['region']}

{when}, non-state armed groups (NSAGs) attacked {kind_en(inc, loc)}, {inc['admin']}, {inc['region']}. {impact}

Some {displaced} people have been displaced to {inc['town']} and surrounding sites since the incident. Humanitarian partners are assessing needs in shelter, food and protection.

Source: {NGOS[rng.randrange(3)]}, {country}.
"""
    return lag, "en", text


def funeral(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([3, 4, 5])
    pub = day + dt.timedelta(days=lag)
    n = inc.get("late", inc.get("killed", 0))
    early = inc.get("early", n)
    v = VICTIMS_EN[inc["victims"]]
    wd = WD_EN[day.weekday()]
    revised = f" The toll, first put at {early}, was revised after bodies were found in the bush." if early != n else ""
    text = f"""{inc['town']} buries its dead

Families in {inc['town']} on {WD_EN[pub.weekday()]} buried the {n} {v} killed in {wd}'s {kind_noun_en(inc)}, as anger grew over the lack of protection.{revised}

{inc['detail']}{earlier_partner_sentence(inc, by_id, rng)}

{inc['background']}
"""
    return lag, "en", text


def ng_daily(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([1, 1, 2])
    pub = day + dt.timedelta(days=lag)
    _, short, vague, _ = ACTOR[inc["actor"]]
    state = inc["region"]
    lga = inc["admin"].replace(" LGA", "")
    town = town_name(inc, rng, 0.6)
    near = inc.get("near")
    n = inc.get("killed", 0)
    capital = STATE_CAPITAL.get(state, "Maiduguri")
    wd = WD_EN[day.weekday()]
    when = f"on {wd} night" if rng.random() < 0.5 else f"on {wd}"
    if inc["kind"] == "base":
        head = f"Troops repel {short} attack on {town} base"
        lede = (f"Troops {when} repelled an attack by {short} terrorists on their base in {town}, {state}, "
                f"but lost {n} soldiers, military sources told our correspondent in {capital}.")
    else:
        place = f"{near['village']} community in {lga}" if near else town
        what = {"abduction": f"abducting {inc.get('abducted', 0)} residents",
                "market": f"killing {n} traders at the weekly market",
                "worship": f"killing {n} worshippers", "ied": f"killing {n} passengers",
                "camp": f"killing {n} displaced persons"}.get(inc["kind"], f"killing {n} persons")
        head = f"{cap(short)} kill {n} in {state.replace(' State', '')} community" if n else f"{cap(short)} abduct {inc.get('abducted', 0)} in {state.replace(' State', '')}"
        lede = (f"{cap(vague)} {when} invaded {place} Local Government Area of {state}, {what}."
                if near else f"{cap(vague)} {when} attacked {town} in {lga} Local Government Area of {state}, {what}.")
    extra = earlier_partner_sentence(inc, by_id, rng)
    text = f"""{head}

{lede}

The Police Public Relations Officer in the state, who confirmed the incident in a statement issued in {capital} on {WD_EN[pub.weekday()]}, said security operatives had been deployed to the area.

{inc['detail']}{extra}
"""
    return lag, "en", text


def fr_radio(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 1, 2])
    _, fr_country, _, _ = COUNTRY[inc["country"]]
    _, _, _, actor_fr = ACTOR[inc["actor"]]
    wd = WD_FR[day.weekday()]
    when = {0: rng.choice(["ce matin", "cette nuit"]), 1: rng.choice([f"{wd} soir", "hier", f"dans la soirée de {wd}"]),
            2: rng.choice(["avant-hier", wd])}[lag]
    n = inc.get("killed", 0)
    town = town_name(inc, rng, 0.4)
    region = region_fr(inc["region"])
    if inc["kind"] == "abduction":
        item = (f"{cap(fr_country)}, {words_fr(inc.get('abducted', 0), rng)} personnes ont été enlevées {when} "
                f"près de {town}, dans la région {region}, par {actor_fr}.")
    elif n:
        item = (f"{cap(fr_country)}, {words_fr(n, rng)} {VICTIMS_FR[inc['victims']]} ont été tués {when} lors d'une attaque "
                f"{_de(actor_fr)} contre {kind_fr(inc, town)}, "
                f"dans la région {region}.")
    else:
        item = f"{cap(fr_country)}, {actor_fr} ont attaqué {kind_fr(inc, town)} {when}."
    other = rng.choice([
        "En sport, l'équipe nationale a battu son adversaire deux buts à zéro en match amical.",
        "Les prix des céréales restent élevés sur les marchés de la capitale.",
        "La météo annonce de fortes chaleurs pour les prochains jours.",
    ])
    text = f"""{RADIOS_FR[rng.randrange(3)]} - Journal de 13 heures

{item} {'Le bilan pourrait s’alourdir.' if rng.random() < 0.5 else ''}

{other}
"""
    return lag, "fr", elide(text)


def fr_commune(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([2, 3, 4])
    _, _, _, actor_fr = ACTOR[inc["actor"]]
    near = inc.get("near")
    date_fr = f"le {WD_FR[day.weekday()]} {day.day if day.day > 1 else '1er'} {MONTH_FR[day.month - 1]} dernier"
    if near:
        where = (f"Le village de {near['village']}, situé à {near['km']} km de {inc['town']}, chef-lieu de la commune "
                 f"du même nom,")
    else:
        where = f"La commune de {inc['town']}"
    n = inc.get("killed", 0)
    if inc["kind"] == "abduction":
        toll = f"{cap(words_fr(inc.get('abducted', 0), rng))} personnes ont été emmenées vers une destination inconnue."
    elif n and rng.random() < 0.75:
        w = words_fr(n, rng)
        toll = f"Le bilan fait état de {w} morts, selon des sources concordantes."
    else:
        toll = "Aucun bilan officiel n'a été communiqué."
    what = {"post": "la cible d'une attaque contre son poste de sécurité", "ambush": "le théâtre d'une embuscade contre une patrouille",
            "village": "la cible d'une attaque meurtrière", "ied": "le théâtre d'une explosion d'engin explosif improvisé",
            "abduction": "le théâtre d'un enlèvement", "market": "la cible d'une attaque en plein jour de marché",
            "camp": "la cible d'une attaque contre un site de déplacés", "worship": "la cible d'un attentat contre une mosquée",
            "farm": "le théâtre d'une attaque contre des cultivateurs", "shelling": "la cible de tirs d'obus",
            "base": "la cible d'une attaque contre le camp militaire", "highway": "le théâtre d'une attaque sur la route"}[inc["kind"]]
    text = f"""Commune de {inc['town']} : {('deuil et inquiétude' if n else 'inquiétude')} après l'attaque

{where} a été {what} {date_fr}. Les assaillants seraient {actor_fr}. {toll}

Les populations demandent le renforcement de la sécurité dans la zone. Le maire de la commune appelle au calme.
"""
    return lag, "fr", elide(text)


STYLES = {f.__name__: f for f in (dateline, sitrep, alert, distance, ocha, funeral, ng_daily, fr_radio, fr_commune)}


def build(incidents_path: Path = HERE / "incidents.yaml") -> list[dict]:
    return build_reports(incidents_path, STYLES, "dev2:")


def main(argv: list[str] | None = None) -> int:
    return run_generator(build, __file__, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
