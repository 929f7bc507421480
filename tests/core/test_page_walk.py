"""Every page a visitor and a staff member reach, in German, Danish and English, reads as text
for people: no ISO date, no raw datetime, no Python repr and no internal code in the visible
text (dates, times and labels go through office/core/formatting.py and the labels modules)."""

import re
import sys
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask_babel import force_locale
from flask_babel.speaklater import LazyString

from office.core.registry import DEMO_SEEDERS

MAX_PAGES = 400
PER_ENDPOINT = 2
SKIPPED = ("static", "api", "oparl", "auth.logout", "core.healthz")
#: not text for reading: scripts, form content, and verbatim values (a seed, a log line)
SKIPPED_TAGS = {"script", "style", "textarea", "pre", "template", "svg", "code", "samp", "kbd"}
#: a day written as 2026-12-06, a time with seconds or a UTC offset, Python's own spellings
PATTERNS = {
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "raw time": re.compile(r"\b\d{2}:\d{2}:\d{2}\b|\d{2}:\d{2}[+-]\d{2}:\d{2}"),
    "Python repr": re.compile(
        r"<[A-Z]\w+ \d+>|<\w+ object at|\b(?:Decimal|datetime\.\w+)\(|\b[A-Z]\w+\.[A-Z_]{3,}\b"
        r"|\[\s*'|\{\s*'\w+'\s*:"
    ),
    "recurrence rule": re.compile(r"\b(?:FREQ|BYDAY|RRULE)[=:]"),
    "plural by brackets": re.compile(r"\w\((?:e|s|n|er|r)\)(?!\w)"),
    "internal code": re.compile(r"^[a-z]+(?:_[a-z]+)+$|^[a-z]+\.[a-z_]+$"),
}


class _Text(HTMLParser):
    """The text nodes a reader sees, and the links of the page."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skip += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _label(value):
    """The label of a labels dict entry: a lazy string, or the first item of a tuple."""
    if isinstance(value, tuple) and value:
        value = value[0]
    return value if isinstance(value, LazyString) else None


def _label_dicts() -> list[dict]:
    """Every dict of the app that maps codes (status, kind, action ...) to translated labels."""
    found = []
    for name, module in list(sys.modules.items()):
        if name.startswith("office."):
            found += [
                v for v in vars(module).values()
                if isinstance(v, dict) and v and all(_label(x) is not None for x in v.values())
            ]  # fmt: skip
    return found


def _untranslated_codes(locale: str) -> set[str]:
    """The codes whose label in `locale` is another word: shown raw, they are a bug (a code
    that is its own label, like "open" in English, may appear)."""
    codes, words = set(), set()
    with force_locale(locale):
        for labels in _label_dicts():
            codes.update(k for k in labels if isinstance(k, str) and len(k) > 3)  # not yes/no: data
            words.update(str(_label(v)) for v in labels.values())
    return codes - words


#: Python's None, True and False: words in English ("None" as a choice), a repr elsewhere
CONSTANTS = {"None", "True", "False"}


def _problems(texts: list[str], codes: set[str]) -> list[str]:
    """What a reader should not see; `codes` holds the plain-word codes to look for too (none
    for English, where a code such as "published" is also the word)."""
    found = []
    for text in texts:
        for kind, pattern in PATTERNS.items():
            if pattern.search(text):
                found.append(f"{kind}: {text[:80]!r}")
        if text in codes or (codes and text in CONSTANTS):
            found.append(f"code: {text!r}")
    return found


def _links(path: str, page: _Text, own: set[str]) -> list[str]:
    """Links to pages of this site (relative, or absolute to OFFICE_BASE_URL)."""
    out = []
    for href in page.links:
        parts = urlsplit(urljoin(path, href))
        if (
            parts.netloc not in own
            or not parts.path.startswith("/")
            or parts.path.startswith("/static")
        ):
            continue
        if parts.path.endswith((".pdf", ".csv", ".ics", ".json", ".xml", ".zip")):
            continue
        out.append(
            parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")
        )
    return out


def _endpoint(adapter, path: str) -> str:
    try:
        return adapter.match(urlsplit(path).path, method="GET")[0]
    except Exception:  # noqa: BLE001 (a 404 or redirect: counted under its path)
        return path


def _entry_pages(app) -> list[str]:
    """The home page and every page whose address has no parameter (lists, forms, indexes)."""
    pages = ["/"]
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and not rule.endpoint.startswith(SKIPPED):
            pages.append(rule.rule)
    return pages


def _walk(client, codes: set[str]) -> tuple[int, dict[str, list[str]]]:
    """Breadth first from the home page; at most PER_ENDPOINT pages of one kind (one course
    page shows what the others show), so the walk reaches every kind of page."""
    adapter = client.application.url_map.bind("localhost")
    own = {"", "localhost", urlsplit(client.application.config["OFFICE_BASE_URL"]).netloc}
    seen, queue, problems, kinds = set(), _entry_pages(client.application), {}, Counter()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        kind = _endpoint(adapter, path)
        if path in seen or kinds[kind] >= PER_ENDPOINT or path.startswith("/language"):
            continue
        seen.add(path)
        kinds[kind] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        page = _Text()
        page.feed(response.get_data(as_text=True))
        if found := _problems(page.texts, codes):
            problems[path] = found
        queue.extend(link for link in _links(path, page, own) if link not in seen)
    return len(seen), problems


@pytest.fixture
def demo(db):
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    db.session.commit()


@pytest.mark.parametrize("locale", ["de", "da", "en"])
@pytest.mark.parametrize("role", [None, "admin"])
def test_every_page_reads_as_text_for_people(app, client, login_as, demo, locale, role):
    if role:
        login_as(role)
    with client.session_transaction() as session:
        session["locale"] = locale
    codes = _untranslated_codes(locale) if locale != "en" else set()
    walked, problems = _walk(client, codes)
    assert walked > (120 if role else 40), f"the walk found too few pages ({walked})"
    report = "\n".join(f"{path}: {found}" for path, found in sorted(problems.items()))
    assert not problems, f"{len(problems)} of {walked} pages show raw values:\n{report}"
