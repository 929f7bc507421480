"""Operations on assemblies: imports, invitation lottery, quotas, runs, replacements, purge.

Services flush but never commit; the caller (view or CLI) commits once.
"""

import csv
import hashlib
import io
import json
import random
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError
from office.extensions import db
from office.sortition import engine, imports, rules
from office.sortition.models import (
    Assembly,
    Quota,
    RegisterEntry,
    Replacement,
    Respondent,
    SelectionRun,
)


class ImportRejected(DomainError):
    """A CSV file with bad rows: nothing was stored; `problems` name every bad row."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(_l("The file was not imported: %(count)s problems.", count=len(problems)))


class QuotasInfeasible(DomainError):
    """No panel can meet the quotas; `problems` / `relaxations` say which categories conflict."""

    def __init__(self, problems=(), relaxations=()):
        self.problems = list(problems)
        self.relaxations = list(relaxations)
        super().__init__(_l("The quotas cannot be met. Nothing was run."))


# --- assemblies -------------------------------------------------------------------------------


def assembly_by_slug(slug: str) -> Assembly:
    assembly = db.session.scalar(sa.select(Assembly).filter_by(slug=slug))
    if assembly is None:
        from office.core.errors import NotFound

        raise NotFound()
    return assembly


def save_assembly(assembly: Assembly | None, **fields) -> Assembly:
    """Create or update an assembly; the slug must be unique."""
    other = db.session.scalar(sa.select(Assembly).filter_by(slug=fields["slug"]))
    if other is not None and other is not assembly:
        raise DomainError(_l("Another assembly has this web address already."), field="slug")
    if assembly is None:
        assembly = Assembly()
        db.session.add(assembly)
    for name, value in fields.items():
        setattr(assembly, name, value)
    db.session.flush()
    return assembly


def _require_not_purged(assembly: Assembly) -> None:
    if assembly.purged_at is not None:
        raise DomainError(_l("The personal data of this assembly have been purged."))


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
    rng = random.Random(engine.seed_to_int(seed))  # noqa: S311 - reproducible by design
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


# --- selection runs ----------------------------------------------------------------------


def checksum(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def pool_checksum(pool: list[rules.Respondent]) -> str:
    return checksum([[p.key, p.features, p.household] for p in sorted(pool, key=lambda p: p.key)])


def quota_snapshot(assembly: Assembly) -> list[dict]:
    return [
        {
            "feature": q.feature,
            "category": q.category,
            "minimum": q.minimum,
            "maximum": q.maximum,
            "population_share": q.population_share,
        }
        for q in assembly.quotas
    ]


def active_run(assembly: Assembly) -> SelectionRun | None:
    return db.session.scalar(
        sa.select(SelectionRun)
        .filter(
            SelectionRun.assembly_id == assembly.id,
            SelectionRun.status.in_(("queued", "running")),
        )
        .order_by(SelectionRun.id.desc())
    )


def latest_result(assembly: Assembly) -> SelectionRun | None:
    return db.session.scalar(
        sa.select(SelectionRun)
        .filter_by(assembly_id=assembly.id, status="done")
        .order_by(SelectionRun.id.desc())
    )


def start_run(assembly: Assembly, algorithm: str, seed: str, actor, now: datetime) -> SelectionRun:
    """Queue a selection after checking the quotas; the worker runs it in the background."""
    _require_not_purged(assembly)
    if algorithm not in engine.ALGORITHMS:
        raise DomainError(_l("Choose an algorithm."), field="algorithm")
    if not seed.strip():
        raise DomainError(_l("Enter the seed you will publish."), field="seed")
    if active_run(assembly) is not None:
        raise DomainError(_l("A selection is running already."))
    problems = feasibility_problems(assembly)
    if problems:
        raise QuotasInfeasible(problems=problems)
    pool = rule_pool(assembly)
    try:  # one integer program: cheap, and nothing is queued that cannot succeed
        engine.check_feasible(
            pool, rule_quotas(assembly), assembly.panel_size, assembly.household_rule
        )
    except engine.InfeasibleQuotas as err:
        raise QuotasInfeasible(relaxations=err.relaxations) from err
    snapshot = quota_snapshot(assembly)
    run = SelectionRun(
        assembly_id=assembly.id,
        algorithm=algorithm,
        seed=seed.strip(),
        household_rule=assembly.household_rule,
        panel_size=assembly.panel_size,
        pool_checksum=pool_checksum(pool),
        quota_checksum=checksum(snapshot),
        quota_snapshot=snapshot,
        library_version=engine.library_version(),
        solver=engine.solver_description(algorithm, engine.DEFAULT_ILP_BACKEND),
        created_by_id=actor.id if actor is not None else None,
        progress_message="queued",
    )
    assembly.seed = seed.strip()
    db.session.add(run)
    db.session.flush()
    return run


def request_cancel(run: SelectionRun) -> None:
    if run.finished:
        raise DomainError(_l("This selection has finished already."))
    run.cancel_requested = True
    if run.status == "queued":
        run.status = "cancelled"
    db.session.flush()


def store_outcome(run: SelectionRun, outcome: engine.Outcome, pool, now: datetime) -> None:
    """Keep the result with everything needed to verify it; check it before keeping it."""
    by_key = {p.key: p for p in pool}
    quotas = [
        rules.Quota(q["feature"], q["category"], q["minimum"], q["maximum"])
        for q in run.quota_snapshot
    ]
    violations = rules.quota_violations(outcome.panel, by_key, quotas)
    total = sum(outcome.probabilities.values())
    if violations or abs(total - run.panel_size) > 1e-4 or len(outcome.panel) != run.panel_size:
        raise RuntimeError(f"result failed its checks: {violations}, sum {total}")
    panel = set(outcome.panel)
    run.result = {
        "panel": outcome.panel,
        "reserves": outcome.reserves,
        "probabilities": outcome.probabilities,
    }
    run.profile = sorted(
        (
            {
                "features": by_key[k].features,
                "probability": p,
                "selected": k in panel,
            }
            for k, p in outcome.probabilities.items()
        ),
        key=lambda row: (row["probability"], sorted(row["features"].items())),
    )
    run.summary = {
        "lowest": outcome.lowest,
        "median": outcome.median,
        "sum": total,
        "committees": outcome.committees,
        "bound": rules.lowest_probability_bound(quotas, pool, run.panel_size),
        "pool_size": len(pool),
        "stats": outcome.stats,
    }
    run.algorithm = outcome.algorithm
    run.solver = outcome.solver
    run.library_version = outcome.library_version
    run.seconds = outcome.seconds
    run.status = "done"
    run.progress = 1.0
    run.progress_message = "done"
    run.finished_at = now
    db.session.flush()


# --- results and replacements ---------------------------------------------------------------


def current_panel(run: SelectionRun) -> tuple[list[str], list[str]]:
    """Panel and remaining reserves after the recorded replacements."""
    panel = list(run.result["panel"])
    reserves = list(run.result["reserves"])
    for r in run.replacements:
        panel = [r.replacement_external_id if k == r.dropped_external_id else k for k in panel]
        reserves = [k for k in reserves if k != r.replacement_external_id]
    return panel, reserves


def quota_table(run: SelectionRun, panel: list[str] | None = None) -> list[dict]:
    """Per category: minimum, maximum, target share, selected seats, whether the quota holds."""
    if panel is None:
        counts = rules.category_counts(
            rules.Respondent(str(i), row["features"])
            for i, row in enumerate(run.profile)
            if row["selected"]
        )
    else:
        by_key = _pool_by_key(run)
        counts = rules.category_counts(by_key[k] for k in panel if k in by_key)
    pool_counts = rules.category_counts(
        rules.Respondent(str(i), row["features"]) for i, row in enumerate(run.profile)
    )
    table = []
    for q in run.quota_snapshot:
        selected = counts.get((q["feature"], q["category"]), 0)
        table.append(
            {
                **q,
                "target": round(q["population_share"] * run.panel_size, 1)
                if q["population_share"] is not None
                else None,
                "selected": selected,
                "in_pool": pool_counts.get((q["feature"], q["category"]), 0),
                "holds": q["minimum"] <= selected <= q["maximum"],
            }
        )
    return table


def _pool_by_key(run: SelectionRun) -> dict[str, rules.Respondent]:
    return {
        r.external_id: rules.Respondent(r.external_id, dict(r.features), r.household_key)
        for r in respondents(run.assembly)
    }


def propose_replacement(run: SelectionRun, dropped: str) -> str | None:
    """The first reserve who keeps every quota when `dropped` leaves the panel."""
    panel, reserves = current_panel(run)
    if dropped not in panel:
        raise DomainError(_l("This person is not on the panel."))
    by_key = _pool_by_key(run)
    withdrawn = {r.external_id for r in respondents(run.assembly) if r.withdrawn}
    quotas = [
        rules.Quota(q["feature"], q["category"], q["minimum"], q["maximum"])
        for q in run.quota_snapshot
    ]
    return rules.choose_replacement(
        dropped,
        panel,
        [k for k in reserves if k not in withdrawn],
        by_key,
        quotas,
        run.household_rule,
    )


def replace_member(run: SelectionRun, dropped: str, reason: str, actor, now: datetime) -> str:
    """Record that `dropped` left the panel and the proposed reserve took the seat."""
    _require_not_purged(run.assembly)
    replacement = propose_replacement(run, dropped)
    if replacement is None:
        raise DomainError(_l("No reserve keeps every quota. Decide with the quota table."))
    run.replacements.append(
        Replacement(
            dropped_external_id=dropped,
            replacement_external_id=replacement,
            reason=reason,
            recorded_at=now,
            recorded_by_id=actor.id if actor is not None else None,
        )
    )
    db.session.flush()
    return replacement


# --- privacy ------------------------------------------------------------------------------


def purge_due(now: datetime) -> list[Assembly]:
    """Assemblies whose personal data are due for deletion (end date + purge period passed)."""
    today = now.date()
    out = []
    for a in db.session.scalars(
        sa.select(Assembly).filter(Assembly.purged_at.is_(None), Assembly.ends_on.is_not(None))
    ):
        if a.ends_on + timedelta(days=a.purge_after_days) <= today:
            out.append(a)
    return out


def purge_assembly(assembly: Assembly, now: datetime) -> None:
    """Delete register and pool; keep the anonymous quota tables and probability profiles."""
    db.session.execute(sa.delete(RegisterEntry).filter_by(assembly_id=assembly.id))
    db.session.execute(sa.delete(Respondent).filter_by(assembly_id=assembly.id))
    runs = db.session.scalars(sa.select(SelectionRun).filter_by(assembly_id=assembly.id))
    for run in runs:
        run.result = None
        for r in list(run.replacements):
            db.session.delete(r)
    assembly.purged_at = now
    db.session.flush()
