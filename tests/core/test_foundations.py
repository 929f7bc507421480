"""The shared machinery in core: the commit owner, form pages, CSV writer, tokens, local times."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
import time_machine
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from office.core import clock, spreadsheets, tokens
from office.core.errors import DomainError
from office.core.forms import render_form
from office.core.models import District
from office.core.transaction import perform


class NameForm(FlaskForm):
    name = StringField()


def _add_district(name: str) -> District:
    district = District(name=name, slug=name.lower())
    from office.extensions import db

    db.session.add(district)
    db.session.flush()
    return district


def _refuse(name: str):
    _add_district(name)
    raise DomainError("Not with this name.", field="name")


def _names(db) -> set[str]:
    return set(db.session.scalars(sa.select(District.name)))


def test_perform_commits_the_operation_once(app, db):
    with app.test_request_context("/", method="POST"):
        outcome = perform(_add_district, "Nord")
    assert outcome and outcome.value.name == "Nord"
    db.session.rollback()  # a commit happened: rolling back now keeps the row
    assert "Nord" in _names(db)


def test_perform_rolls_a_refusal_back_onto_the_form_field(app, db):
    with app.test_request_context("/", method="POST", data={"name": "Süd"}):
        form = NameForm()
        outcome = perform(_refuse, "Süd", form=form)
        page, status = render_form("errors/error.html", form, status=422, title="", message="")
    assert not outcome
    assert form.name.errors == ["Not with this name."]
    assert status == 422
    assert "Süd" not in _names(db)


def test_perform_without_a_form_flashes_the_refusal(app, db):
    with app.test_request_context("/", method="POST"):
        perform(_refuse, "West")
        assert get_flashed_messages(with_categories=True) == [("error", "Not with this name.")]
    assert "West" not in _names(db)


def test_perform_turns_a_uniqueness_conflict_into_a_message(app, db):
    with app.test_request_context("/", method="POST"):
        perform(_add_district, "Ost")
        form = NameForm()
        outcome = perform(_add_district, "Ost", form=form)
    assert not outcome
    assert form.form_errors and "Someone else" in str(form.form_errors[0])


def test_perform_lets_an_unexpected_error_through_after_rolling_back(app, db):
    def broken():
        _add_district("Mitte")
        raise RuntimeError("bug")

    with app.test_request_context("/", method="POST"), pytest.raises(RuntimeError):
        perform(broken)
    assert "Mitte" not in _names(db)


def test_render_form_answers_200_for_a_fresh_form(app):
    with app.test_request_context("/"):
        _page, status = render_form(
            "errors/error.html", NameForm(), status=200, title="", message=""
        )
    assert status == 200


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd", "'+cmd"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),  # DDE after a number
        ("\t=1", "'\t=1"),
        ("-1+2", "-1+2"),  # arithmetic on plain numbers stays
        ("+49 421 361-1000", "+49 421 361-1000"),  # a phone number stays
        ("Anna", "Anna"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_neutralises_formulas_only(value, safe):
    assert spreadsheets.spreadsheet_safe(value) == safe


@pytest.mark.parametrize(
    ("locale", "delimiter", "amount"),
    [("de", ";", "1234,5"), ("da", ";", "1234,5"), ("en", ",", "1234.5")],
)
def test_csv_text_uses_the_languages_separator_and_decimal_mark(locale, delimiter, amount):
    text = spreadsheets.csv_text(["Name", "Betrag"], [["=1+1", Decimal("1234.50")]], locale)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    assert rows == [["Name", "Betrag"], ["'=1+1", amount]]


def test_a_token_is_read_back_only_for_its_purpose(app):
    with app.app_context():
        token = tokens.sign("course-confirm", [7, "a@example.org"])
        assert tokens.unsign("course-confirm", token, max_age=60) == [7, "a@example.org"]
        with pytest.raises(tokens.TokenInvalid):
            tokens.unsign("course-cancel", token, max_age=60)
        with pytest.raises(tokens.TokenInvalid):
            tokens.unsign("course-confirm", token[:-2] + "xx", max_age=60)


def test_an_old_token_has_expired(app):
    with app.app_context():
        with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC), tick=False):
            token = tokens.sign("request-confirm", 5)
        with time_machine.travel(datetime(2026, 3, 2, tzinfo=UTC), tick=False):
            with pytest.raises(tokens.TokenExpired):
                tokens.unsign("request-confirm", token, max_age=3600)


@pytest.mark.parametrize(
    ("wall_clock", "utc"),
    [
        (datetime(2026, 3, 28, 18, 0), datetime(2026, 3, 28, 17, 0, tzinfo=UTC)),  # winter time
        (datetime(2026, 3, 29, 18, 0), datetime(2026, 3, 29, 16, 0, tzinfo=UTC)),  # summer time
    ],
)
def test_local_times_cross_daylight_saving(app, wall_clock, utc):
    with app.app_context():
        assert clock.from_local(wall_clock) == utc
        assert clock.to_local(utc).replace(tzinfo=None) == wall_clock
        assert clock.local_date(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)).day == 29
