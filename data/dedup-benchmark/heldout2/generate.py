"""Write the second held-out deduplication set (heldout2/benchmark.jsonl) from heldout2/incidents.yaml.

Same output format as the other sets (id, incident, group, style, language, published, text); new
incidents (other towns, 2015-2017, Chad added) and outlet styles that none of the other three sets' templates
have:

* ``longread``   a long feature: headline, a capital-city dateline with an em dash, "last Saturday", the
                 toll and the wounded, a quote, then background paragraphs that recall an OLDER attack with
                 its own date and toll and, for the second incident of a group, the first one ("It came two
                 days after ...");
* ``liveblog``   a live page, newest entry first, with clock times: a toll update, the first report of the
                 attack ("this morning" / "overnight"), an unrelated opening entry at the bottom;
* ``flash``      a one-line agency flash sent while the attack is under way: no toll, "security source";
* ``update``     the agency's "UPDATE 2-" story: what was added, a hub dateline, a toll that replaces the
                 first one ("raising an earlier figure of ...");
* ``fr_daily``   a French regional daily: headline, standfirst, "dans la nuit du samedi 8 au dimanche 9
                 avril", "le week-end dernier", "au moins N", a source "jointe par nos soins";
* ``thread``     a numbered social-media thread ("1/ ... 2/ ..."), hashtags, "Sat." abbreviations, "N+"
                 tolls, a context post about the group;
* ``corrected``  a story with a correction note: an earlier version gave a WRONG toll (much higher) or the
                 wrong day ("happened on Sunday, not Saturday");
* ``weekend``    a weekly round-up published Monday to Thursday that gives the day only as "last weekend" /
                 "over the weekend", with other items of the week (sometimes the other incident of the group);
* ``fr_urgent``  a French agency "URGENT" line followed by "ACTUALISATION" paragraphs with the toll.

Deterministic: the same incidents give the same file.

    python data/dedup-benchmark/heldout2/generate.py            # rewrites heldout2/benchmark.jsonl
    python data/dedup-benchmark/heldout2/generate.py --check    # fails if it is stale
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchgen import MONTH_FR, WD_EN, WD_FR, build_reports, cap, elide, run_generator, town  # noqa: E402  (the shared command line, one folder up)

COUNTRY = {  # name, French with preposition, capital, hashtag, army (EN), army (FR)
    "BF": ("Burkina Faso", "au Burkina Faso", "Ouagadougou", "#BurkinaFaso", "the Burkinabe armed forces",
           "les forces armées burkinabè"),
    "ML": ("Mali", "au Mali", "Bamako", "#Mali", "the Malian army", "l'armée malienne"),
    "NE": ("Niger", "au Niger", "Niamey", "#Niger", "the Nigerien armed forces", "l'armée nigérienne"),
    "NG": ("Nigeria", "au Nigeria", "Abuja", "#Nigeria", "the Nigerian Army", "l'armée nigériane"),
    "TD": ("Chad", "au Tchad", "N'Djamena", "#Chad", "the Chadian army", "l'armée tchadienne"),
}
HUBS = {"BF": ["Ouagadougou", "Bobo-Dioulasso"], "ML": ["Bamako", "Ségou"], "NE": ["Niamey", "Maradi"],
        "NG": ["Abuja", "Maiduguri", "Kano"], "TD": ["N'Djamena"]}
ACTOR = {  # formal EN, short EN, vague EN, FR, hashtag
    "jnim": ("the Group for the Support of Islam and Muslims (JNIM)", "JNIM", "fighters loyal to al-Qaeda",
             "des combattants du Groupe de soutien à l'islam et aux musulmans", "#JNIM"),
    "aqim": ("al-Qaeda in the Islamic Maghreb (AQIM)", "AQIM", "fighters loyal to al-Qaeda",
             "des éléments d'Al-Qaïda au Maghreb islamique", "#AQIM"),
    "ansardine": ("the Ansar Dine movement", "Ansar Dine", "Islamist fighters", "des combattants d'Ansar Dine",
                  "#AnsarDine"),
    "macina": ("the Macina Liberation Front", "the Macina front", "militants of the Macina front",
               "des membres du Front de libération du Macina", "#Macina"),
    "issgs": ("the Islamic State in the Greater Sahara (ISGS)", "ISGS", "Islamic State-linked gunmen",
              "des combattants de l'État islamique dans le Grand Sahara", "#ISGS"),
    "jas": ("Boko Haram's Shekau faction", "Boko Haram", "Boko Haram fighters", "des combattants de Boko Haram",
            "#BokoHaram"),
    "iswap": ("the Islamic State West Africa Province (ISWAP)", "ISWAP", "jihadists loyal to the Islamic State",
              "des jihadistes de l'État islamique en Afrique de l'Ouest", "#ISWAP"),
    "bandits": ("armed bandits", "bandits", "gunmen on motorcycles", "des bandits armés", "#banditry"),
    "unknown": ("unidentified gunmen", "gunmen", "armed assailants", "des assaillants non identifiés", ""),
}
VICTIMS_EN = {"soldiers": "soldiers", "gendarmes": "gendarmes", "police": "police officers",
              "customs": "customs officers", "rangers": "forest rangers", "civilians": "civilians",
              "traders": "traders", "miners": "gold miners", "worshippers": "worshippers",
              "passengers": "passengers", "herders": "herders", "vigilantes": "members of a vigilante group"}
VICTIMS_FR = {"soldiers": "militaires", "gendarmes": "gendarmes", "police": "policiers", "customs": "douaniers",
              "rangers": "agents des eaux et forêts", "civilians": "civils", "traders": "commerçants",
              "miners": "orpailleurs", "worshippers": "fidèles", "passengers": "passagers", "herders": "éleveurs",
              "vigilantes": "membres d'un groupe d'autodéfense"}
AGENCIES = ["Meridian Press", "Sahelian Wire Service", "Lakeside News Agency"]
MAGAZINES = ["The Sahel Weekly", "Borderlands Review", "West Africa Week"]
BLOGS = ["Security Watch live", "Sahel live desk", "Regional desk live"]
DAILIES_FR = ["Le Courrier des Régions", "Sud Matin", "L'Écho de la Savane"]
AGENCIES_FR = ["Agence Sahel Presse", "Dépêches d'Afrique", "Agence du Lac"]
HANDLES = ["@SahelMonitor", "@conflict_notes", "@lakechad_watch"]


def day_fr(d: dt.date, weekday: bool = True) -> str:
    n = "1er" if d.day == 1 else str(d.day)
    return f"{WD_FR[d.weekday()] + ' ' if weekday else ''}{n} {MONTH_FR[d.month - 1]}"


def target_en(inc: dict, where: str) -> str:
    """What was hit, as the object of 'attacked' / 'struck'."""
    v = inc["victims"]
    return {
        "post": {"gendarmes": f"the gendarmerie brigade in {where}", "police": f"the police station in {where}",
                 "customs": f"the customs office in {where}"}.get(v, f"an army position in {where}"),
        "base": f"the military base in {where}",
        "ambush": f"a {'customs' if v == 'customs' else 'ranger' if v == 'rangers' else 'military'} patrol outside {where}",
        "village": f"{inc['near']['village']}, a village outside {where}" if inc.get("near") else f"the outskirts of {where}",
        "ied": f"a {'vigilante' if v == 'vigilantes' else 'military'} vehicle with a buried explosive device near {where}",
        "abduction": f"travellers on the road near {where}",
        "market": f"the weekly market of {where}",
        "suicide": f"the main market of {where}",
        "mine": f"a gold-panning site near {where}",
        "church": f"a church in {where}",
        "highway": f"vehicles on the highway outside {where}",
        "cattle": f"a herders' camp near {where}",
    }[inc["kind"]]


def target_fr(inc: dict, where: str) -> str:
    v = inc["victims"]
    return {
        "post": {"gendarmes": f"la brigade de gendarmerie de {where}", "police": f"le commissariat de {where}",
                 "customs": f"le bureau des douanes de {where}"}.get(v, f"une position de l'armée à {where}"),
        "base": f"la base militaire de {where}",
        "ambush": f"une patrouille {'des douanes' if v == 'customs' else 'des eaux et forêts' if v == 'rangers' else 'militaire'} aux abords de {where}",
        "village": f"le village de {inc['near']['village']}, non loin de {where}" if inc.get("near") else f"un quartier périphérique de {where}",
        "ied": f"un véhicule {'de supplétifs' if v == 'vigilantes' else 'militaire'} sur une mine artisanale près de {where}",
        "abduction": f"des voyageurs sur la route de {where}",
        "market": f"le marché hebdomadaire de {where}",
        "suicide": f"le grand marché de {where}",
        "mine": f"un site d'orpaillage près de {where}",
        "church": f"une église de {where}",
        "highway": f"des véhicules sur la route nationale près de {where}",
        "cattle": f"un campement d'éleveurs près de {where}",
    }[inc["kind"]]


def noun_en(inc: dict) -> str:
    return {"post": "attack", "base": "assault on the base", "ambush": "ambush", "village": "raid",
            "ied": "explosion", "abduction": "kidnapping", "market": "market shooting", "suicide": "suicide bombing",
            "mine": "attack on the gold site", "church": "church shooting", "highway": "highway attack",
            "cattle": "cattle raid"}[inc["kind"]]


def verb_en(inc: dict, subject: str, where: str) -> str:
    """'<subject> stormed <target>' with a verb that fits the kind of attack."""
    if inc["kind"] == "suicide":
        return f"two suicide bombers sent by {subject} blew themselves up in {target_en(inc, where)}"
    if inc["kind"] == "ied":
        return f"{subject} struck {target_en(inc, where)}"
    if inc["kind"] == "abduction":
        return f"{subject} seized {inc.get('abducted', 0)} {VICTIMS_EN[inc['victims']]} on the road near {where}"
    if inc["kind"] == "ambush":
        return f"{subject} ambushed {target_en(inc, where)}"
    return f"{subject} stormed {target_en(inc, where)}"


def verb_fr(inc: dict, subject: str, where: str) -> str:
    if inc["kind"] == "suicide":
        return f"deux kamikazes envoyées par {subject} se sont fait exploser sur {target_fr(inc, where)}"
    if inc["kind"] == "abduction":
        return f"{subject} ont enlevé {inc.get('abducted', 0)} {VICTIMS_FR[inc['victims']]} sur la route de {where}"
    if inc["kind"] == "ambush":
        return f"{subject} ont tendu une embuscade à {target_fr(inc, where)}"
    if inc["kind"] == "ied":
        return f"{target_fr(inc, where)} a sauté, une mine posée par {subject}"
    return f"{subject} ont pris pour cible {target_fr(inc, where)}"


def toll_en(inc: dict, n: int, at_least: bool = True) -> str:
    """'at least 5 gendarmes were killed' / abductions; '' when no one was killed."""
    if inc["kind"] == "abduction" or not n:
        return ""
    return f"{'at least ' if at_least else ''}{n} {VICTIMS_EN[inc['victims']]} {'was' if n == 1 else 'were'} killed"


def toll_fr(inc: dict, n: int) -> str:
    if inc["kind"] == "abduction" or not n:
        return ""
    return f"au moins {n} {VICTIMS_FR[inc['victims']]} ont été tués"


def partner(inc: dict, by_id: dict) -> dict:
    return by_id[inc["id"][:-1] + ("b" if inc["id"].endswith("a") else "a")]


def lag_words(day: dt.date, pub: dt.date) -> str:
    """How a story published on ``pub`` names the day: 'on Saturday' / 'last Saturday' / 'on Saturday night'."""
    gap = (pub - day).days
    if gap == 0:
        return "earlier today"
    return ("last " if gap >= 3 else "on ") + WD_EN[day.weekday()]


# --- styles: each returns (days after the event, language, text) ---------------------------------------

def longread(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([2, 3, 4])
    pub = day + dt.timedelta(days=lag)
    cname, _, capital, _, army, _ = COUNTRY[inc["country"]]
    formal, short, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    n = inc.get("killed", 0)
    headline = {
        "abduction": f"Fear on the roads of {inc['region'].replace(' region', '').replace(' State', '')} after a new kidnapping",
        "suicide": f"Bombers strike {where} as the lake war drags on",
    }.get(inc["kind"], f"In {where}, an {noun_en(inc)} that residents saw coming" if noun_en(inc)[0] in "aeiou"
       else f"In {where}, a {noun_en(inc)} that residents saw coming")
    lede = f"{capital.upper()}, {cname} — {cap(verb_en(inc, vague, where))} {lag_words(day, pub)}"
    if n and inc["kind"] != "abduction":
        lede += f", and by the evening {toll_en(inc, n)}, {rng.choice(['officials', 'a local official', 'two security sources'])} said."
    else:
        lede += ", according to relatives and a local councillor."
    wounded = f" Another {inc['wounded']} were wounded and taken to hospital." if inc.get("wounded") else ""
    claim = (f" Responsibility was later claimed by {formal}." if inc["actor"] not in ("unknown", "bandits")
             else f" No group has said it carried out the {noun_en(inc)}.")
    p2 = f"{inc['detail']}{wounded}{claim}"
    quote = rng.choice([
        "Everybody knew they would come back; we just did not know when.",
        "We have asked for more soldiers for months and nothing has changed.",
        "People are leaving with whatever they can carry.",
    ])
    p3 = f"\"{quote[:-1]},\" said a {rng.choice(['shopkeeper', 'teacher', 'farmer', 'local elected official'])} reached by phone, who did not want his name published."
    p4 = inc["background"]
    other = partner(inc, by_id)
    gap = (day - dt.date.fromisoformat(str(other["date"]))).days
    p5 = ""
    if gap > 0:
        oth = other["town"]
        word = {1: "a day", 2: "two days", 3: "three days"}[gap]
        o_toll = (f", killing {other['killed']} {VICTIMS_EN[other['victims']]}" if other.get("killed") and other["kind"] != "abduction"
                  else "")
        p5 = f"The {noun_en(inc)} came {word} after {oth if oth != inc['town'] else 'the same town'} was hit by another {noun_en(other)}{o_toll}."
    p6 = (f"{cap(army)} have stepped up operations in the area, but analysts say the armed groups still move freely "
          f"between the bush and the villages, and thousands of people have left their homes since {day.year - 1}.")
    text = f"""{headline}

