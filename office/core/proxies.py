"""Who is asking, and for which host: the two facts a reverse proxy can make up.

`OFFICE_TRUSTED_HOSTS` lists the names the office answers to; a request for any other `Host` is
refused before the app sees it (a link built from a forged Host would carry a reset token to the
forger). `OFFICE_TRUSTED_PROXIES` lists the proxies (addresses or networks) whose
`X-Forwarded-For` and `X-Forwarded-Proto` are believed: only a request that arrives from one of
them has its client address taken from that header, as the last address in the chain that is
not itself a trusted proxy. Any other request keeps its own address, so a visitor cannot pick
the address that rate limits and the security log see.
"""

import ipaddress
from urllib.parse import urlsplit

from werkzeug.sansio.utils import host_is_trusted

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str) -> tuple[Network, ...]:
    """`127.0.0.1, 10.0.0.0/8, ::1` as networks (a bare address is a network of one)."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False)
        for part in value.split(",")
        if part.strip()
    )


def trusted_hosts(setting: str, base_url: str, production: bool) -> list[str]:
    """The host names to answer: the setting, else the base URL's host (plus loopback names
    outside production, for `make run` and the tests)."""
    hosts = [h.strip() for h in setting.split(",") if h.strip()]
    if hosts:
        return hosts
    hosts = [urlsplit(base_url).hostname or "localhost"]
    return hosts if production else [*hosts, "localhost", "127.0.0.1", "::1"]


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client behind the trusted proxies: walk `X-Forwarded-For` from the right (the part
    our own proxies wrote) to the first address that is not a trusted proxy."""
    if not _is_trusted(remote, networks):
        return remote
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, networks):
            return hop if _valid(hop) else remote
        remote = hop
    return remote


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class ProxyAndHostGuard:
    """WSGI middleware: refuse unknown hosts, then believe forwarded headers from trusted proxies."""

    def __init__(self, wsgi_app, hosts: list[str], proxies: tuple[Network, ...]):
        self.wsgi_app = wsgi_app
        self.hosts = hosts
        self.proxies = proxies

    def __call__(self, environ, start_response):
        remote = environ.get("REMOTE_ADDR", "")
        if self.proxies and _is_trusted(remote, self.proxies):
            environ["office.proxy_addr"] = remote
            environ["REMOTE_ADDR"] = client_address(
                remote, environ.get("HTTP_X_FORWARDED_FOR", ""), self.proxies
            )
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        # the health check carries no links, so a monitor may ask it by any name
        if environ.get("PATH_INFO") != "/healthz" and not host_is_trusted(host, self.hosts):
            body = b"Unknown host.\n"
            start_response(
                "400 Bad Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self.wsgi_app(environ, start_response)
