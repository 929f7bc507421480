"""Schemathesis against /api/openapi.json, in-process on the WSGI app.

Every operation the open-data API describes is called with generated parameters, valid ones
(positive mode) and ones the schema forbids (negative mode); no answer may be a 5xx and every answer must match the schema: status code documented,
content type, body against the response schema, headers. The database holds a few published
objects of each kind, so the item schemas are checked against real rows, not empty lists.
"""

import itertools
import re
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from tests.courses.factories import RunFactory
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.processes.factories import PhaseFactory, RecommendationFactory

#: examples per operation and mode (valid, invalid): about a minute for the whole API
EXAMPLES = 20


@pytest.fixture
def api_schema(app, db):
    initiative = InitiativeFactory(name="Lastenrad & Co. <Ø>")
    EventFactory(initiative=initiative, organiser_kind="initiative", title="Reparaturcafé")
    EventFactory(title="Bürgerforum", rrule="FREQ=WEEKLY;COUNT=3")
    RunFactory()
    phase = PhaseFactory(starts_on=date.today(), ends_on=date.today() + timedelta(days=2))
    RecommendationFactory(process=phase.process)
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_api_answers_match_the_schema_and_never_fail(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    calls = {"n": 0}
    for operation, mode in itertools.product(operations, GenerationMode):
        if mode is GenerationMode.NEGATIVE and not (operation.query or operation.path_parameters):
            continue  # nothing to make invalid

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def fuzz(case):
            # a documented 400 for a value valid by type but not by the data (an unknown district
            # slug) or by another parameter (a range longer than a year) is a correct answer; and
            # the API is lenient with out-of-range paging (page=-3 reads as page 1) on purpose.
            # Every other check runs: no 5xx, status documented, body and headers as described.
            case.call_and_validate(
                excluded_checks=[positive_data_acceptance, negative_data_rejection]
            )
            calls["n"] += 1

        fuzz()
    print(f"\nAPI operations fuzzed: {len(operations)}; calls: {calls['n']}")  # docs/security.md


def test_the_schema_describes_every_api_route(app, api_schema):
    """A new /api/v1 route must be described, or schemathesis would never fuzz it."""
    described = {op.ok().path for op in api_schema.get_all_operations()}
    routes = {
        rule.rule.replace("<int:", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    routes = {r.replace("{process_id}", "{id}") for r in routes}
    assert routes <= described


def test_ids_past_the_integer_range_match_nothing_instead_of_failing(client, api_schema):
    """Found by this fuzzer: a district id past 64 bits gave a 500 on SQLite."""
    for query in ("district=903216187530572333056", "topic=99999999999", "department=²"):
        response = client.get(f"/api/v1/processes?{query}")
        assert response.status_code == 200, query
    assert client.get("/api/v1/processes?district=903216187530572333056").json["items"] == []
    assert client.get("/processes/?district=903216187530572333056").status_code == 200
    # found on PostgreSQL: an id past the integer column's range gave a 500
    assert client.get("/api/v1/processes/21421454119217364").status_code == 404
    assert client.get("/initiatives/21421454119217364").status_code == 404


def test_api_and_its_schema_agree_on_methods(client, api_schema):
    """Every described operation's method is served; any other method answers 405 and names
    the described ones in `Allow` (schemathesis' coverage phase sends such requests)."""
    described: dict[str, set[str]] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        described.setdefault(operation.path, set()).add(operation.method.upper())
    for path, methods in described.items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            answer = client.open(url, method=method)
            if method in methods:
                assert answer.status_code != 405, (method, url)
                continue
            assert answer.status_code == 405, (method, url)
            allow = {m.strip() for m in answer.headers["Allow"].split(",")}
            assert methods <= allow <= methods | {"HEAD", "OPTIONS"}, (url, allow)


def test_every_value_the_schema_lists_is_accepted(client, app):
    """The issue found `organiser=board` answered 400 although the schema lists it."""
    document = client.get("/api/openapi.json").json
    tried = 0
    for path, operations in document["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for parameter in operations.get("get", {}).get("parameters", []):
            schema = parameter.get("schema", {})
            for value in schema.get("enum", schema.get("items", {}).get("enum", [])):
                answer = client.get(url, query_string={parameter["name"]: value})
                assert answer.status_code in (200, 404), (path, parameter["name"], value)
                tried += 1
    assert tried >= 4