{lede}

{p2}

{p3}

{p4} {p5}

{p6}
"""
    return lag, "en", text


def liveblog(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 0, 1])
    cname = COUNTRY[inc["country"]][0]
    _, short, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    n = inc.get("killed", 0)
    when = "this morning" if lag == 0 else "last night" if rng.random() < 0.5 else "yesterday"
    h1, h2, h3 = (f"{h:02d}" for h in sorted(rng.sample(range(8, 20), 3)))
    top = (f"{h3}:{rng.randrange(60):02d} — The {noun_en(inc)} in {where}: the regional governor now speaks of "
           f"{n} {VICTIMS_EN[inc['victims']]} killed{' and ' + str(inc['wounded']) + ' wounded' if inc.get('wounded') else ''}."
           if n and inc["kind"] != "abduction" else
           f"{h3}:{rng.randrange(60):02d} — Relatives say {inc.get('abducted', 0)} people are still missing after the {noun_en(inc)} near {where}.")
    middle = (f"{h2}:{rng.randrange(60):02d} — We are getting reports that {verb_en(inc, vague, where)} {when}. "
              f"{inc['detail']}")
    bottom = rng.choice([
        f"{h1}:{rng.randrange(60):02d} — Welcome to our live coverage. Ministers of the region meet today to discuss a joint force.",
        f"{h1}:{rng.randrange(60):02d} — Good morning. Flights to the capital of {cname} resume after a two-day strike by air traffic controllers.",
        f"{h1}:{rng.randrange(60):02d} — Our correspondent is travelling to the north of {cname}; more from her later today.",
    ])
    text = f"""{BLOGS[rng.randrange(3)]}: {cname} — latest

