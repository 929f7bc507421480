"""What the catalogue stores about a person: suggestions and comments on draft recommendations
(name, email, text)."""

import sqlalchemy as sa

from office.core.registry import register_personal_data
from office.extensions import db
from office.processes.models import RecommendationComment, Suggestion


def export_suggestions(email: str) -> dict:
    rows = db.session.scalars(sa.select(Suggestion).where(Suggestion.email == email.lower()))
    return {
        "suggestions": [
            {
                "process": s.process.title,
                "name": s.name,
                "text": s.text,
                "status": s.status,
                "created_at": s.created_at.isoformat(),
            }
            for s in rows
        ]
    }


def erase_suggestions(email: str) -> int:
    """Suggestions are deleted: a published text without its author is not kept."""
    result = db.session.execute(sa.delete(Suggestion).where(Suggestion.email == email.lower()))
    return result.rowcount or 0


register_personal_data("process suggestions", export_suggestions, erase_suggestions)


def export_comments(email: str) -> dict:
    rows = db.session.scalars(
        sa.select(RecommendationComment).where(RecommendationComment.email == email.lower())
    )
    return {
        "recommendation comments": [
            {
                "recommendation": c.recommendation.title,
                "name": c.name,
                "text": c.text,
                "status": str(c.status),
                "consented_at": c.consented_at.isoformat(),
                "created_at": c.created_at.isoformat(),
            }
            for c in rows
        ]
    }


def erase_comments(email: str) -> int:
    """Comments are deleted, as suggestions are: a text without its author is not kept."""
    result = db.session.execute(
        sa.delete(RecommendationComment).where(RecommendationComment.email == email.lower())
    )
    return result.rowcount or 0


register_personal_data("recommendation comments", export_comments, erase_comments)
