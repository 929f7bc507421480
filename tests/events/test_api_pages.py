"""`/api/v1/events` answers pages: `limit` entries by (start, uid), a `next` link after the
last, the total of the range; following the links gives every entry once."""

import base64
from datetime import UTC, datetime, timedelta

import pytest

from tests.events.factories import EventFactory

START = datetime(2030, 3, 12, 8, 0, tzinfo=UTC)
RANGE = "from=2030-03-01&to=2030-04-01"


@pytest.fixture
def seven(db):
    """Seven events, four of them starting at the same time, and a ten days' fair."""
    for i in range(3):
        EventFactory(title=f"Early {i}", start_at=START + timedelta(hours=i))
    for i in range(4):
        EventFactory(title=f"Tie {i}", start_at=START + timedelta(days=1))
    EventFactory(title="Fair", start_at=START - timedelta(days=2), end_at=START + timedelta(days=8))


def _follow(client, url: str) -> tuple[list[dict], list[dict]]:
    """(every item, every page) from `url` on along the `next` links."""
    items, pages = [], []
    while url:
        page = client.get(url).get_json()
        pages.append(page)
        items += page["items"]
        url = page["next"]
    return items, pages


def test_pages_follow_each_other_without_gaps_or_repeats(client, seven):
    whole = client.get(f"/api/v1/events?{RANGE}&limit=500").get_json()
    assert whole["total"] == 8 and whole["next"] is None and len(whole["items"]) == 8
    assert whole["items"][0]["title"] == "Fair"
    items, pages = _follow(client, f"/api/v1/events?{RANGE}&limit=3")
    assert [len(p["items"]) for p in pages] == [3, 3, 2]  # a page ends inside the tie
    assert {p["total"] for p in pages} == {8} and {p["limit"] for p in pages} == {3}
    assert items == whole["items"]
    keys = [(i["start"], i["uid"]) for i in items]
    assert keys == sorted(keys) and len(set(keys)) == 8


def test_next_keeps_the_range_and_the_filter(client, seven):
    page = client.get(f"/api/v1/events?{RANGE}&limit=1&kind=event").get_json()
    assert "from=2030-03-01" in page["next"] and "kind=event" in page["next"]
    assert "limit=1" in page["next"] and page["next"].startswith("http")


def test_default_page_is_a_hundred_of_a_long_series(client, db):
    EventFactory(
        title="Daily",
        start_at=START,
        rrule="FREQ=DAILY;COUNT=120",
        series_end_at=START + timedelta(days=119, hours=2),
    )
    page = client.get("/api/v1/events?from=2030-03-01&to=2030-08-01").get_json()
    assert len(page["items"]) == 100 and page["total"] == 120 and page["next"]
    rest = client.get(page["next"]).get_json()
    assert len(rest["items"]) == 20 and rest["next"] is None
    assert rest["items"][0]["start"] > page["items"][-1]["start"]


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=0", "'limit' must be a whole number from 1 to 500"),
        ("limit=501", "'limit' must be a whole number from 1 to 500"),
        ("limit=ten", "'limit' must be a whole number from 1 to 500"),
        ("limit=%C2%B2", "'limit' must be a whole number from 1 to 500"),
        ("limit=-1", "'limit' must be a whole number from 1 to 500"),
        ("cursor=not-a-cursor", "'cursor' is not one this API gave"),
        ("cursor=%E2%82%AC", "'cursor' is not one this API gave"),
        (f"cursor={_cursor('2030-03-12T09:00:00|')}", "'cursor' is not one this API gave"),
        (f"cursor={_cursor('2030-03-12T09:00:00|x')}", "'cursor' is not one this API gave"),
        (f"cursor={_cursor('yesterday|event-1@x')}", "'cursor' is not one this API gave"),
        (f"cursor={_cursor('0001-01-01T00:00:00+01:00|x')}", "'cursor' is not one this API gave"),
        (f"cursor={_cursor('9999-12-31T23:00:00-05:00|x')}", "'cursor' is not one this API gave"),
    ],
)
def test_bad_limit_or_cursor_is_a_clear_400(client, db, query, message):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_openapi_documents_the_pages(client):
    spec = client.get("/api/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 500 and "cursor" in params
    page = spec["components"]["schemas"]["CalendarPage"]
    assert {"total", "limit", "next"} <= set(page["required"])


@pytest.mark.parametrize("name", ["endpoint", "_anchor", "values", "next"])
def test_next_keeps_any_parameter_name_without_failing(client, seven, name):
    page = client.get(f"/api/v1/events?{RANGE}&limit=1&{name}=x").get_json()
    assert f"{name}=x" in page["next"] and "cursor=" in page["next"]
    assert client.get(page["next"]).status_code == 200
