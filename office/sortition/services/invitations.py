"""Register extract and invitation lottery: numbered draws, never changed; answers per invitation."""

import hashlib
import random
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.core.formatting import counted
from office.core.spreadsheets import csv_text
from office.extensions import db
from office.sortition import rules
from office.sortition.models import Assembly, InvitationDraw, RegisterEntry
from office.sortition.selection import verify
from office.sortition.services import imports
from office.sortition.services.assemblies import _require_not_purged
from office.sortition.services.errors import ImportRejected

#: letters of invitation codes: no 0/O, 1/I/L
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def invitation_draws(assembly: Assembly) -> list[InvitationDraw]:
    """Every invitation lottery of the assembly, first to last."""
    draws = sa.select(InvitationDraw).filter_by(assembly_id=assembly.id)
    return list(db.session.scalars(draws.order_by(InvitationDraw.attempt)))


def counting_draw(assembly: Assembly) -> InvitationDraw | None:
    """The invitation lottery that counts: the last one."""
    draws = invitation_draws(assembly)
    return draws[-1] if draws else None


def import_register(
    assembly: Assembly, data: bytes, actor=None, now: datetime | None = None
) -> int:
    """Replace the register extract with the file's rows; all or nothing; not once drawn from."""
    _require_not_purged(assembly)
    if counting_draw(assembly) is not None:
        raise DomainError(
            _l("Invitations were drawn from this register extract; it can no longer be replaced.")
        )
    parsed = imports.parse_register(data)
    if not parsed.ok:
        raise ImportRejected(parsed.problems)
    db.session.execute(sa.delete(RegisterEntry).filter_by(assembly_id=assembly.id))
    db.session.execute(sa.insert(RegisterEntry), [_entry(assembly, r) for r in parsed.rows])
    assembly.register_checksum = hashlib.sha256(data).hexdigest()
    if now is not None:
        record(
            "sortition.register",
            assembly,
            actor,
            now=now,
            count=len(parsed.rows),
            sha256=assembly.register_checksum,
        )
    db.session.flush()
    return len(parsed.rows)


def _entry(assembly: Assembly, r: dict) -> dict:
    return {
        "assembly_id": assembly.id,
        "external_id": r["id"],
        "name": r["name"],
        "address": r["address"],
        "postcode": r["postcode"],
        "household_key": (r["household"] or f"{r['address']}|{r['postcode']}").lower(),
        "stratum": r["stratum"],
        "language": (r["language"] or "").lower() or None,
    }


def parse_weights(text: str) -> dict[str, float]:
    """Weights typed one per line as "stratum = weight" (e.g. "Nord = 2"); empty: all equal."""
    weights = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        stratum, _sep, value = line.rpartition("=")
        try:
            weight = float(value.strip().replace(",", "."))
        except ValueError:
            weight = -1.0
        if not stratum.strip() or weight < 0:
            raise DomainError(
                _l("Write one stratum per line as “stratum = weight”, the weight 0 or more."),
                field="weights",
            )
        weights[stratum.strip()] = weight
    return weights


def draw_invitations(
    assembly: Assembly, count: int, seed: str, one_per_household: bool, now: datetime, **options
) -> list[str]:
    """Draw `count` invitations from the register extract with the published `seed`.

    A new, numbered draw; every draw after the first needs a `reason` (published). Options:
    `reason`, `weights` ({stratum: weight}, a stratified lottery), `actor`.
    """
    _require_not_purged(assembly)
    reason, weights = (options.get("reason") or "").strip(), options.get("weights") or {}
    entries = list(
        db.session.execute(
            sa.select(
                RegisterEntry.external_id, RegisterEntry.household_key, RegisterEntry.stratum
            ).filter_by(assembly_id=assembly.id)
        ).tuples()
    )
    _check_draw(assembly, entries, count, seed, reason, weights)
    rng = random.Random(verify.seed_to_int(seed.strip()))  # noqa: S311 - reproducible by design
    drawn = rules.invitation_lottery(entries, count, rng, one_per_household, weights)
    draw = InvitationDraw(
        assembly_id=assembly.id,
        attempt=len(invitation_draws(assembly)) + 1,
        reason=reason,
        seed=seed.strip(),
        one_per_household=one_per_household,
        requested=count,
        drawn=len(drawn),
        register_size=len(entries),
        register_checksum=assembly.register_checksum or "",
        weights=weights,
        drawn_ids=drawn,
        drawn_at=now,
        drawn_by_id=getattr(options.get("actor"), "id", None),
    )
    db.session.add(draw)
    _rank(assembly, drawn)
    draw.strata = _strata(assembly, weights)
    assembly.seed, assembly.invitation_count = seed.strip(), count
    assembly.household_rule, assembly.invitation_drawn_at = one_per_household, now
    record(
        "sortition.invitations",
        assembly,
        options.get("actor"),
        now=now,
        attempt=draw.attempt,
        count=len(drawn),
        requested=count,
        seed=draw.seed,
        weights=str(weights or "equal"),
    )
    db.session.flush()
    return drawn


