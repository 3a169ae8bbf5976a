"""End to end: ``workflow.run`` puts events into incidents; a syndicated copy is one more source."""

from __future__ import annotations

from conflictwatch.dedup import iter_incidents
from conflictwatch.store import Store
from conflictwatch.store import incidents as q
from conflictwatch.workflow import run

STORY = """DJIBO, Burkina Faso - Suspected JNIM militants attacked an army post in Djibo, in Soum province, on Monday, killing 11 soldiers, security sources said on Wednesday.

The assailants came on motorbikes shortly before dawn and set fire to two vehicles. The group claimed the attack in a statement on social media.

Burkina Faso has faced a jihadist insurgency for years, with attacks spreading from the north to other regions.

Published 9 March 2022
"""
OTHER_OUTLET = """Djibo: soldiers killed

Gunmen attacked an army post in Djibo on Monday. At least 9 soldiers were killed, a local official said.

Published 8 March 2022
"""


def test_run_links_reports_and_copies_into_one_incident(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-wire.txt").write_text(STORY)
    (src / "b-copy.txt").write_text(STORY.replace("for years", "for several years") + "\n(Republished with permission.)\n")
    (src / "c-local.txt").write_text(OTHER_OUTLET)
    with Store.open(tmp_path / "cw.db") as store:
        summary = run([src], store)
        assert summary.processed == 3
        incidents = list(iter_incidents(store))
        djibo = [i for i in incidents if i.location == "Djibo"]
        assert len(djibo) == 1, [(i.location, i.event_date) for i in incidents]
        assert djibo[0].fatalities == 9 and djibo[0].fatalities_high == 11
        assert len(djibo[0].sources) == 3
        with q.reading(store) as conn:
            copies = q.copies_of(conn, djibo[0].sources)
        assert sum(len(v) for v in copies.values()) == 1
        before = q.count_incidents(store), len(q.decisions(store))
        run([src], store)  # re-run: nothing new
        assert (q.count_incidents(store), len(q.decisions(store))) == before
