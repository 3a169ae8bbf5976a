"""Network colours: distinct, colour-blind-safe, derived from the names in the data, stable."""

from __future__ import annotations

from conflictwatch.web.palette import PALETTE, UNKNOWN_NETWORK, network_color, network_colors


def test_colours_are_distinct_and_from_the_palette():
    names = ["al-Qaeda", "Islamic State", "state", "other", "Wagner", "militia"]
    colors = network_colors(names)
    assert len({colors[n] for n in names}) == len(names)
    assert all(colors[n] in PALETTE for n in names)
    assert colors[UNKNOWN_NETWORK] not in PALETTE


def test_colours_do_not_depend_on_order_and_overflow_gracefully():
    names = [f"net{i}" for i in range(12)]
    assert network_colors(names) == network_colors(list(reversed(names)))
    assert len(set(network_colors(names).values())) == 13  # 12 networks + the grey of "(none)"
    assert network_color("state", ["state", "other"]) == network_colors(["other", "state"])["state"]
    assert network_color("") == network_color(None) == network_colors([])[UNKNOWN_NETWORK]