def _check_draw(assembly, entries, count, seed, reason, weights) -> None:
    if not seed.strip():
        raise DomainError(_l("Enter the seed you will publish."), field="seed")
    if not entries:
        raise DomainError(_l("Import a register extract first."))
    if count < 1 or count > len(entries):
        raise DomainError(
            counted(
                "Draw between 1 and %(num)s invitation.",
                "Draw between 1 and %(num)s invitations.",
                len(entries),
            ),
            field="count",
        )
    if invitation_draws(assembly) and not reason:
        raise DomainError(
            _l("Say why the invitations are drawn again; the reason is published."), field="reason"
        )
    strata = {e[2] for e in entries}
    unknown = sorted(s for s in weights if s not in strata)
    if unknown:
        raise DomainError(
            _l("No one in the register is in: %(strata)s.", strata=", ".join(unknown)),
            field="weights",
        )


def _rank(assembly: Assembly, drawn: list[str]) -> None:
    """The new draw counts: its people get ranks and fresh codes; answers start again."""
    db.session.execute(
        sa.update(RegisterEntry)
        .filter_by(assembly_id=assembly.id)
        .values(invitation_rank=None, invitation_code=None, answer=None)
    )
    ranks = {key: i for i, key in enumerate(drawn, start=1)}
    for entry in db.session.scalars(
        sa.select(RegisterEntry).filter(
            RegisterEntry.assembly_id == assembly.id, RegisterEntry.external_id.in_(drawn)
        )
    ):
        entry.invitation_rank = ranks[entry.external_id]
        entry.invitation_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def invited_lookup(assembly: Assembly) -> dict[str, str]:
    """{register id or invitation code, lower case: register id} of the invited people."""
    rows = db.session.execute(
        sa.select(RegisterEntry.external_id, RegisterEntry.invitation_code).filter(
            RegisterEntry.assembly_id == assembly.id, RegisterEntry.invitation_rank.is_not(None)
        )
    )
    lookup = {}
    for external_id, code in rows:
        lookup[external_id.lower()] = external_id
        if code:
            lookup[code.lower()] = external_id
    return lookup


def response_table(assembly: Assembly) -> dict[str, dict]:
    """Per stratum: register, invited, answers, response rate (rules.response_table)."""
    invited = RegisterEntry.invitation_rank.is_not(None)
    entries = sa.select(RegisterEntry.stratum, invited, RegisterEntry.answer)
    rows = db.session.execute(entries.filter_by(assembly_id=assembly.id)).tuples()
    return rules.response_table(rows)


def _strata(assembly: Assembly, weights: dict) -> dict:
    db.session.flush()
    table = response_table(assembly).items()
    return {stratum: _stratum(row, weights.get(stratum, 1.0)) for stratum, row in table}


def _stratum(row: dict, weight: float) -> dict:
    """What a draw keeps of one stratum: its register and invited counts, and its weight."""
    return {"register": row["register"], "invited": row["invited"], "weight": weight}


def freeze_answers(assembly: Assembly) -> None:
    """Before the purge: keep the answers per stratum with the draw that counts."""
    draw = counting_draw(assembly)
    if draw is not None:
        table = response_table(assembly)
        draw.strata = {s: {**row, **table.get(s, {})} for s, row in draw.strata.items()}
        draw.drawn_ids = None


def answer_counts(assembly: Assembly) -> dict[str, int]:
    """Invitations, answers and no answers of the draw that counts (frozen after the purge)."""
    draw = counting_draw(assembly)
    if draw is None:
        return {}
    rows = draw.strata.values() if assembly.purged_at else response_table(assembly).values()
    keys = ("invited", "none", *rules.ANSWERS)
    return {k: sum(row.get(k, 0) for row in rows) for k in keys}


def import_answers(assembly: Assembly, data: bytes, actor, now: datetime) -> int:
    """Answers per invitation from a CSV (id or code, answer); all or nothing."""
    _require_not_purged(assembly)
    parsed = imports.parse_answers(data, invited_lookup(assembly), rules.ANSWERS)
    if not parsed.ok:
        raise ImportRejected(parsed.problems)
    for row in parsed.rows:
        db.session.execute(
            sa.update(RegisterEntry)
            .filter_by(assembly_id=assembly.id, external_id=row["id"])
            .values(answer=row["answer"])
        )
    record("sortition.answers", assembly, actor, now=now, count=len(parsed.rows))
    db.session.flush()
    return len(parsed.rows)


INVITATION_COLUMNS = ("rank", "id", "code", "name", "address", "postcode", "language", "letter")


def _invitation_row(assembly: Assembly, e: RegisterEntry) -> list:
    language = e.language or "de"
    with force_locale(language):
        letter = render_template("sortition/letter.txt", assembly=assembly, entry=e)
    return [
        e.invitation_rank,
        e.external_id,
        e.invitation_code,
        e.name,
        e.address,
        e.postcode,
        language,
        letter,
    ]


def invitations_csv(assembly: Assembly) -> str:
    """The mail-merge list of the invitations that count, in draw order, with each letter's
    text in the resident's language (office.core.spreadsheets: guarded, the reader's separator)."""
    entries = invited_entries(assembly)
    return csv_text(INVITATION_COLUMNS, (_invitation_row(assembly, e) for e in entries))


def invited_entries(assembly: Assembly, limit: int | None = None) -> list[RegisterEntry]:
    """The people invited by the draw that counts, in draw order (the first `limit`)."""
    invited = RegisterEntry.invitation_rank.is_not(None)
    stmt = sa.select(RegisterEntry).filter(RegisterEntry.assembly_id == assembly.id, invited)
    return db.session.scalars(stmt.order_by(RegisterEntry.invitation_rank).limit(limit)).all()
