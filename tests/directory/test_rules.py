import pytest

from office.directory import rules


@pytest.mark.parametrize(
    ("decision", "status", "allowed"),
    [
        ("publish", "pending", True),
        ("publish", "changes_requested", True),
        ("publish", "archived", True),
        ("publish", "published", False),
        ("publish", "rejected", False),
        ("request_changes", "pending", True),
        ("request_changes", "published", False),
        ("reject", "pending", True),
        ("reject", "changes_requested", True),
        ("reject", "published", False),
        ("archive", "published", True),
        ("archive", "pending", False),
        ("delete", "pending", False),
    ],
)
def test_decision_allowed_by_status(decision, status, allowed):
    assert rules.decision_allowed(decision, status) is allowed


@pytest.mark.parametrize(
    ("decision", "required"),
    [("publish", False), ("request_changes", True), ("reject", True), ("archive", True)],
)
def test_reason_required_except_when_publishing(decision, required):
    assert rules.reason_required(decision) is required


CURRENT = {"name": "A", "short_description": "s", "district_ids": [1], "meeting_times": "Tue"}


@pytest.mark.parametrize(
    ("proposed", "published", "immediate", "waiting"),
    [
        ({**CURRENT, "name": "B"}, False, {"name": "B"}, {}),
        ({**CURRENT, "name": "B"}, True, {}, {"name": "B"}),
        ({**CURRENT, "meeting_times": "Wed"}, True, {"meeting_times": "Wed"}, {}),
        (
            {**CURRENT, "district_ids": [2], "meeting_times": "Wed"},
            True,
            {"meeting_times": "Wed"},
            {"district_ids": [2]},
        ),
        (CURRENT, True, {}, {}),
    ],
)
def test_split_edit_holds_back_moderated_fields_of_published_entries(
    proposed, published, immediate, waiting
):
    assert rules.split_edit(CURRENT, proposed, published) == (immediate, waiting)


@pytest.mark.parametrize(
    ("year", "ok"),
    [(None, True), (1799, False), (1800, True), (2026, True), (2027, False)],
)
def test_founded_year_between_1800_and_this_year(year, ok):
    assert rules.founded_year_ok(year, 2026) is ok
