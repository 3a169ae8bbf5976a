"""The dashboard in real headless Chromium against `conflictwatch serve` on a DB made by `conflictwatch run`."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from tests.web.conftest import open_dashboard, shot


def _api(served, path: str, **params) -> dict:
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{served.url}api/{path}{'?' + query if query else ''}") as r:
        return json.load(r)


def _hostile_event(served) -> dict:
    events = _api(served, "events", q="pwned", limit=100)["events"]
    assert events, "the hostile fixture article should give an event"
    return events[0]


def test_page_loads_and_map_draws_every_event(served, page):
    open_dashboard(page, served.url)
    located = _api(served, "events/points")["count"]
    assert located > 0
    m = page.locator("#map")
    assert int(m.get_attribute("data-points")) == located
    assert int(m.get_attribute("data-drawn-events")) == located  # every event is in a marker or a cluster
    assert int(m.get_attribute("data-rendered")) >= 1
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # basemap + points drawn on canvas
    assert page.inner_text("#count") == f"{located} events"
    legend = page.locator("#legend-list li")
    assert legend.count() == len(_api(served, "networks")["networks"])
    shot(page, "dashboard")
    assert page.console.errors == []


def test_filter_changes_the_counts(served, page):
    open_dashboard(page, served.url)
    before = int(page.get_attribute("#count", "data-value"))
    page.select_option("#f-country", "Burkina Faso")
    page.click("#apply")
    expected = _api(served, "events/points", country="Burkina Faso")["count"]
    assert 0 < expected < before
    page.wait_for_selector(f"#count[data-value='{expected}']")
    assert int(page.get_attribute("#map", "data-drawn-events")) == expected
    shot(page, "filtered")
    assert page.console.errors == []


def test_click_on_an_event_shows_its_evidence_highlighted(served, page):
    open_dashboard(page, served.url)
    # an event alone at its coordinates (several at one place stay one marker however far one zooms)
    event_id = page.evaluate("""() => {
        const c = cwState.cols, key = i => c.latitude[i] + ',' + c.longitude[i], seen = {};
        c.event_id_cnty.forEach((_, i) => { seen[key(i)] = (seen[key(i)] || 0) + 1; });
        return c.event_id_cnty.find((_, i) => c.latitude[i] !== null && seen[key(i)] === 1);
    }""")
    assert event_id, "the bundled data has no event alone at its place"
    # zoom past the clustering so that the event is its own marker, then click it like a user
    page.evaluate(f"""() => {{
        const i = cwState.cols.event_id_cnty.indexOf({json.dumps(event_id)});
        cwState.map.map.setView([cwState.cols.latitude[i], cwState.cols.longitude[i]], 14, {{animate: false}});
    }}""")
    page.wait_for_timeout(300)
    point = page.evaluate(f"cwState.map.pointOf({json.dumps(event_id)})")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("[data-testid=source-text] mark.evidence", timeout=15_000)
    shown = page.evaluate("location.hash.slice('#event='.length)")
    event = _api(served, f"events/{urllib.parse.unquote(shown)}")
    marks = page.locator("[data-testid=source-text] mark.evidence").all_inner_texts()
    assert marks and set(marks) <= {ev["text"] for ev in event["evidence"]}
    assert page.inner_text("[data-testid=event-title]").startswith(event["event_type"])
    assert page.locator("[data-testid=sources] a").count() >= 0
    shot(page, "event-panel")
    assert page.console.errors == []


def test_review_edit_persists_after_reload(served, page):
    event = _hostile_event(served)
    open_dashboard(page, served.url, f"#event={event['event_id_cnty']}")
    page.fill("#api-key", served.analyst_key)
    page.dispatch_event("#api-key", "change")
    page.wait_for_selector("[data-testid=correct-save]")
    page.select_option("[data-testid=correct-field]", "fatalities")
    page.fill("[data-testid=correct-value]", "77")
    page.click("[data-testid=correct-save]")
    page.wait_for_selector("tr[data-field=fatalities] td.corrected")
    page.wait_for_selector("body[data-loading='0']")  # the map reloads after a review; let it finish
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("tr[data-field=fatalities] td.corrected")
    assert page.inner_text("tr[data-field=fatalities] td.v") == "77"
    assert "correct fatalities" in page.inner_text("[data-testid=audit]")
    assert _api(served, f"events/{event['event_id_cnty']}")["fatalities"] == 77
    shot(page, "review")
    assert page.console.errors == []


def test_article_with_script_renders_as_text(served, page):
    event = _hostile_event(served)
    open_dashboard(page, served.url, f"#event={event['event_id_cnty']}")
    page.wait_for_selector("[data-testid=source-text]")
    text = page.inner_text("[data-testid=source-text]")
    assert "<script>window.__pwned = 3" in text and "onmouseover=" in text
    assert page.locator("#panel script, #panel img").count() == 0
    # the source text holds text nodes and evidence marks only
    assert page.locator("[data-testid=source-text] > :not(mark)").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.title() == "conflictwatch"
    page.hover("[data-testid=source-text]")
    assert page.evaluate("window.__pwned") is None
    shot(page, "hostile")
    assert page.console.errors == []


def test_influence_layer_draws_when_available(served, page):
    caps = _api(served, "capabilities")
    open_dashboard(page, served.url)
    toggle = page.locator("#influence-toggle")
    if not caps["layers"]:
        assert toggle.is_hidden()
        return
    page.check("#f-influence")
    cells = len(_api(served, "layers/influence")["features"])
    page.wait_for_selector(f"#map[data-influence-cells='{cells}']")
    shot(page, "influence")
    assert page.console.errors == []