{top}

{middle}

{bottom}
"""
    return lag, "en", text


def flash(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    cname = COUNTRY[inc["country"]][0]
    where = town(inc, rng)
    what = {"abduction": f"people kidnapped near {where}", "suicide": f"explosions at the market in {where}",
            "ied": f"blast hits vehicle near {where}"}.get(inc["kind"], f"gunfire at {target_en(inc, where)}")
    source = rng.choice(["security source", "local official", "witnesses"])
    text = f"""FLASH -- {cname}: {what} -- {source} ({AGENCIES[rng.randrange(3)]})
"""
    return 0, "en", text


def update(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 1, 1])
    cname, _, capital, _, army, _ = COUNTRY[inc["country"]]
    formal, short, vague, _, _ = ACTOR[inc["actor"]]
    hub = rng.choice(HUBS[inc["country"]])
    where = town(inc, rng)
    n, early = inc.get("killed", 0), inc.get("early", inc.get("killed", 0))
    agency = AGENCIES[rng.randrange(3)]
    pub = day + dt.timedelta(days=lag)
    if inc["kind"] == "abduction":
        head = f"UPDATE 2-Gunmen kidnap {inc.get('abducted', 0)} near {where} in {cname}"
        body = (f"{hub}, {pub.strftime('%B')} {pub.day} ({agency}) - {cap(verb_en(inc, vague, where))} on "
                f"{WD_EN[day.weekday()]}, a regional official said, and no ransom demand had been received by the evening.")
    else:
        who = {"unknown": "Attackers", "bandits": "Bandits"}.get(inc["actor"], f"{short.removeprefix('the ')} fighters")
        head = f"UPDATE 2-{who} kill {n} in {noun_en(inc)} in {where}, {cname}"
        body = (f"{hub}, {pub.strftime('%B')} {pub.day} ({agency}) - {cap(verb_en(inc, vague, where))} on "
                f"{WD_EN[day.weekday()]} and {toll_en(inc, n, at_least=False)}, {army} said, "
                f"{'raising an earlier figure of ' + str(early) if early != n else 'confirming the figure given by local sources'}.")
    text = f"""{head}

