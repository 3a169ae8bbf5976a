"""Build the French test set (and its English parallel subset) as ACLED-layout CSV files.

Two sources, both written by the team (see README.md):

* ``handwritten.yaml`` — reports written one by one, each with its gold fields;
* the templates below — hand-written sentence patterns in French and English with slots
  (place, date expression, count, actor wording) filled at random with a fixed seed.
  The gold fields of a templated report come from its slots, not from the extractor.

Run from the repository root:  ``.venv/bin/python data/fr-testset/build.py``
(it rewrites ``fr_reports.csv`` and ``en_parallel.csv`` next to this file; same seed, same files).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEED = 20240605
N_TEMPLATED = 250  # French templated reports
N_TEMPLATED_EN = 70  # of which also written in English (the parallel subset)

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp", "published", "style", "origin", "pair_id",
]

EVENT_TYPE = {
    "Armed clash": "Battles", "Government regains territory": "Battles", "Non-state actor overtakes territory": "Battles",
    "Attack": "Violence against civilians", "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Air/drone strike": "Explosions/Remote violence", "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence", "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence", "Chemical weapon": "Explosions/Remote violence",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests", "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots", "Mob violence": "Riots",
    "Arrests": "Strategic developments", "Looting/property destruction": "Strategic developments",
    "Disrupted weapons use": "Strategic developments", "Agreement": "Strategic developments",
    "Change to group/activity": "Strategic developments", "Headquarters or base established": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments", "Other": "Strategic developments",
}
DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}

ISO2 = {"Mali": "ML", "Burkina Faso": "BF", "Niger": "NE"}
ISO3 = {"Mali": "MLI", "Burkina Faso": "BFA", "Niger": "NER"}
ISO_NUM = {"Mali": 466, "Burkina Faso": 854, "Niger": 562}

# Gold actor names (ACLED naming for 2022-04 .. 2023-06, the period every report is dated in).
COUNTRY_ACTORS = {
    "mil": ("Military Forces of {x}", 1), "pol": ("Police Forces of {x}", 1), "civ": ("Civilians ({c})", 7),
    "uag": ("Unidentified Armed Group ({c})", 3), "prot": ("Protesters ({c})", 6), "riot": ("Rioters ({c})", 5),
}
PERIOD = {"Mali": "Mali (2021-)", "Burkina Faso": "Burkina Faso (2022-)", "Niger": "Niger (2021-2023)"}
NAMED = {
    "jnim": ("JNIM: Group for Support of Islam and Muslims", 2),
    "isgs": ("Islamic State (Sahel)", 2),
    "ansaroul": ("Ansaroul Islam", 2),
    "macina": ("Katiba Macina", 2),
    "vdp": ("VDP: Volunteers for the Defense of the Homeland", 3),
    "dozo": ("Dozo Communal Militia (Mali)", 4),
    "dna": ("Dan Na Ambassagou", 4),
    "koglweogo": ("Koglweogo Militia", 4),
    "wagner": ("Wagner Group", 8),
    "minusma": ("MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2023)", 8),
    "cma": ("CMA: Coordination of Movements of the Azawad", 2),
    "iswap": ("Islamic State (West Africa)", 2),
    "bokoharam": ("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", 2),
    "france": ("Military Forces of France (2017-)", 8),
}


def actor(kind: str, country: str) -> tuple[str, int]:
    if not kind:
        return "", 0
    if kind in NAMED:
        return NAMED[kind]
    template, inter = COUNTRY_ACTORS[kind]
    return template.format(x=PERIOD[country], c=country), inter


def interaction(i1: int, i2: int) -> int:
    if not i1:
        return 0
    return int(f"{min(i1, i2)}{max(i1, i2)}") if i2 else i1 * 10


# --------------------------------------------------------------------------- dates

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def date_phrase(rng: random.Random, pub: dt.date) -> tuple[str, str, dt.date, int]:
    """(French phrase, English phrase, gold date, time precision) for an incident before ``pub``."""
    kind = rng.choice(["weekday", "weekday", "last_weekday", "yesterday", "evening", "night", "day", "day_year",
                       "weekday_day", "weekend", "early_week", "last_week", "day_before"])
    wd = pub.weekday()
    if kind == "weekday":
        d = pub - dt.timedelta(days=rng.randint(1, 5))
        return JOURS[d.weekday()], f"on {DAYS[d.weekday()]}", d, 1
    if kind == "last_weekday":
        d = pub - dt.timedelta(days=rng.randint(2, 6))
        return f"{JOURS[d.weekday()]} dernier", f"last {DAYS[d.weekday()]}", d, 1
    if kind == "yesterday":
        d = pub - dt.timedelta(days=1)
        return "hier", "yesterday", d, 1
    if kind == "evening":
        d = pub - dt.timedelta(days=1)
        return "hier soir", "yesterday evening", d, 1
    if kind == "day_before":
        d = pub - dt.timedelta(days=2)
        return "avant-hier", "the day before yesterday", d, 1
    if kind == "night":
        d = pub - dt.timedelta(days=rng.randint(2, 6))
        e = d + dt.timedelta(days=1)
        if d.month != e.month:
            d, e = d - dt.timedelta(days=1), e - dt.timedelta(days=1)
        return (f"dans la nuit du {d.day} au {e.day} {MOIS[d.month - 1]}",
                f"on the night of {d.day} to {e.day} {MONTHS[d.month - 1]}", d, 1)
    if kind == "day":
        d = pub - dt.timedelta(days=rng.randint(1, 9))
        fr_day = "1er" if d.day == 1 else str(d.day)
        return f"le {fr_day} {MOIS[d.month - 1]}", f"on {d.day} {MONTHS[d.month - 1]}", d, 1
    if kind == "day_year":
        d = pub - dt.timedelta(days=rng.randint(1, 9))
        return f"le {d.day} {MOIS[d.month - 1]} {d.year}", f"on {MONTHS[d.month - 1]} {d.day}, {d.year}", d, 1
    if kind == "weekday_day":
        d = pub - dt.timedelta(days=rng.randint(1, 6))
        return (f"{JOURS[d.weekday()]} {d.day} {MOIS[d.month - 1]}",
                f"on {DAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]}", d, 1)
    if kind == "weekend":
        # published Monday to Thursday: "le week-end dernier" is the Saturday-Sunday just before
        sat = pub - dt.timedelta(days=(wd - 5) % 7)
        if wd > 3:
            return date_phrase(rng, pub)
        return "le week-end dernier", "last weekend", sat, 2
    if kind == "early_week":
        if wd < 2:
            return date_phrase(rng, pub)
        monday = pub - dt.timedelta(days=wd)
        return "en début de semaine", "earlier this week", monday, 2
    # last week
    monday = pub - dt.timedelta(days=wd + 7)
    return "la semaine dernière", "last week", monday, 2


# --------------------------------------------------------------------------- counts


def count_phrase(rng: random.Random, small: bool = False) -> tuple[str, str, int]:
    """(French, English, gold value) of a count of people; French vague words coded ACLED's way."""
    words_fr = ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"]
    words_en = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    kind = rng.choice(["digits", "digits", "words", "words", "dizaine", "vingtaine", "at_least", "nearly"]
                      + ([] if small else ["centaine", "trentaine"]))
    if kind == "digits":
        n = rng.randint(2, 45 if not small else 14)
        return str(n), str(n), n
    if kind == "words":
        i = rng.randrange(len(words_fr))
        return words_fr[i], words_en[i], i + 2
    if kind == "dizaine":
        return "une dizaine de", "about ten", 10
    if kind == "vingtaine":
        return "une vingtaine de", "some twenty", 20
    if kind == "trentaine":
        return "une trentaine de", "around thirty", 30
    if kind == "centaine":
        return "une centaine de", "about a hundred", 100
    n = rng.randint(3, 60 if not small else 15)
    if kind == "at_least":
        return f"au moins {n}", f"at least {n}", n
    return f"près de {n}", f"nearly {n}", n


