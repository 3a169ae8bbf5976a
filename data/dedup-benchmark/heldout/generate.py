"""Write the HELD-OUT deduplication benchmark (heldout/benchmark.jsonl) from heldout/incidents.yaml.

A separate test set for the coreference rules, written after they were fixed
and never used to adjust them (see README.md).  Same output format as
``../generate.py`` (id, incident, group, style, language, published, text), but
new incidents (other places, actors and years) and new outlet styles, none of
them the development set's templates:

* ``feature``   long multi-paragraph article: headline, agency dateline, a quote,
                the toll sometimes only "at least", background paragraphs that
                mention an older, different attack (a distractor);
* ``radio``     radio news bulletin: tolls in words ("a dozen", "about fifty"),
                "yesterday", "last night", several items in one bulletin;
* ``statement`` army or government press release in English: the state's
                wording ("terrorists", "the enemy"), a calendar date;
* ``village``   local report naming the nearby village rather than the town
                ("in Natiaboani, some 40 km south of Fada N'gourma");
* ``ngo_flash`` NGO flash update: fields with a DD/MM/YYYY date, provisional
                figures, non-state armed group (NSAG) wording;
* ``followup``  story several days later: "earlier this week" / "last week",
                a revised (higher) toll;
* ``social``    one-line alert posted the same day, with no or an early toll;
* ``fr_army``   French communiqué of the general staff ("Bilan provisoire"),
                "une unité des FDS", "terroristes neutralisés";
* ``fr_local``  French local press: "dans la nuit de ... à ...", approximate
                tolls ("une dizaine", "une vingtaine"), "a-t-on appris".

Deterministic: the same incidents give the same file.

    python data/dedup-benchmark/heldout/generate.py            # rewrites heldout/benchmark.jsonl
    python data/dedup-benchmark/heldout/generate.py --check    # fails if it is stale
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchgen import MONTH_FR, WD_EN, WD_FR, build_reports, run_generator  # noqa: E402  (the command line shared by the generators)
COUNTRY = {  # name, adjective (EN), army (EN), army (FR), capital
    "BF": ("Burkina Faso", "Burkinabe", "the Burkinabe army", "l'armée burkinabè", "Ouagadougou"),
    "ML": ("Mali", "Malian", "the Malian Armed Forces (FAMa)", "les Forces armées maliennes (FAMa)", "Bamako"),
    "NE": ("Niger", "Nigerien", "the Nigerien army", "les Forces armées nigériennes (FAN)", "Niamey"),
}
ACTOR = {  # formal EN, short EN, vague EN, FR
    "jnim": ("Jama'at Nusrat al-Islam wal-Muslimin (JNIM)", "JNIM", "al-Qaeda-linked militants",
             "des jihadistes du Groupe de soutien à l'islam et aux musulmans (GSIM)"),
    "issp": ("the Islamic State Sahel Province (ISSP)", "IS Sahel", "Islamic State fighters",
             "des combattants de l'État islamique au Sahel"),
    "ansarul": ("the Ansaroul Islam group", "Ansaroul Islam", "jihadists", "des éléments d'Ansaroul Islam"),
    "macina": ("the Katiba Macina of Amadou Koufa", "Katiba Macina", "jihadists from the Macina group",
               "des hommes de la katiba Macina"),
    "iswap": ("Islamic State West Africa Province (ISWAP)", "ISWAP", "jihadists from Lake Chad",
              "des combattants de l'État islamique en Afrique de l'Ouest (ISWAP)"),
    "dozo": ("the Dan Na Ambassagou militia", "Dan Na Ambassagou", "armed men dressed as traditional hunters",
             "des chasseurs dozos de la milice Dan Na Ambassagou"),
    "fama": ("the Malian Armed Forces", "the Malian army", "the army", "l'armée malienne"),
    "csp": ("the rebels of the Strategic Framework for the Defence of the People of Azawad (CSP-DPA)",
            "CSP-DPA rebels", "rebel fighters", "les rebelles du CSP-DPA"),
    "unknown": ("unidentified armed men", "gunmen", "armed men", "des hommes armés non identifiés"),
}
VICTIMS_FR = {"soldiers": "soldats", "civilians": "civils", "vdp": "volontaires pour la défense de la patrie (VDP)",
              "gendarmes": "gendarmes", "people": "personnes"}
VICTIMS_EN = {"soldiers": "soldiers", "civilians": "civilians", "vdp": "members of the Volunteers for the Defence of the Homeland (VDP)",
              "gendarmes": "gendarmes", "people": "people"}
WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "a dozen",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety",
        100: "a hundred"}
FR_APPROX = {10: "une dizaine de", 20: "une vingtaine de", 30: "une trentaine de", 40: "une quarantaine de",
             50: "une cinquantaine de", 60: "une soixantaine de", 100: "une centaine de"}
AGENCIES = ["Sahel News Agency", "Pan-African Press", "Continental Wire"]
RADIOS = ["Radio Horizon", "Sahel FM", "Voice of the Savanna"]
NGOS = ["Sahel Humanitarian Forum", "Protection Cluster partners", "Civil Society Observatory"]
FR_OUTLETS = ["L'Observateur du Sahel", "Le Quotidien du Fleuve", "Info Sahel"]


def words_en(n: int) -> str:
    """A number as a newsreader says it: exact up to twenty, then rounded ("about fifty")."""
    if n <= 20:
        return WORDS[n]
    r = int(round(n / 10.0) * 10)
    word = TENS.get(r, str(r))
    return word if r == n else ("nearly " if r > n else "more than ") + word


def en_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def fr_date(d: dt.date) -> str:
    return f"{WD_FR[d.weekday()]} {1 if d.day == 1 else d.day}{'er' if d.day == 1 else ''} {MONTH_FR[d.month - 1]} {d.year}"


def relative_en(day: dt.date, pub: dt.date) -> str:
    """How an outlet publishing on ``pub`` says the day: today, yesterday, a weekday, earlier this week, last week."""
    lag = (pub - day).days
    if lag == 0:
        return "today"
    if lag == 1:
        return "yesterday"
    if pub.isocalendar()[:2] == day.isocalendar()[:2]:
        return "earlier this week" if lag >= 2 else "on " + WD_EN[day.weekday()]
    if lag <= 6:
        return "on " + WD_EN[day.weekday()]
    return "last week"


def place_en(inc: dict, use_near: bool) -> str:
    near = inc.get("near")
    if use_near and near:
        return f"{near['village']}, some {near['km']} km {near['dir']} of {inc['town']}"
    return inc["town"]


def what_en(inc: dict, subject: str, where: str, n: int) -> str:
    """The lede clause: '<subject> ambushed an army convoy near <where>, killing 12 soldiers'."""
    v = VICTIMS_EN[inc["victims"]]
    toll = f", killing {n} {v}" if n else ""
    return {
        "post": f"{subject} attacked the military post of {where}{toll}",
        "ambush": f"{subject} ambushed an army convoy near {where}{toll}",
        "massacre": f"{subject} raided {where} and shot dead {n} {v}" if n else f"{subject} raided {where}, killing villagers",
        "ied": f"a bomb planted by {subject} hit a vehicle near {where}{toll}",
        "abduction": f"{subject} abducted {inc.get('abducted', 0)} people near {where}",
        "market": f"{subject} stormed the weekly market of {where}{toll}",
        "boat": f"{subject} fired rockets at a passenger boat on the Niger river near {where}{toll}",
        "shelling": f"shells fired by {subject} landed in {where}{toll}",
        "drone": f"a drone strike by {subject} hit {where}{toll}",
        "clash": f"{subject} fought a fierce battle with security forces near {where}{toll}",
    }[inc["kind"]]


def what_fr(inc: dict, subject: str, where: str, toll: str) -> str:
    """The French lede: '<subject> ont attaqué le poste militaire de <where>, tuant <toll>'."""
    t = f", tuant {toll}" if toll else ""
    return {
        "post": f"{subject} ont attaqué le poste militaire de {where}{t}",
        "ambush": f"{subject} ont tendu une embuscade à un convoi de l'armée près de {where}{t}",
        "massacre": f"{subject} ont tué {toll} à {where}",
        "ied": f"un engin explosif posé par {subject} a touché un véhicule près de {where}{t}",
        "abduction": f"{subject} ont enlevé {inc.get('abducted', 0)} personnes près de {where}",
        "market": f"{subject} ont attaqué le marché hebdomadaire de {where}{t}",
        "boat": f"{subject} ont tiré des roquettes sur un bateau de passagers sur le fleuve Niger près de {where}{t}",
        "shelling": f"des obus tirés par {subject} sont tombés sur {where}{t}",
        "drone": f"une frappe de drone de {subject} a touché {where}{t}",
        "clash": f"{subject} ont affronté les forces de sécurité près de {where}{t}",
    }[inc["kind"]]


def toll_fr(n: int, victims: str, approx: bool) -> str:
    word = VICTIMS_FR[victims]
    if approx:
        r = int(round(n / 10.0) * 10) if n >= 10 else 0
        if r in FR_APPROX and abs(r - n) <= max(2, n // 5):
            return f"{FR_APPROX[r]} {word}"
    return f"au moins {n} {word}"


# ------------------------------------------------------------------ styles


def feature(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = rng.choice([1, 2])
    pub = day + dt.timedelta(days=lag)
    country, adj, army, _, capital = COUNTRY[inc["country"]]
    formal, short, vague, _ = ACTOR[inc["actor"]]
    n = inc.get("killed", 0)
    shown = n if rng.random() < 0.5 else inc.get("early", n)
    head = {
        "post": f"{short} fighters overrun army post in {inc['region']}",
        "ambush": f"Deadly ambush on army convoy in {country}'s {inc['region']}",
        "massacre": f"Villagers killed in {inc['region']} as violence spreads",
        "ied": f"Roadside bomb kills {shown} in {country}",
        "abduction": f"Dozens abducted in {country}'s {inc['region']}",
        "market": f"Market massacre in {country}: 'the shooting did not stop'",
        "boat": f"Niger river boat attacked, dozens feared dead",
        "shelling": f"Shells hit {inc['town']} as jihadists tighten the noose",
        "drone": f"Drone strike kills civilians in northern {country}",
        "clash": f"Heavy fighting in {country}'s {inc['region']}",
    }[inc["kind"]]
    when = relative_en(day, pub)
    lede = what_en(inc, vague[0].upper() + vague[1:], place_en(inc, False) + f" in {inc['province']}", 0)
    toll = ""
    if inc["kind"] == "abduction":
        toll = f" Residents said {inc['abducted']} people were taken."
    elif n:
        toll = f" At least {shown} {VICTIMS_EN[inc['victims']]} were killed and {inc.get('wounded', 0)} wounded, according to security and local sources."
    claim = f" {formal[0].upper() + formal[1:]} claimed responsibility in a statement on {WD_EN[pub.weekday()]}." if inc["actor"] not in ("fama", "unknown") else ""
    text = f"""{head}

