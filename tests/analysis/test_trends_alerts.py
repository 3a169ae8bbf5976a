from __future__ import annotations

import io
import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from conflictwatch.analysis import (
    DeliveryError,
    JsonlSink,
    StdoutSink,
    WebhookSink,
    deliver,
    evaluate_alerts,
    load_alert_config,
    poisson_cusum,
    to_points,
    weekly_series,
)
from conflictwatch.analysis.trends import escalation, first_in_months
from conflictwatch.errors import InputError

from ._events import ev


def _weekly_events(counts, start=date(2019, 1, 7), admin1="Mopti", fatalities=0):
    out = []
    for i, n in enumerate(counts):
        day = start + timedelta(days=7 * i + 2)
        out += [ev(day.isoformat(), 14.0, -3.0, admin1=admin1, fatalities=fatalities) for _ in range(n)]
    return out


def test_weekly_series_zero_filled():
    pts = to_points(_weekly_events([1, 0, 3]) + _weekly_events([2], admin1="Gao"))
    series = weekly_series(pts, "admin1")
    assert set(series) == {"Mali / Mopti", "Mali / Gao"}
    assert series["Mali / Mopti"].events == (1, 0, 3) and series["Mali / Gao"].events == (2, 0, 0)
    assert series["Mali / Mopti"].weeks[0] == date(2019, 1, 7)


def test_poisson_cusum_signals_a_jump_not_a_steady_rate():
    steady = [1] * 30
    assert poisson_cusum(steady) == []
    (sig,) = poisson_cusum(steady[:20] + [8] + [1] * 5)
    assert sig.index == 20 and sig.count == 8 and sig.baseline == pytest.approx(1.0)
    # a sustained doubling accumulates to a signal too
    assert poisson_cusum([2] * 12 + [5] * 6)


def test_first_in_months_and_escalation():
    pts = to_points([ev("2019-01-05", 14, -3, admin2="A"), ev("2019-02-01", 14, -3, admin2="A"),
                     ev("2019-10-01", 14, -3, admin2="A"), ev("2019-10-02", 14, -3, admin2="B")])
    found = first_in_months(pts, "admin2", 6)
    assert [(f.point.day.isoformat(), f.gap_days) for f in found] == [("2019-10-01", 242), ("2019-10-02", None)]
    assert first_in_months(pts, "admin2", 9) == []
    fat = [1] * 16 + [10, 10, 10, 10, 10]
    sigs = escalation(fat, window_weeks=4, baseline_weeks=12, factor=2, min_fatalities=20)
    assert [s.index for s in sigs] == [17]  # rising edge only


def _config(tmp_path, sinks=""):
    p = tmp_path / "alerts.yaml"
    p.write_text("version: 1\nrules:\n  - {id: surge, kind: cusum, level: admin1}\n"
                 "  - {id: esc, kind: escalation, level: admin1, min_fatalities: 20}\n" + sinks)
    return p


def test_alerts_carry_evidence_and_jsonl_skips_known(tmp_path):
    events = _weekly_events([1] * 15 + [9], fatalities=3)
    cfg = load_alert_config(_config(tmp_path, "sinks:\n  - {type: jsonl, path: out.jsonl}\n"))
    alerts = evaluate_alerts(to_points(events), cfg.rules)
    kinds = {a.rule: a for a in alerts}
    assert set(kinds) == {"surge", "esc"}
    surge = kinds["surge"]
    assert surge.area == "Mali / Mopti" and surge.week == "2019-04-22" and len(surge.evidence) == 9
    assert set(surge.evidence) <= {e.event_id_cnty for e in events}
    sink = JsonlSink(tmp_path / "out.jsonl")
    assert sink.send(alerts) == 2 and sink.send(alerts) == 0
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["evidence"]
    assert evaluate_alerts(to_points(events), cfg.rules, since=date(2019, 5, 1)) == []
    out = io.StringIO()
    StdoutSink(out).send(alerts)
    assert "[warning] 2019-04-22 surge: Mali / Mopti" in out.getvalue()


def test_config_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nrules:\n  - {id: x, kind: crystal-ball}\n")
    with pytest.raises(InputError, match="bad.yaml.*unknown kind"):
        load_alert_config(bad)
    bad.write_text("version: 1\nrules:\n  - {id: x, kind: cusum, hh: 3}\n")
    with pytest.raises(InputError, match="unknown setting"):
        load_alert_config(bad)
    packaged = load_alert_config()
    assert {r.kind for r in packaged.rules} == {"cusum", "first_in_months", "escalation"}


class _Hook(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def hook_server():
    _Hook.received = []
    _Hook.status = 200
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Hook
    server.shutdown()
    server.server_close()


def test_webhook_delivery(tmp_path, hook_server):
    url, hook = hook_server
    cfg = load_alert_config(_config(tmp_path))
    alerts = evaluate_alerts(to_points(_weekly_events([1] * 15 + [9])), cfg.rules)
    assert deliver(alerts, [WebhookSink(url)]) == {"0:WebhookSink": 1}
    (path, ctype, body) = hook.received[0]
    assert path == "/hook" and ctype == "application/json"
    assert body["alerts"][0]["rule"] == "surge" and body["alerts"][0]["evidence"]
    hook.status = 500
    with pytest.raises(DeliveryError, match="HTTP 500"):
        WebhookSink(url).send(alerts)
    with pytest.raises(DeliveryError):
        WebhookSink("ftp://example.org/x")
