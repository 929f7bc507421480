"""A crawler-fuzzer for the whole site, used by tests/security/test_fuzz_crawl.py.

`crawl` follows the links a user of one role sees and collects every form (POST and GET) and
every query parameter in a link; `Fuzzer` then sends hostile values to each: one field at a time
(a few values per field, drawn with a fixed seed from a pool chosen by the field's type), all
fields at once, every field twice, the body as JSON, as plain text and as invalid UTF-8, and
hostile values in the path segments of every route the crawl reached. Every answer of 500 or more
is recorded with what caused it.
"""

import json
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import lxml.html
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

LONG = "x" * 100_000
MARKER = "<zq-script>"  # a tag no template writes: found raw only if escaping failed
NUMBERS = [
    "99999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "NaN", "nan",
    "inf", "-Infinity", "1e309", "-1e309", "1e-400", "-1", "0", "１２", "1,5", "0x10",
]
DATES = [
    "0001-01-01", "9999-12-31", "0000-00-00", "2026-02-30", "10000-01-01", "-2026-01-01",
    "0001-01-01T00:00", "9999-12-31T23:59", "2026-01-01T24:61", "0001-01", "9999-12",
]
#: any Unicode outside the surrogates, as random text of a fixed seed
UNICODE = "".join(chr(random.Random(24).randrange(1, 0xD7FF)) for _ in range(200))  # noqa: S311
TEXTS = [LONG, "a\x00b", "\x00", MARKER, "", " ", "=1+1", "../../etc/passwd", "Bürger ÆØÅ", UNICODE]
POOLS = {
    "number": NUMBERS + DATES[:2],
    "date": DATES + NUMBERS[:3],
    "datetime-local": DATES + NUMBERS[:3],
    "month": DATES + NUMBERS[:3],
    "time": ["24:61", "99:99", "-1:00", "NaN", "", "\x00"],
    "text": TEXTS + NUMBERS[:6] + DATES[:2],
}
#: values tried on every field whatever its type: the ones the issue names
ALWAYS = ["99999999999999999999", "NaN", "0001-01-01", "9999-12-31", "a\x00b", LONG]
#: fields of one form sent hostile values one at a time
MAX_FIELDS = 10
SKIP_ACTIONS = ("/account/logout", "/language")


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]]  # the values a browser sends unchanged
    kinds: dict[str, str]  # name -> input type
    enctype: str = "application/x-www-form-urlencoded"

    @property
    def key(self):
        return (self.method, self.action, tuple(sorted(self.kinds)))


@dataclass
class Findings:
    sent: int = 0
    errors: list[str] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)
    #: seconds spent per route, to keep the run short
    seconds: Counter = field(default_factory=Counter)


_URL_MAP = {}


def route_key(path: str) -> str:
    """The route a path belongs to (its rule), so a crawl visits few pages of each kind."""
    adapter = _URL_MAP.get("adapter")
    try:
        rule, _args = adapter.match(urlsplit(path).path, method="GET", return_rule=True)
        return rule.rule
    except HTTPException:
        try:
            rule, _args = adapter.match(urlsplit(path).path, method="POST", return_rule=True)
            return rule.rule
        except HTTPException:
            return urlsplit(path).path


def _kind(element) -> str:
    if element.tag == "select":
        return "select"
    if element.tag == "textarea":
        return "text"
    return (element.get("type") or "text").lower()


def _parse_forms(path, html) -> list[Form]:
    forms = []
    for form in lxml.html.fromstring(html).forms:
        action = urljoin(path, form.get("action") or path)
        if urlsplit(action).netloc or action.endswith(SKIP_ACTIONS):
            continue
        kinds = {}
        for element in form.inputs:
            name = element.get("name")
            if name and name != "csrf_token" and _kind(element) not in ("submit", "button"):
                kinds[name] = _kind(element)
        values = [(k, v) for k, v in form.form_values() if k != "csrf_token"]
        method = (form.get("method") or "GET").upper()
        enctype = form.get("enctype") or "application/x-www-form-urlencoded"
        forms.append(Form(method, urlsplit(action).path, values, kinds, enctype))
    return forms


def crawl(client, starts, max_pages=400, per_route=2):
    """Pages seen, and every form and link query parameter on them, for the logged-in role."""
    seen, queue, forms, params = set(), list(starts), {}, {}
    visits = Counter()
    while queue and len(seen) < max_pages:
        path = queue.pop(0)
        key = route_key(path)
        if path in seen or visits[key] >= per_route:
            continue
        seen.add(path)
        visits[key] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        for form in _parse_forms(path, html):
            forms.setdefault(form.key, form)
        for href in lxml.html.fromstring(html).xpath("//a/@href"):
            target = urlsplit(urljoin(path, href))
            if target.netloc or not target.path.startswith("/") or "/static/" in target.path:
                continue
            if target.query:
                params.setdefault(route_key(target.path), (target.path, parse_qsl(target.query)))
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return sorted(seen), list(forms.values()), params


class _Causes(logging.Handler):
    """The exceptions the app logs while one request is answered."""

    def __init__(self, logger):
        super().__init__(logging.ERROR)
        self.logger, self.raised = logger, []

    def emit(self, record):
        if record.exc_info:
            self.raised.append(record.exc_info[1])

    def __enter__(self):
        self.logger.addHandler(self)
        return self.raised

    def __exit__(self, *_exc):
        self.logger.removeHandler(self)


