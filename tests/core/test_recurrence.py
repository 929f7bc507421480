"""A recurrence rule reads as a sentence in each language, never as FREQ=...;BYDAY=..."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from office.core.recurrence import recurrence

TUESDAY = datetime(2027, 3, 2, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))

CASES = [
    ("FREQ=WEEKLY;BYDAY=TU;COUNT=8", ["2027-03-16"], False,
     {"en": "every Tuesday at 18:00, 8 times, except 16 March",
      "de": "jeden Dienstag um 18:00, 8-mal, außer am 16. März",
      "da": "hver tirsdag kl. 18.00, 8 gange, undtagen 16. marts"}),
    ("FREQ=DAILY;COUNT=3", [], True,
     {"en": "every day, 3 times", "de": "jeden Tag, 3-mal", "da": "hver dag, 3 gange"}),
    ("FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;UNTIL=20270601T215959Z", [], False,
     {"en": "every 2 weeks on Tuesday at 18:00, until 1 Jun 2027",
      "de": "alle 2 Wochen am Dienstag um 18:00, bis 01.06.2027",
      "da": "hver 2. uge om tirsdagen kl. 18.00, indtil 1. jun. 2027"}),
    ("FREQ=MONTHLY;BYDAY=1TU;COUNT=6", ["2027-04-06", "2027-05-04"], False,
     {"en": "on the first Tuesday of every month at 18:00, 6 times, except 6 April and 4 May",
      "de": "am ersten Dienstag jedes Monats um 18:00, 6-mal, außer am 6. April und 4. Mai",
      "da": "den første tirsdag i hver måned kl. 18.00, 6 gange, undtagen 6. april og 4. maj"}),
    ("FREQ=MONTHLY;BYMONTHDAY=2;COUNT=4", [], True,
     {"en": "on day 2 of every month, 4 times", "de": "am 2. jedes Monats, 4-mal",
      "da": "den 2. i hver måned, 4 gange"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rrule", "exdates", "all_day", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_as_sentence(app, rrule, exdates, all_day, expected):
    with app.test_request_context("/"):
        for locale, sentence in expected.items():
            with force_locale(locale):
                assert recurrence(rrule, TUESDAY, exdates, all_day) == sentence, locale
