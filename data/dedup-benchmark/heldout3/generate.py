"""Write the third held-out deduplication set (heldout3/benchmark.jsonl) from heldout3/incidents.yaml.

Same output format as the other sets (id, incident, group, style, language, published, text); new
incidents (other towns, 2012-2014) and ten outlet styles that none of the other four sets' templates have:

* ``podcast``     a radio programme transcript: HOST / REPORTER turns, the toll spelled out ("seven"),
                  "on Tuesday night", who is suspected;
* ``factcheck``   a fact-check: CLAIM / VERDICT about a video wrongly said to show the attack (the footage
                  is older and from elsewhere), then what is known of the real attack ("On March 12, ...");
* ``profile``     a portrait of one victim days later: age, family, "killed when gunmen ... on Tuesday
                  the 12th", the incident's toll in passing;
* ``statement``   a humanitarian organisation's statement: "is appalled by", "preliminary information",
                  a calendar date without year, a call on all parties;
* ``chat``        a community messaging-group export: "[06:12, 14/03/2013] Name: ..." lines, lower case,
                  abbreviations, a death count that grows during the morning;
* ``explainer``   "what we know" explainer published a week later: a reverse-chronological timeline
                  ("Mar 12 -"), the incident first, sometimes the group's other incident below it;
* ``market``      an economic story: prices or trade after "Saturday's raid", the attack as the cause;
* ``fr_gouv``     a government communiqué in French: "Le Gouvernement informe l'opinion nationale ...",
                  "aux environs de 5 heures", a provisional toll, condolences, a national mourning;
* ``fr_tv``       a French TV news transcript: PRÉSENTATRICE / CORRESPONDANT, "ce mardi matin", "vers 4 heures";
* ``fr_tribune``  a French opinion column: "l'attaque de X, mardi dernier", the author's argument, the toll
                  in passing.

Deterministic: the same incidents give the same file.

    python data/dedup-benchmark/heldout3/generate.py            # rewrites heldout3/benchmark.jsonl
    python data/dedup-benchmark/heldout3/generate.py --check    # fails if it is stale
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchgen import MONTH_FR, WD_EN, WD_FR, build_reports, cap, elide, run_generator, town  # noqa: E402  (the shared command line, one folder up)

COUNTRY = {  # name, French name with preposition, capital, demonym (EN), French government's country word
    "BF": ("Burkina Faso", "au Burkina Faso", "Ouagadougou", "Burkinabe", "burkinabè"),
    "ML": ("Mali", "au Mali", "Bamako", "Malian", "malien"),
    "NE": ("Niger", "au Niger", "Niamey", "Nigerien", "nigérien"),
    "NG": ("Nigeria", "au Nigeria", "Abuja", "Nigerian", "nigérian"),
    "TD": ("Chad", "au Tchad", "N'Djamena", "Chadian", "tchadien"),
}
ACTOR = {  # how an English outlet names them, a vaguer English name, French name, who is suspected (EN)
    "jnim": ("JNIM militants", "militants linked to al-Qaeda", "des jihadistes du GSIM",
             "the al-Qaeda-linked JNIM coalition"),
    "ansarul": ("Ansarul Islam fighters", "jihadist fighters", "des combattants d'Ansarul Islam",
                "Ansarul Islam, the group founded in the north of the country"),
    "isgs": ("Islamic State fighters", "jihadist fighters", "des combattants de l'État islamique",
             "the Islamic State's Sahel branch"),
    "macina": ("Macina Liberation Front militants", "armed Islamists", "des éléments de la katiba Macina",
               "the Macina Liberation Front"),
    "mujao": ("MUJAO fighters", "armed Islamists", "des combattants du MUJAO",
              "MUJAO, the jihadist movement that held Gao"),
    "jas": ("Boko Haram insurgents", "insurgents", "des insurgés de Boko Haram", "Boko Haram"),
    "iswap": ("ISWAP fighters", "insurgents", "des combattants de l'ISWAP", "the Islamic State's West Africa Province"),
    "bandits": ("armed bandits", "gunmen on motorbikes", "des bandits armés", "one of the bandit gangs of the area"),
    "unknown": ("unidentified gunmen", "armed men", "des hommes armés non identifiés", "nobody yet"),
}
VICTIMS_EN = {"soldiers": "soldiers", "gendarmes": "gendarmes", "police": "policemen", "civilians": "villagers",
              "traders": "traders", "miners": "miners", "passengers": "travellers", "herders": "herdsmen",
              "vigilantes": "militia members", "teachers": "teachers"}
VICTIMS_FR = {"soldiers": "soldats", "gendarmes": "gendarmes", "police": "policiers", "civilians": "villageois",
              "traders": "commerçants", "miners": "orpailleurs", "passengers": "voyageurs", "herders": "bergers",
              "vigilantes": "miliciens", "teachers": "enseignants"}
NUM_EN = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen"]
MON_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"]
SHOWS = ["The Sahel Hour", "Frontline Africa", "Morning Desk West Africa"]
CHECKERS = ["CheckPoint Sahel", "VeriFact Africa", "The Open Lens"]
NGOS = ["Relief Without Borders", "the Sahel Children's Fund", "Hands for Health International"]
PAPERS = ["The Continental Ledger", "Savanna Business Daily", "The Harmattan Post"]
EXPLAINERS = ["Crisis Desk", "Atlas of Conflict", "Sahel Briefing"]
TV_FR = ["Télé Sahel", "Canal Horizon", "Première Chaîne Info"]
REVUES_FR = ["La Plume du Sahel", "Regards croisés", "Le Débat africain"]
CHAT_NAMES = ["Moussa", "Adama B.", "Fati", "Youssouf K.", "Aminata", "Hamidou", "Ali T.", "Zeinab"]


def num_en(n: int) -> str:
    return NUM_EN[n] if n < len(NUM_EN) else str(n)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def place_en(inc: dict, where: str) -> str:
    """Where it happened, as an English outlet names it (the hamlet when there is one)."""
    if inc.get("near"):
        return f"{inc['near']['village']}, a hamlet {inc['near']['km']} km outside {where}"
    return where


def what_en(inc: dict, where: str) -> str:
    """'<subject> <what>': the act, with its target."""
    v = VICTIMS_EN[inc["victims"]]
    return {
        "post": {"gendarmes": f"overran the gendarmerie in {where}", "police": f"opened fire on the police station in {where}"}
        .get(inc["victims"], f"assaulted the army camp at {where}"),
        "ambush": f"fell upon an army supply convoy on the road out of {where}",
        "village": f"raided {place_en(inc, where)}",
        "ied": f"blew up a military truck with a roadside bomb outside {where}",
        "abduction": f"kidnapped {num_en(inc.get('abducted', 0))} {v} in {where}",
        "market": f"opened fire on the busy market in {where}",
        "mine": f"attacked a gold-digging camp at {place_en(inc, where)}",
        "highway": f"held up and shot at vehicles on the main road near {where}",
        "cattle": f"raided a herders' camp at {place_en(inc, where)} and made off with their cattle",
        "school": f"set upon a school in {where}",
    }[inc["kind"]]


def what_fr(inc: dict, where: str) -> str:
    """'<sujet> ont <quoi>': l'acte et sa cible (passé composé, sujet pluriel)."""
    v = VICTIMS_FR[inc["victims"]]
    hamlet = f"le hameau de {inc['near']['village']}, à {inc['near']['km']} km de {where}" if inc.get("near") else None
    return {
        "post": {"gendarmes": f"ont attaqué la brigade de gendarmerie de {where}", "police": f"ont attaqué le commissariat de police de {where}"}
        .get(inc["victims"], f"ont attaqué le camp militaire de {where}"),
        "ambush": f"ont tendu une embuscade à un convoi de ravitaillement de l'armée sur la route de {where}",
        "village": f"ont attaqué {hamlet or 'un quartier de ' + where}",
        "ied": f"ont fait exploser un engin artisanal au passage d'un camion militaire près de {where}",
        "abduction": f"ont enlevé {inc.get('abducted', 0)} {v} à {where}",
        "market": f"ont ouvert le feu sur le marché de {where}",
        "mine": f"ont attaqué un site d'orpaillage à {hamlet or where}",
        "highway": f"ont attaqué des véhicules sur la route nationale près de {where}",
        "cattle": f"ont attaqué un campement de bergers à {hamlet or where} et emporté le bétail",
        "school": f"ont attaqué une école de {where}",
    }[inc["kind"]]