# --------------------------------------------------------------------------- actor wordings

FORCES = {  # (French, English) wordings of a country's armed forces
    "Mali": [("les FAMa", "the FAMa"), ("l'armée malienne", "the Malian army"), ("les Forces armées maliennes (FAMa)", "the Malian Armed Forces (FAMa)")],
    "Burkina Faso": [("l'armée burkinabè", "the Burkinabe army"), ("les forces armées burkinabè", "Burkinabe armed forces")],
    "Niger": [("l'armée nigérienne", "the Nigerien army"), ("les forces armées nigériennes", "Nigerien armed forces")],
}
SOLDIERS = {"Mali": ("soldats maliens", "Malian soldiers"), "Burkina Faso": ("soldats burkinabè", "Burkinabe soldiers"),
            "Niger": ("militaires nigériens", "Nigerien soldiers")}
GROUPS = {  # kind -> (French, English) wordings
    "jnim": [("le GSIM", "JNIM"), ("le Groupe de soutien à l'islam et aux musulmans (GSIM)", "the Group for Support of Islam and Muslims (JNIM)"),
             ("le JNIM", "JNIM")],
    "isgs": [("l'EIGS", "ISGS"), ("l'État islamique au Sahel", "the Islamic State Sahel Province")],
    "ansaroul": [("Ansaroul Islam", "Ansaroul Islam")],
}
GROUPS_BY_COUNTRY = {"Mali": ["jnim", "jnim", "isgs"], "Burkina Faso": ["jnim", "jnim", "ansaroul", "isgs"], "Niger": ["isgs", "isgs", "jnim"]}
GUNMEN = [("des hommes armés non identifiés", "unidentified gunmen"), ("des individus armés", "armed individuals"),
          ("des hommes armés", "gunmen"), ("des terroristes présumés", "suspected terrorists"),
          ("des assaillants non identifiés", "unidentified assailants"), ("des jihadistes présumés", "suspected jihadists")]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def de(group_fr: str) -> str:
    """French 'de' + article: 'le GSIM' -> 'du GSIM', "l'EIGS" -> "de l'EIGS"."""
    if group_fr.startswith("le "):
        return "du " + group_fr[3:]
    if group_fr.startswith("les "):
        return "des " + group_fr[4:]
    if group_fr[:1].isupper() and not group_fr.startswith(("L'", "Le ")):
        return "d'" + group_fr if group_fr[0] in "AEIOU" else "de " + group_fr
    return "de " + group_fr


