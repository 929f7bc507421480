"""Reading register extracts and respondent lists from CSV, with a message per bad row.

Pure functions: bytes in, rows and problems out. Nothing is stored unless every row is valid.
"""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from office.core.spreadsheets import delimiter_of, unreadable_csv

REGISTER_COLUMNS = ("id", "name", "address", "postcode")
REGISTER_OPTIONAL = ("household", "stratum", "language")
LANGUAGES = ("de", "da", "en")
POOL_FIXED = ("id", "name", "contact", "household", "address")
POOL_REQUIRED = ("id",)
#: the id column of the sortition-algorithms people file by default
LIBRARY_ID = "nationbuilder_id"


@dataclass
class RowProblem:
    row: int  # line number in the file (the header is line 1)
    message: str

    def __str__(self):
        return f"{_l('Line')} {self.row}: {self.message}"


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: feature columns (respondent lists only)
    features: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode(data: bytes) -> tuple[str | None, RowProblem | None]:
    """UTF-8 text (a byte-order mark is allowed), or a problem naming the first bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, RowProblem(
            line,
            _l("The file is not UTF-8 encoded. Save it as “CSV UTF-8” and upload it again."),
        )
    problem = unreadable_csv(text)
    if problem:
        return None, RowProblem(*problem)
    return text, None


def _reader(text: str) -> csv.DictReader:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter_of(text))
    reader.fieldnames = [(n or "").strip().lower() for n in (reader.fieldnames or [])]
    return reader


def _clean(row: dict) -> dict:
    return {k: (v or "").strip() for k, v in row.items() if k}


def parse_register(data: bytes) -> Parsed:
    """A register extract: id, name, address, postcode and an optional household key."""
    text, problem = decode(data)
    if problem:
        return Parsed(problems=[problem])
    reader = _reader(text)
    missing = [c for c in REGISTER_COLUMNS if c not in reader.fieldnames]
    if missing:
        return _missing(missing)
    out = Parsed()
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = _clean(raw)
        empty = [c for c in REGISTER_COLUMNS if not row.get(c)]
        if empty:
            out.problems.append(
                RowProblem(line, _l("Empty fields: %(columns)s.", columns=", ".join(empty)))
            )
            continue
        if row["id"] in seen:
            out.problems.append(RowProblem(line, _repeated(row["id"], seen[row["id"]])))
            continue
        if row.get("language") and row["language"].lower() not in LANGUAGES:
            out.problems.append(
                RowProblem(line, _l("The language must be de, da or en (or empty)."))
            )
            continue
        seen[row["id"]] = line
        out.rows.append({c: row.get(c) or None for c in (*REGISTER_COLUMNS, *REGISTER_OPTIONAL)})
    return _with_rows(out)


def parse_pool(
    data: bytes,
    categories: dict[str, set[str]] | None = None,
    invited: dict[str, str] | None = None,
) -> Parsed:
    """A respondent list: id, name, contact, household or address, and one column per feature.

    With `invited` ({register id or invitation code, lower case: register id}), every id must
    be one of them; the row is stored under the register id.

    With `categories` ({feature: allowed categories}, from the quotas), every feature column must
    be present and every value one of the categories; without, the feature columns are all other
    columns and any non-empty value is accepted.
    """
    text, problem = decode(data)
    if problem:
        return Parsed(problems=[problem])
    reader = _pool_reader(text)
    if "id" not in reader.fieldnames:
        return _missing(["id"])
    columns = [c for c in reader.fieldnames if c and c not in POOL_FIXED]
    missing = [f for f in categories or () if f.lower() not in columns]
    if missing:
        return _missing(sorted(missing))
    lookup = _feature_lookup(columns, categories)
    feature_columns = [c for c in columns if c in lookup]
    if not feature_columns:
        return Parsed(problems=[RowProblem(1, _l("The file has no feature columns."))])
    out = Parsed(features=[lookup[c] for c in feature_columns])
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = _clean(raw)
        messages = _id_problems(row, invited, seen)
        values = _feature_values(row, feature_columns, lookup, categories, messages)
        if messages:
            out.problems.extend(RowProblem(line, m) for m in messages)
            continue
        seen[row["id"]] = line
        out.rows.append(_respondent(row, values))
    return _with_rows(out)


def _pool_reader(text: str) -> csv.DictReader:
    """The reader; the sortition-algorithms library's id column is read as `id`."""
    reader = _reader(text)
    if "id" not in reader.fieldnames and LIBRARY_ID in reader.fieldnames:
        reader.fieldnames = ["id" if n == LIBRARY_ID else n for n in reader.fieldnames]
    return reader