(Adds army statement, updated toll, background)

{body}

{inc['detail']} {'Earlier, a security source had spoken of ' + str(early) + ' dead.' if early and early != n and inc['kind'] != 'abduction' else ''}

{inc['background']}
"""
    return lag, "en", text


def fr_daily(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([1, 2, 3])
    _, in_country, _, _, _, army_fr = COUNTRY[inc["country"]]
    actor_fr = ACTOR[inc["actor"]][3]
    where = town(inc, rng)
    n = inc.get("killed", 0)
    weekend = day.weekday() >= 5 and lag >= 2 and rng.random() < 0.5
    night = rng.random() < 0.5
    nxt = day + dt.timedelta(days=1)
    if weekend:
        when = "le week-end dernier"
    elif night:
        when = f"dans la nuit du {day_fr(day)} au {day_fr(nxt)}"
    else:
        when = f"le {day_fr(day)}, aux environs de {rng.choice(['6', '10', '17', '19'])} heures"
    toll = toll_fr(inc, n)
    chapo = (f"{cap(toll)}, selon un bilan encore provisoire." if toll
             else f"{inc.get('abducted', 0)} personnes sont toujours entre les mains de leurs ravisseurs.")
    body = f"C’est {when} que {verb_fr(inc, actor_fr, where)}."
    src = rng.choice(["Selon une source sécuritaire jointe par nos soins", "D'après un élu local que nous avons pu joindre",
                      "Selon des habitants"])
    tail = (f"{src}, aucune revendication n'a été enregistrée." if inc["kind"] in ("abduction", "suicide")
            else f"{src}, les assaillants sont repartis avant l'arrivée des renforts de {army_fr}.")
    earlier = f"En {day.year - rng.choice([1, 2])}, la zone avait déjà connu des attaques, sans faire autant de victimes."
    headline = {"abduction": f"{where} : enlèvement sur la route", "suicide": f"{where} : double attentat au marché"}.get(
        inc["kind"], f"{where} : nouvelle attaque meurtrière")
    text = f"""{DAILIES_FR[rng.randrange(3)]} - Région

