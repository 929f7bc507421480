import pytest

from office.auth.rules import password_problem
from office.core.rules import safe_next


@pytest.mark.parametrize(
    "password,email,problem",
    [
        ("a" * 11, "", "too_short"),
        ("a" * 12, "", None),
        ("a" * 256, "", None),
        ("a" * 257, "", "too_long"),
        ("Someone@Example.org", "someone@example.org", "is_email"),
        ("a long enough phrase", "someone@example.org", None),
    ],
)
def test_password_problem_boundaries(password, email, problem):
    assert password_problem(password, email) == problem


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/courses/", "/courses/"),
        ("/a?b=c", "/a?b=c"),
        ("", None),
        (None, None),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("/\x00x", None),
    ],
)
def test_safe_next_allows_only_local_paths(target, expected):
    assert safe_next(target) == expected