def noun_en(inc: dict) -> str:
    return {"post": "attack", "ambush": "ambush", "village": "raid", "ied": "bombing", "abduction": "kidnapping",
            "market": "market attack", "mine": "attack on the gold camp", "highway": "road attack",
            "cattle": "cattle raid", "school": "school attack"}[inc["kind"]]


def noun_fr(inc: dict) -> str:
    return {"post": "l'attaque", "ambush": "l'embuscade", "village": "l'attaque", "ied": "l'attentat",
            "abduction": "l'enlèvement", "market": "l'attaque du marché", "mine": "l'attaque du site d'orpaillage",
            "highway": "l'attaque de la route", "cattle": "l'attaque du campement", "school": "l'attaque de l'école"}[inc["kind"]]


def dead_en(inc: dict, n: int) -> str:
    """'six soldiers dead' or '' for a kidnapping without deaths."""
    if not n:
        return ""
    return f"{num_en(n)} {VICTIMS_EN[inc['victims']]} dead"


def partner(inc: dict, by_id: dict) -> dict:
    return by_id[inc["id"][:-1] + ("b" if inc["id"].endswith("a") else "a")]


def daypart(rng: random.Random) -> tuple[str, str, int]:
    """(English part of day, French part of day, an hour)."""
    return rng.choice([("night", "nuit", 2), ("morning", "matin", 6), ("afternoon", "après-midi", 15),
                       ("evening", "soir", 19)])


