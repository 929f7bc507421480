"""Hypothesis drives every form the crawler finds, as the public and as an admin.

The crawler starts at the home page with the demo data loaded, follows links on this site and
collects every POST form with its field names. Each form then gets random text, numbers, dates
and Unicode: the server never answers 5xx, and a reflected value always comes back escaped.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from office.core.registry import DEMO_SEEDERS

MAX_PAGES = 250
MARKER = "<zq-script>"  # a tag no template writes; found raw only if escaping failed


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {
                "action": a.get("action") or "",
                "fields": {},
                "enctype": a.get("enctype"),
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            kind = a.get("type", tag)
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form["fields"][a["name"]] = (kind, a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _crawl(client, start="/"):
    seen, queue, forms = set(), [start], {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        page = _Page()
        page.feed(response.get_data(as_text=True))
        for form in page.forms:
            action = urljoin(path, form["action"] or path)
            key = (urlsplit(action).path, tuple(sorted(form["fields"])))
            if key not in forms and not action.endswith(("/logout", "/language")):
                forms[key] = {**form, "action": action}
        for href in page.links:
            target = urljoin(path, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static"):
                continue
            # one example per list page is enough: drop paging and most query strings
            clean = parts.path + (
                f"?{parts.query}" if parts.query and "page=" not in parts.query else ""
            )
            if clean not in seen and len(queue) < 5 * MAX_PAGES:
                queue.append(clean)
    return list(forms.values())


values = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.just(MARKER),
    st.just("x" * 5000),
    st.just(""),
    st.just("2026-02-30"),
    st.just("javascript:alert(1)"),
)


def _fuzz(client, form, examples):
    names = [n for n in form["fields"] if n != "csrf_token"]
    if not names:
        return 0
    count = {"n": 0}

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.fixed_dictionaries({n: values for n in names}))
    def run(data):
        response = client.post(form["action"], data=data)
        count["n"] += 1
        assert response.status_code < 500, (form["action"], data, response.status_code)
        if "text/html" in (response.content_type or ""):
            body = response.get_data(as_text=True)
            assert MARKER not in body, ("unescaped reflection", form["action"])

    run()
    return count["n"]


def _seed_demo(db):
    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    db.session.commit()


def test_public_forms_survive_random_input(client, db):
    _seed_demo(db)
    forms = _crawl(client)
    tried = sum(_fuzz(client, form, examples=15) for form in forms)
    print(f"\npublic forms fuzzed: {len(forms)}; examples tried: {tried}")  # docs/security.md
    assert forms, "the crawler found no public form"
    assert tried >= len(forms)


def test_staff_forms_survive_random_input(client, db, login_as):
    _seed_demo(db)
    login_as("admin")
    forms = _crawl(client)
    assert len(forms) >= 3, "the crawler found too few staff forms"
    tried = 0
    for form in forms:
        tried += _fuzz(client, form, examples=10)
        login_as("admin")  # a form may have changed the session (e.g. password change)
    print(f"\nstaff forms fuzzed: {len(forms)}; examples tried: {tried}")  # docs/security.md
    assert tried >= len(forms)