def _feature_lookup(columns: list[str], categories: dict | None) -> dict[str, str]:
    """Column name -> feature: the quotas' features (in any case), else every other column."""
    if categories:
        return {f.lower(): f for f in categories}
    return {c: c for c in columns}


def _id_problems(row: dict, invited: dict | None, seen: dict[str, int]) -> list:
    """What is wrong with the row's id; an invitation code becomes its register id."""
    messages = []
    if row.get("id") and invited is not None:
        known = invited.get(row["id"].lower())
        if known is None:
            messages.append(_l("%(id)s was not invited.", id=row["id"]))
        row["id"] = known or row["id"]
    if not row.get("id"):
        messages.append(_l("The id is empty."))
    elif row["id"] in seen:
        messages.append(_repeated(row["id"], seen[row["id"]]))
    return messages


def _feature_values(row, feature_columns, lookup, categories, messages: list) -> dict:
    """The row's category per feature; an empty or unknown value adds a message instead."""
    values = {}
    for column in feature_columns:
        feature = lookup[column]
        value = _category(row.get(column, ""), feature, categories, messages)
        if value is not None:
            values[feature] = value
    return values


def _category(value: str, feature: str, categories: dict | None, messages: list) -> str | None:
    """The value as the quotas spell the category (any value without quotas), or None."""
    if not value:
        messages.append(_l("%(feature)s is empty.", feature=feature))
        return None
    if not categories:
        return value
    match = {c.lower(): c for c in categories[feature]}.get(value.lower())
    if match is None:
        messages.append(
            _l("Unknown category “%(value)s” for %(feature)s.", value=value, feature=feature)
        )
    return match


def _respondent(row: dict, values: dict) -> dict:
    household = row.get("household") or row.get("address") or None
    return {
        "external_id": row["id"],
        "name": row.get("name", ""),
        "contact": row.get("contact", ""),
        "household_key": household.lower() if household else None,
        "features": values,
    }


def _missing(columns) -> Parsed:
    """The file lacks these columns (a problem on the header line)."""
    message = _l("Missing columns: %(columns)s.", columns=", ".join(columns))
    return Parsed(problems=[RowProblem(1, message)])


def _repeated(row_id: str, first_line: int):
    return _l("The id %(id)s appears already on line %(line)s.", id=row_id, line=first_line)


def _with_rows(out: Parsed) -> Parsed:
    """A file without rows (and without other problems) is a problem too."""
    if not out.rows and not out.problems:
        out.problems.append(RowProblem(2, _l("The file has no rows.")))
    return out


def parse_answers(data: bytes, invited: dict[str, str], answers: tuple[str, ...]) -> Parsed:
    """Answers per invitation: an `id` (register id or invitation code) and an `answer`
    (one of `answers`, or empty for no answer yet); stored under the register id."""
    text, problem = decode(data)
    if problem:
        return Parsed(problems=[problem])
    reader = _reader(text)
    missing = [c for c in ("id", "answer") if c not in reader.fieldnames]
    if missing:
        return _missing(missing)
    out = Parsed()
    for line, raw in enumerate(reader, start=2):
        row = _clean(raw)
        known = invited.get(row.get("id", "").lower())
        answer = row.get("answer", "").lower()
        if known is None:
            out.problems.append(RowProblem(line, _l("%(id)s was not invited.", id=row.get("id"))))
        elif answer and answer not in answers:
            out.problems.append(
                RowProblem(
                    line,
                    _l("The answer must be one of: %(answers)s.", answers=", ".join(answers)),
                )
            )
        else:
            out.rows.append({"id": known, "answer": answer or None})
    return out
