"""Fetching feeds: http(s) only, private addresses refused unless allowed, size limit, redirects, 304."""

from __future__ import annotations

import pytest

from conflictwatch.errors import InputError
from conflictwatch.sources.fetch import FetchPolicy, check_address, fetch

LOCAL = FetchPolicy(timeout=5, allow_networks=("127.0.0.1/32",))


def test_private_and_loopback_addresses_are_refused_by_default(feed_server):
    url = feed_server.serve("/feed.xml", b"<rss/>")
    with pytest.raises(InputError, match="refusing to fetch from 127.0.0.1"):
        fetch(url, FetchPolicy(timeout=5))
    assert feed_server.requests == []  # refused before connecting
    for ip in ("10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "0.0.0.0", "::ffff:127.0.0.1", "100.64.0.1"):
        with pytest.raises(InputError, match="refusing"):
            check_address(ip, FetchPolicy(), "http://x/")
    check_address("93.184.216.34", FetchPolicy(), "http://x/")  # a public address passes
    check_address("10.1.2.3", FetchPolicy(allow_private=True), "http://x/")


def test_allowed_loopback_fetch_etag_and_304(feed_server):
    url = feed_server.serve("/feed.xml", b"<rss>hello</rss>")
    first = fetch(url, LOCAL)
    assert first.status == 200 and first.body == b"<rss>hello</rss>" and first.etag
    again = fetch(url, LOCAL, etag=first.etag)
    assert again.not_modified and again.body == b""
    assert feed_server.statuses("/feed.xml") == ["200", "304"]


def test_only_http_and_https(feed_server):
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/feed", "gopher://127.0.0.1/"):
        with pytest.raises(InputError, match="only http and https"):
            fetch(url, LOCAL)
    # a redirect to another scheme is refused too
    feed_server.redirects["/go"] = "file:///etc/passwd"
    with pytest.raises(InputError, match="only http and https.*redirect"):
        fetch(feed_server.base + "/go", LOCAL)


def test_redirects_are_checked_again(feed_server):
    url = feed_server.serve("/feed.xml", b"<rss/>")
    feed_server.redirects["/old"] = "/feed.xml"
    assert fetch(feed_server.base + "/old", LOCAL).url == url
    # allowed only as 127.0.0.1: a redirect to another private host is refused
    feed_server.redirects["/evil"] = "http://10.0.0.1/feed"
    with pytest.raises(InputError, match="refusing to fetch from 10.0.0.1"):
        fetch(feed_server.base + "/evil", LOCAL)


def test_size_limit_timeout_and_http_errors(feed_server):
    url = feed_server.serve("/big.xml", b"x" * 5000)
    with pytest.raises(InputError, match="limit of 1000"):
        fetch(url, FetchPolicy(timeout=5, max_bytes=1000, allow_networks=("127.0.0.1/32",)))
    assert len(fetch(url, LOCAL).body) == 5000
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(feed_server.base + "/missing.xml", LOCAL)
