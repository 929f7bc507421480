"""Register extract, invitation lottery, respondent pool and quotas."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.extensions import db
from office.sortition import rules
from office.sortition.models import (
    Assembly,
    Quota,
    RegisterEntry,
    Respondent,
    label_key,
)
from office.sortition.services import imports
from office.sortition.services.assemblies import _require_not_purged
from office.sortition.services.errors import ImportRejected
from office.sortition.services.invitations import invited_lookup

# --- respondent pool ----------------------------------------------------------------------


def quota_categories(assembly: Assembly) -> dict[str, set[str]]:
    categories: dict[str, set[str]] = {}
    for q in assembly.quotas:
        categories.setdefault(q.feature, set()).add(q.category)
    return categories


NOT_INVITED_YET = _l("Draw the invitations first: every respondent must be an invited person.")


def preview_pool(assembly: Assembly, data: bytes) -> imports.Parsed:
    """Check a respondent list without storing anything: every id an invited person's."""
    parsed = imports.parse_pool(data, quota_categories(assembly) or None, invited_lookup(assembly))
    if not invited_lookup(assembly):
        parsed.problems.insert(0, imports.RowProblem(1, NOT_INVITED_YET))
    return parsed


def import_pool(assembly: Assembly, data: bytes, actor=None, now: datetime | None = None) -> int:
    """Replace the pool with the file's respondents; all or nothing. They answered yes."""
    _require_not_purged(assembly)
    parsed = preview_pool(assembly, data)
    if not parsed.ok:
        raise ImportRejected(parsed.problems)
    db.session.execute(sa.delete(Respondent).filter_by(assembly_id=assembly.id))
    db.session.execute(
        sa.insert(Respondent), [{"assembly_id": assembly.id, **row} for row in parsed.rows]
    )
    ids = [row["external_id"] for row in parsed.rows]
    db.session.execute(
        sa.update(RegisterEntry)
        .filter(RegisterEntry.assembly_id == assembly.id, RegisterEntry.external_id.in_(ids))
        .values(answer="yes")
    )
    record("sortition.pool", assembly, actor, now=now, count=len(ids))
    db.session.flush()
    return len(parsed.rows)


def respondents(assembly: Assembly, include_withdrawn: bool = True) -> list[Respondent]:
    stmt = sa.select(Respondent).filter_by(assembly_id=assembly.id)
    if not include_withdrawn:
        stmt = stmt.filter(Respondent.withdrawn_at.is_(None))
    return list(db.session.scalars(stmt.order_by(Respondent.external_id)))


def set_withdrawn(respondent: Respondent, withdrawn: bool, now: datetime) -> None:
    """Mark a respondent as withdrawn (or back); the invitation's answer follows."""
    respondent.withdrawn_at = now if withdrawn else None
    entry = {"assembly_id": respondent.assembly_id, "external_id": respondent.external_id}
    answer = "withdrew" if withdrawn else "yes"
    db.session.execute(sa.update(RegisterEntry).filter_by(**entry).values(answer=answer))
    db.session.flush()


def pool_features(assembly: Assembly) -> dict[str, list[str]]:
    """Features and their categories: from the quotas, plus any the pool has."""
    in_pool = [pair for r in respondents(assembly) for pair in r.features.items()]
    found: dict[str, set[str]] = {}
    for feature, category in [(q.feature, q.category) for q in assembly.quotas] + in_pool:
        found.setdefault(feature, set()).add(category)
    return {f: sorted(c) for f, c in found.items()}


# --- quotas -------------------------------------------------------------------------------


def save_quotas(assembly: Assembly, rows: list[dict]) -> None:
    """Replace the quotas with rows {feature, category, minimum, maximum, population_share}."""
    problems = []
    for row in rows:
        if row["minimum"] < 0 or row["maximum"] < 0:
            problems.append(f"{row['feature']}/{row['category']}")
    if problems:
        raise DomainError(
            _l("Quotas cannot be negative: %(categories)s.", categories=", ".join(problems))
        )
    existing = {(q.feature, q.category): q for q in assembly.quotas}
    keep = set()
    for position, row in enumerate(rows):
        key = (row["feature"], row["category"])
        quota = existing.get(key)
        if quota is None:
            quota = Quota(feature=row["feature"], category=row["category"])
            assembly.quotas.append(quota)
        quota.minimum, quota.maximum = row["minimum"], row["maximum"]
        quota.population_share = row.get("population_share")
        quota.position = position
        keep.add(key)
    for key, quota in existing.items():
        if key not in keep:
            assembly.quotas.remove(quota)
    db.session.flush()


def derive_quotas(assembly: Assembly, feature: str, shares: dict[str, float], tolerance: int):
    """Set one feature's quotas from population shares: proportional seats ± tolerance."""
    if tolerance < 0:
        raise DomainError(_l("The tolerance cannot be negative."), field="tolerance")
    if sum(shares.values()) <= 0:
        raise DomainError(_l("Enter at least one population share."))
    total = sum(shares.values())
    derived = rules.quotas_from_shares(feature, shares, assembly.panel_size, tolerance)
    rows = [
        {
            "feature": q.feature,
            "category": q.category,
            "minimum": q.minimum,
            "maximum": q.maximum,
            "population_share": shares[q.category] / total,
        }
        for q in derived
    ]
    others = [
        {
            "feature": q.feature,
            "category": q.category,
            "minimum": q.minimum,
            "maximum": q.maximum,
            "population_share": q.population_share,
        }
        for q in assembly.quotas
        if q.feature != feature
    ]
    save_quotas(assembly, others + rows)


def rule_quotas(assembly: Assembly) -> list[rules.Quota]:
    return [rules.Quota(q.feature, q.category, q.minimum, q.maximum) for q in assembly.quotas]


def rule_pool(assembly: Assembly) -> list[rules.Respondent]:
    """The respondents who can be selected (not withdrawn), as the rules see them."""
    return [
        rules.Respondent(r.external_id, dict(r.features), r.household_key)
        for r in respondents(assembly, include_withdrawn=False)
    ]


def feasibility_problems(assembly: Assembly) -> list[rules.Problem]:
    if not assembly.quotas:
        return [rules.Problem("no_quotas", "")]
    return rules.quota_problems(rule_quotas(assembly), rule_pool(assembly), assembly.panel_size)


LABEL_LANGUAGES = ("de", "da", "en")


def label_keys(assembly: Assembly) -> list[tuple[str, str | None]]:
    """What the office can name: each feature, then its categories."""
    features = pool_features(assembly).items()
    return [(f, c) for feature, categories in features for f, c in _named(feature, categories)]


def _named(feature: str, categories: list[str]) -> list[tuple[str, str | None]]:
    """The feature itself, then each of its categories."""
    return [(feature, None), *((feature, c) for c in categories)]


def save_labels(assembly: Assembly, names: dict[tuple[str, str | None], dict[str, str]]) -> None:
    """The office's names of features and categories for the public page, per language."""
    if any(len(n) > 100 for ns in names.values() for n in ns.values()):
        raise DomainError(_l("A name can have at most 100 characters."))
    named = {key: _given(ns) for key, ns in names.items() if _given(ns)}
    assembly.category_labels = {label_key(*key): ns for key, ns in named.items()}
    db.session.flush()


def _given(names: dict[str, str]) -> dict[str, str]:
    """The names given, per language, without surrounding spaces."""
    return {lang: name.strip() for lang, name in names.items() if name.strip()}