{capital.upper()}, {WD_EN[pub.weekday()]} ({AGENCIES[rng.randrange(3)]}) - {lede} {when}, officials and residents said.{toll}

{inc['detail']}{claim}

"{inc['quote'].rstrip('.')}," a resident who asked not to be named told reporters by telephone.

The {adj} authorities did not comment. Access to the area is difficult and information is hard to verify.

{inc['background']} Violence linked to armed groups has killed thousands of people across the central Sahel and forced millions from their homes, according to the United Nations.
"""
    return lag, "en", text


def radio(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = rng.choice([0, 1, 1])
    pub = day + dt.timedelta(days=lag)
    country = COUNTRY[inc["country"]][0]
    _, short, vague, _ = ACTOR[inc["actor"]]
    n = inc.get("killed", 0)
    when = "last night" if lag == 1 and rng.random() < 0.4 else ("earlier today" if lag == 0 else "yesterday")
    v = VICTIMS_EN[inc["victims"]].split(" (")[0]
    if inc["kind"] == "abduction":
        item = f"In {country}, {words_en(inc['abducted'])} people were abducted near {inc['town']} {when}, local sources say."
    else:
        kind = {"post": "an attack on the army post", "ambush": "an ambush", "massacre": "an attack",
                "ied": "a roadside bomb blast", "market": "an attack on the market", "boat": "an attack on a river boat",
                "shelling": "shelling", "drone": "a drone strike", "clash": "clashes"}[inc["kind"]]
        who = f" blamed on {short}" if rng.random() < 0.6 else ""
        item = f"In {country}, {words_en(n)} {v} were killed {when} in {kind}{who} near {inc['town']}, in the {inc['region']}."
    other = rng.choice([
        "In other news, the price of millet has risen again in the markets of the capital.",
        "Turning to football, the national team has named its squad for the qualifiers.",
        "The weather service warns of strong winds and dust in the north.",
    ])
    text = f"""{RADIOS[rng.randrange(3)]} - news bulletin

