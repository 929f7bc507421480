"""Every course staff form, submitted as the browser would send it unchanged and then with
hostile values (NaN, huge and negative numbers, impossible dates, long and odd text): the
server never answers 5xx, and a form saved unchanged is accepted."""

from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from office.core.clock import local_now
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory, fill

MARKER = "<zq-script>"
HOSTILE = st.one_of(
    st.sampled_from([
        "NaN", "nan", "Infinity", "-Infinity", "1e999", "99999999999", "-1", "0", "-0",
        "9" * 40, "2026-02-30", "0001-01-01", "9999-12-31", "24:61", "", " ", MARKER,
        "x" * 5000, "Bürger Räte!", "1,5", "１２", "\u0000", "=1+1", "../../etc/passwd",
    ]),
    st.text(max_size=40),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.dates().map(lambda d: d.isoformat()),
)  # fmt: skip


def _setup(db):
    course = CourseFactory(slug="borgerting", duration_days=2, price_basis="day")
    coming = RunFactory(course=course)
    fill(coming, 3)
    fill(coming, 1, status="waitlisted")
    past = RunFactory(
        course=course, first_day=local_now().date() - timedelta(days=400), decision="held"
    )
    RegistrationFactory(run=past, seat_number=1, attended=True, routing_id="5798000020016",
                        billing_street="Rådhuspladsen 2", billing_postcode="8000",
                        billing_city="Aarhus C", billing_country="DK")  # fmt: skip
    CourseFactory(slug="other")
    db.session.commit()


def _staff_pages(client) -> list[str]:
    seen, queue = set(), ["/courses/manage/"]
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        page = lxml.html.fromstring(response.get_data(as_text=True))
        for href in page.xpath("//a/@href"):
            target = urlsplit(urljoin(path, href))
            if target.path.startswith("/courses/manage") and not target.netloc:
                queue.append(target.path)
    return sorted(seen)


def _forms(client, pages) -> dict:
    """(action, field names) -> the values the browser would send, for every POST form."""
    forms = {}
    for path in pages:
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        for form in lxml.html.fromstring(response.get_data(as_text=True)).forms:
            if (form.method or "GET").upper() != "POST":
                continue
            action = urlsplit(urljoin(path, form.action or path)).path
            if not action.startswith("/courses/manage"):
                continue  # logout, language: not course forms
            values = [(k, v) for k, v in form.form_values() if k != "csrf_token"]
            forms.setdefault((action, tuple(sorted({k for k, _v in values}))), values)
    return forms


#: each replaces one field of a form that is otherwise unchanged
ONE_BAD_VALUE = (
    "NaN", "Infinity", "99999999999", "-1", "0001-01-01", "2026-02-30", "", "x" * 5000, MARKER,
)  # fmt: skip


def _one_field_at_a_time(client, action, values) -> int:
    """The unchanged form with one field replaced by each bad value in turn."""
    count = 0
    for name in sorted({k for k, _v in values}):
        for bad in ONE_BAD_VALUE:
            data = MultiDict([(k, bad if k == name else v) for k, v in values])
            response = client.post(action, data=data)
            assert response.status_code < 500, (action, name, bad)
            count += 1
    return count


def _fuzz(client, action, values, examples: int) -> int:
    names = sorted({k for k, _v in values}) or ["confirmed"]

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.fixed_dictionaries({name: HOSTILE for name in names}))
    def run(data):
        response = client.post(action, data=data)
        assert response.status_code < 500, (action, data)
        assert MARKER not in response.get_data(as_text=True), ("unescaped", action)

    run()
    return examples


def test_every_course_staff_form_unchanged_and_hostile_never_answers_5xx(client, db, login_as):
    _setup(db)
    login_as("office_staff")
    forms = _forms(client, _staff_pages(client))
    actions = {action for action, _names in forms}
    for wanted in ("/courses/manage/courses/new", "/edit", "/correct", "/decision", "/email"):
        assert any(wanted in a for a in actions), (wanted, sorted(actions))
    for (action, _names), values in forms.items():
        unchanged = client.post(action, data=MultiDict(values))
        assert unchanged.status_code < 500, (action, values)
        if action.endswith("/edit") or "/manage/courses/" in action and action[-1].isdigit():
            assert unchanged.status_code in (200, 302), (action, unchanged.status_code)
    tried = sum(_one_field_at_a_time(client, action, values) for (action, _n), values in forms.items())  # noqa: E501
    tried += sum(_fuzz(client, action, values, examples=4) for (action, _n), values in forms.items())  # noqa: E501
    print(f"\ncourse staff forms: {len(forms)}; hostile submissions: {tried}")
    assert len(forms) >= 8
