"""Fetch a URL safely for monitoring: http/https only, a timeout, a size limit, no private addresses.

The host name is resolved once and every address checked: loopback, private, link-local, multicast, reserved
and unspecified addresses are refused unless the policy allows them (``allow_private``, or ``allow_networks``
such as ``["127.0.0.1/32"]``).  The connection then goes to the checked address itself (so a second DNS answer
cannot swap in another one), and each redirect is checked again.  Conditional requests (ETag /
Last-Modified) give ``not_modified`` on HTTP 304.  Every failure is an :class:`InputError` naming the URL.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

from conflictwatch.errors import InputError

__all__ = ["FetchPolicy", "FetchResult", "fetch", "check_address"]

USER_AGENT = "conflictwatch-monitor/1 (+https://github.com/conflictwatch)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float = 20.0  # seconds, per connection and per read
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False  # allow every private / loopback address
    allow_networks: tuple[str, ...] = ()  # or only these networks, e.g. ("127.0.0.1/32",)
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    content_type: Optional[str] = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_address(address: str, policy: FetchPolicy, url: str) -> None:
    """Raise :class:`InputError` unless ``address`` (an IP) may be fetched under ``policy``."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for net in policy.allow_networks:
        try:
            if ip in ipaddress.ip_network(net, strict=False):
                return
        except ValueError as exc:
            raise InputError(url, f"allow_networks entry {net!r} is not a network ({exc})") from None
    special = (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
               or ip.is_unspecified or (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT))
    if special and not policy.allow_private:
        raise InputError(url, f"refusing to fetch from {ip}: a private, loopback or reserved address "
                              "(allow it with allow_private or allow_networks)")


_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def _resolve(host: str, port: int, url: str, policy: FetchPolicy) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(url, f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise InputError(url, f"{host} has no address")
    for a in addresses:  # every answer must be allowed, not only the one we use
        check_address(a, policy, url)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, **kw):
        super().__init__(host, **kw)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, **kw):
        super().__init__(host, context=ssl.create_default_context(), **kw)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), *, etag: Optional[str] = None,
          last_modified: Optional[str] = None) -> FetchResult:
    """GET ``url`` under ``policy`` (see the module docstring); HTTP errors (4xx/5xx) are InputErrors."""
    current = url
    for _ in range(policy.max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            raise InputError(url, f"only http and https URLs are fetched (got {parts.scheme or 'no'} scheme"
                                  f"{' after a redirect' if current != url else ''})")
        if not parts.hostname:
            raise InputError(url, "the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise InputError(url, f"bad port: {exc}") from exc
        address = _resolve(parts.hostname, port, url, policy)
        cls = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = cls(parts.hostname, address, port=port, timeout=policy.timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": policy.user_agent, "Accept-Encoding": "identity",
                   "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            status = resp.status
            if status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                resp.close()
                if not location:
                    raise InputError(url, f"HTTP {status} redirect without a Location")
                current = urljoin(current, location)
                continue
            if status == 304:
                return FetchResult(current, 304, etag=etag, last_modified=last_modified)
            if status >= 400:
                raise InputError(url, f"HTTP {status} {resp.reason}")
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                raise InputError(url, f"{declared} bytes is more than the limit of {policy.max_bytes}")
            body = resp.read(policy.max_bytes + 1)
            if len(body) > policy.max_bytes:
                raise InputError(url, f"more than the limit of {policy.max_bytes} bytes")
            return FetchResult(current, status, body, resp.getheader("ETag"), resp.getheader("Last-Modified"),
                               resp.getheader("Content-Type"))
        except (OSError, http.client.HTTPException) as exc:
            raise InputError(url, f"fetch failed: {type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()
    raise InputError(url, f"more than {policy.max_redirects} redirects")
