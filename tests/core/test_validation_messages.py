"""Validation messages write their numbers the reader's way: "10.000" in German and Danish,
"10,000" in English, never a bare "10000"; every form takes Length and NumberRange from
office/core/forms.py, whose messages do that."""

import ast
from pathlib import Path

import pytest

OFFICE = Path(__file__).resolve().parents[2] / "office"
LOCALIZED = {"Length", "NumberRange"}


def test_forms_take_length_and_number_range_from_office_core_forms():
    wrong = []
    for path in OFFICE.rglob("*.py"):
        if path == OFFICE / "core" / "forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
                wrong += [f"{path}: {a.name}" for a in node.names if a.name in LOCALIZED]
            if isinstance(node, ast.Attribute) and node.attr in LOCALIZED:
                if isinstance(node.value, ast.Name) and node.value.id == "validators":
                    wrong.append(f"{path}:{node.lineno}: validators.{node.attr}")
    assert wrong == []


EVENT = {
    "title": "Open garden", "initiative": "", "organiser_kind": "office",
    "start_date": "2030-03-12", "start_time": "18:00", "end_date": "2030-03-12",
    "end_time": "20:00", "district": "", "frequency": "none", "repeat_interval": "1",
}  # fmt: skip
RULES = {
    "title": "Rules", "effective_from": "2026-01-01", "quorum": "more_than_half",
    "majority": "simple", "abstentions": "not_counted", "tie": "rejected",
}  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "places", "characters", "long_text"),
    [
        ("de", "Bitte geben Sie eine Zahl von 1 bis 100.000 ein.",
         "Bitte schreiben Sie höchstens 5.000 Zeichen.",
         "Bitte schreiben Sie höchstens 100.000 Zeichen."),
        ("da", "Angiv et tal fra 1 til 100.000.", "Skriv højst 5.000 tegn.",
         "Skriv højst 100.000 tegn."),
        ("en", "Please enter a number from 1 to 100,000.",
         "Please write at most 5,000 characters.", "Please write at most 100,000 characters."),
    ],
)  # fmt: skip
def test_form_errors_write_numbers_the_readers_way(
    client, db, login_as, locale, places, characters, long_text
):
    login_as("office_staff")
    client.post("/language", data={"locale": locale})
    bad = EVENT | {"capacity": "100001", "description": "x" * 5001}
    page = client.post("/calendar/new", data=bad, headers={"Accept-Language": locale})
    assert page.status_code == 422
    assert places in page.text and characters in page.text
    rules = client.post("/board/rules/new", data=RULES | {"body": "x" * 100001})
    assert long_text in rules.text


@pytest.mark.parametrize(
    ("locale", "message"),
    [("de", "von -2.147.483.648 bis 2.147.483.647"), ("da", "fra -2.147.483.648 til 2.147.483.647"),
     ("en", "from -2,147,483,648 to 2,147,483,647")],
)  # fmt: skip
def test_a_number_beyond_its_column_names_the_bounds_the_readers_way(
    client, db, login_as, locale, message
):
    login_as("office_staff")
    client.post("/language", data={"locale": locale})
    page = client.post("/calendar/new", data=EVENT | {"capacity": "99999999999"})
    assert page.status_code == 422 and message in page.text
