"""Drop-outs and who takes their seats: from the reserves in order, or from the pool."""

from collections import Counter
from datetime import datetime

from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.extensions import db
from office.sortition import rules
from office.sortition.models import Replacement, SelectionRun
from office.sortition.services.assemblies import _require_not_purged
from office.sortition.services.pool import respondents
from office.sortition.services.publication import pseudonym


def current_panel(run: SelectionRun) -> tuple[list[str], list[str]]:
    """Panel and remaining reserves after the recorded replacements."""
    panel = list(run.result["panel"])
    reserves = list(run.result["reserves"])
    for r in run.replacements:
        panel = [r.replacement_external_id if k == r.dropped_external_id else k for k in panel]
        reserves = [k for k in reserves if k != r.replacement_external_id]
    return panel, reserves


def _seats(run: SelectionRun) -> Counter:
    """Seats per (feature, category) after the replacements, from the anonymous record only."""
    seats: Counter = Counter()
    for row in run.profile:
        if row["selected"]:
            seats.update(row["features"].items())
    for r in run.replacements:
        seats.subtract((r.dropped_features or {}).items())
        seats.update((r.replacement_features or {}).items())
    return seats


def quota_table(run: SelectionRun) -> list[dict]:
    """Per category: minimum, maximum, target, seats after replacements, whether it holds.

    Built from the anonymous record (profile and replacements), so it is the same before and
    after the purge.
    """
    seats = _seats(run)
    in_pool: Counter = Counter()
    for row in run.profile:
        in_pool.update(row["features"].items())
    table = []
    for q in run.quota_snapshot:
        key = (q["feature"], q["category"])
        share = q["population_share"]
        table.append(
            {
                **q,
                "target": round(share * run.panel_size, 1) if share is not None else None,
                "selected": seats[key],
                "in_pool": in_pool[key],
                "holds": q["minimum"] <= seats[key] <= q["maximum"],
            }
        )
    return table


def _pool_by_key(run: SelectionRun) -> dict[str, rules.Respondent]:
    return {
        r.external_id: rules.Respondent(r.external_id, dict(r.features), r.household_key)
        for r in respondents(run.assembly)
    }


def _quotas(run: SelectionRun) -> list[rules.Quota]:
    return [
        rules.Quota(q["feature"], q["category"], q["minimum"], q["maximum"])
        for q in run.quota_snapshot
    ]


def replacement_candidates(run: SelectionRun, dropped: str) -> list[rules.Candidate]:
    """Who could take the seat of `dropped`, best first (see rules.replacement_candidates)."""
    panel, reserves = current_panel(run)
    if dropped not in panel:
        raise DomainError(_l("This person is not on the panel."))
    people = respondents(run.assembly)
    available = [r.external_id for r in people if not r.withdrawn]
    others = [k for k in available if k not in set(reserves)]
    return rules.replacement_candidates(
        dropped,
        panel,
        {"reserve": [k for k in reserves if k in set(available)], "pool": others},
        _pool_by_key(run),
        _quotas(run),
        run.household_rule,
    )


def proposal(candidates: list[rules.Candidate]) -> rules.Candidate | None:
    """The first reserve (in drawn order) who keeps every quota; None: the office decides."""
    first = candidates[0] if candidates else None
    return first if first and first.keeps_quotas and first.source == "reserve" else None


def replace_member(
    run: SelectionRun, dropped: str, chosen: str, reason: str, actor, now: datetime
) -> Replacement:
    """Record that `chosen` takes the seat of `dropped`, with the reason and the quota effect."""
    _require_not_purged(run.assembly)
    if not reason.strip():
        raise DomainError(_l("Give the reason; it is published."), field="reason")
    candidate = next((c for c in replacement_candidates(run, dropped) if c.key == chosen), None)
    if candidate is None:
        raise DomainError(_l("Choose someone from the list."), field="choice")
    people = _pool_by_key(run)
    replacement = Replacement(
        dropped_external_id=dropped,
        replacement_external_id=chosen,
        dropped_pseudonym=pseudonym(run.assembly, "id:" + dropped),
        replacement_pseudonym=pseudonym(run.assembly, "id:" + chosen),
        dropped_features=_quota_features(run, people[dropped]),
        replacement_features=_quota_features(run, people[chosen]),
        source=candidate.source,
        broken=[
            {"feature": q.feature, "category": q.category, "seats": n} for q, n in candidate.broken
        ],
        reason=reason.strip(),
        recorded_at=now,
        recorded_by_id=getattr(actor, "id", None),
    )
    run.replacements.append(replacement)
    record(
        "sortition.replacement",
        run.assembly,
        actor,
        now=now,
        attempt=run.attempt,
        replacement=replacement.replacement_pseudonym,
        source=candidate.source,
        dropped=replacement.dropped_pseudonym,
        quotas_broken=len(candidate.broken),
    )
    db.session.flush()
    return replacement


def _quota_features(run: SelectionRun, person: rules.Respondent) -> dict:
    features = {q["feature"] for q in run.quota_snapshot}
    return {f: c for f, c in person.features.items() if f in features}