{headline}

{chapo}

{body} {tail}

{earlier} Les populations, inquiètes, réclament une présence accrue des forces de défense et de sécurité {in_country.replace('au ', 'du ')}.
"""
    return lag, "fr", elide(text)


def thread(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 1])
    cname, _, _, tag, _, _ = COUNTRY[inc["country"]]
    formal, short, vague, _, atag = ACTOR[inc["actor"]]
    where = town(inc, rng, 0.5)
    wtag = "#" + re.sub(r"[^\w]", "", where)
    abbr = WD_EN[day.weekday()][:3] + "."
    when = "this morning" if lag == 0 and rng.random() < 0.5 else f"on {abbr}"
    n = inc.get("early", inc.get("killed", 0)) if lag == 0 else inc.get("killed", 0)
    posts = [f"1/ Serious {noun_en(inc)} reported in {wtag} ({tag}) {when} - what we know so far, thread below."]
    if inc["kind"] == "abduction":
        posts.append(f"2/ {inc.get('abducted', 0)} {VICTIMS_EN[inc['victims']]} taken per local sources. No claim yet.")
    elif n:
        posts.append(f"2/ Local sources: {n}+ {VICTIMS_EN[inc['victims']]} dead, several wounded. Figures unverified.")
    else:
        posts.append("2/ No reliable casualty figure yet.")
    posts.append(f"3/ {inc['detail']}")
    if inc["actor"] in ("unknown", "bandits"):
        posts.append(f"4/ Nobody has claimed it. {cap(short)} have been active around {inc['town']} for months. {atag}".rstrip())
    else:
        posts.append(f"4/ Context: {short} {atag} has targeted this area repeatedly. Expect a claim within 48h.")
    posts.append(f"5/ Will update. Please do not share graphic images. /end  {HANDLES[rng.randrange(3)]}")
    return lag, "en", "\n\n".join(posts) + "\n"


def corrected(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([1, 2, 3])
    pub = day + dt.timedelta(days=lag)
    cname, _, _, _, army, _ = COUNTRY[inc["country"]]
    formal, short, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    n = inc.get("killed", 0)
    body = f"{cap(verb_en(inc, vague, where))} {lag_words(day, pub)}"
    body += f", and {toll_en(inc, n, at_least=False)}, the authorities said." if toll_en(inc, n) else ", local officials said."
    wrong_day = day + dt.timedelta(days=rng.choice([-1, 1]))
    if inc.get("wrong") and rng.random() < 0.7:
        note = (f"Correction: an earlier version of this story said {inc['wrong']} people had been killed, a figure given "
                f"by a source who counted the wounded. The authorities' toll is {n}.")
    else:
        note = (f"Correction: this story has been amended to say that the {noun_en(inc)} took place on "
                f"{WD_EN[day.weekday()]}, not on {WD_EN[wrong_day.weekday()]}.")
    head = f"{cname}: {noun_en(inc)} near {where}" + (f" leaves {n} dead" if n and inc["kind"] != "abduction" else "")
    text = f"""{head}

