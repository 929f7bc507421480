"""Register extract, invitation lottery, respondent pool and quotas."""

import csv
import hashlib
import io
import random
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError
from office.extensions import db
from office.sortition import imports, rules
from office.sortition.models import (
    Assembly,
    Quota,
    RegisterEntry,
    Respondent,
)
from office.sortition.selection import verify
from office.sortition.services.assemblies import _require_not_purged
from office.sortition.services.errors import ImportRejected

# --- register extract and invitation lottery ------------------------------------------------


def import_register(assembly: Assembly, data: bytes) -> int:
    """Replace the register extract with the file's rows; all or nothing."""
    _require_not_purged(assembly)
    parsed = imports.parse_register(data)
    if not parsed.ok:
        raise ImportRejected(parsed.problems)
    db.session.execute(sa.delete(RegisterEntry).filter_by(assembly_id=assembly.id))
    db.session.execute(
        sa.insert(RegisterEntry),
        [
            {
                "assembly_id": assembly.id,
                "external_id": r["id"],
                "name": r["name"],
                "address": r["address"],
                "postcode": r["postcode"],
                "household_key": (r["household"] or f"{r['address']}|{r['postcode']}").lower(),
            }
            for r in parsed.rows
        ],
    )
    assembly.register_checksum = hashlib.sha256(data).hexdigest()
    assembly.invitation_drawn_at = None
    db.session.flush()
    return len(parsed.rows)


def draw_invitations(
    assembly: Assembly, count: int, seed: str, one_per_household: bool, now: datetime
) -> list[str]:
    """Draw `count` invitations from the register extract with the published `seed`."""
    _require_not_purged(assembly)
    if not seed.strip():
        raise DomainError(_l("Enter the seed you will publish."), field="seed")
    entries = list(
        db.session.execute(
            sa.select(RegisterEntry.external_id, RegisterEntry.household_key).filter_by(
                assembly_id=assembly.id
            )
        ).tuples()
    )
    if not entries:
        raise DomainError(_l("Import a register extract first."))
    if count < 1 or count > len(entries):
        raise DomainError(
            _l("Draw between 1 and %(n)s invitations.", n=len(entries)), field="count"
        )
    rng = random.Random(verify.seed_to_int(seed))  # noqa: S311 - reproducible by design
    drawn = rules.invitation_lottery(entries, count, rng, one_per_household)
    db.session.execute(
        sa.update(RegisterEntry).filter_by(assembly_id=assembly.id).values(invitation_rank=None)
    )
    ranks = {key: i for i, key in enumerate(drawn, start=1)}
    rows = db.session.scalars(
        sa.select(RegisterEntry).filter(
            RegisterEntry.assembly_id == assembly.id, RegisterEntry.external_id.in_(drawn)
        )
    )
    for entry in rows:
        entry.invitation_rank = ranks[entry.external_id]
    assembly.seed = seed.strip()
    assembly.invitation_count = count
    assembly.household_rule = one_per_household
    assembly.invitation_drawn_at = now
    db.session.flush()
    return drawn


def invitations_csv(assembly: Assembly) -> str:
    """The mail-merge list of the drawn invitations, in draw order."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "id", "name", "address", "postcode"])
    for e in db.session.scalars(
        sa.select(RegisterEntry)
        .filter(
            RegisterEntry.assembly_id == assembly.id, RegisterEntry.invitation_rank.is_not(None)
        )
        .order_by(RegisterEntry.invitation_rank)
    ):
        writer.writerow([e.invitation_rank, e.external_id, e.name, e.address, e.postcode])
    return out.getvalue()


# --- respondent pool ----------------------------------------------------------------------


def quota_categories(assembly: Assembly) -> dict[str, set[str]]:
    categories: dict[str, set[str]] = {}
    for q in assembly.quotas:
        categories.setdefault(q.feature, set()).add(q.category)
    return categories


def preview_pool(assembly: Assembly, data: bytes) -> imports.Parsed:
    """Check a respondent list without storing anything."""
    return imports.parse_pool(data, quota_categories(assembly) or None)


def import_pool(assembly: Assembly, data: bytes) -> int:
    """Replace the pool with the file's respondents; all or nothing."""
    _require_not_purged(assembly)
    parsed = preview_pool(assembly, data)
    if not parsed.ok:
        raise ImportRejected(parsed.problems)
    db.session.execute(sa.delete(Respondent).filter_by(assembly_id=assembly.id))
    db.session.execute(
        sa.insert(Respondent), [{"assembly_id": assembly.id, **row} for row in parsed.rows]
    )
    db.session.flush()
    return len(parsed.rows)


def respondents(assembly: Assembly, include_withdrawn: bool = True) -> list[Respondent]:
    stmt = sa.select(Respondent).filter_by(assembly_id=assembly.id)
    if not include_withdrawn:
        stmt = stmt.filter(Respondent.withdrawn_at.is_(None))
    return list(db.session.scalars(stmt.order_by(Respondent.external_id)))


def set_withdrawn(respondent: Respondent, withdrawn: bool, now: datetime) -> None:
    respondent.withdrawn_at = now if withdrawn else None
    db.session.flush()


def pool_features(assembly: Assembly) -> dict[str, list[str]]:
    """Features and their categories: from the quotas, plus any the pool has."""
    found: dict[str, set[str]] = {}
    for q in assembly.quotas:
        found.setdefault(q.feature, set()).add(q.category)
    for r in respondents(assembly):
        for feature, category in r.features.items():
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
