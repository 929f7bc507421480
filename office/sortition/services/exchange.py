"""The pool and the quotas in the CSV formats of `sortition-algorithms` (and so of the
Sortition Foundation's tools), so an office can check our result with theirs.

- quotas: `feature,value,min,max` (the library's features file; `min_flex`/`max_flex` and the
  old names `category,name` are read too);
- people: `id,household,<feature>...` (the library's people file with `id_column = "id"`,
  `check_same_address_columns = ["household"]`); on import, `nationbuilder_id` (the library's
  default id column) is read as `id`.
"""

import csv
import io

from flask_babel import lazy_gettext as _l

from office.sortition.models import Assembly
from office.sortition.services import imports
from office.sortition.services.errors import ImportRejected
from office.sortition.services.pool import pool_features, respondents, save_quotas

QUOTA_NAMES = {"feature": ("feature", "category"), "value": ("value", "name")}


def _csv(header: list[str], rows) -> str:
    """The rows as the library reads them: comma-separated, one line each, after the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def quotas_csv(assembly: Assembly) -> str:
    rows = ([q.feature, q.category, q.minimum, q.maximum] for q in assembly.quotas)
    return _csv(["feature", "value", "min", "max"], rows)


def people_csv(assembly: Assembly) -> str:
    """The respondents who can be selected, with their household and quota features."""
    features = list(dict.fromkeys(q.feature for q in assembly.quotas))
    people = respondents(assembly, include_withdrawn=False)
    return _csv(["id", "household", *features], (_person_row(r, features) for r in people))


def _person_row(r, features: list[str]) -> list[str]:
    """Id, household (the person alone when none is known) and the person's features."""
    household = r.household_key or "#" + r.external_id
    return [r.external_id, household, *(r.features.get(f, "") for f in features)]


def _column(fieldnames: list[str], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in fieldnames), None)


def parse_quotas(data: bytes, known: dict[str, list[str]]) -> imports.Parsed:
    """A features file of the library; every feature and value must be in the pool."""
    text, problem = imports.decode(data)
    if problem:
        return imports.Parsed(problems=[problem])
    reader = imports._reader(text)
    columns = {k: _column(reader.fieldnames, names) for k, names in QUOTA_NAMES.items()}
    missing = [k for k, c in columns.items() if c is None] + [
        c for c in ("min", "max") if c not in reader.fieldnames
    ]
    if missing:
        message = _l("Missing columns: %(columns)s.", columns=", ".join(missing))
        return imports.Parsed(problems=[imports.RowProblem(1, message)])
    out = imports.Parsed()
    lookup = {f.lower(): (f, {c.lower(): c for c in cats}) for f, cats in known.items()}
    for line, raw in enumerate(reader, start=2):
        row = imports._clean(raw)
        feature, value = row.get(columns["feature"], ""), row.get(columns["value"], "")
        match = lookup.get(feature.lower())
        category = match[1].get(value.lower()) if match else None
        low, high = _int(row.get("min")), _int(row.get("max"))
        if category is None:
            out.problems.append(
                imports.RowProblem(
                    line,
                    _l(
                        "No one in the pool is in %(feature)s – %(value)s.",
                        feature=feature,
                        value=value,
                    ),
                )
            )
        elif low is None or high is None or low > high:
            out.problems.append(
                imports.RowProblem(line, _l("min and max must be whole numbers, min at most max."))
            )
        else:
            out.rows.append(
                {
                    "feature": match[0],
                    "category": category,
                    "minimum": low,
                    "maximum": high,
                    "population_share": None,
                }
            )
    return out


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number >= 0 else None


def import_quotas(assembly: Assembly, data: bytes) -> int:
    """Replace the quotas with a features file of the library; all or nothing."""
    parsed = parse_quotas(data, pool_features(assembly))
    if not parsed.ok:
        raise ImportRejected(parsed.problems)
    save_quotas(assembly, parsed.rows)
    return len(parsed.rows)