{body}

{inc['detail']} {cap(army)} sent reinforcements to the area.

{note}
"""
    return lag, "en", text


def weekend(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    if day.weekday() < 5:
        raise ValueError(f"{inc['id']}: the 'weekend' style needs a Saturday or Sunday")
    pub = day + dt.timedelta(days=7 - day.weekday() + rng.choice([0, 1, 2, 3]))  # Monday to Thursday after
    lag = (pub - day).days
    cname = COUNTRY[inc["country"]][0]
    _, short, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    n = inc.get("late", inc.get("killed", 0))
    phrase = rng.choice(["last weekend", "over the weekend", "at the weekend"])
    item = f"- {cname}: {verb_en(inc, vague, where)} {phrase}."
    if n and inc["kind"] != "abduction":
        item += f" The toll has risen to {n} {VICTIMS_EN[inc['victims']]}, according to the latest figures."
    items = [item]
    other = partner(inc, by_id)
    odate = dt.date.fromisoformat(str(other["date"]))
    if odate < day and rng.random() < 0.5:  # the round-up also covers the group's other incident
        items.append(f"- Also in {cname}: the {noun_en(other)} in {other['town']} on {WD_EN[odate.weekday()]} "
                     f"is still under investigation.")
    items.append(rng.choice([
        "- Regional: the rainy season is expected to start late this year, aid agencies warn.",
        "- Diplomacy: foreign ministers of the region met to discuss border controls.",
        "- Economy: cotton prices fell for the third week in a row.",
    ]))
    text = f"""{MAGAZINES[rng.randrange(3)]} — the week in brief

