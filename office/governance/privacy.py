"""Personal data of board members: export and erasure by email address.

Votes, conflicts and decisions stay (they are the board's record); erasure removes the
member's name and address from the member list and their comments.
"""

import sqlalchemy as sa

from office.core.registry import register_personal_data
from office.extensions import db
from office.governance.models import BoardComment, BoardMember, BoardVote


def _members(email: str):
    return list(
        db.session.scalars(sa.select(BoardMember).where(BoardMember.email == email.strip().lower()))
    )


def export(email: str) -> dict:
    out = []
    for member in _members(email):
        votes = db.session.scalars(sa.select(BoardVote).where(BoardVote.member_id == member.id))
        comments = db.session.scalars(
            sa.select(BoardComment).where(BoardComment.member_id == member.id)
        )
        out.append(
            {
                "name": member.name,
                "email": member.email,
                "affiliation": member.affiliation,
                "terms": [
                    {
                        "group": t.seat_group,
                        "function": t.function,
                        "starts_on": t.starts_on.isoformat(),
                        "ends_on": t.ends_on.isoformat() if t.ends_on else None,
                    }
                    for t in member.terms
                ],
                "votes": [{"item": v.item.title, "choice": v.choice} for v in votes],
                "comments": [{"item": c.item.title, "body": c.body} for c in comments],
            }
        )
    return {"board_members": out}


def erase(email: str) -> int:
    changed = 0
    for member in _members(email):
        for comment in db.session.scalars(
            sa.select(BoardComment).where(BoardComment.member_id == member.id)
        ):
            comment.body = "–"
        member.name = f"Former member {member.id}"
        member.email = None
        member.affiliation = ""
        member.user_id = None
        changed += 1
    return changed


register_personal_data("board members", export, erase)
