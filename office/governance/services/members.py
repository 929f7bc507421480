"""Board members, their terms, and the versions of the rules of procedure."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError
from office.core.translations import clean_translations
from office.extensions import db
from office.governance.models import (
    BoardMember,
    BoardTerm,
    RulesVersion,
)


def member_for_user(user) -> BoardMember | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(sa.select(BoardMember).where(BoardMember.user_id == user.id))


def add_member(
    actor,
    *,
    name,
    email="",
    user=None,
    affiliation="",
    group,
    function="member",
    starts_on: date,
    ends_on: date | None = None,
    publication_consent: bool = False,
) -> BoardMember:
    """A new member with a first term."""
    member = BoardMember(
        name=name.strip(),
        email=(email or "").strip().lower() or None,
        user=user,
        affiliation=affiliation.strip(),
        publication_consent=publication_consent,
    )
    db.session.add(member)
    db.session.flush()
    add_term(actor, member, group=group, function=function, starts_on=starts_on, ends_on=ends_on)
    record("governance.member.added", member, actor, group=group)
    return member


def set_publication_consent(actor, member: BoardMember, consent: bool) -> None:
    """Record whether the member may be named in the open data (withdrawn at any time)."""
    member.publication_consent = consent
    record(f"governance.member.consent_{'given' if consent else 'withdrawn'}", member, actor)


def add_term(actor, member, *, group, function, starts_on, ends_on=None) -> BoardTerm:
    """A further term; terms of one member must not overlap, chair and deputy are unique."""
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_l("A term cannot end before it starts."), field="ends_on")
    for term in member.terms:
        if _overlaps(term.starts_on, term.ends_on, starts_on, ends_on):
            raise DomainError(
                _l("This term overlaps another term of the member."), field="starts_on"
            )
    if function in ("chair", "deputy"):
        others = db.session.scalars(
            sa.select(BoardTerm).where(
                BoardTerm.function == function, BoardTerm.member_id != member.id
            )
        )
        if any(_overlaps(t.starts_on, t.ends_on, starts_on, ends_on) for t in others):
            raise DomainError(
                _l("Someone else holds this function in this period. End their term first."),
                field="function",
            )
    term = BoardTerm(
        member=member, seat_group=group, function=function, starts_on=starts_on, ends_on=ends_on
    )
    db.session.add(term)
    db.session.flush()
    if member.id:
        record("governance.term.added", member, actor, group=group, function=function)
    return term


def end_term(actor, term: BoardTerm, ends_on: date) -> None:
    if ends_on < term.starts_on:
        raise DomainError(_l("A term cannot end before it starts."), field="ends_on")
    term.ends_on = ends_on
    record("governance.term.ended", term.member, actor, ends_on=ends_on)
    db.session.flush()


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def terms_on(day: date) -> list[BoardTerm]:
    return list(
        db.session.scalars(
            sa.select(BoardTerm).where(
                BoardTerm.starts_on <= day,
                sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= day),
            )
        )
    )


def in_office_ids(day: date) -> set[int]:
    return {t.member_id for t in terms_on(day)}


def chair_id(day: date) -> int | None:
    return next((t.member_id for t in terms_on(day) if t.function == "chair"), None)


def add_rules_version(
    actor, *, title, body, effective_from, quorum, majority, abstentions, tie, translations=None
) -> RulesVersion:
    """A new version of the rules of procedure; older versions stay for past decisions."""
    if db.session.scalar(
        sa.select(RulesVersion).where(RulesVersion.effective_from == effective_from)
    ):
        raise DomainError(
            _l("A version with this effective date exists already."), field="effective_from"
        )
    latest = db.session.scalar(sa.select(sa.func.max(RulesVersion.version))) or 0
    version = RulesVersion(
        version=latest + 1,
        title=title.strip(),
        body=body,
        effective_from=effective_from,
        quorum=quorum,
        majority=majority,
        abstentions=abstentions,
        tie=tie,
        translations=clean_translations(translations or {}),
    )
    db.session.add(version)
    db.session.flush()
    record("governance.rules.version_added", version, actor, version=version.version)
    return version


def _newest_rules_first() -> sa.Select:
    return sa.select(RulesVersion).order_by(RulesVersion.effective_from.desc())


def rules_versions() -> list[RulesVersion]:
    """Every version of the rules of procedure, the newest first."""
    return list(db.session.scalars(_newest_rules_first()))


def rules_on(day: date) -> RulesVersion | None:
    in_force = _newest_rules_first().where(RulesVersion.effective_from <= day)
    return db.session.scalar(in_force.limit(1))