{chr(10).join(items)}
"""
    return lag, "en", text


def fr_urgent(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    cname, in_country, _, _, _, army_fr = COUNTRY[inc["country"]]
    actor_fr = ACTOR[inc["actor"]][3]
    where = town(inc, rng)
    fr_name = {"Burkina Faso": "Burkina", "Chad": "Tchad", "Nigeria": "Nigeria", "Mali": "Mali", "Niger": "Niger"}[cname]
    what = {"abduction": f"enlèvement sur la route de {where}", "suicide": f"explosions au marché de {where}"}.get(
        inc["kind"], f"attaque en cours à {where}")
    h = rng.choice([14, 16, 18, 21])
    n, early = inc.get("killed", 0), inc.get("early", inc.get("killed", 0))
    act = (f"ACTUALISATION ({h}h{rng.randrange(60):02d}) - {cap(verb_fr(inc, actor_fr, where))} ce {WD_FR[day.weekday()]}, "
           f"selon une source locale.")
    if n and inc["kind"] != "abduction":
        act += f" Un premier bilan fait état de {early} morts parmi les {VICTIMS_FR[inc['victims']]}."
    act2 = f"ACTUALISATION ({h + 2}h{rng.randrange(60):02d}) - "
    act2 += (f"Le bilan s'établit désormais à {n} morts, selon {army_fr}." if n and n != early and inc["kind"] != "abduction"
             else "Aucune revendication n'a été enregistrée pour l'instant.")
    text = f"""URGENT - {fr_name} : {what} ({AGENCIES_FR[rng.randrange(3)]})

{act}

{act2}
"""
    return 0, "fr", elide(text)


STYLES = {f.__name__: f for f in (longread, liveblog, flash, update, fr_daily, thread, corrected, weekend, fr_urgent)}


def build(incidents_path: Path = HERE / "incidents.yaml") -> list[dict]:
    return build_reports(incidents_path, STYLES, "heldout2:")


def main(argv: list[str] | None = None) -> int:
    return run_generator(build, __file__, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
