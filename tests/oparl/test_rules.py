from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from office.oparl import rules


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, rules.ListRequest()),
        ({"limit": "1", "page": "3"}, rules.ListRequest(limit=1, page=3)),
        ({"limit": str(rules.MAX_LIMIT)}, rules.ListRequest(limit=rules.MAX_LIMIT)),
        (
            {"modified_since": "2026-12-01"},
            rules.ListRequest(modified_since=datetime(2026, 12, 1, tzinfo=UTC)),
        ),
        (
            {"created_until": "2026-12-01T10:00:00+01:00"},
            rules.ListRequest(
                created_until=datetime(2026, 12, 1, 10, tzinfo=timezone(timedelta(hours=1)))
            ),
        ),
    ],
)
def test_list_request_reads_the_query_string(args, expected):
    assert rules.list_request(args) == expected


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"modified_since": "yesterday"}, "modified_since"),
        ({"created_since": "2026-13-01"}, "created_since"),
        ({"limit": "0"}, "limit"),
        ({"limit": str(rules.MAX_LIMIT + 1)}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "²"}, "limit"),
        ({"page": "0"}, "page"),
        ({"page": "1e3"}, "page"),
    ],
)
def test_unusable_list_parameters_are_refused_by_name(args, named):
    with pytest.raises(rules.BadListRequest, match=named):
        rules.list_request(args)


@pytest.mark.parametrize(
    ("total", "limit", "pages"), [(0, 50, 1), (1, 50, 1), (50, 50, 1), (51, 50, 2), (7, 1, 7)]
)
def test_total_pages(total, limit, pages):
    assert rules.total_pages(total, limit) == pages


def test_times_are_written_with_the_office_offset_and_whole_seconds():
    moment = datetime(2026, 12, 6, 17, 30, 15, 123456, tzinfo=UTC)
    assert rules.oparl_time(moment, ZoneInfo("Europe/Berlin")) == "2026-12-06T18:30:15+01:00"
    assert rules.oparl_time(moment, ZoneInfo("Europe/Copenhagen")) == "2026-12-06T18:30:15+01:00"