# --------------------------------------------------------------------------- templates
# Each template: gold sub-event type, actor kinds (a1, a2), which count is the toll ("N" or None), a place
# filter, whether the place is "near" (geo_precision 2), and French / English text with slots:
#   {D}/{Dc} date phrase (Dc capitalised), {P} place, {N} count, {F} forces, {G} group, {Gde} "du GSIM",
#   {M} gunmen wording, {S} soldiers noun phrase.

TEMPLATES = [
    dict(sub="Attack", a=("uag", "civ"), toll=True, style="agency",
         fr="{Dc}, {M} ont attaqué le village de {P}, tuant {N} civils, ont indiqué des sources locales.",
         en="{Dc}, {M} attacked the village of {P}, killing {N} civilians, local sources said."),
    dict(sub="Attack", a=("uag", "civ"), toll=True, style="radio",
         fr="{N} civils ont été tués {D} par {M} à {P}, selon des élus de la localité.",
         en="{N} civilians were killed {D} by {M} in {P}, according to local officials."),
    dict(sub="Attack", a=("uag", "civ"), toll=True, style="ngo",
         fr="ALERTE – {Dc}, {M} ont ouvert le feu sur des villageois à {P}. Le bilan provisoire fait état de {N} morts.",
         en="ALERT – {Dc}, {M} opened fire on villagers in {P}. A provisional toll puts the dead at {N}."),
    dict(sub="Attack", a=("uag", "civ"), toll=True, style="radio", near=True,
         fr="Des orpailleurs ont été pris pour cible {D} près de {P} par {M}. {N} personnes ont perdu la vie.",
         en="Gold miners were targeted {D} near {P} by {M}. {N} people lost their lives."),
    dict(sub="Armed clash", a=("uag", "mil"), toll=True, style="agency",
         fr="{Dc}, des terroristes ont attaqué le poste militaire de {P}. {N} soldats ont été tués, selon un bilan provisoire.",
         en="{Dc}, militants attacked the army post in {P}. {N} soldiers were killed, according to a provisional toll."),
    dict(sub="Armed clash", a=("group", "mil"), toll=True, style="agency",
         fr="{G} a revendiqué l'attaque menée {D} contre une position de l'armée à {P}, qui a coûté la vie à {N} soldats.",
         en="{G} claimed the attack carried out {D} on an army position in {P}, which killed {N} soldiers."),
    dict(sub="Armed clash", a=("mil", "uag"), toll=True, style="communique", near=True,
         fr="{Fc} ont neutralisé {N} terroristes {D} lors d'une opération de ratissage près de {P}, indique un communiqué de l'état-major.",
         en="{Fc} killed {N} militants {D} during a sweep operation near {P}, the army general staff said in a statement."),
    dict(sub="Armed clash", a=("uag", "mil"), toll=True, style="communique", near=True,
         fr="COMMUNIQUÉ – {Dc}, une unité en patrouille a été prise à partie par des terroristes dans les environs de {P}. Bilan : {N} soldats tués.",
         en="STATEMENT – {Dc}, a patrolling unit came under fire from militants in the vicinity of {P}. Toll: {N} soldiers killed."),
    dict(sub="Armed clash", a=("vdp", "uag"), toll=True, style="radio", countries=["Burkina Faso"],
         fr="Des VDP ont affronté des hommes armés {D} à {P}. {N} assaillants ont été tués au cours des combats.",
         en="VDP fighters clashed with gunmen {D} in {P}. {N} assailants were killed in the fighting."),
    dict(sub="Remote explosive/landmine/IED", a=("uag", "mil"), toll=True, style="agency", near=True,
         fr="Un véhicule de l'armée a sauté sur un engin explosif improvisé {D} près de {P}, tuant {N} soldats.",
         en="An army vehicle struck an improvised explosive device {D} near {P}, killing {N} soldiers."),
    dict(sub="Remote explosive/landmine/IED", a=("uag", "civ"), toll=True, style="radio", near=True,
         fr="{N} passagers d'un car de transport ont été tués {D} lorsque leur véhicule a heurté une mine près de {P}.",
         en="{N} bus passengers were killed {D} when their vehicle hit a landmine near {P}."),
    dict(sub="Air/drone strike", a=("mil", "group"), toll=True, style="communique", near=True,
         fr="{Fc} ont mené {D} des frappes aériennes contre des positions {Gde} près de {P}, neutralisant {N} combattants.",
         en="{Fc} carried out air strikes {D} against {G} positions near {P}, killing {N} fighters."),
    dict(sub="Air/drone strike", a=("mil", "uag"), toll=True, style="communique", near=True,
         fr="Une frappe de drone de l'armée a visé {D} un regroupement de terroristes près de {P}. {N} terroristes ont été neutralisés.",
         en="An army drone strike targeted a gathering of militants near {P} {D}. {N} militants were killed."),
    dict(sub="Abduction/forced disappearance", a=("uag", "civ"), toll=False, style="radio",
         fr="{N} civils ont été enlevés {D} par {M} à {P}.",
         en="{N} civilians were abducted {D} by {M} in {P}."),
    dict(sub="Abduction/forced disappearance", a=("uag", "civ"), toll=False, style="agency",
         fr="Le chef du village de {P} a été enlevé {D} par {M}, a appris l'AFP auprès de sources sécuritaires.",
         en="The chief of the village of {P} was kidnapped {D} by {M}, security sources told AFP."),
    dict(sub="Peaceful protest", a=("prot", ""), toll=False, style="agency",
         fr="Des centaines de personnes ont manifesté {D} à {P} pour réclamer plus de sécurité dans la région.",
         en="Hundreds of people demonstrated {D} in {P} to demand more security in the region."),
    dict(sub="Protest with intervention", a=("prot", "pol"), toll=False, style="agency",
         fr="{Dc}, la police a dispersé à coups de gaz lacrymogènes des manifestants qui protestaient contre la vie chère à {P}.",
         en="{Dc}, police used tear gas to disperse protesters demonstrating against the high cost of living in {P}."),
    dict(sub="Violent demonstration", a=("riot", ""), toll=False, style="radio",
         fr="De jeunes émeutiers ont brûlé des pneus et saccagé des bâtiments publics {D} à {P}.",
         en="Young rioters burned tyres and ransacked public buildings {D} in {P}."),
    dict(sub="Looting/property destruction", a=("uag", "civ"), toll=False, style="ngo",
         fr="{Dc}, {M} ont incendié des greniers et emporté du bétail dans le village de {P}, sans faire de victimes.",
         en="{Dc}, {M} torched granaries and stole livestock in the village of {P}; no one was killed."),
    dict(sub="Arrests", a=("mil", "uag"), toll=False, style="communique",
         fr="{Fc} ont interpellé {N} terroristes présumés {D} à {P} lors d'une opération de sécurisation.",
         en="{Fc} arrested {N} suspected militants {D} in {P} during a security operation."),
    dict(sub="Shelling/artillery/missile attack", a=("uag", "mil"), toll=False, style="agency",
         fr="Des assaillants non identifiés ont tiré des obus {D} sur le camp militaire de {P}, sans faire de victimes.",
         en="Unidentified assailants fired mortar shells at the military camp in {P} {D}; no one was hurt."),
    dict(sub="Suicide bomb", a=("uag", "mil"), toll=True, style="agency",
         fr="Un kamikaze a fait exploser un véhicule piégé {D} devant le camp militaire de {P}, tuant {N} soldats.",
         en="A suicide bomber detonated a car bomb {D} outside the military camp in {P}, killing {N} soldiers."),
    dict(sub="Grenade", a=("uag", "civ"), toll=False, style="radio",
         fr="Une grenade a été lancée {D} dans un bar de {P} par un individu non identifié, blessant plusieurs clients.",
         en="A grenade was thrown into a bar in {P} {D} by an unidentified man, wounding several customers."),
    dict(sub="Sexual violence", a=("uag", "civ"), toll=False, style="ngo", near=True,
         fr="Plusieurs femmes ont été violées {D} par {M} près de {P}, rapporte une ONG de défense des droits humains.",
         en="Several women were raped {D} by {M} near {P}, a human rights group reported."),
    dict(sub="Mob violence", a=("riot", "civ"), toll=1, style="radio",
         fr="Un présumé voleur de bétail a été lynché à mort {D} par une foule en colère à {P}.",
         en="A suspected cattle thief was lynched to death {D} by an angry mob in {P}."),
    dict(sub="Disrupted weapons use", a=("mil", ""), toll=False, style="communique", near=True,
         fr="{Fc} ont désamorcé {D} un engin explosif improvisé posé sur la route près de {P}.",
         en="{Fc} defused an improvised explosive device planted on the road near {P} {D}."),
    dict(sub="Non-state actor overtakes territory", a=("group", "mil"), toll=False, style="agency",
         fr="Des combattants {Gde} se sont emparés de {P} {D} après de violents combats avec l'armée.",
         en="{G} fighters seized control of {P} {D} after heavy fighting with the army."),
    dict(sub="Government regains territory", a=("mil", "group"), toll=False, style="communique",
         fr="{Fc} ont repris le contrôle de {P} {D} après des combats contre des éléments {Gde}.",
         en="{Fc} regained control of {P} {D} after fighting against {G} militants."),
    dict(sub="Attack", a=("mil", "civ"), toll=True, style="ngo",
         fr="Des militaires ont exécuté {N} civils {D} au marché de {P}, accuse une organisation de défense des droits humains.",
         en="Soldiers executed {N} civilians {D} at the market in {P}, a human rights organisation said."),
    dict(sub="Attack", a=("dozo", "civ"), toll=True, style="radio", countries=["Mali"],
         fr="Des chasseurs dozos ont attaqué {D} le hameau peul de {P}, tuant {N} civils.",
         en="Dozo hunters attacked a Fulani hamlet in {P} {D}, killing {N} civilians."),
    dict(sub="Attack", a=("group", "civ"), toll=True, style="agency",
         fr="Des éléments présumés {Gde} ont tué {N} civils {D} à {P}.",
         en="Suspected {G} militants killed {N} civilians {D} in {P}."),
    dict(sub="Attack", a=("uag", "civ"), toll=True, style="radio",
         fr="{P} : {N} personnes ont perdu la vie {D} dans l'attaque de leur village par {M}.",
         en="{P}: {N} people lost their lives {D} when {M} attacked their village."),
    dict(sub="Armed clash", a=("uag", "mil"), toll=True, style="agency",
         fr="{N} {S} ont été tués {D} dans une embuscade tendue par {M} près de {P}.", near=True,
         en="{N} {S} were killed {D} in an ambush by {M} near {P}."),
    dict(sub="Attack", a=("uag", "civ"), toll=True, style="agency",
         fr="Au moins {N} civils, dont des femmes et des enfants, ont été tués {D} à {P} lors d'une attaque attribuée à des jihadistes.",
         en="At least {N} civilians, including women and children, were killed {D} in {P} in an attack blamed on jihadists."),
]


