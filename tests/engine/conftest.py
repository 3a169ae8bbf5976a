"""Fixtures for the engine tests: a small corpus of hand-written dispatches and a 2-worker LocalCluster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conflictwatch.workflow import bundled_examples

DISPATCHES = {
    "djibo.txt": (
        "OUAGADOUGOU, Burkina Faso — Gunmen killed at least 14 civilians on Sunday in an attack on a village "
        "near Djibo, in the Soum province, local sources said on Monday. The assailants, who arrived on "
        "motorbikes, also burned the market, a resident told reporters.\n"
    ),
    "menaka.txt": (
        "BAMAKO, Mali — Malian soldiers clashed with fighters of the Islamic State in the Greater Sahara near "
        "Menaka on Thursday, the army said. Eight soldiers and about twenty militants were killed in the "
        "fighting, according to a military statement.\n"
    ),
    "tillaberi.txt": (
        "NIAMEY, Niger — Suspected jihadists ambushed a military convoy near Tillaberi on Wednesday, killing "
        "seven soldiers, the defence ministry said. The attackers fled towards the Malian border.\n"
    ),
    "gao.txt": (
        "GAO, Mali — A roadside bomb struck a truck carrying traders on the road between Gao and Ansongo on "
        "Saturday, killing three people, a local official said.\n"
    ),
    "kaya.txt": (
        "KAYA, Burkina Faso — Hundreds of people marched peacefully in Kaya on Tuesday to demand better "
        "security after a wave of attacks in the Centre-Nord region, witnesses said.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Five hand-written dispatches plus the bundled examples."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in DISPATCHES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for path in bundled_examples().iterdir():
        if path.is_file() and not path.name.startswith(("_", ".")):
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def dask_client():
    """Two single-threaded workers in this process (processes=False: fast to start in tests)."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
