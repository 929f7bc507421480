from datetime import UTC, datetime

import pytest

from office.contacts import rules


@pytest.mark.parametrize(
    ("header", "missing", "unknown"),
    [
        (["first_name", "last_name", "email"], [], []),
        (["First_Name ", "LAST_NAME", "email", "phone", "tags"], [], []),
        (["name", "email"], ["first_name", "last_name"], ["name"]),
        (["first_name", "last_name", "email", "birthday"], [], ["birthday"]),
    ],
)
def test_check_columns_names_missing_and_unknown(header, missing, unknown):
    assert rules.check_columns(header) == (missing, unknown)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        (
            ("Katharina", "Müller"),
            ("Kathi", "Mueller"),
            False,
        ),  # ü vs ue folds differently: not guessed
        (("Katharina", "Müller"), ("Kathi", "Müller"), True),
        (("Jens", "Hansen"), ("J.", "Hansen"), True),
        (("Jens", "Hansen"), ("Jonas", "Hansen"), False),
        (("Søren", "Kierkegaard"), ("Soren", "Kierkegaard"), True),
        (("Anna", "Schmidt"), ("Anna", "Schmitt"), False),
        (("", "Weber"), ("Paul", "Weber"), True),
    ],
)
def test_names_similar(a, b, similar):
    assert rules.names_similar(a[0], a[1], b[0], b[1]) is similar


@pytest.mark.parametrize(
    ("value", "parts"), [("a; b, c", ["a", "b", "c"]), ("", []), (None, []), (" x ;; ", ["x"])]
)
def test_split_list(value, parts):
    assert rules.split_list(value) == parts


@pytest.mark.parametrize(
    ("value", "valid"), [("a@example.org", True), ("no-at-sign", False), ("a@b", False)]
)
def test_email_valid(value, valid):
    assert rules.email_valid(value) is valid


def test_retention_cutoff_whole_years_back():
    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    assert rules.retention_cutoff(now, 3).date().isoformat() == "2023-11-21"
