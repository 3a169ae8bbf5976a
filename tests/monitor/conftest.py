"""A local feed server on 127.0.0.1 (http.server in a thread) serving fixture feeds, with ETag support."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class FeedServer:
    def __init__(self):
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.requests: list[tuple[str, str, dict]] = []  # (path, status, request headers)
        self.redirects: dict[str, str] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                headers = dict(self.headers)
                if self.path in server.redirects:
                    server.requests.append((self.path, "302", headers))
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.end_headers()
                    return
                page = server.pages.get(self.path)
                if page is None:
                    server.requests.append((self.path, "404", headers))
                    self.send_error(404)
                    return
                body, ctype = page
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    server.requests.append((self.path, "304", headers))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                server.requests.append((self.path, "200", headers))
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def serve(self, path: str, body: bytes, ctype: str = "application/rss+xml") -> str:
        self.pages[path] = (body, ctype)
        return self.base + path

    def statuses(self, path: str) -> list[str]:
        return [s for p, s, _ in self.requests if p == path]


@pytest.fixture()
def feed_server():
    server = FeedServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def sahel_feed(extra: bool = False) -> bytes:
    text = (FIXTURES / "sahel_rss.xml").read_text(encoding="utf-8")
    if extra:
        text = text.replace("  </channel>", (FIXTURES / "extra_item.xml").read_text(encoding="utf-8") + "  </channel>")
    return text.encode("utf-8")
