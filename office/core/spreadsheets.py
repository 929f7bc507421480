"""The one CSV writer: every CSV the app hands out goes through here; and the check every CSV
import makes before it reads a file (`unreadable_csv`).

Cells that a spreadsheet would run as a formula are neutralised; the file starts with a byte-order
mark (spreadsheet programs then read umlauts and æøå as UTF-8); the separator and the decimal
mark follow the language (German and Danish spreadsheets expect `;` and a decimal comma).
"""

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from babel.numbers import format_decimal
from flask import Response
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from office.core.documents import download
from office.core.formatting import formatted

#: digits with the punctuation of phone numbers and amounts: no function can hide in it
_PLAIN_NUMBER = re.compile(r"[+-]?[\d\s().,/+-]*\Z")


def spreadsheet_safe(value: str) -> str:
    """A cell that a spreadsheet will not run as a formula (OWASP CSV injection).

    A leading =, @, tab or carriage return, or + and - before anything but a plain number or
    phone number, gets a leading apostrophe; "+49 421 361-1000" stays as it is.
    """
    lead = value[:1]
    if lead in ("=", "@", "\t", "\r") or (lead in ("+", "-") and not _PLAIN_NUMBER.match(value)):
        return "'" + value
    return value


def separator(locale: str) -> str:
    """The list separator spreadsheet programs expect for the language."""
    return "," if locale.startswith("en") else ";"


def cell(value, locale: str) -> str:
    """One value as text for the language: decimals with its decimal mark, text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float | Decimal):
        return format_decimal(value, format="0.##########", locale=locale)
    return spreadsheet_safe(str(value))


def csv_text(header: Iterable, rows: Iterable[Iterable], locale: str | None = None) -> str:
    """The CSV file, with byte-order mark, CRLF line ends and the language's separator."""
    locale = locale or str(get_locale() or "en")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator(locale), lineterminator="\r\n")
    writer.writerow([cell(str(h), locale) for h in header])
    writer.writerows([cell(v, locale) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> Response:
    """A CSV download in the reader's language."""
    return download(csv_text(header, rows).encode("utf-8"), "text/csv", filename)


#: the longest cell a CSV import reads (the limit of Python's csv module: 131,072 characters)
MAX_CELL = csv.field_size_limit()


def delimiter_of(text: str) -> str:
    """`;` when the first line has more of them than commas (German and Danish spreadsheets)."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def unreadable_csv(text: str):
    """(line, message) for a file no import may read, else None: a NUL character (no database
    text holds one) or a cell longer than MAX_CELL characters."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return line, _l(
            "The file contains a NUL character. Save it as “CSV UTF-8” and upload it again."
        )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(text))
    try:
        for _row in reader:
            pass
    except csv.Error:
        line = reader.line_num
        return line, _l(
            "A cell is longer than %(max)s characters.", max=formatted("number", MAX_CELL)
        )
    return None
