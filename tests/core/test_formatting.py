"""The one set of formatting helpers, per language: what a reader sees for dates, times, ranges,
durations, money, percentages, file sizes, and what the API gives for a moment."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale

from office.core import formatting as f

MEETING = datetime(2026, 12, 16, 16, 0, tzinfo=UTC)  # 17:00 in Berlin


@pytest.fixture
def request_ctx(app):
    with app.test_request_context("/"):
        yield


CASES = [
    # (what, call, de, da, en)
    ("date", lambda: f.formatted("date", date(2026, 12, 6)), "06.12.2026", "6. dec. 2026", "6 Dec 2026"),
    ("short date", lambda: f.formatted("date", date(2026, 12, 6), "short"), "06.12.26", "06.12.2026", "06/12/2026"),
    ("datetime", lambda: f.formatted("datetime", MEETING), "16.12.2026, 17:00", "16. dec. 2026 17.00", "16 Dec 2026, 17:00"),
    ("full datetime", lambda: f.formatted("datetime", MEETING, "full"),
     "Mittwoch, 16. Dezember 2026, 17:00", "onsdag den 16. december 2026 17.00",
     "Wednesday, 16 December 2026, 17:00"),
    ("time of day", lambda: f.formatted("time", time(9, 30)), "09:30", "09.30", "09:30"),
    ("days", lambda: f.date_range(date(2026, 3, 2), date(2026, 3, 5)), "2.–5. März 2026", "2.–5. mar. 2026", "2–5 Mar 2026"),
    ("meeting", lambda: f.time_range(MEETING, MEETING + timedelta(hours=2)),
     "16.12.2026, 17:00–19:00", "16. dec. 2026 17.00–19.00", "16 Dec 2026, 17:00–19:00"),
    ("duration", lambda: f.duration(timedelta(minutes=90)), "1 Stunde 30 Minuten", "1 time 30 minutter", "1 hour 30 minutes"),
    ("money", lambda: f.money(Decimal("1234.5"), "EUR"), "1.234,50 €", "1.234,50 €", "€1,234.50"),
    ("percent", lambda: f.format_percent(0.19), "19 %", "19 %", "19%"),
    ("decimal", lambda: f.formatted("number", 1234.5), "1.234,5", "1.234,5", "1,234.5"),
    ("tiny file", lambda: f.file_size(45), "45 Byte", "45 bytes", "45 bytes"),
    ("file", lambda: f.file_size(1_234_567), "1,2 MB", "1,2 MB", "1.2 MB"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "call", "de", "da", "en"), CASES, ids=[c[0] for c in CASES])
def test_each_language_formats_in_its_own_style(request_ctx, what, call, de, da, en):
    for locale, expected in (("de", de), ("da", da), ("en", en)):
        with force_locale(locale):
            assert (
                call().replace("\xa0", " ").replace("\u202f", " ").replace("\u2009", "") == expected
            ), locale


def test_english_can_be_configured_to_american_usage(app, request_ctx):
    app.config["OFFICE_ENGLISH_FORMAT"] = "en_US"
    try:
        with force_locale("en"):
            assert f.formatted("date", date(2026, 12, 6), "short") == "12/6/26"
    finally:
        app.config["OFFICE_ENGLISH_FORMAT"] = "en_GB"


def test_api_gives_moments_with_the_office_offset(app):
    with app.app_context():
        assert f.api_time(MEETING) == "2026-12-16T17:00:00+01:00"
        assert f.api_time(datetime(2026, 7, 1, 8, 0, tzinfo=UTC)) == "2026-07-01T10:00:00+02:00"
        assert f.api_time(None) is None


@pytest.mark.parametrize(("locale", "shown"), [("de", "1.234,50 €"), ("en", "€1,234.50")])
def test_requested_amount_is_shown_as_money(app, client, db, login_as, locale, shown):
    from tests.governance.factories import HelpRequestFactory

    login_as("office_staff")
    req = HelpRequestFactory(
        type="initiative_support", details={"initiative_name": "Kiez", "amount": "1234.5"}
    )
    db.session.commit()
    with client.session_transaction() as session:
        session["locale"] = locale
    page = client.get(f"/requests/{req.id}").text.replace("\xa0", " ")
    assert shown in page and "1234.5<" not in page