class Fuzzer:
    """Sends hostile requests as one role and records every answer of 500 or more."""

    def __init__(self, client, seed: int, findings: Findings, per_field: int = 3):
        self.client = client
        self.seed = seed
        self.findings = findings
        self.per_field = per_field

    def _values(self, name: str, kind: str) -> list[str]:
        pool = POOLS.get(kind, POOLS["text"])
        rng = random.Random(f"{self.seed}:{name}:{kind}")  # noqa: S311 - a reproducible sample
        return [*rng.sample(pool, min(self.per_field, len(pool))), rng.choice(ALWAYS)]

    def send(self, what: str, method: str, path: str, **kwargs):
        self.findings.sent += 1
        self.findings.by_kind[what] += 1
        began = time.perf_counter()
        with _Causes(self.client.application.logger) as raised:
            try:
                response = self.client.open(path, method=method, **kwargs)
                status, body = response.status_code, response.get_data(as_text=True)
            except Exception as error:  # the test app propagates what would be a 500
                raised.append(error)
                status, body = 500, ""
        self.findings.seconds[route_key(path)] += time.perf_counter() - began
        if MARKER in str(kwargs.get("data", "")) + path and MARKER in body:
            self.findings.errors.append(f"unescaped {MARKER} | {what} | {method} {path[:120]}")
        if str(status) >= "500":
            cause = "".join(f" {type(e).__name__}: {str(e)[:160]}" for e in raised)
            self.findings.errors.append(f"{status} | {what} | {method} {path[:120]} |{cause}")

    # --- forms ---------------------------------------------------------------------------

    def form(self, form: Form) -> None:
        base = MultiDict(form.fields)
        self._submit("unchanged", form, base)
        for name, kind in self._sample_fields(form):
            for value in self._values(name, kind):
                data = MultiDict([(k, v) for k, v in form.fields if k != name])
                data.add(name, value)
                self._submit(f"field {name}={value[:20]!r}", form, data)
        self._whole_form(form)

    def _sample_fields(self, form: Form) -> list[tuple[str, str]]:
        """At most MAX_FIELDS fields one at a time (a drawn sample of long repeated forms; the
        whole-form submissions still reach every field)."""
        fields = sorted(form.kinds.items())
        rng = random.Random(f"{self.seed}:{form.action}:fields")  # noqa: S311
        return sorted(rng.sample(fields, min(MAX_FIELDS, len(fields))))

    def _whole_form(self, form: Form) -> None:
        rng = random.Random(f"{self.seed}:{form.action}")  # noqa: S311
        names = sorted(form.kinds)
        hostile = MultiDict([(n, rng.choice(POOLS.get(form.kinds[n], POOLS["text"]))) for n in names])
        self._submit("all fields hostile", form, hostile)
        twice = MultiDict([*form.fields, *[(n, rng.choice(ALWAYS)) for n in names]])
        self._submit("duplicate fields", form, twice)
        if form.method == "POST":
            body = json.dumps(dict(form.fields))
            self.send("json body", "POST", form.action, data=body, content_type="application/json")
            self.send("text body", "POST", form.action, data="a=b\x00", content_type="text/plain")
            raw = "&".join(f"{quote(n)}=%FF%FE%C0%AF" for n in names) or "x=%FF"
            self.send("invalid utf-8", "POST", form.action, data=raw,
                      content_type="application/x-www-form-urlencoded")  # fmt: skip

    def cross(self, forms: list[Form]) -> None:
        """Forms with the same fields (new and edit, or two edits) get each other's values: a
        slug, e-mail or member that exists already must be a form error, not a conflict."""
        groups = {}
        for form in forms:
            if form.method == "POST" and form.kinds:
                groups.setdefault(tuple(sorted(form.kinds)), []).append(form)
        for group in groups.values():
            for source in group:
                for target in group:
                    if target.action != source.action:
                        self._submit(f"values of {source.action}", target, MultiDict(source.fields))

    def _submit(self, what: str, form: Form, data: MultiDict) -> None:
        if form.method == "GET":
            self.send(what, "GET", f"{form.action}?{urlencode(list(data.items(multi=True)))}")
        else:
            self.send(what, "POST", form.action, data=data)

    # --- query parameters and paths ------------------------------------------------------

    def query(self, path: str, pairs: list[tuple[str, str]]) -> None:
        for name in sorted({k for k, _v in pairs}):
            for value in self._values(name, "text"):
                rest = [(k, v) for k, v in pairs if k != name]
                self.send(f"query {name}={value[:20]!r}", "GET", f"{path}?{urlencode([*rest, (name, value)])}")
        self.send("query invalid utf-8", "GET", f"{path}?{'&'.join(f'{quote(k)}=%FF%FE' for k, _v in pairs)}")

    def path(self, path: str) -> None:
        """Each path segment replaced by hostile values (NUL, overflow, long, invalid UTF-8)."""
        segments = path.strip("/").split("/")
        pattern = route_key(path).strip("/").split("/")
        variable = [i for i, part in enumerate(pattern) if "<" in part and i < len(segments)]
        for i in variable:
            for bad in ("%00", "99999999999999999999", "-1", "x" * 3000, "%FF%FE", "0001-01-01"):
                changed = [*segments[:i], bad, *segments[i + 1 :]]
                self.send(f"path segment {i}", "GET", "/" + "/".join(changed))


def bind(app) -> None:
    _URL_MAP["adapter"] = app.url_map.bind("localhost")
