"""Open311 GeoReport v2 read endpoints: the public types as services, their requests without
personal data, the spec's filters and errors."""

from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own answer in a test

from tests.factories import UserFactory
from tests.governance.factories import HelpRequestFactory


def test_services_are_the_public_types(client):
    codes = [s["service_code"] for s in client.get("/open311/v2/services.json").json]
    assert "initiative_support" in codes and "other" in codes
    assert "process_help" not in codes  # departments only


def test_requests_show_status_and_times_but_no_personal_data(client, db):
    requester = UserFactory(name="Rita Resident", email="rita@example.org")
    req = HelpRequestFactory(type="other", title="Bench for Rita Resident", requester=requester,
                             description="Call me at 0171 555")  # fmt: skip
    HelpRequestFactory(type="process_help")  # not a public type
    HelpRequestFactory(type="other", email_confirmed_at=None)  # never confirmed
    response = client.get("/open311/v2/requests.json")
    assert [r["service_request_id"] for r in response.json] == [req.reference]
    assert response.json[0]["status"] == "open"
    text = response.get_data(as_text=True)
    assert "Rita" not in text and "rita@" not in text and "0171" not in text and "Bench" not in text
    one = client.get(f"/open311/v2/requests/{req.reference}.xml")
    assert ET.fromstring(one.data).find("request/service_request_id").text == req.reference  # noqa: S314


def test_request_filters_of_the_spec(client, db):
    HelpRequestFactory(type="other", status="done")
    HelpRequestFactory(type="initiative_support", status="in_triage")
    closed = client.get("/open311/v2/requests.json?status=closed").json
    assert [r["status"] for r in closed] == ["closed"]
    support = client.get("/open311/v2/requests.json?service_code=initiative_support").json
    assert [r["service_code"] for r in support] == ["initiative_support"]
    old = client.get("/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z").json
    assert old == []


def test_bad_filters_answer_400_with_a_description(client, db):
    for query in ("start_date=yesterday", "status=maybe", "service_code=process_help",
                  "end_date=2026-01-01T00:00:00"):  # fmt: skip
        response = client.get(f"/open311/v2/requests.json?{query}")
        assert response.status_code == 400 and response.json[0]["description"]
    assert client.get("/open311/v2/requests/A-99999.json").status_code == 404
    assert client.get("/open311/v2/services.csv").status_code == 404
