import re
from pathlib import Path

import pytest

from conflictwatch.geo import Gazetteer
from conflictwatch.geo.build import build_gazetteer
from conflictwatch.records import Document, Sentence


@pytest.fixture(scope="session")
def gaz_path(tmp_path_factory) -> Path:
    """The real gazetteer, built once per test session from the installed packages."""
    return build_gazetteer(tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def gaz(gaz_path) -> Gazetteer:
    g = Gazetteer.open(gaz_path, user=False)
    yield g
    g.close()


def split_sentences(text: str) -> list[Sentence]:
    out = []
    for i, m in enumerate(re.finditer(r"[^\n.!?]+(?:[.!?]+|$)", text)):
        if m.group().strip():
            out.append(Sentence(len(out), m.start(), m.end(), m.group()))
    return out


def make_doc(text: str, dateline: str | None = None) -> Document:
    span = None
    if dateline:
        i = text.index(dateline)
        span = (i, i + len(dateline))
    return Document(id="t", uri="test", text=text, dateline=dateline, dateline_span=span)


@pytest.fixture(scope="session")
def geo_run(gaz):
    """``geo_run(text, dateline=None) -> (mentions, resolved)`` over the real gazetteer."""
    from conflictwatch.geo import find_toponyms, resolve_places

    def _run(text: str, dateline: str | None = None):
        sents = split_sentences(text)
        mentions = find_toponyms(text, sents, gaz)
        return mentions, resolve_places(make_doc(text, dateline), sents, mentions, gaz)

    return _run
