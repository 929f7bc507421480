"""CSV import of contacts: check everything first, show it, then store all rows or none."""

import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.contacts import rules
from office.contacts.models import Membership, Organisation, Person
from office.contacts.services.people import (
    get_or_create_expertise,
    get_or_create_tags,
    refresh_search_text,
)
from office.core.audit import record
from office.core.errors import DomainError
from office.core.models import District
from office.core.spreadsheets import delimiter_of, unreadable_csv
from office.extensions import db


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    #: the email is already in the contacts or earlier in the file: the row is skipped
    duplicate: bool = False


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def new_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors and not r.duplicate]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [r for r in self.rows if r.duplicate and not r.errors]


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            _l('The file is not encoded as UTF-8. Save it as "CSV UTF-8" and upload it again.'),
            field="file",
        ) from None
    problem = unreadable_csv(text)
    if problem:
        line, message = problem
        raise DomainError(
            _l("Line %(line)s: %(problem)s", line=line, problem=message), field="file"
        )
    return text


def parse_contacts_csv(data: bytes) -> ImportPreview:
    """Check a CSV file of contacts; raises DomainError for problems of the whole file."""
    text = _decode(data)
    if not text.strip():
        raise DomainError(_l("The file is empty."), field="file")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(text))
    header = next(reader)
    _check_columns(header)
    names = [h.strip().lower() for h in header]
    raw_rows = _filled_rows(reader)
    existing = _existing_emails(
        {
            rules.normalise_email(dict(zip(names, r, strict=False)).get("email"))
            for _l_, r in raw_rows
        }
    )
    districts = {d.name.lower(): d.name for d in db.session.scalars(sa.select(District))}
    seen: set[str] = set()
    rows = []
    for line, raw in raw_rows:
        row = _checked_row(line, raw, names, districts)
        email = rules.normalise_email(row.values.get("email"))
        if email and (email in existing or email in seen):
            row.duplicate = True
        if email:
            seen.add(email)
        rows.append(row)
    return ImportPreview(rows=rows)


def _check_columns(header: list[str]) -> None:
    """Refuse a file whose columns miss required ones or name unknown ones."""
    missing, unknown = rules.check_columns(header)
    if not (missing or unknown):
        return
    parts = []
    if missing:
        parts.append(str(_l("missing columns: %(cols)s", cols=", ".join(missing))))
    if unknown:
        parts.append(str(_l("unknown columns: %(cols)s", cols=", ".join(unknown))))
    raise DomainError(
        _l(
            "The columns do not fit (%(problems)s). Allowed are: %(allowed)s.",
            problems="; ".join(parts),
            allowed=", ".join(rules.REQUIRED_COLUMNS + rules.OPTIONAL_COLUMNS),
        ),
        field="file",
    )


def _filled_rows(reader) -> list[tuple[int, list[str]]]:
    """(line, cells) of every row that is not blank; a file over the limit is refused."""
    raw_rows = []
    for raw in reader:
        if not any(cell.strip() for cell in raw):
            continue
        raw_rows.append((reader.line_num, raw))
        if len(raw_rows) > rules.MAX_IMPORT_ROWS:
            raise DomainError(
                _l(
                    "The file has more than %(max)s rows. Split it into smaller files.",
                    max=f"{rules.MAX_IMPORT_ROWS:,}",
                ),
                field="file",
            )
    return raw_rows


def _checked_row(line: int, raw: list[str], names: list[str], districts: dict) -> ImportRow:
    """One row's values by column, with what is wrong in it."""
    values = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(names)}
    row = ImportRow(line=line, values=values)
    if len(raw) != len(names):
        row.errors.append(
            _l("The row has %(n)s cells, the header %(m)s.", n=len(raw), m=len(names))
        )
    if not values.get("last_name"):
        row.errors.append(_l("The last name is missing."))
    email = rules.normalise_email(values.get("email"))
    if email and not rules.email_valid(email):
        row.errors.append(
            _l('"%(email)s" is not a valid email address.', email=values.get("email"))
        )
    for name in rules.split_list(values.get("districts")):
        if name.lower() not in districts:
            row.errors.append(_l('There is no district "%(name)s".', name=name))
    return row


def _existing_emails(emails: set) -> set[str]:
    emails = [e for e in emails if e]
    found: set[str] = set()
    for start in range(0, len(emails), 500):
        found.update(
            db.session.scalars(
                sa.select(Person.email).where(Person.email.in_(emails[start : start + 500]))
            )
        )
    return found


def import_contacts(preview: ImportPreview, actor=None, progress=None) -> int:
    """Store every new row of a checked file; refuses the whole file if any row has errors."""
    if preview.error_rows:
        raise DomainError(
            _l(
                "%(n)s rows have errors. Correct the file and upload it again; nothing was imported.",
                n=len(preview.error_rows),
            ),
            field="file",
        )
    organisations = {o.name.lower(): o for o in db.session.scalars(sa.select(Organisation))}
    districts = {d.name.lower(): d for d in db.session.scalars(sa.select(District))}
    created = 0
    for row in preview.rows:
        if progress:
            progress(1)
        if row.duplicate:
            continue
        v = row.values
        person = Person(
            first_name=v.get("first_name", ""),
            last_name=v["last_name"],
            email=rules.normalise_email(v.get("email")),
            phone=v.get("phone") or None,
        )
        db.session.add(person)
        org_name = v.get("organisation", "").strip()
        if org_name:
            _join(person, _organisation(organisations, org_name), v.get("role", ""))
        person.tags = get_or_create_tags(rules.split_list(v.get("tags")))
        person.expertise = get_or_create_expertise(rules.split_list(v.get("expertise")))
        person.districts = [districts[n.lower()] for n in rules.split_list(v.get("districts"))]
        refresh_search_text(person)
        created += 1
        if created % 500 == 0:
            db.session.flush()
    db.session.flush()
    record("contacts.import", None, actor, count=created)
    return created


def _organisation(organisations: dict, name: str) -> Organisation:
    """The organisation of this name (any case); a new one when the contacts have none yet."""
    org = organisations.get(name.lower())
    if org is None:
        org = organisations[name.lower()] = Organisation(name=name, kind="other")
        db.session.add(org)
    return org


def _join(person: Person, org: Organisation, role: str) -> None:
    person.organisation = org
    membership = Membership(organisation=org, role=role)
    db.session.add(membership)
    person.memberships.append(membership)


def import_csv(data: bytes, actor=None) -> int:
    """Check the file again and store its new rows (the confirmation step of the import)."""
    return import_contacts(parse_contacts_csv(data), actor=actor)
