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
        return Parsed(
            problems=[
                RowProblem(1, _l("Missing columns: %(columns)s.", columns=", ".join(missing)))
            ]
        )
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
            out.problems.append(
                RowProblem(
                    line,
                    _l(
                        "The id %(id)s appears already on line %(line)s.",
                        id=row["id"],
                        line=seen[row["id"]],
                    ),
                )
            )
            continue
        if row.get("language") and row["language"].lower() not in LANGUAGES:
            out.problems.append(
                RowProblem(line, _l("The language must be de, da or en (or empty)."))
            )
            continue
        seen[row["id"]] = line
        out.rows.append({c: row.get(c) or None for c in (*REGISTER_COLUMNS, *REGISTER_OPTIONAL)})
    if not out.rows and not out.problems:
        out.problems.append(RowProblem(2, _l("The file has no rows.")))
    return out


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
    reader = _reader(text)
    if "id" not in reader.fieldnames and LIBRARY_ID in reader.fieldnames:
        reader.fieldnames = ["id" if n == LIBRARY_ID else n for n in reader.fieldnames]
    if "id" not in reader.fieldnames:
        return Parsed(problems=[RowProblem(1, _l("Missing columns: %(columns)s.", columns="id"))])
    columns = [c for c in reader.fieldnames if c and c not in POOL_FIXED]
    if categories:
        lookup = {f.lower(): f for f in categories}
        missing = [f for f in categories if f.lower() not in columns]
        if missing:
            return Parsed(
                problems=[
                    RowProblem(
                        1, _l("Missing columns: %(columns)s.", columns=", ".join(sorted(missing)))
                    )
                ]
            )
        features = [lookup[c] for c in columns if c in lookup]
    else:
        lookup = {c: c for c in columns}
        features = columns
    if not features:
        return Parsed(problems=[RowProblem(1, _l("The file has no feature columns."))])
    out = Parsed(features=features)
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = _clean(raw)
        messages = []
        if row.get("id") and invited is not None:
            known = invited.get(row["id"].lower())
            if known is None:
                messages.append(_l("%(id)s was not invited.", id=row["id"]))
            row["id"] = known or row["id"]
        if not row.get("id"):
            messages.append(_l("The id is empty."))
        elif row["id"] in seen:
            messages.append(
                _l(
                    "The id %(id)s appears already on line %(line)s.",
                    id=row["id"],
                    line=seen[row["id"]],
                )
            )
        values = {}
        for column in columns:
            if column not in lookup:
                continue
            feature = lookup[column]
            value = row.get(column, "")
            if not value:
                messages.append(_l("%(feature)s is empty.", feature=feature))
                continue
            if categories:
                match = {c.lower(): c for c in categories[feature]}.get(value.lower())
                if match is None:
                    messages.append(
                        _l(
                            "Unknown category “%(value)s” for %(feature)s.",
                            value=value,
                            feature=feature,
                        )
                    )
                    continue
                value = match
            values[feature] = value
        if messages:
            out.problems.extend(RowProblem(line, m) for m in messages)
            continue
        seen[row["id"]] = line
        household = row.get("household") or row.get("address") or None
        out.rows.append(
            {
                "external_id": row["id"],
                "name": row.get("name", ""),
                "contact": row.get("contact", ""),
                "household_key": household.lower() if household else None,
                "features": values,
            }
        )
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
        return Parsed(
            problems=[
                RowProblem(1, _l("Missing columns: %(columns)s.", columns=", ".join(missing)))
            ]
        )
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
