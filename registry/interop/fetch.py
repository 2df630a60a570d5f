"""Fetch a small file by URL for a member, without becoming a way into our network.

A member gives a URL; the server fetches it. So that the URL cannot point
the server at itself, the cloud's metadata service or the intranet, every
hop is checked: http or https only, the host name resolved here, every
address it resolves to public, and the connection made to the address that
was checked (a second lookup could answer differently). Redirects are
followed by hand, a few at most; the whole fetch has one deadline and the
body a byte cap. `allow_private` lifts the address check, for tests that
serve files from 127.0.0.1.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "Innovatieregister publiccode.yml import"


class FetchRefused(Exception):
    """The URL was not fetched, or not completely; `kind` says why."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    timeout: float = 5.0
    max_redirects: int = 3
    allow_private: bool = False


def fetch(url: str, limits: Limits) -> bytes:
    """The body of `url` after at most `limits.max_redirects` redirects, or FetchRefused."""
    deadline = time.monotonic() + limits.timeout
    seen: set[str] = set()
    for _hop in range(limits.max_redirects + 1):
        if url in seen:
            raise FetchRefused("redirect_loop", url)
        seen.add(url)
        status, location, body = _get(url, limits, deadline)
        if status in {301, 302, 303, 307, 308}:
            if not location:
                raise FetchRefused("bad_status", str(status))
            url = urljoin(url, location)
            continue
        if status != 200:
            raise FetchRefused("bad_status", str(status))
        return body
    raise FetchRefused("too_many_redirects", url)


def _get(url: str, limits: Limits, deadline: float) -> tuple[int, str, bytes]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise FetchRefused("scheme", url)
    if parts.username or parts.password:
        raise FetchRefused("scheme", "credentials in URL")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchRefused("scheme", url) from None
    address = _public_address(parts.hostname, port, limits.allow_private)
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(parts.hostname, port, address, _remaining(deadline))
    response = None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(
            "GET",
            path,
            headers={"User-Agent": USER_AGENT, "Accept": "application/yaml, text/*;q=0.9"},
        )
        # The connection lets go of its socket once the response owns it; keep it
        # to shorten the read timeout to what is left of the deadline.
        sock = connection.sock
        response = connection.getresponse()
        if response.status in {301, 302, 303, 307, 308}:
            return response.status, response.getheader("Location") or "", b""
        if response.status != 200:
            return response.status, "", b""
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchRefused("too_large", declared)
        body = bytearray()
        while True:
            sock.settimeout(_remaining(deadline))
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            body += chunk
            if len(body) > limits.max_bytes:
                raise FetchRefused("too_large", str(len(body)))
        return 200, "", bytes(body)
    except TimeoutError:
        raise FetchRefused("timeout", url) from None
    except ssl.SSLError as err:
        raise FetchRefused("tls", str(err)) from None
    except (OSError, http.client.HTTPException) as err:
        raise FetchRefused("connection", str(err)) from None
    finally:
        if response is not None:
            response.close()
        connection.close()


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchRefused("timeout")
    return left


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _public_address(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to: every address the host resolves to must be public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused("unknown_host", host) from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchRefused("unknown_host", host)
    if not allow_private and not all(is_public(a.split("%")[0]) for a in addresses):
        raise FetchRefused("private_address", host)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked address, whatever a new DNS lookup would say."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=tls)
        self._address = address
        self._tls = tls

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)
