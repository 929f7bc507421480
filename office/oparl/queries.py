"""What the OParl system publishes, read from the board's tables.

The board's tables are small (tens of members, hundreds of meetings and items), so lists are
filtered and paged in Python over one query each, with related rows loaded in bulk."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from office.extensions import db
from office.governance.models import AgendaItem, BoardMeeting, BoardMember, BoardTerm


def meetings() -> list[BoardMeeting]:
    """Every meeting (a meeting that is not public is published as deleted), by start."""
    items = selectinload(BoardMeeting.items).selectinload(AgendaItem.decision)
    stmt = sa.select(BoardMeeting).options(items).order_by(BoardMeeting.starts_at, BoardMeeting.id)
    return list(db.session.scalars(stmt))


def meeting(meeting_id: int) -> BoardMeeting | None:
    return db.session.get(BoardMeeting, meeting_id)


def items() -> list[AgendaItem]:
    """Every item decided in a meeting or by written procedure, oldest first."""
    related = (selectinload(AgendaItem.decision), selectinload(AgendaItem.meeting))
    stmt = sa.select(AgendaItem).options(*related).order_by(AgendaItem.id)
    return list(db.session.scalars(stmt))


def meeting_items() -> list[AgendaItem]:
    """The items that belong to a meeting (OParl's agenda items)."""
    return [item for item in items() if item.meeting_id is not None]


def item(item_id: int) -> AgendaItem | None:
    return db.session.get(AgendaItem, item_id)


def published_members() -> list[BoardMember]:
    """Members who consented to publication and have held a seat, by name."""
    stmt = (
        sa.select(BoardMember)
        .options(selectinload(BoardMember.terms))
        .where(BoardMember.publication_consent.is_(True), BoardMember.terms.any())
        .order_by(BoardMember.name, BoardMember.id)
    )
    return list(db.session.scalars(stmt))


def member(member_id: int) -> BoardMember | None:
    return db.session.get(BoardMember, member_id)


def published_terms() -> list[BoardTerm]:
    return [term for m in published_members() for term in m.terms]


def term(term_id: int) -> BoardTerm | None:
    return db.session.get(BoardTerm, term_id)


def voting_members(day) -> int:
    """Members in office on `day` (all of them vote)."""
    stmt = sa.select(BoardTerm).where(
        BoardTerm.starts_on <= day, sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= day)
    )
    return len(list(db.session.scalars(stmt)))