Good evening. {item} {inc['quote'] if rng.random() < 0.5 else ''}

{other}
"""
    return lag, "en", text


def statement(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = 1
    country, adj, army, _, _ = COUNTRY[inc["country"]]
    n = inc.get("killed", 0)
    v = VICTIMS_EN[inc["victims"]].split(" (")[0]
    state_side = inc["actor"] == "fama"
    if inc["kind"] in ("post", "ambush", "clash") and not state_side:
        body = (f"On {en_date(day)}, a unit of the Defence and Security Forces was the target of a complex attack by "
                f"armed terrorist groups in the area of {inc['town']}. The enemy was pushed back after intense fighting. "
                f"Provisional toll: {n} {v} fell with honour, {inc.get('wounded', 0)} were wounded, and several dozen "
                f"terrorists were neutralised.")
    elif state_side:
        body = (f"On {en_date(day)}, the air force carried out a strike against a terrorist position near {inc['town']}. "
                f"The General Staff rejects reports of civilian casualties and says the target was a meeting of terrorist leaders.")
    elif inc["kind"] == "abduction":
        body = (f"On {en_date(day)}, armed terrorists abducted {inc['abducted']} people near {inc['town']}. "
                f"Search operations are under way.")
    else:
        body = (f"The Government strongly condemns the cowardly terrorist attack of {en_date(day)} near {inc['town']}, "
                f"in the {inc['region']}, which killed {n} {v}. Three days of national mourning are declared.")
    who = "General Staff of the Armed Forces" if inc["kind"] in ("post", "ambush", "clash", "ied", "drone") else "Government spokesperson"
    text = f"""PRESS RELEASE - {who} ({country})

