"""Commit, then reveal: the published files of an attempt, its seed, its draw, and the audit log.

Before the seed is known the office publishes the pool (pseudonyms), the quotas, the computed
distribution over panels and a manifest with their SHA-256 and the public source the seed will
come from. Only then can the seed be typed in; the draw is `selection/verify.py`'s, on the
published files, so anyone can re-derive it. Nothing of an attempt is changed afterwards.
"""

import csv
import hashlib
import hmac
import io
import json
import secrets
import statistics
from datetime import datetime

from flask_babel import lazy_gettext as _l

from office.core.audit import AuditRecord, record
from office.core.audit_trail import TrailFilter, entries
from office.core.errors import DomainError
from office.extensions import db
from office.sortition import rules
from office.sortition.models import Assembly, SelectionRun
from office.sortition.selection import verify


def audit_log(assembly: Assembly) -> list[AuditRecord]:
    """The assembly's entries of the office's audit trail, newest first."""
    about = {"subject_type": Assembly.__tablename__, "subject_id": assembly.id}
    return entries(TrailFilter(module="sortition", **about), newest_first=True)


def pseudonym(assembly: Assembly, value: str) -> str:
    """A stable pseudonym of an id or household (keyed hash; the key is deleted by the purge)."""
    if assembly.pseudonym_key is None:
        assembly.pseudonym_key = secrets.token_hex(32)
    digest = hmac.new(assembly.pseudonym_key.encode(), value.encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _features(run: SelectionRun) -> list[str]:
    return list(dict.fromkeys(q["feature"] for q in run.quota_snapshot))


def quotas_csv(run: SelectionRun) -> str:
    """The quotas in the sortition-algorithms features format: feature, value, min, max."""
    return _csv(
        ["feature", "value", "min", "max"],
        ([q["feature"], q["category"], q["minimum"], q["maximum"]] for q in run.quota_snapshot),
    )


def prepare_files(run: SelectionRun, document: dict, pool: list[rules.Respondent]) -> dict:
    """The attempt's files with pseudonyms; returns {pseudonym: id} (kept until the purge)."""
    assembly = run.assembly
    names = {p.key: pseudonym(assembly, "id:" + p.key) for p in pool}
    features = _features(run)
    rows = sorted(
        [names[p.key], pseudonym(assembly, "household:" + (p.household or "#" + p.key))]
        + [p.features.get(f, "") for f in features]
        for p in pool
    )
    public = {
        **document,
        "groups": [
            {**g, "households": [[names[k] for k in h] for h in g["households"]]}
            for g in document["groups"]
        ],
    }
    run.public_files = {
        "pool.csv": _csv(["id", "household", *features], rows),
        "quotas.csv": quotas_csv(run),
        "distribution.json": verify.canonical_json(public).decode(),
        "probabilities.csv": verify.probabilities_csv(verify.marginals(public)),
    }
    return {name: key for key, name in names.items()}


def manifest(run: SelectionRun, now: datetime) -> dict:
    """What the commitment says, before the seed: files, method, and where the seed comes from."""
    files = run.public_files
    return {
        "format": verify.FORMAT,
        "assembly": run.assembly.slug,
        "attempt": run.attempt,
        "reason": run.reason,
        "algorithm": run.algorithm,
        "solver": run.solver,
        "library": f"sortition-algorithms {run.library_version}",
        "household_rule": run.household_rule,
        "panel_size": run.panel_size,
        "reserve_size": run.reserve_size,
        "lowest_probability": run.summary["lowest"],
        "median_probability": run.summary["median"],
        "seed_source": run.seed_source,
        "committed_at": now.isoformat(timespec="seconds"),
        "files": {
            name: verify.sha256(files[name].encode())
            for name in verify.COMMITTED_FILES
            if name in files
        },
    }


def publish_commitment(run: SelectionRun, seed_source: str, actor, now: datetime) -> None:
    """Publish the attempt's files and name the seed's public source; the page goes online."""
    if run.stage != "computed":
        raise DomainError(_l("This attempt cannot be committed now."))
    if not seed_source.strip():
        raise DomainError(
            _l("Name the public source of the seed, e.g. a lottery draw of a set date."),
            field="seed_source",
        )
    run.seed_source = seed_source.strip()
    run.public_files = {
        **run.public_files,
        verify.MANIFEST: verify.canonical_json(manifest(run, now)).decode(),
    }
    run.committed_at, run.committed_by_id = now, getattr(actor, "id", None)
    run.assembly.published = True
    record(
        "sortition.commitment",
        run.assembly,
        actor,
        now=now,
        attempt=run.attempt,
        commitment=commitment(run),
        seed_source=run.seed_source,
    )
    db.session.flush()


def commitment(run: SelectionRun) -> str | None:
    """The SHA-256 of the published manifest: what the office is bound to before the seed."""
    files = run.public_files or {}
    return verify.sha256(files[verify.MANIFEST].encode()) if verify.MANIFEST in files else None


def enter_seed(run: SelectionRun, seed: str, actor, now: datetime) -> list[str]:
    """Draw the panel and reserves with the published seed, once; returns the panel's ids."""
    if run.stage == "computed":
        raise DomainError(
            _l("Publish the commitment first: a seed typed before it is published is refused."),
            field="seed",
        )
    if run.stage != "committed":
        raise DomainError(_l("This attempt has been drawn already. Start a new attempt."))
    if not seed.strip():
        raise DomainError(_l("Enter the seed from the published source."), field="seed")
    run.seed = seed.strip()
    document = json.loads(run.public_files["distribution.json"])
    panel, reserves = verify.draw(document, run.seed, run.reserve_size)
    draw = {"attempt": run.attempt, "seed": run.seed, "panel": panel, "reserves": reserves}
    run.public_files = {**run.public_files, verify.DRAW_FILE: verify.canonical_json(draw).decode()}
    ids = run.result["pseudonyms"]
    run.result = {
        **run.result,
        "panel": [ids[k] for k in panel],
        "reserves": [ids[k] for k in reserves],
    }
    selected = set(run.result["panel"])
    run.profile = _profile(run, selected)
    run.drawn_at, run.drawn_by_id = now, getattr(actor, "id", None)
    record(
        "sortition.draw",
        run.assembly,
        actor,
        now=now,
        attempt=run.attempt,
        seed=run.seed,
        panel=" ".join(panel),
    )
    db.session.flush()
    return run.result["panel"]


def _profile(run: SelectionRun, selected: set[str]) -> list[dict]:
    features = run.result["features"]
    rows = [
        {"features": features[k], "probability": p, "selected": k in selected}
        for k, p in run.result["probabilities"].items()
    ]
    return sorted(rows, key=_profile_order)


def _profile_order(row: dict) -> tuple:
    """By probability, then by the features."""
    return (row["probability"], sorted(row["features"].items()))


def store_computed(
    run: SelectionRun, computed, pool: list[rules.Respondent], now: datetime
) -> None:
    """Keep the distribution and prepare its files; check it as the public will, first."""
    people = {
        p.key: {"household": p.household or "#" + p.key, "features": p.features} for p in pool
    }
    quotas = verify.read_quotas(quotas_csv(run))
    problems = verify.committee_problems(computed.document, people, quotas, run.household_rule)
    total = sum(computed.probabilities.values())
    if problems or abs(total - run.panel_size) > 1e-4:
        raise RuntimeError(f"result failed its checks: {problems[:3]}, sum {total}")
    run.result = {
        "pseudonyms": prepare_files(run, computed.document, pool),
        "probabilities": computed.probabilities,
        "features": {p.key: p.features for p in pool},
    }
    run.profile = _profile(run, set())
    values = list(computed.probabilities.values())
    run.summary = {
        "lowest": min(values),
        "median": statistics.median(values),
        "sum": total,
        "committees": computed.committees,
        "bound": rules.lowest_probability_bound(_rule_quotas(run), pool, run.panel_size),
        "pool_size": len(pool),
        "stats": computed.stats,
    }
    for name in ("algorithm", "solver", "library_version", "seconds"):
        setattr(run, name, getattr(computed, name))
    run.status, run.progress, run.progress_message, run.finished_at = "done", 1.0, "done", now
    record(
        "sortition.computed",
        run.assembly,
        None,
        now=now,
        attempt=run.attempt,
        compositions=computed.committees,
    )
    db.session.flush()


def _rule_quotas(run: SelectionRun) -> list[rules.Quota]:
    return [
        rules.Quota(q["feature"], q["category"], q["minimum"], q["maximum"])
        for q in run.quota_snapshot
    ]