def tidy(text: str) -> str:
    """Capital letters at the start and after a full stop."""
    text = text[:1].upper() + text[1:]
    return re.sub(r"([.!?:] )([a-zàâçéèêëîïôûù])", lambda m: m.group(1) + m.group(2).upper(), text)


def tidy_fr(text: str) -> str:
    """French elision before a vowel ("près de Arbinda" -> "près d'Arbinda"), then capitals."""
    text = re.sub(r"\b([Dd])e (?=[AEIOUÉÈ][a-zéèà])", r"\1'", text)
    return tidy(text)


def build_templated(places: dict, rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    place_keys = [k for k, p in places.items() if p.get("gaz", "yes") != "no" or rng.random() < 0.3]
    start, end = dt.date(2022, 4, 10), dt.date(2023, 6, 25)
    k = 0
    while len(rows) < N_TEMPLATED:
        i = len(rows)
        k += 1
        t = TEMPLATES[k % len(TEMPLATES)]
        pkeys = [k for k in place_keys if not t.get("countries") or places[k]["country"] in t["countries"]]
        pkey = rng.choice(pkeys)
        p = places[pkey]
        country = p["country"]
        pub = start + dt.timedelta(days=rng.randrange((end - start).days))
        d_fr, d_en, gold_date, prec = date_phrase(rng, pub)
        n_fr, n_en, n = count_phrase(rng, small=t["sub"] in ("Arrests", "Abduction/forced disappearance"))
        f_fr, f_en = rng.choice(FORCES[country])
        gkind = rng.choice(GROUPS_BY_COUNTRY[country])
        g_fr, g_en = rng.choice(GROUPS[gkind])
        m_fr, m_en = rng.choice(GUNMEN)
        s_fr, s_en = SOLDIERS[country]
        slots_fr = dict(D=d_fr, Dc=cap(d_fr), P=p["fr"], N=n_fr, F=f_fr, Fc=cap(f_fr), G=cap(g_fr), Gde=de(g_fr), M=m_fr, S=s_fr)
        slots_en = dict(D=d_en, Dc=cap(d_en), P=p["en"], N=n_en, F=f_en, Fc=cap(f_en), G=g_en, Gde=g_en, M=m_en, S=s_en)
        fr = tidy_fr(t["fr"].format(**slots_fr))
        en = tidy(t["en"].format(**slots_en))
        if fr in seen:  # the same slots drawn twice: draw again
            continue
        seen.add(fr)
        a1k, a2k = t["a"]
        a1k = gkind if a1k == "group" else a1k
        a2k = gkind if a2k == "group" else a2k
        toll = n if t["toll"] is True else (t["toll"] or 0)
        gold = dict(date=gold_date, prec=prec, sub=t["sub"], a1=a1k, a2=a2k, place=pkey, geo=2 if t.get("near") else 1,
                    fatalities=toll)
        rows.append(dict(id=f"T{i + 1:03d}", style=t["style"], origin="template", pub=pub, fr=fr,
                         en=en if i < N_TEMPLATED_EN else None, gold=gold))
    return rows


def load_handwritten(places: dict) -> list[dict]:
    data = yaml.safe_load((HERE / "handwritten.yaml").read_text(encoding="utf-8"))
    rows = []
    for r in data["reports"]:
        g = r["gold"]
        if g["place"] not in places:
            raise SystemExit(f"handwritten {r['id']}: unknown place {g['place']!r}")
        rows.append(dict(id=r["id"], style=r["style"], origin="handwritten", pub=dt.date.fromisoformat(str(r["published"])),
                         fr=r["fr"].strip(), en=(r.get("en") or "").strip() or None,
                         gold=dict(date=dt.date.fromisoformat(str(g["date"])), prec=int(g.get("prec", 1)), sub=g["sub"],
                                   a1=g["a1"], a2=g.get("a2", ""), place=g["place"], geo=int(g.get("geo", 1)),
                                   fatalities=int(g.get("fatalities", 0)))))
    return rows


def csv_row(r: dict, text: str, places: dict, lang: str) -> dict:
    g = r["gold"]
    p = places[g["place"]]
    country = p["country"]
    a1, i1 = actor(g["a1"], country)
    a2, i2 = actor(g["a2"], country)
    etype = EVENT_TYPE[g["sub"]]
    return {
        "event_id_cnty": f"{ISO3[country]}-{lang.upper()}{r['id']}",
        "event_date": g["date"].isoformat(), "year": g["date"].year, "time_precision": g["prec"],
        "disorder_type": DISORDER.get(etype, "Political violence"), "event_type": etype, "sub_event_type": g["sub"],
        "actor1": a1, "assoc_actor_1": "", "inter1": i1, "actor2": a2, "assoc_actor_2": "", "inter2": i2 or "",
        "interaction": interaction(i1, i2), "civilian_targeting": "Civilian targeting" if i2 == 7 else "",
        "iso": ISO_NUM[country], "region": "Western Africa", "country": country, "admin1": p["admin1"], "admin2": "",
        "admin3": "", "location": p["fr"] if lang == "fr" else p["en"], "latitude": p["lat"], "longitude": p["lon"],
        "geo_precision": g["geo"], "source": f"conflictwatch team ({r['style']})", "source_scale": "", "notes": text,
        "fatalities": g["fatalities"], "tags": "", "timestamp": 0, "published": r["pub"].isoformat(),
        "style": r["style"], "origin": r["origin"], "pair_id": r["id"],
    }


def main() -> None:
    places = yaml.safe_load((HERE / "places.yaml").read_text(encoding="utf-8"))["places"]
    rng = random.Random(SEED)
    rows = load_handwritten(places) + build_templated(places, rng)
    with open(HERE / "fr_reports.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow(csv_row(r, r["fr"], places, "fr"))
    with open(HERE / "en_parallel.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            if r["en"]:
                w.writerow(csv_row(r, r["en"], places, "en"))
    n_hand = sum(r["origin"] == "handwritten" for r in rows)
    print(f"{len(rows)} French reports ({n_hand} hand-written), {sum(1 for r in rows if r['en'])} English parallels")


if __name__ == "__main__":
    main()