# --- styles: each returns (days after the event, language, text) ---------------------------------------


def podcast(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([1, 2, 3])
    cname = COUNTRY[inc["country"]][0]
    named, vague, _, suspect = ACTOR[inc["actor"]]
    where = town(inc, rng)
    part = daypart(rng)[0]
    reporter = rng.choice(["Mariam", "Kofi", "Hélène", "Idrissa"])
    n = inc.get("killed", 0)
    if n:
        figure = (f"The figure I keep hearing from the district hospital is {num_en(n)} {VICTIMS_EN[inc['victims']]} killed"
                  + (f", and {num_en(inc['wounded'])} more being treated for gunshot wounds." if inc.get("wounded") else "."))
    else:
        figure = f"Nobody was killed, as far as we know, but {num_en(inc.get('abducted', 0))} people are still missing."
    who = (f"People there are pointing at {suspect}, though there has been no claim." if inc["actor"] != "unknown"
           else "Honestly, nobody knows yet. No group has come forward.")
    text = f"""{rng.choice(SHOWS)} - transcript

HOST: We start in {cname}, where on {WD_EN[day.weekday()]} {part} {vague} {what_en(inc, where)}. {reporter}, you have been talking to people there. What do we know?

REPORTER: {figure} {inc['detail']}

HOST: Who is behind it?

REPORTER: {who}

HOST: {reporter}, thank you. After the break: the price of fuel, and why it keeps climbing.
"""
    return lag, "en", text


def factcheck(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([3, 4, 5, 6])
    cname = COUNTRY[inc["country"]][0]
    named, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    shares = rng.choice(["4,000", "12,000", "30,000"])
    origin = rng.choice(["a music festival in Accra in 2009", "a film shoot in Lagos in 2010",
                         "a wedding celebration in Khartoum in 2008"])
    n = inc.get("killed", 0)
    toll = (f"{num_en(n)} {VICTIMS_EN[inc['victims']]} were killed, according to local officials"
            if n else f"{num_en(inc.get('abducted', 0))} people were taken, according to local officials")
    text = f"""{rng.choice(CHECKERS)}

Fact check: no, this video does not show the {noun_en(inc)} in {where}

CLAIM: A video shared more than {shares} times shows the {noun_en(inc)} in {where}, {cname}, "as it happened".

VERDICT: Misleading. The gunfire in the clip was recorded at {origin}; reverse image searches find copies of it years before the attack.

What is true: on {MONTH_EN[day.month - 1]} {day.day}, {named} {what_en(inc, where)}, and {toll}. {inc['detail']}

We found no footage of the attack itself. If you see a video you doubt, send it to us.
"""
    return lag, "en", text


def profile(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    person = inc.get("person")
    if not person:
        raise ValueError(f"{inc['id']}: the 'profile' style needs a person")
    lag = rng.choice([4, 5, 6, 8])
    cname = COUNTRY[inc["country"]][0]
    _, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    first = person["name"].split()[0]
    n = inc.get("killed", 0)
    among = (f"{first} was one of {num_en(n)} people killed when {vague} {what_en(inc, where)} on "
             f"{WD_EN[day.weekday()]} the {ordinal(day.day)}." if n else "")
    family = rng.choice(["leaves three children", "leaves an elderly mother", "was to be married in the spring"])
    memory = rng.choice([
        f"\"{first} always said that leaving would mean letting them win,\" a cousin remembered.",
        f"\"Every evening {first} would sit outside and listen to the radio with the neighbours,\" a friend said.",
        f"\"{first} never missed a day of work, even after the threats,\" a colleague recalled.",
    ])
    text = f"""Lives lost: {person['name']}, {person['role']}, {person['age']}

{person['name']} had lived in {where} since childhood and was {person['role']} known to everyone in the neighbourhood. {among}

{memory} {first} {family}.

{inc['detail']} This series remembers the people behind the tolls of the conflict in {cname}.
"""
    return lag, "en", text


def statement(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 1, 1, 2])
    pub = day + dt.timedelta(days=lag)
    cname, _, capital, _, _ = COUNTRY[inc["country"]]
    _, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    org = rng.choice(NGOS)
    n = inc.get("killed", 0)
    prelim = (f"Preliminary information indicates that {num_en(n)} {VICTIMS_EN[inc['victims']]} lost their lives"
              + (f" and {num_en(inc['wounded'])} were injured." if inc.get("wounded") else ".")
              if n else f"Preliminary information indicates that {num_en(inc.get('abducted', 0))} people were abducted.")
    text = f"""Statement | {capital}, {pub.day} {MONTH_EN[pub.month - 1]} {pub.year}

{cap(org)} is appalled by the violence that struck {where} on {day.day} {MONTH_EN[day.month - 1]}, when {vague} {what_en(inc, where)}. {prelim}

Our teams are supporting the health centre that received the injured. {inc['detail']}

We call on all parties to spare civilians and to let humanitarian workers reach those in need. Media contact: press office.
"""
    return lag, "en", text


def chat(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    where = town(inc, rng, 0.5)
    names = rng.sample(CHAT_NAMES, 3)
    stamp = day.strftime("%d/%m/%Y")
    h = rng.choice([4, 5, 6, 7])
    n, low = inc.get("killed", 0), inc.get("low", inc.get("killed", 0))
    sound = {"ied": "big explosion", "abduction": "shouting and gunshots", "cattle": "shooting at the camp"}.get(
        inc["kind"], "heavy shooting")
    lines = [f"[{h:02d}:{rng.randrange(10, 59)}, {stamp}] {names[0]} ({where} news group): {sound} near "
             f"{inc['near']['village'] if inc.get('near') else where} right now, everybody stay inside!!"]
    lines.append(f"[{h + 1:02d}:{rng.randrange(10, 59)}, {stamp}] {names[1]}: they are leaving on motos towards the bush. "
                 "please dont share videos")
    if n:
        lines.append(f"[{h + 2:02d}:{rng.randrange(10, 59)}, {stamp}] {names[2]}: {low} dead confirmed at the clinic, may God rest them")
        if low != n:
            lines.append(f"[{h + 4:02d}:{rng.randrange(10, 59)}, {stamp}] {names[0]}: now they say {n} dead. {where} is in mourning")
    else:
        lines.append(f"[{h + 2:02d}:{rng.randrange(10, 59)}, {stamp}] {names[2]}: they took {inc.get('abducted', 0)} people, "
                     "families are waiting for a call")
    return 0, "en", "\n".join(lines) + "\n"


def explainer(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([5, 6, 7, 9])
    cname = COUNTRY[inc["country"]][0]
    named, _, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    n = inc.get("killed", 0)
    item = f"* {MON_EN[day.month - 1]} {day.day} - {cap(named)} {what_en(inc, where)}"
    item += f"; {dead_en(inc, n)}." if n else f"; {num_en(inc.get('abducted', 0))} still held."
    items = [item]
    other = partner(inc, by_id)
    odate = dt.date.fromisoformat(str(other["date"]))
    if odate < day and rng.random() < 0.6:  # the group's other, earlier incident below it (reverse order)
        on = other.get("killed", 0)
        oitem = f"* {MON_EN[odate.month - 1]} {odate.day} - {cap(ACTOR[other['actor']][1])} {what_en(other, other['town'])}"
        oitem += f"; {dead_en(other, on)}." if on else "."
        items.append(oitem)
    text = f"""{rng.choice(EXPLAINERS)} | What we know

Why does {inc['region']} keep making headlines? Violence in this part of {cname} has grown every month this year. The latest incidents, most recent first:

{chr(10).join(items)}

{inc['detail']} The government says more troops are on their way; local leaders say they have heard that before.
"""
    return lag, "en", text


def market(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([2, 3, 4, 5])
    pub = day + dt.timedelta(days=lag)
    cname = COUNTRY[inc["country"]][0]
    _, vague, _, _ = ACTOR[inc["actor"]]
    where = town(inc, rng)
    goods = {"mine": "gold", "cattle": "cattle", "market": "grain", "highway": "onions"}.get(inc["kind"], "millet")
    ref = f"{WD_EN[day.weekday()]}'s {noun_en(inc)}" if (pub - day).days < 7 else f"the {noun_en(inc)}"
    n = inc.get("killed", 0)
    killing = f", killing {num_en(n)} {VICTIMS_EN[inc['victims']]}" if n else ""
    text = f"""{rng.choice(PAPERS)} | Markets

{cap(goods)} prices jump in {where} after {ref}

Traders in {where} say a {'gram' if goods == 'gold' else 'head' if goods == 'cattle' else 'sack'} of {goods} costs up to a third more than a week ago. The rise began after {vague} {what_en(inc, where)} on {WD_EN[day.weekday()]}{killing}.

"Sellers from the villages are not coming, and the lorries wait for an escort," said a wholesaler who asked not to be named. {inc['detail']}

Economists in {COUNTRY[inc['country']][2]} expect prices to ease only if the roads are secured before the harvest.
"""
    return lag, "en", text


def fr_gouv(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 1])
    cname, in_country, capital, _, adj = COUNTRY[inc["country"]]
    _, _, actor_fr, _ = ACTOR[inc["actor"]]
    where = town(inc, rng, 0.2)
    _, part_fr, h = daypart(rng)
    n = inc.get("killed", 0)
    daystr = f"{WD_FR[day.weekday()]} {'1er' if day.day == 1 else day.day} {MONTH_FR[day.month - 1]} {day.year}"
    bilan = (f"Le bilan provisoire est de {n} {VICTIMS_FR[inc['victims']]} tués"
             + (f" et {inc['wounded']} blessés, pris en charge par les services de santé." if inc.get("wounded") else ".")
             if n else f"{inc.get('abducted', 0)} personnes sont portées disparues.")
    deuil = (f"Un deuil national de 48 heures est décrété sur toute l'étendue du territoire à compter de ce jour."
             if n >= 5 else "Des renforts ont été dépêchés sur les lieux et une enquête est ouverte.")
    text = f"""COMMUNIQUÉ DU GOUVERNEMENT

Le Gouvernement informe l'opinion nationale et internationale que le {daystr}, aux environs de {h} heures, {actor_fr} {what_fr(inc, where)}.

{bilan}

{deuil} Le Gouvernement présente ses condoléances aux familles des victimes et rassure les populations que tout est mis en œuvre pour retrouver les auteurs.

Fait à {capital}, le {(day + dt.timedelta(days=lag)).day} {MONTH_FR[(day + dt.timedelta(days=lag)).month - 1]} {day.year}
Le Porte-parole du Gouvernement
"""
    return lag, "fr", elide(text)


def fr_tv(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([0, 0, 1])
    _, in_country, _, _, _ = COUNTRY[inc["country"]]
    _, _, actor_fr, _ = ACTOR[inc["actor"]]
    where = town(inc, rng, 0.2)
    _, part_fr, h = daypart(rng)
    n, low = inc.get("killed", 0), inc.get("low", inc.get("killed", 0))
    when = f"ce {WD_FR[day.weekday()]} {part_fr}" if lag == 0 else f"hier {part_fr}" if part_fr != "nuit" else "la nuit dernière"
    lead = (f"{n} morts selon les autorités locales" if n else f"{inc.get('abducted', 0)} personnes enlevées")
    first = f"On parlait d'abord de {low} morts ; " if n and low != n else ""
    text = f"""{rng.choice(TV_FR)} - Journal de 20 heures (transcription)

PRÉSENTATRICE : Bonsoir à toutes et à tous. Nous ouvrons ce journal {in_country}, à {where}, où {actor_fr} {what_fr(inc, where)} {when}. {lead}. Notre correspondant nous a joints par téléphone.

CORRESPONDANT : Oui, bonsoir. Les assaillants sont arrivés vers {h} heures, à moto. {first}les habitants que j'ai pu joindre sont sous le choc et beaucoup préparent déjà leurs bagages.

PRÉSENTATRICE : Merci. Tout de suite, la météo et les résultats du championnat.
"""
    return lag, "fr", elide(text)


def fr_tribune(inc: dict, rng: random.Random, day: dt.date, by_id: dict) -> tuple[int, str, str]:
    lag = rng.choice([3, 4, 5, 6])
    cname, in_country, _, _, adj = COUNTRY[inc["country"]]
    where = town(inc, rng, 0.2)
    n = inc.get("killed", 0)
    author = rng.choice(["Aïssata Koné, enseignante-chercheuse", "Jean-Baptiste Somé, juriste",
                         "Halidou Maïga, ancien préfet"])
    toll = (f"{n} {VICTIMS_FR[inc['victims']]} tués" if n else f"{inc.get('abducted', 0)} otages")
    text = f"""{rng.choice(REVUES_FR)} - Tribune

{where}, ou la lassitude d'un pays

Par {author}

{cap(noun_fr(inc))} de {where}, {WD_FR[day.weekday()]} dernier ({toll}), n'a surpris personne dans la région. Depuis des mois, les habitants signalent les mouvements d'hommes armés sans que rien ne change.

Il ne suffit plus de décréter des deuils et d'envoyer des renforts après coup. Il faut des écoles ouvertes, des routes sûres et une justice qui fonctionne, faute de quoi les groupes armés continueront de recruter.

Les opinions exprimées dans cette tribune n'engagent que leur auteur.
"""
    return lag, "fr", elide(text)


STYLES = {f.__name__: f for f in (podcast, factcheck, profile, statement, chat, explainer, market, fr_gouv, fr_tv,
                                  fr_tribune)}


def build(incidents_path: Path = HERE / "incidents.yaml") -> list[dict]:
    return build_reports(incidents_path, STYLES, "heldout3:")


def main(argv: list[str] | None = None) -> int:
    return run_generator(build, __file__, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