{body}

{inc['detail']}

The {who} calls on the population to remain vigilant and to report any suspicious movement.
"""
    return lag, "en", text


def village(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = rng.choice([1, 2])
    pub = day + dt.timedelta(days=lag)
    _, short, vague, _ = ACTOR[inc["actor"]]
    n = inc.get("early", inc.get("killed", 0))
    near = inc.get("near")
    if near:
        where = f"{near['village']}, a village some {near['km']} km {near['dir']} of {inc['town']}"
    else:
        where = f"a hamlet on the outskirts of {inc['town']}"
    when = relative_en(day, pub)
    lede = what_en(inc, vague[0].upper() + vague[1:], where, 0)
    toll = f" A local leader said {n} {VICTIMS_EN[inc['victims']].split(' (')[0]} were killed." if n else ""
    text = f"""{lede} {when}, residents told our correspondent.{toll}

{inc['detail']} "{inc['quote']}"

Survivors have fled to {inc['town']}.
"""
    return lag, "en", text


def ngo_flash(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = rng.choice([2, 3, 4])
    country = COUNTRY[inc["country"]][0]
    n = inc.get("late", inc.get("killed", 0))
    near = inc.get("near")
    loc = f"{near['village']} ({inc['town']} commune)" if near and rng.random() < 0.5 else inc["town"]
    what = {"post": "Attack on a security post", "ambush": "Ambush on a military convoy", "massacre": "Attack on civilians",
            "ied": "Explosive device incident", "abduction": "Abduction of civilians", "market": "Attack on a market",
            "boat": "Attack on a passenger boat", "shelling": "Indirect fire on a town", "drone": "Air strike",
            "clash": "Armed clashes"}[inc["kind"]]
    if inc["kind"] == "abduction":
        impact = f"{inc['abducted']} civilians abducted (provisional figures)."
    else:
        impact = f"{n} {VICTIMS_EN[inc['victims']].split(' (')[0]} killed, {inc.get('wounded', 0)} injured (provisional figures)."
    perp = "Malian Armed Forces (according to local sources)" if inc["actor"] == "fama" else "Non-state armed group (NSAG)"
    text = f"""FLASH UPDATE No. {rng.randint(2, 9)} - {what}, {inc['region']}, {country}

