"""Near-duplicate documents: a copy keeps the facts; a report written from the same template does not."""

from __future__ import annotations

from conflictwatch.dedup import neardup

COMMUNIQUE = (
    "Communique. The general staff of the armed forces said that on March 7, 2022 terrorists attacked a unit "
    "near Djibo. 11 soldiers were killed in the fighting and dozens of terrorists were neutralised. The "
    "population is asked to report any suspicious movement to the authorities."
)


def test_a_republished_copy_keeps_the_facts():
    copy = COMMUNIQUE.replace("The population", "Meanwhile the population") + " (Republished by Savanna Post.)"
    assert neardup.same_facts(COMMUNIQUE, copy)
    assert neardup.group_near_duplicates([("a", COMMUNIQUE), ("b", copy)]) == {"b": "a"}


def test_the_same_template_with_another_toll_date_or_place_is_not_a_copy():
    other = COMMUNIQUE.replace("March 7", "March 9").replace("Djibo", "Aribinda").replace("11 soldiers", "6 soldiers")
    a, b = set(neardup.shingles(COMMUNIQUE)), set(neardup.shingles(other))
    assert len(a & b) / len(a | b) >= 0.5  # most of the wording is shared ...
    assert not neardup.same_facts(COMMUNIQUE, other)  # ... but not the facts
    assert neardup.group_near_duplicates([("a", COMMUNIQUE), ("b", other)], threshold=0.5) == {}


def test_key_tokens_are_numbers_and_capitalised_words_folded():
    assert neardup.key_tokens("Des hommes armés ont tué 12 civils à Gothèye") == {"des", "12", "gotheye"}
