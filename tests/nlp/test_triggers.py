import pytest

from conflictwatch.nlp.sentences import split_sentences
from conflictwatch.nlp.triggers import find_triggers, load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon("en")


def ids(text, lex):
    return [t.trigger_id for t in find_triggers(text, split_sentences(text), lex)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("A roadside bomb hit a convoy.", "ied"),
        ("Militants kidnapped two aid workers.", "abduction"),
        ("An air strike hit a camp.", "airstrike"),
        ("A suicide bomber blew himself up at a checkpoint.", "suicide"),
        ("Soldiers clashed with gunmen.", "clash"),
        ("Gunmen attacked the village.", "attack"),
        ("Police arrested three suspects.", "arrest"),
        ("Students protested in Niamey.", "protest"),
        ("Rioters burned tires.", "riot"),
        ("The army retook control of the town.", "territory"),
        ("Gunmen looted shops and torched houses.", "looting"),
        ("The two groups signed a ceasefire agreement.", "agreement"),
        ("Militants fired mortar rounds at the camp.", "shelling"),
        ("A grenade was thrown into a bar.", "grenade"),
        ("Soldiers defused an IED near the bridge.", "weapons-disrupted"),
    ],
)
def test_each_family_fires(text, expected, lex):
    assert expected in ids(text, lex)


def test_every_sub_event_type_in_the_lexicon_is_known(lex):
    for entry in lex.entries:
        assert entry.sub_event_type is None or entry.sub_event_type in lex.sub_to_type
        assert entry.cls is None or entry.cls in lex.classes


def test_word_boundaries(lex):
    # "died" must not fire "IED", "ambushes" is an attack, "claims" is nothing
    assert ids("He died of illness.", lex) == []
    assert "attack" in ids("They plan ambushes.", lex)


def test_irrealis_cues(lex):
    text = "Leaders meet to plan ambushes. Gunmen attacked the post."
    trigs = find_triggers(text, split_sentences(text), lex)
    flags = {t.text: lex.is_irrealis(text, t.start) for t in trigs}
    assert flags["ambushes"] is True
    assert flags["attacked"] is False


def test_class_resolution(lex):
    assert lex.resolve_class("attack", "civilian_target") == ("Violence against civilians", "Attack")
    assert lex.resolve_class("attack", "armed_target") == ("Battles", "Armed clash")
    assert lex.resolve_class("territory", "state_actor") == ("Battles", "Government regains territory")
    assert lex.resolve_class("protest", "intervention") == ("Protests", "Protest with intervention")


@pytest.mark.parametrize(
    "text,word,irrealis",
    [
        ("Groups are working together to take control of the region.", "take control of", True),
        ("The two groups continued to clash near Kidal.", "clash", False),
        ("Thousands rallied to protest against the referendum.", "protest", False),
        ("Gunmen plot attacks on the capital.", "attacks", True),
    ],
)
def test_bare_to_is_irrealis_unless_after_a_realis_verb(text, word, irrealis, lex):
    assert lex.is_irrealis(text, text.index(word)) is irrealis
