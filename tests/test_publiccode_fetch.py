"""Fetching a file by URL: never from a private address, bounded in time, size and redirects."""

from __future__ import annotations

import time

import pytest

from registry.interop import fetch
from registry.interop.fetch import FetchRefused, Limits
from tests.publiccode_support import local_server

OPEN = Limits(max_bytes=64 * 1024, timeout=2.0, max_redirects=3, allow_private=True)
CLOSED = Limits(max_bytes=64 * 1024, timeout=2.0, max_redirects=3, allow_private=False)


def refusal(url: str, limits: Limits = CLOSED) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch.fetch(url, limits)
    return caught.value.kind


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "169.254.169.254", "localhost", "[::1]", "0.0.0.0", "10.0.0.1", "192.168.1.1"],
)
def test_private_loopback_and_link_local_addresses_are_never_contacted(host):
    with local_server() as server:
        server.serve_bytes("/publiccode.yml", b"name: x\n")
        port = f":{server.port}" if host in {"127.0.0.1", "localhost"} else ""
        assert refusal(f"http://{host}{port}/publiccode.yml") == "private_address"
        assert server.hits == []


@pytest.mark.parametrize(
    "address", ["::ffff:127.0.0.1", "100.64.0.1", "fe80::1", "fc00::1", "224.0.0.1", "::"]
)
def test_mapped_shared_and_multicast_addresses_count_as_private(address):
    assert not fetch.is_public(address)


def test_public_addresses_count_as_public():
    assert fetch.is_public("145.21.0.1")
    assert fetch.is_public("2a00:1450:4001::1")


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "http://user:pw@example.org/"],
)
def test_only_plain_http_and_https_urls_are_fetched(url):
    assert refusal(url) == "scheme"


def test_a_file_is_fetched_when_private_addresses_are_allowed():
    with local_server() as server:
        server.serve_bytes("/publiccode.yml", b"name: Medusa\n")
        assert fetch.fetch(server.url("/publiccode.yml"), OPEN) == b"name: Medusa\n"


def test_every_redirect_hop_is_checked_before_it_is_followed(monkeypatch):
    with local_server() as server:
        server.redirect("/publiccode.yml", "http://169.254.169.254/latest/meta-data/")
        # Treat the test server as public so the first hop is fetched for real.
        real = fetch.is_public
        monkeypatch.setattr(fetch, "is_public", lambda a: a == "127.0.0.1" or real(a))
        assert refusal(server.url("/publiccode.yml")) == "private_address"
        assert server.hits == ["/publiccode.yml"]


def test_a_redirect_loop_ends_without_a_file():
    with local_server() as server:
        server.redirect("/a", "/b")
        server.redirect("/b", "/a")
        assert refusal(server.url("/a"), OPEN) == "redirect_loop"
        assert len(server.hits) == 2


def test_a_long_chain_of_redirects_is_cut_short():
    with local_server() as server:
        for n in range(10):
            server.redirect(f"/{n}", f"/{n + 1}")
        assert refusal(server.url("/0"), OPEN) == "too_many_redirects"
        assert len(server.hits) == OPEN.max_redirects + 1


def test_a_slow_server_times_out_within_the_deadline():
    with local_server() as server:
        server.slow("/slow", seconds=3)
        started = time.monotonic()
        assert refusal(
            server.url("/slow"), Limits(max_bytes=1024, timeout=0.5, allow_private=True)
        ) == ("timeout")
        assert time.monotonic() - started < 2


def test_an_endless_body_stops_at_the_byte_cap():
    with local_server() as server:
        server.endless("/big")
        started = time.monotonic()
        assert refusal(server.url("/big"), OPEN) == "too_large"
        assert time.monotonic() - started < 2


def test_a_declared_length_over_the_cap_is_refused_before_reading():
    with local_server() as server:
        server.serve_bytes("/big", b"x" * (OPEN.max_bytes + 1))
        assert refusal(server.url("/big"), OPEN) == "too_large"


def test_a_missing_file_is_a_bad_status():
    with local_server() as server:
        assert refusal(server.url("/nothing"), OPEN) == "bad_status"


def test_an_unknown_host_is_refused():
    assert refusal("http://does-not-exist.invalid/publiccode.yml") == "unknown_host"
