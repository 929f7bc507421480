"""The one place for input bounds (office/core/bounds.py) and the fields built on it."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from office.core import bounds
from office.extensions import db as _db

OFFICE = Path(__file__).resolve().parents[2] / "office"
BOUNDED = {"IntegerField", "DecimalField", "FloatField", "DateField", "DateTimeLocalField"}


def test_bounds_come_from_the_column_types():
    assert bounds.numeric_bounds(sa.Integer()) == (-(2**31), 2**31 - 1)
    assert bounds.numeric_bounds(sa.BigInteger()) == (-(2**63), 2**63 - 1)
    assert bounds.numeric_bounds(sa.Numeric(10, 2)) == (Decimal("-99999999.99"), Decimal("99999999.99"))  # noqa: E501
    assert bounds.numeric_bounds(sa.Numeric(5, 4))[1] == Decimal("9.9999")
    with pytest.raises(TypeError):
        bounds.numeric_bounds(sa.String(20))


def test_every_numeric_column_has_bounds(app):
    for table in _db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (sa.Integer, sa.Numeric, sa.Float)):
                low, high = bounds.numeric_bounds(column.type)
                assert low < 0 < high, column


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [("12", 12), (" -3 ", -3), ("2147483647", 2**31 - 1), ("2147483648", None), ("１２", None),
     ("", None), ("1e3", None), ("9" * 5000, None), (None, None)],
)  # fmt: skip
def test_parse_int_accepts_only_ascii_whole_numbers_in_range(raw, parsed):
    assert bounds.parse_int(raw) == parsed


@pytest.mark.parametrize("raw", ["NaN", "inf", "-Infinity", "1e309", "1e16", "", "x"])
def test_parse_float_refuses_what_no_column_holds(raw):
    assert bounds.parse_float(raw) is None


def test_dates_outside_the_supported_range_are_refused():
    assert bounds.parse_date("2026-05-01") == date(2026, 5, 1)
    assert bounds.parse_date("0001-01-01") is None
    assert bounds.parse_date("9999-12-31") is None
    assert bounds.parse_date("2026-02-30") is None


def test_no_domain_takes_an_unbounded_number_or_date_field_from_wtforms():
    offenders = []
    for path in sorted(OFFICE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
                names = {alias.name for alias in node.names} & BOUNDED
                if names and path != OFFICE / "core" / "forms.py":
                    offenders.append(f"{path.relative_to(OFFICE)}: {sorted(names)}")
    assert offenders == []


def test_bounded_fields_turn_overflow_nan_and_far_dates_into_field_errors(app):
    from flask_wtf import FlaskForm

    from office.core.forms import DateField, DecimalField, FloatField, IntegerField

    class Form(FlaskForm):
        count = IntegerField()
        price = DecimalField()
        share = FloatField()
        day = DateField()

    with app.test_request_context(method="POST"):
        for name, value in [("count", "2147483648"), ("price", "NaN"), ("price", "1e12"),
                            ("share", "inf"), ("day", "9999-12-31"), ("day", "0001-01-01")]:  # fmt: skip
            form = Form(formdata=MultiDict({name: value}), meta={"csrf": False})
            form.validate()
            assert getattr(form, name).data is None, (name, value)
            assert getattr(form, name).errors, (name, value)
        form = Form(formdata=MultiDict({"count": "7", "price": "12.50", "day": "2026-05-01"}),
                    meta={"csrf": False})  # fmt: skip
        form.validate()
        assert (form.count.data, form.price.data, form.day.data) == (7, Decimal("12.50"), date(2026, 5, 1))  # noqa: E501


def test_far_dates_in_query_parameters_answer_400(client, db):
    assert client.get("/calendar/week?date=0001-01-01").status_code == 400
    assert client.get("/calendar/?month=9999-12").status_code == 400
    assert client.get("/calendar/week?date=not-a-date").status_code == 200  # the current week
    assert client.get("/api/v1/events?to=9999-12-31").status_code == 400


def test_nul_in_a_path_and_a_body_that_is_no_form_are_refused(client, db, login_as):
    assert client.get("/courses/%00").status_code == 400
    assert client.get("/methods/%00/edit").status_code in (302, 400)
    login_as("admin")
    assert client.get("/sortition/%00").status_code == 400
    response = client.post("/admin/users/1", data='{"active": false}', content_type="application/json")  # noqa: E501
    assert response.status_code == 415
    assert "Please use the form." in response.get_data(as_text=True)


def test_csv_imports_refuse_overlong_cells_and_nul_with_a_message(db):
    from office.contacts.services.importing import parse_contacts_csv
    from office.core.errors import DomainError
    from office.sortition.services.imports import parse_register

    long_cell = "a" * 131_073
    for bad, expected in ((f"last_name,email\nMuster,{long_cell}\n", "longer than 131,072"),
                          ("last_name,email\nMus\x00ter,m@example.org\n", "NUL")):  # fmt: skip
        with pytest.raises(DomainError) as refused:
            parse_contacts_csv(bad.encode())
        assert expected in str(refused.value.message) and "Line 2" in str(refused.value.message)
        parsed = parse_register(bad.replace("last_name", "id").encode())
        assert parsed.problems and expected in str(parsed.problems[0])