Date of incident: {day.strftime('%d/%m/%Y')}
Location: {loc}, {inc['province']}
Perpetrators: {perp}
Impact: {impact}

Situation overview: {inc['detail']} Partners report new displacement towards {inc['town']} and neighbouring communes. Needs include shelter, food and psychosocial support.

Source: {NGOS[rng.randrange(3)]}. Figures are provisional and may change.
"""
    return lag, "en", text


def followup(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = rng.choice([3, 4, 6, 8])
    pub = day + dt.timedelta(days=lag)
    country, adj, *_ = COUNTRY[inc["country"]]
    n = inc.get("late", inc.get("killed", 0))
    when = relative_en(day, pub)
    when = when[3:] + "'s" if when.startswith("on ") else when
    kind = {"post": "attack on the army post", "ambush": "ambush", "massacre": "massacre", "ied": "bomb attack",
            "abduction": "abduction", "market": "market attack", "boat": "boat attack", "shelling": "shelling",
            "drone": "drone strike", "clash": "fighting"}[inc["kind"]]
    if when in ("earlier this week", "last week"):
        lede = f"The death toll from the {kind} in {inc['town']} {when} has risen to {n}, local officials said on {WD_EN[pub.weekday()]}."
    else:
        lede = f"The death toll from {when} {kind} in {inc['town']} has risen to {n}, local officials said."
    text = f"""{inc['town']}: toll rises to {n}

{lede} Relatives are still searching for the missing.

{inc['detail']} The {adj} authorities announced an investigation.

