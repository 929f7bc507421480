"""Rules of the contacts CRM: CSV import checks, duplicates, retention. Pure functions."""

import re
import unicodedata
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email

#: columns an import file must have, and columns it may have
REQUIRED_COLUMNS = ("first_name", "last_name", "email")
OPTIONAL_COLUMNS = ("phone", "organisation", "role", "tags", "expertise", "districts")
#: larger files are refused as a whole: the office imports address lists, not registers
MAX_IMPORT_ROWS = 10_000
#: people without activity for this many years appear on the retention review list (default)
DEFAULT_RETENTION_YEARS = 3


def normalise_email(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


def email_valid(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def check_columns(header: list[str]) -> tuple[list[str], list[str]]:
    """(missing required columns, unknown columns) of an import file's header row."""
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [h for h in names if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    return missing, unknown


def split_list(value: str | None) -> list[str]:
    """ "a; b, c" -> ["a", "b", "c"]: lists in a CSV cell are separated by ; or ,."""
    return [p.strip() for p in re.split(r"[;,]", value or "") if p.strip()]


def fold_name(value: str) -> str:
    """A name reduced for comparison: lower case, no accents, ß as ss, no punctuation."""
    value = value.lower().replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("å", "a")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", value)


def names_similar(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Likely the same person: the same last name (folded) and first names that agree on the
    first letter and where one starts with the other ("Kathi"/"Katharina", "J."/"Jens")."""
    if not last_a or fold_name(last_a) != fold_name(last_b):
        return False
    fa, fb = fold_name(first_a), fold_name(first_b)
    if not fa or not fb:
        return True
    return fa[0] == fb[0] and (
        fa.startswith(fb) or fb.startswith(fa) or min(len(fa), len(fb)) <= 2 or fa[:4] == fb[:4]
    )


def retention_cutoff(now: datetime, years: int) -> datetime:
    """People whose last activity lies before this moment are due for review."""
    return now - timedelta(days=round(365.25 * years))
