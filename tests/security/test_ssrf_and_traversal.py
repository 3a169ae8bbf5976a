"""SSRF guard of the feed fetcher (sources/fetch.py) and path traversal through JSONL ingestion and static files."""

from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from conflictwatch.errors import InputError
from conflictwatch.records import RawDocument, Rejected
from conflictwatch.sources import iter_sources, read_jsonl
from conflictwatch.sources.fetch import FetchPolicy, check_address, fetch

PRIVATE_URLS = (
    "http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://10.0.0.1/", "http://172.16.5.4/",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://2130706433/",
    "http://0x7f.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://[fe80::1]/",
    "http://[fd00::1]/", "http://224.0.0.1/", "http://127.1/",
)


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_fetcher_refuses_private_and_loopback_targets(url):
    with pytest.raises(InputError) as err:
        fetch(url, FetchPolicy(timeout=2))
    assert err.value.uri == url
    assert "refusing" in err.value.reason or "cannot resolve" in err.value.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1:25/", "ftp://example.org/x",
                                 "dict://127.0.0.1:11211/", "http:///nohost", "javascript:alert(1)"])
def test_fetcher_refuses_other_schemes_and_hostless_urls(url):
    with pytest.raises(InputError) as err:
        fetch(url, FetchPolicy(timeout=2))
    assert err.value.uri == url


def test_private_targets_only_when_configured():
    check_address("8.8.8.8", FetchPolicy(), "http://x/")
    with pytest.raises(InputError):
        check_address("127.0.0.1", FetchPolicy(), "http://x/")
    check_address("127.0.0.1", FetchPolicy(allow_networks=("127.0.0.1/32",)), "http://x/")
    check_address("10.1.2.3", FetchPolicy(allow_private=True), "http://x/")
    with pytest.raises(InputError):
        check_address("127.0.0.2", FetchPolicy(allow_networks=("127.0.0.1/32",)), "http://x/")


class _Redirector(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802 - http.server API
        if self.path == "/feed":
            self.send_response(302)
            self.send_header("Location", self.target)
            self.end_headers()
        else:
            body = b"<rss version='2.0'><channel><item><title>t</title><description>ok</description></item></channel></rss>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture()
def redirector():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin",
                                    "file:///etc/passwd", "http://[::1]:22/"])
def test_redirect_to_a_private_target_is_refused(redirector, target):
    _Redirector.target = target
    port = redirector.server_address[1]
    policy = FetchPolicy(timeout=3, allow_networks=("127.0.0.1/32",))  # the feed server itself is allowed
    ok = fetch(f"http://127.0.0.1:{port}/ok", policy)
    assert ok.status == 200 and b"<rss" in ok.body
    with pytest.raises(InputError) as err:
        fetch(f"http://127.0.0.1:{port}/feed", policy)
    assert "refusing" in err.value.reason or "only http" in err.value.reason


def test_default_policy_refuses_even_the_local_test_server(redirector):
    with pytest.raises(InputError, match="refusing"):
        fetch(f"http://127.0.0.1:{redirector.server_address[1]}/ok", FetchPolicy(timeout=3))


# ------------------------------------------------------------------ path traversal


def _jsonl(tmp_path: Path, rows: list[dict]) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir(exist_ok=True)
    path = folder / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_jsonl_path_entries_cannot_escape_their_folder(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Gunmen attacked the secret village of Nowhere on Monday, killing five civilians.")
    (tmp_path / "batch").mkdir()
    inside = tmp_path / "batch" / "page.txt"
    inside.write_text("Soldiers were killed near Menaka on Tuesday, officials said.")
    os.symlink(secret, tmp_path / "batch" / "link.txt")
    path = _jsonl(tmp_path, [
        {"id": "ok", "path": "page.txt"},
        {"id": "dotdot", "path": "../secret.txt"},
        {"id": "abs", "path": str(secret)},
        {"id": "etc", "path": "/etc/passwd"},
        {"id": "deep", "path": "sub/../../secret.txt"},
        {"id": "symlink", "path": "link.txt"},
        {"id": "nul", "path": "page.txt\x00.html"},
        {"id": "self", "path": "in.jsonl"},
        {"id": "abs-inside", "path": str(inside)},
    ])
    items = list(read_jsonl(path))
    by_id = {}
    for item in items:
        line = int(item.uri.rsplit(":", 1)[1])
        by_id[["ok", "dotdot", "abs", "etc", "deep", "symlink", "nul", "self", "abs-inside"][line - 1]] = item
    assert isinstance(by_id["ok"], RawDocument) and isinstance(by_id["abs-inside"], RawDocument)
    for name in ("dotdot", "abs", "etc", "deep", "symlink"):
        assert isinstance(by_id[name], Rejected), name
        assert "outside the allowed folder" in by_id[name].reason and str(path) in by_id[name].uri
    assert "NUL" in by_id["nul"].reason
    assert "JSONL file" in by_id["self"].reason
    assert all(b"secret village" not in i.raw for i in items if isinstance(i, RawDocument))


def test_jsonl_root_can_be_widened_explicitly(tmp_path):
    (tmp_path / "shared.txt").write_text("Soldiers were killed near Menaka on Tuesday, officials said.")
    path = _jsonl(tmp_path, [{"id": "up", "path": "../shared.txt"}])
    assert isinstance(next(read_jsonl(path)), Rejected)
    assert isinstance(next(read_jsonl(path, root=tmp_path)), RawDocument)


@pytest.mark.parametrize("path", ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                                  "/assets/../../../../etc/passwd", "/%252e%252e/etc/passwd", "/....//etc/passwd"])
def test_dashboard_static_files_do_not_leave_their_folder(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text


def test_iter_sources_names_every_bad_path_and_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Gunmen attacked a village near Djibo on Monday, killing five civilians, officials said.")
    items = list(iter_sources([tmp_path / "missing.txt", "/dev/null", good, "\x00bad"]))
    assert [type(i).__name__ for i in items] == ["Rejected", "Rejected", "RawDocument", "Rejected"]
    assert items[0].uri.endswith("missing.txt") and items[1].uri == "/dev/null" and items[3].uri == "\x00bad"