{inc['background']}
"""
    return lag, "en", text


def social(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    country = COUNTRY[inc["country"]][0]
    tag = "#" + country.replace(" ", "")
    n = inc.get("early", 0)
    v = VICTIMS_EN[inc["victims"]].split(" (")[0]
    what = {"post": f"heavy gunfire at the army post in {inc['town']} since dawn",
            "ambush": f"army convoy attacked near {inc['town']}",
            "massacre": f"civilians killed in an attack near {inc['town']}",
            "ied": f"explosion on the road near {inc['town']}",
            "abduction": f"people abducted near {inc['town']}",
            "market": f"shooting at the market in {inc['town']}",
            "boat": f"boat attacked on the river near {inc['town']}",
            "shelling": f"shells falling on {inc['town']} this morning",
            "drone": f"air strike reported near {inc['town']}",
            "clash": f"fighting between the army and militants near {inc['town']}"}[inc["kind"]]
    toll = f" First reports speak of {n} {v} killed." if n and rng.random() < 0.6 else " No casualty figures yet."
    text = f"{tag} BREAKING: {what}, local sources say.{toll} More soon.\n"
    return 0, "en", text


def fr_army(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = 1
    country, _, _, army_fr, _ = COUNTRY[inc["country"]]
    n = inc.get("killed", 0)
    v = VICTIMS_FR[inc["victims"]]
    if inc["actor"] == "fama":
        body = (f"Le {fr_date(day)}, les vecteurs aériens des FAMa ont neutralisé un groupe terroriste près de "
                f"{inc['town']}. L'état-major dément toute victime civile.")
    elif inc["kind"] in ("post", "ambush", "clash"):
        what = {"post": "a été la cible d'une attaque terroriste complexe", "ambush": "est tombée dans une embuscade",
                "clash": "a été prise à partie par des groupes armés terroristes"}[inc["kind"]]
        body = (f"Le {fr_date(day)}, une unité des Forces de défense et de sécurité {what} dans la zone de "
                f"{inc['town']} ({inc['province']}). La riposte vigoureuse des FDS a permis de repousser l'ennemi. "
                f"Bilan provisoire : {n} {v} tombés, {inc.get('wounded', 0)} blessés, et une quarantaine de terroristes neutralisés.")
    elif inc["kind"] == "ied":
        body = (f"Le {fr_date(day)}, un véhicule a sauté sur un engin explosif improvisé près de {inc['town']}. "
                f"Bilan : {n} {v} tués et {inc.get('wounded', 0)} blessés.")
    else:
        body = (f"Le {fr_date(day)}, des terroristes ont attaqué {inc['town']}. Bilan provisoire : {n} {v} tués.")
    text = f"""COMMUNIQUÉ DE PRESSE
État-major général des armées ({country})

{body}

Des opérations de ratissage sont en cours dans la zone. L'état-major appelle les populations à la vigilance et à la collaboration avec {army_fr}.
"""
    return lag, "fr", text


def fr_local(inc: dict, rng: random.Random, day: dt.date) -> tuple[int, str, str]:
    lag = rng.choice([1, 2])
    pub = day + dt.timedelta(days=lag)
    country = COUNTRY[inc["country"]][0]
    _, _, _, actor_fr = ACTOR[inc["actor"]]
    n = rng.choice([inc.get("early", 0), inc.get("killed", 0), inc.get("late", 0)]) if inc.get("killed") else 0
    if lag == 1 and rng.random() < 0.5:
        when = f"dans la nuit de {WD_FR[(day.weekday() - 1) % 7]} à {WD_FR[day.weekday()]}"
    elif lag == 1:
        when = "hier"
    else:
        when = f"le {fr_date(day)}"
    near = inc.get("near")
    where = f"{near['village']}, dans la commune de {inc['town']}," if near and rng.random() < 0.5 else inc["town"]
    toll = toll_fr(n, inc["victims"], approx=rng.random() < 0.5) if n else ""
    lede = what_fr(inc, actor_fr[0].upper() + actor_fr[1:], where, toll).replace(",,", ",")
    text = f"""{lede} {when}, a-t-on appris de sources locales.

Selon un habitant joint par {FR_OUTLETS[rng.randrange(3)]}, les assaillants sont arrivés à moto. « La situation reste tendue », a-t-il confié.

Cette partie du {country} est confrontée depuis plusieurs années aux attaques de groupes armés.
"""
    return lag, "fr", text


STYLES = {f.__name__: f for f in (feature, radio, statement, village, ngo_flash, followup, social, fr_army, fr_local)}


def build(incidents_path: Path = HERE / "incidents.yaml") -> list[dict]:
    return build_reports(incidents_path, STYLES, "", reports=(4, 6), pass_index=False)


def main(argv: list[str] | None = None) -> int:
    return run_generator(build, __file__, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
