"""Reading another system's OParl 1.1 objects over HTTP (a council information system).

Only what a client needs: fetch one object by its URL, with a time limit, and check that it is
the OParl type asked for. Every failure is an `OParlError` whose message says why, in words an
office worker can act on (the caller shows it; nothing is changed)."""

import json
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

SCHEMA = "https://schema.oparl.org/1.1/"
#: an OParl object is small; anything larger is not one
MAX_BYTES = 2_000_000


class OParlError(Exception):
    """The council system did not give a usable OParl object; the message says why."""


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OParlError(f"not a web address: {url[:200]}")


def _read(url: str, timeout: float) -> bytes:
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 - http(s) only
    try:
        with urlopen(request, timeout=timeout) as answer:  # noqa: S310  # nosec B310
            return answer.read(MAX_BYTES + 1)
    except TimeoutError:
        raise OParlError(f"no answer within {timeout:g} s: {url}") from None
    except URLError as exc:
        raise OParlError(f"not reachable ({exc.reason}): {url}") from None
    except OSError as exc:
        raise OParlError(f"not reachable ({exc}): {url}") from None


def fetch(url: str, kind: str, timeout: float = 10.0) -> dict:
    """The OParl object of type `kind` ("Paper", "Meeting" ...) at `url`."""
    _check_address(url)
    body = _read(url, timeout)
    if len(body) > MAX_BYTES:
        raise OParlError(f"answer too large to be an OParl object: {url}")
    try:
        obj = json.loads(body)
    except ValueError:
        raise OParlError(f"the answer is not JSON: {url}") from None
    if not isinstance(obj, dict) or obj.get("type") != SCHEMA + kind:
        raise OParlError(f"not an OParl {kind}: {url}")
    if not isinstance(obj.get("id"), str):
        raise OParlError(f"an OParl {kind} without id: {url}")
    return obj
